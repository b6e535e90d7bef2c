"""Search: what matches (reader-equal forms, :mod:`.equivalence`), the forms with their offset maps
(:mod:`.forms`), regular expressions over them (:mod:`.pattern`), the search itself
(:mod:`.engine`), the text cache (:mod:`.texts`) and widening hits (:mod:`.widening`)."""

from glocal_annotator.search.engine import (
    CompiledQuery,
    candidate_documents,
    compile_query,
    iter_hits,
    iter_spans,
    search,
)
from glocal_annotator.search.texts import DocumentTexts
from glocal_annotator.search.widening import WIDEN_CHOICES, Boundaries, widen

__all__ = [
    "WIDEN_CHOICES",
    "Boundaries",
    "CompiledQuery",
    "DocumentTexts",
    "candidate_documents",
    "compile_query",
    "iter_hits",
    "iter_spans",
    "search",
    "widen",
]
