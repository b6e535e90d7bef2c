"""Every passage where the coders compared differ (plain data from :mod:`.agreement_units`).

A *disagreement* is a maximal stretch of one document where, for one code, some of the coders
compared applied the code and others did not, with the same coders on each side throughout.
Found by the same boundary sweep as character-level agreement: ``O(k log k)`` in the codings.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import NamedTuple

from glocal_annotator.analysis.agreement_units import Stretches, runs


class Disagreement(NamedTuple):
    """``[start, end)`` (code points) of a document where ``coded_by`` (coder ids) applied the
    code and ``not_coded_by`` did not. A named tuple: tens of thousands are made at once."""

    document_id: int
    code_id: int
    start: int
    end: int
    coded_by: tuple[int, ...]
    not_coded_by: tuple[int, ...]


def disagreements(found: Stretches, coder_ids: Sequence[int]) -> Iterator[Disagreement]:
    """The disagreements in ``found`` (see :func:`.agreement_units.stretches`), by document id,
    code id, then position."""
    full = (1 << len(coder_ids)) - 1
    sides: dict[int, tuple[tuple[int, ...], tuple[int, ...]]] = {}  # per pattern, made once
    for (document_id, code_id) in sorted(found):
        pending: list[int] | None = None  # [start, end, mask]
        for start, end, mask in runs(found[(document_id, code_id)]):
            if mask == full:
                continue
            if pending and pending[1] == start and pending[2] == mask:
                pending[1] = end
                continue
            if pending:
                yield _disagreement(document_id, code_id, pending, coder_ids, sides)
            pending = [start, end, mask]
        if pending:
            yield _disagreement(document_id, code_id, pending, coder_ids, sides)


def _disagreement(document_id: int, code_id: int, run: list[int], coder_ids: Sequence[int],
                  sides: dict[int, tuple[tuple[int, ...], tuple[int, ...]]]) -> Disagreement:
    start, end, mask = run
    if mask not in sides:
        sides[mask] = (
            tuple(coder for k, coder in enumerate(coder_ids) if mask >> k & 1),
            tuple(coder for k, coder in enumerate(coder_ids) if not mask >> k & 1),
        )
    return Disagreement(document_id, code_id, start, end, *sides[mask])
