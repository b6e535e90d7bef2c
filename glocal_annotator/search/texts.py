"""Document texts and their search forms, kept in memory between searches."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from glocal_annotator.store import queries
from glocal_annotator.text_forms.equivalence import FOLD_VERSION
from glocal_annotator.text_forms.forms import DocumentForms, SearchForm, document_forms
from glocal_annotator.text_forms.stored import form_from_row

FOLDED, NORMALISED, ORIGINAL = "folded", "normalised", "original"


class DocumentTexts:
    """Stored texts and search forms (``folded``, ``normalised``) of documents, read on demand.

    Forms come from the project file when it holds them for the current folding rules, else they
    are folded here (linear in the text). Stored text never changes after import and ids are
    never reused, so entries stay valid. The cache is bounded by the characters it holds, texts
    and forms together (``max_characters``; at four bytes a character, 256 MB at most).
    """

    def __init__(self, conn: sqlite3.Connection, max_characters: int = 64_000_000) -> None:
        self.conn = conn
        self.max_characters = max_characters
        self._texts: dict[int, str] = {}
        self._forms: dict[tuple[int, str], SearchForm] = {}
        self._order: dict[int, None] = {}  # documents with anything held, oldest first
        self._held = 0

    def text(self, document_id: int) -> str:
        """The stored text ("" for a document that does not exist)."""
        text = self._texts.get(document_id)
        if text is None:
            text = queries.document_text(self.conn, document_id) or ""
            self._make_room(len(text))
            self._texts[document_id] = text
            self._order[document_id] = None
            self._held += len(text)
        return text

    def form(self, document_id: int, which: str) -> SearchForm:
        """A search form: ``folded``, ``normalised`` or ``original`` (the text itself, with an
        identity map)."""
        if which == ORIGINAL:
            return SearchForm(self.text(document_id))
        form = self._forms.get((document_id, which))
        if form is not None:
            return form
        stored = queries.search_form(self.conn, document_id, which)
        if stored is not None and stored[0] == FOLD_VERSION:
            _version, text, offsets = stored
            form = form_from_row(text, offsets) or SearchForm(self.text(document_id))
            self._keep(document_id, which, form)
            return form
        forms = document_forms(self.text(document_id))
        self._keep_all(document_id, forms)
        return self._forms[(document_id, which)]

    def held(self) -> int:
        """Characters held (texts and forms)."""
        return self._held

    def warm(self, document_ids: list[int]) -> Iterator[int]:
        """Read documents (text and folded form) one per step while the cache has room, so that
        a first search does not pay for reading them; yields each id loaded."""
        for document_id in document_ids:
            if document_id not in self._texts:
                size = queries.document_name_and_length(self.conn, document_id)
                if size is None or self._held + 2 * size[1] > self.max_characters:
                    return
            self.text(document_id)
            self.form(document_id, FOLDED)
            yield document_id

    def _keep_all(self, document_id: int, forms: DocumentForms) -> None:
        self._keep(document_id, FOLDED, forms.folded)
        self._keep(document_id, NORMALISED, forms.normalised_or(self.text(document_id)))

    def _keep(self, document_id: int, which: str, form: SearchForm) -> None:
        if (document_id, which) in self._forms:
            return
        size = 0 if form.text is self._texts.get(document_id) else len(form.text)
        self._make_room(size)
        self._forms[(document_id, which)] = form
        self._order[document_id] = None
        self._held += size

    def _make_room(self, size: int) -> None:
        """Forget the oldest documents (text and forms) until ``size`` more characters fit."""
        while self._order and self._held + size > self.max_characters:
            self._forget(next(iter(self._order)))

    def _forget(self, document_id: int) -> None:
        del self._order[document_id]
        text = self._texts.pop(document_id, "")
        self._held -= len(text)
        for which in (FOLDED, NORMALISED):
            form = self._forms.pop((document_id, which), None)
            if form is not None and form.text is not text:
                self._held -= len(form.text)
