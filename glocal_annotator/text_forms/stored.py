"""Search forms as the project file keeps them (table ``search_texts``, see store/schema.py).

Each document's folded form feeds the full-text index, so that a fresh process can search
without folding anything; the normalised form is stored only where it differs from the text.
"""

from __future__ import annotations

from typing import Any

from glocal_annotator.text_forms.equivalence import FOLD_VERSION
from glocal_annotator.text_forms.forms import DocumentForms, OffsetMap, SearchForm, document_forms


def search_texts_row(document_id: int, text: str) -> dict[str, Any]:
    """The ``search_texts`` row for a document's stored text (every column)."""
    forms = document_forms(text)
    normalised = forms.normalised
    return {
        "document_id": document_id,
        "version": FOLD_VERSION,
        "folded": forms.folded.text,
        "folded_map": forms.folded.offsets.to_bytes(),
        "normalised": normalised.text if normalised is not None else None,
        "normalised_map": (normalised.offsets if normalised else OffsetMap()).to_bytes(),
    }


def form_from_row(text: str | None, offsets: bytes) -> SearchForm | None:
    """A stored form (None stands for "the same as the document's text")."""
    if text is None:
        return None
    return SearchForm(text, OffsetMap.from_bytes(offsets))


__all__ = ["DocumentForms", "form_from_row", "search_texts_row"]
