"""The units agreement is computed over, per code, at each level (tables for :mod:`.agreement`).

Input: the codings of the coders compared (``model.CoderSpan`` tuples, as
``Project.coder_spans`` reads them, or ``model.Coding``; ``coder_ids`` gives their order, so bit
``k`` of a pattern is ``coder_ids[k]``) and the documents' lengths in code points. Offsets are
code points, half-open ``[start, end)``; a coding is clipped to its document.

Levels:

* ``character`` (as NVivo computes its coding comparison: each character of each document is a
  unit, coded or not coded per code per coder; NVivo Help, "Run a coding comparison query"). Done
  by sweeping the boundaries of each coder's coded stretches (run-length intervals, merged per
  coder), never an array per character: ``O(k log k)`` in the codings, whatever the text length.
* ``segment`` (as MAXQDA's intercoder agreement at segment level; MAXQDA Manual, "Intercoder
  Agreement": a segment coded by one coder agrees when the other coder coded the same code on a
  segment overlapping it by at least the threshold, default 90 %). Overlap here is the shared
  length over the length both segments cover together (intersection over union; the test and
  how it is answered for all segments in ``O(k log k)`` are in :mod:`.segment_matching`). Each
  coder's segment is a unit (segments identical in the same coder's hands count once); coder
  ``k`` has it when ``k`` coded it or a matching segment. Nobody-coded text makes no units at
  this level.
* ``paragraph``: each paragraph (non-empty line; importers put one paragraph per line) is a unit,
  coded by a coder when any of that coder's codings of the code touches it.
* ``document``: each document is a unit, coded when the coder coded the code anywhere in it.

``exclude_uncoded`` leaves out the units nobody coded (pattern 0) for that code: the text nobody
coded otherwise counts as agreement and inflates percent agreement (users' complaint about NVivo).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence

from glocal_annotator.analysis.segment_matching import exact_threshold, matched
from glocal_annotator.model import CoderSpan, Coding

LEVELS = ("character", "segment", "paragraph", "document")
Table = dict[int, int]  # pattern bit mask -> weight
Stretches = dict[tuple[int, int], list[list[tuple[int, int]]]]  # (doc, code) -> per coder


Codings = Iterable[CoderSpan] | Iterable[Coding]


def stretches(codings: Codings, coder_ids: Sequence[int],
              lengths: Mapping[int, int]) -> Stretches:
    """Per ``(document_id, code_id)``, per coder (in ``coder_ids`` order), the coder's codings
    of that code clipped to the document and merged into sorted disjoint ``(start, end)``
    stretches. Codings of other coders, of unknown documents or empty after clipping are left
    out."""
    raw: dict[tuple[int, int], list[list[tuple[int, int]]]] = {}
    for key, k, start, end in _clipped(codings, coder_ids, lengths):
        per_coder = raw.get(key)
        if per_coder is None:
            per_coder = raw[key] = [[] for _ in coder_ids]
        per_coder[k].append((start, end))
    for per_coder in raw.values():
        for k, spans in enumerate(per_coder):
            per_coder[k] = _merge(spans)
    return raw


def _clipped(codings: Codings, coder_ids: Sequence[int], lengths: Mapping[int, int]
             ) -> Iterator[tuple[tuple[int, int], int, int, int]]:
    """``((document_id, code_id), coder index, start, end)`` per coding of a coder compared,
    clipped to its document; empty and unknown ones left out."""
    index = {coder: k for k, coder in enumerate(coder_ids)}
    for coding in codings:
        if type(coding) is tuple:
            document_id, code_id, coder_id, start, end = coding
        else:
            document_id, code_id, coder_id = coding.document_id, coding.code_id, coding.coder_id
            start, end = coding.start, coding.end
        k = index.get(coder_id)
        length = lengths.get(document_id)
        if k is None or length is None:
            continue
        if start < 0:
            start = 0
        if end > length:
            end = length
        if start < end:
            yield (document_id, code_id), k, start, end


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def runs(per_coder: list[list[tuple[int, int]]]) -> Iterator[tuple[int, int, int]]:
    """``(start, end, pattern)`` for each maximal stretch that at least one coder coded, from
    each coder's merged stretches, in order (a sweep over their boundaries)."""
    events: list[tuple[int, int]] = []
    for k, spans in enumerate(per_coder):
        bit = 1 << k
        for start, end in spans:
            events.append((start, bit))
            events.append((end, bit))
    events.sort()
    mask = 0
    position = 0
    for offset, bit in events:
        if offset > position and mask:
            yield position, offset, mask
        position = offset
        mask ^= bit  # a coder's stretches are disjoint and apart, so each boundary toggles


def character_tables(found: Stretches, total_length: int,
                     exclude_uncoded: bool) -> dict[int, Table]:
    """Per code id, the character-level table: the coded runs' lengths by pattern, plus (unless
    ``exclude_uncoded``) every other character of every document as pattern 0."""
    tables: dict[int, Table] = defaultdict(lambda: defaultdict(int))
    for (_, code_id), per_coder in found.items():
        table = tables[code_id]
        for start, end, mask in runs(per_coder):
            table[mask] += end - start
    return _with_uncoded(tables, total_length, exclude_uncoded)


def _with_uncoded(tables: dict[int, Table], units: int, exclude_uncoded: bool) -> dict[int, Table]:
    result: dict[int, Table] = {}
    for code_id, table in tables.items():
        table = dict(table)
        if not exclude_uncoded:
            uncoded = units - sum(table.values())
            if uncoded:
                table[0] = uncoded
        result[code_id] = table
    return result


def segment_tables(codings: Codings, coder_ids: Sequence[int], lengths: Mapping[int, int],
                   threshold: float) -> dict[int, Table]:
    """Per code id, the segment-level table (module docstring); ``threshold`` in ``(0, 1]``, read
    as the decimal it is (:func:`.segment_matching.exact_threshold`). Raises ValueError for a
    threshold outside it."""
    ratio = exact_threshold(threshold)
    segments: dict[tuple[int, int], list[list[tuple[int, int]]]] = {}
    for key, k, start, end in _clipped(codings, coder_ids, lengths):
        per_coder = segments.get(key)
        if per_coder is None:
            per_coder = segments[key] = [[] for _ in coder_ids]
        per_coder[k].append((start, end))
    tables: dict[int, Table] = defaultdict(lambda: defaultdict(int))
    for (_, code_id), per_coder in segments.items():
        ordered = [sorted(set(spans)) for spans in per_coder]
        masks = [[1 << k] * len(spans) for k, spans in enumerate(ordered)]
        for k, spans in enumerate(ordered):
            for other, other_spans in enumerate(ordered):
                if other == k or not spans or not other_spans:
                    continue
                bit = 1 << other
                own = masks[k]
                for index in matched(spans, other_spans, ratio):
                    own[index] |= bit
        table = tables[code_id]
        for own in masks:
            for mask in own:
                table[mask] += 1
    return {code_id: dict(table) for code_id, table in tables.items()}


_LINE = re.compile(r"[^\n]+")


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each paragraph: each non-empty (not only whitespace) line."""
    return [match.span() for match in _LINE.finditer(text) if not match.group().isspace()]


def paragraph_tables(found: Stretches, paragraphs: Mapping[int, list[tuple[int, int]]],
                     exclude_uncoded: bool) -> dict[int, Table]:
    """Per code id, the paragraph-level table; ``paragraphs`` gives each document's
    :func:`paragraph_bounds`."""
    total = sum(len(bounds) for bounds in paragraphs.values())
    tables: dict[int, Table] = defaultdict(lambda: defaultdict(int))
    ends_of: dict[int, list[int]] = {}  # per document, made once
    for (document_id, code_id), per_coder in found.items():
        bounds = paragraphs.get(document_id, [])
        ends = ends_of.get(document_id)
        if ends is None:
            ends = ends_of[document_id] = [end for _, end in bounds]
        masks: dict[int, int] = defaultdict(int)
        for k, spans in enumerate(per_coder):
            for start, end in spans:  # disjoint: each paragraph is marked once per stretch
                for number in range(bisect.bisect_right(ends, start), len(bounds)):
                    if bounds[number][0] >= end:
                        break
                    masks[number] |= 1 << k
        table = tables[code_id]
        for mask in masks.values():
            table[mask] += 1
    return _with_uncoded(tables, total, exclude_uncoded)


def document_tables(found: Stretches, document_count: int,
                    exclude_uncoded: bool) -> dict[int, Table]:
    """Per code id, the document-level table."""
    tables: dict[int, Table] = defaultdict(lambda: defaultdict(int))
    for (_, code_id), per_coder in found.items():
        mask = sum(1 << k for k, spans in enumerate(per_coder) if spans)
        if mask:
            tables[code_id][mask] += 1
    return _with_uncoded(tables, document_count, exclude_uncoded)
