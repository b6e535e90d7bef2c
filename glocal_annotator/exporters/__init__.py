"""Exports: Word reports (python-docx), CSV and XLSX tables of coded excerpts.

- :mod:`.excerpts_docx`  coded excerpts report, grouped by code or by document
- :mod:`.document_docx`  one document with its codings shaded and commented
- :mod:`.codebook_docx`  the codebook as a Word document
- :mod:`.codebook_refi`  the codebook as a REFI-QDA .qdc (or CSV) for other tools
- :mod:`.tables`         coded excerpts as .csv or .xlsx, one row per coding
- :mod:`.agreement_docx` the inter-coder agreement table and the disagreement list as Word (A4)
- :mod:`.agreement_tables` the same as CSV (each figure with its method beside it)

Everything reads through the :class:`~glocal_annotator.project.Project` API, inside one
:meth:`~glocal_annotator.project.Project.reading` block (one state of the project); nothing here
writes to the project; every file is written whole or not at all (:mod:`glocal_annotator.atomic`).

Progress and cancel: every export takes ``progress(done, total)`` and calls it at least every
20 ms of work (:class:`._common.Ticker`); returning False cancels it with :class:`ExportCancelled`
and nothing is written. Threads: the exports hold no state between calls and import no Qt, so a
worker thread may run one, on a project of its own: ``with project.open_reader() as reader:
export_...(reader, ...)`` (a read-only connection to the same file; the window's project goes on
writing meanwhile, see :meth:`~glocal_annotator.project.Project.open_reader`). Do not hand the
window's own project to another thread: its one SQLite connection serves the window.
Word bodies are built as WordprocessingML strings and parsed once (see :mod:`._wordml`):
python-docx's per-paragraph API takes about 0.7 ms a paragraph and 2.5 ms a comment, far too slow
for 10,000 excerpts in the 5 s budget.
"""

from __future__ import annotations

from glocal_annotator.errors import ExportFailure


class ExportCancelled(ExportFailure):
    """The user cancelled an export through its progress callback; nothing was written."""

    def __init__(self, message: str = "export cancelled; nothing was written") -> None:
        super().__init__(message)
