"""What a code query's result can become, each one undoable step through the window's session:
its hits coded with a new code (:meth:`Project.code_passages`; undoing it removes the code too),
or the documents holding hits saved as a document set."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from glocal_annotator.analysis.results import Passage, ResultTable
from glocal_annotator.errors import GlocalError
from glocal_annotator.ui.common.feedback import guarded
from glocal_annotator.wording import plural

if TYPE_CHECKING:
    from glocal_annotator.ui.common.session import Session


def hits(table: ResultTable | None) -> list[Passage]:
    """Every passage of a query's result table (one row per document), in document order."""
    if table is None or table.passages is None:
        return []
    return [p for row in range(len(table.row_labels)) for p in table.passages(row, 0)]


def _ask_name(parent: QWidget, title: str, label: str, text: str) -> str | None:
    name, ok = QInputDialog.getText(parent, title, label, QLineEdit.EchoMode.Normal, text)
    return name.strip() if ok and name.strip() else None


@guarded
def code_hits(parent: QWidget, session: Session | None, table: ResultTable | None,
              query: str) -> int | None:
    """Ask for a code name, then code every hit with a new code of that name (one undo
    step); the new code's id, or None if cancelled."""
    found = hits(table)
    if session is None or not found:
        raise GlocalError("there are no hits to code; run a query that finds some first")
    project = session.require_project()
    name = _ask_name(parent, "Code the query's hits",
                     f"Code the {plural(len(found), 'passage')} with a new code named:", query)
    if name is None:
        return None
    change = session.run(f"Code query hits as {name}", lambda: project.code_passages(
        [(p.document_id, p.start, p.end) for p in found], new_code=name,
        description=f"Code query hits as {name}"))
    return getattr(change.result, "code_id", None)


@guarded
def save_documents_as_set(parent: QWidget, session: Session | None,
                          table: ResultTable | None, query: str) -> int | None:
    """Ask for a set name, then save the documents holding hits as a document set (one undo
    step); the set's id, or None if cancelled."""
    found = hits(table)
    if session is None or not found:
        raise GlocalError("there are no hits; run a query that finds some first")
    project = session.require_project()
    documents = sorted({p.document_id for p in found})
    name = _ask_name(parent, "Save as a document set",
                     f"Save the {plural(len(documents), 'document')} with hits as a set named:",
                     query)
    if name is None:
        return None
    return session.run(f"Save set {name}",
                       lambda: project.add_document_set(name, documents)).result
