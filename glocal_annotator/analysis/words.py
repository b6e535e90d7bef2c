"""Word frequencies over documents, coded text or chosen passages; and KWIC (:mod:`.kwic`).

Words are counted as :mod:`.tokens` cuts them (letters, marks and digits; folded; numbers left
out; Chinese, Japanese, Thai ... by ICU's word segmenter). The text counted is, by what is
given:

* ``passages``: exactly those stretches (a query's result, chosen excerpts);
* codes (``code_ids``, or else the scope's codes): the text the scope's codings of those codes
  cover, each character once however many codings overlap it;
* otherwise the whole text of the scope's documents.

A word cut by the edge of a coded stretch is counted as the part inside. Linear in the text:
the text is split at white space and each distinct piece cut into words once, so 30 MB take
about a second.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence

from glocal_annotator.analysis.kwic import DEFAULT_WIDTH, SORTS, KwicLine, kwic, occurrences
from glocal_annotator.analysis.results import Passage, ResultTable
from glocal_annotator.analysis.spans import merged, without_gc_pauses
from glocal_annotator.analysis.tokens import segmenter_note, words
from glocal_annotator.model import CodingFilter
from glocal_annotator.project import Project

__all__ = ["DEFAULT_WIDTH", "SORTS", "KwicLine", "kwic", "word_frequencies", "count_words"]

COLUMNS = ("count", "documents", "percent")


@without_gc_pauses
def word_frequencies(project: Project, scope: CodingFilter | None = None, *,
                     code_ids: Collection[int] | None = None,
                     passages: Sequence[Passage] | None = None,
                     stop_words: Collection[str] = frozenset(),
                     limit: int | None = None) -> ResultTable:
    """The words of the text chosen (module notes), most frequent first (ties in alphabetical
    order of the folded word), without ``stop_words`` (folded words, see
    :mod:`.stop_words`), at most ``limit`` rows.

    Columns: ``count`` (occurrences), ``documents`` (documents it occurs in), ``percent`` (of
    all words counted, stop words left out, 0..100). Row keys: the words. ``passages(r, c)``:
    the word's occurrences in that text, found as KWIC finds them (the search's reader-equal
    matching, so a form the count keeps apart, such as a ligature, may be listed too)."""
    scope = scope or CodingFilter()
    if passages is None and code_ids is not None:
        scope = CodingFilter(list(code_ids), scope.document_ids, scope.coder_ids)
    texts, stretches = _texts(project, scope, passages)
    totals, documents = count_words(texts)
    for word in stop_words:
        totals.pop(word, None)
    counted = sum(totals.values())
    ranked = sorted(totals.items(), key=lambda item: (-item[1], item[0]))
    if limit is not None:
        ranked = ranked[:max(limit, 0)]
    source = ("the passages given" if passages is not None else
              "the coded text of the codes chosen" if scope.code_ids is not None else
              "the documents' text")
    note = (f"Words of {source}: runs of letters, marks and digits, case-folded; numbers left "
            f"out; {len(stop_words):,} stop word{'' if len(stop_words) == 1 else 's'} left out; "
            f"percent of the {counted:,} word{'' if counted == 1 else 's'} "
            f"counted. {segmenter_note()}")
    return ResultTable(
        title="Word frequencies",
        row_labels=tuple(word for word, _ in ranked),
        column_labels=COLUMNS,
        values=tuple((count, documents[word], 100.0 * count / counted if counted else 0.0)
                     for word, count in ranked),
        measure="count",
        row_keys=tuple(word for word, _ in ranked),
        column_keys=COLUMNS,
        note=note,
        passages=_word_passages(project, scope, [word for word, _ in ranked], stretches),
    )


def count_words(texts: Iterable[tuple[int, str]]) -> tuple[Counter[str], Counter[str]]:
    """``(occurrences, documents)`` per word of ``(document_id, text)`` pairs (a document may
    come more than once): the text is split at white space and its pieces counted per document
    (in C: ``Counter`` of ``str.split``), then each distinct piece is cut into words once
    (:func:`.tokens.words`); Python code runs per distinct piece, never per word of the text."""
    per_document: dict[int, Counter[str]] = {}
    for document_id, text in texts:
        found = Counter(text.split())
        known = per_document.get(document_id)
        if known is None:
            per_document[document_id] = found
        else:
            known.update(found)
    pieces: Counter[str] = Counter()
    for found in per_document.values():
        pieces.update(found)
    single: dict[str, str] = {}
    several: dict[str, tuple[str, ...]] = {}
    totals: Counter[str] = Counter()
    for piece, count in pieces.items():
        cut = words(piece)
        if len(cut) == 1:
            single[piece] = cut[0]
            totals[cut[0]] += count
        elif cut:
            several[piece] = cut
            for word in cut:
                totals[word] += count
    documents: Counter[str] = Counter()
    for found in per_document.values():
        found_words = set(map(single.get, found))
        found_words.discard(None)  # type: ignore[arg-type]
        for piece in found.keys() & several.keys():
            found_words.update(several[piece])
        documents.update(found_words)
    return totals, documents


Stretches = dict[int, list[tuple[int, int]]] | None


def _texts(project: Project, scope: CodingFilter, passages: Sequence[Passage] | None
           ) -> tuple[Iterator[tuple[int, str]], Stretches]:
    if passages is None and scope.code_ids is None:
        wanted = None if scope.document_ids is None else set(scope.document_ids)
        ids = [d.id for d in project.documents() if wanted is None or d.id in wanted]
        return ((document_id, project.document_text(document_id)) for document_id in ids), None
    chosen = merged(project.coding_spans(scope)) if passages is None else \
        _merged_passages(passages)
    stretches: dict[int, list[tuple[int, int]]] = {}
    for passage in chosen:
        stretches.setdefault(passage.document_id, []).append((passage.start, passage.end))

    def read() -> Iterator[tuple[int, str]]:
        for document_id, ranges in stretches.items():
            text = project.document_text(document_id)
            yield document_id, "\n".join(text[start:end] for start, end in ranges)

    return read(), stretches


def _merged_passages(passages: Sequence[Passage]) -> list[Passage]:
    ordered = sorted(passages, key=lambda p: (p.document_id, p.start, p.end))
    out: list[Passage] = []
    for passage in ordered:
        last = out[-1] if out else None
        if last is not None and last.document_id == passage.document_id \
                and passage.start <= last.end:
            out[-1] = Passage(last.document_id, last.start, max(last.end, passage.end))
        else:
            out.append(Passage(passage.document_id, passage.start, passage.end))
    return out


def _word_passages(project: Project, scope: CodingFilter, row_words: list[str],
                   stretches: Stretches) -> Callable[[int, int], Sequence[Passage]]:
    documents_only = CodingFilter(document_ids=scope.document_ids)

    def passages(row: int, column: int) -> Sequence[Passage]:
        return [Passage(document_id, start, end) for document_id, _, _, start, end
                in occurrences(project, row_words[row], documents_only, inside=stretches)]

    return passages
