"""Keeps the window in step with the project file: every committed change (done, undone or
redone, from any source) arrives here from ``project.subscribe``.

Coding changes are applied incrementally: spans are removed/added in the open document for the
coding rows in the change, and coding counts in the codebook and documents list are adjusted in
place. Only codebook structure changes (codes added, deleted, moved) rebuild the code tree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from glocal_annotator.model import Coding
from glocal_annotator.ui.document_view import CodingSpan

if TYPE_CHECKING:
    from glocal_annotator.ui.main_window import MainWindow

_STRUCTURE = ("parent_id", "position")
_LOOK = ("name", "color")  # what a coding's highlight and label show of its code


class ProjectSync:
    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.coders: dict[int, str] = {}

    # -- full loads --------------------------------------------------------------------------

    def reload_all(self) -> None:
        window = self.window
        project = window.project
        self.coders = {c.id: c.name for c in project.coders()}
        window.codebook.load(project.codes())
        window.documents.load(project.documents())
        window.segments.set_project(project)
        window.refresh_quick_codes()

    # -- spans -------------------------------------------------------------------------------

    def span(self, coding: Coding) -> CodingSpan:
        return self._span(coding.id, coding.code_id, coding.start, coding.end,
                          coding.coder_id, coding.memo)

    def _span(self, coding_id: int, code_id: int, start: int, end: int, coder_id: int,
              memo: str) -> CodingSpan:
        code = self.window.codebook.model.code(code_id)
        name = code.name if code else "?"
        tooltip = f"{code.path if code else name}\nCoded by {self.coders.get(coder_id, '?')}"
        if memo:
            tooltip += f"\nMemo: {memo}"
        return CodingSpan(coding_id, code_id, start, end, code.color if code else "#CCCCCC",
                          name, tooltip)

    def _respan_codes(self, code_ids: set[int]) -> None:
        """Codes were renamed or recoloured: restyle their spans (no query)."""
        window = self.window
        if window.current_document_id is None or not code_ids:
            return
        spans = window.view.spans()
        if not any(span.code_id in code_ids for span in spans):
            return
        memos = {c.id: (c.coder_id, c.memo) for c in window.project.codings(
            document_ids=[window.current_document_id], code_ids=sorted(code_ids))}
        window.view.set_spans([
            self._span(s.coding_id, s.code_id, s.start, s.end, *memos[s.coding_id])
            if s.coding_id in memos else s
            for s in spans
        ])

    # -- the listener ------------------------------------------------------------------------

    def on_change(self, change) -> None:
        window = self.window
        project = window.project
        if project is None:
            return
        if change.touches("coders"):
            self.coders = {c.id: c.name for c in project.coders()}
        code_rows = [r for r in change.rows if r.table == "codes"]
        structural = any(
            r.before is None or r.after is None
            or any(r.before.get(k) != r.after.get(k) for k in _STRUCTURE)
            for r in code_rows
        )
        coding_rows = [r for r in change.rows if r.table == "codings"]
        current = window.current_document_id
        # 1. spans that went away
        for row in coding_rows:
            if row.before is not None and row.before["document_id"] == current:
                window.view.remove_span(row.key)
        # 2. the codebook
        if structural:
            window.codebook.load(project.codes())
            window.refresh_quick_codes()
        elif code_rows:
            codes = project.codes()
            by_id = {c.id: c for c in codes}
            for row in code_rows:
                if row.key in by_id:
                    window.codebook.model.update_code(by_id[row.key])
            window.refresh_quick_codes()
            window.segments.update_codes(codes)
        # 3. spans that came (after the codebook, so that new codes have colours)
        for row in coding_rows:
            after = row.after
            if after is not None and after["document_id"] == current:
                window.view.add_span(self._span(row.key, after["code_id"], after["start"],
                                                after["end"], after["coder_id"],
                                                after.get("memo") or ""))
        if code_rows:  # renamed or recoloured codes, also within a change that adds codes
            self._respan_codes({
                r.key for r in code_rows
                if r.before is not None and r.after is not None
                and any(r.before.get(k) != r.after.get(k) for k in _LOOK)
            })
        # 4. counts, in place
        code_delta: dict[int, int] = {}
        document_delta: dict[int, int] = {}
        for row in coding_rows:
            for image, step in ((row.before, -1), (row.after, 1)):
                if image is not None:
                    code_delta[image["code_id"]] = code_delta.get(image["code_id"], 0) + step
                    doc = image["document_id"]
                    document_delta[doc] = document_delta.get(doc, 0) + step
        if not structural:
            window.codebook.model.adjust_counts(code_delta)
        if change.touches("documents"):
            window.documents.load(project.documents())
            if current is not None and current not in window.documents.names():
                window.current_document_id = None
                window.document_text = ""
                window.view.clear()
        else:
            window.documents.adjust_counts(document_delta)
        # 5. retrieval follows: in place for codings, again for new codes, documents, coders
        if structural or change.touches("documents") or change.touches("coders"):
            window.segments.reload_filters()
        if coding_rows:
            window.segments.apply_coding_rows(coding_rows)
