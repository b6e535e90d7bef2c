"""Applying a project import plan (:class:`~.project_import_plan.ProjectImportPlan`) inside one
transaction. Only ``Project.apply_project_import_plan`` calls it; planning is in
:mod:`.project_import_plan`. Rows are written through the journal, so the whole import is one
undoable change; the plan was validated when made (ranges inside their texts, codable codes,
unique identities and names), and the project's state is checked to be the one planned against.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from glocal_annotator.errors import ImportFailure, OperationCancelled
from glocal_annotator.operations import now
from glocal_annotator.operations.codebook_import import apply_items
from glocal_annotator.operations.codebook_merge_plan import ADD
from glocal_annotator.operations.documents import insert_document
from glocal_annotator.operations.project_import_plan import (
    CHANGE,
    ProjectImportPlan,
    state_fingerprint,
)
from glocal_annotator.operations.project_import_variables import (
    apply_variables_and_sets,
    variables_state,
)
from glocal_annotator.progress import Progress, Ticker
from glocal_annotator.store import queries, variable_queries
from glocal_annotator.store.journal import Journal


@dataclass(frozen=True)
class ImportCounts:
    """What an applied project import or merge added and changed: counts per kind, keyed as
    :meth:`ProjectImportPlan.counts <.project_import_plan.ProjectImportPlan.counts>` keys them
    (``documents``, ``codes``, ``codings``, ``memos``, ``coders``, ``variables``, ``values``,
    ``sets``). A typed value, so that a caller cannot read it by guessed keys."""

    added: dict[str, int]
    changed: dict[str, int]


def _current_fingerprint(journal: Journal) -> str:
    conn = journal.conn
    return state_fingerprint(
        queries.document_ids(conn),
        (coder.id for coder in queries.coders(conn)),
        ((c.id, c.code_id, c.start, c.end, c.memo) for c in queries.codings(conn)),
        ((m.id, m.title, m.text) for m in queries.memos(conn)),
        queries.document_memos(conn),
        variables_state(variable_queries.variables(conn), variable_queries.values(conn),
                        variable_queries.document_sets(conn)),
    )


def apply_units(plan: ProjectImportPlan) -> int:
    """The progress units of :func:`apply_project_plan`: two for checking the project and
    writing the coders and codes, three per document (the text, its search forms, their
    index), one for the variables and sets, one per coding and one per memo."""
    return 3 + 3 * len(plan.documents) + len(plan.codings) + len(plan.memos)


def apply_project_plan(journal: Journal, plan: ProjectImportPlan,
                       progress: Progress | None = None) -> ImportCounts:
    """Carry out ``plan``; return how many documents, codes, codings, memos, coders,
    variables, values and sets were added and changed (:class:`ImportCounts`). Raises
    :class:`ImportFailure` (the transaction is rolled back by the caller) if the project changed
    since the plan was made.

    ``progress(done, total)`` (:func:`apply_units` units) is called at least every 20 ms of
    work plus one step (:class:`~glocal_annotator.progress.Ticker`), last with ``done ==
    total`` before the change is committed; when it returns False the import stops with
    :class:`OperationCancelled` (the transaction is rolled back: nothing was changed)."""
    # (a merge applies such a plan too: the words name no import)
    ticker = Ticker(progress, apply_units(plan), cancelled=lambda: OperationCancelled(
        "cancelled; nothing was changed"))
    ticker.report(0)
    if plan.fingerprint != _current_fingerprint(journal):
        raise ImportFailure("The project changed after this import was previewed; preview it "
                            "again. Nothing was imported.")
    ticker.step()
    stamp = now()
    coder_ids: list[int] = []
    for step in plan.coders:
        if step.action == ADD:
            step_id = journal.insert("coders", {"guid": step.guid, "name": step.name})
        else:
            assert step.coder_id is not None
            step_id = step.coder_id
        coder_ids.append(step_id)
    code_ids = apply_items(journal, plan.codes)
    ticker.step()
    document_ids: list[int] = []
    for step in plan.documents:
        ticker.step()  # the other two of its three units: in insert_document, or at once
        if step.action == ADD:
            document = step.incoming
            document_ids.append(insert_document(journal, {
                "guid": step.guid,
                "name": step.name,
                "format": document.format,
                "text": document.text,
                "characters": len(document.text),
                "content_hash": step.content_hash,
                "source_path": document.source_path,
                "imported_at": document.created_at or stamp,
                "page_starts": json.dumps(list(step.page_starts)),
                "metadata": json.dumps(document.metadata, ensure_ascii=False),
                "memo": step.memo or "",
            }, lambda done, _steps: ticker.step() if done < 3 else None))
        else:
            ticker.step(2)
            assert step.document_id is not None
            if step.action == CHANGE and step.memo is not None:
                journal.update("documents", step.document_id, {"memo": step.memo})
            document_ids.append(step.document_id)
    apply_variables_and_sets(journal, plan.variables_plan, document_ids)
    ticker.step()
    for step in plan.codings:
        ticker.step()
        if step.action == ADD:
            kind, value = step.code
            journal.insert("codings", {
                "guid": step.guid,
                "document_id": document_ids[step.document],
                "code_id": value if kind == "code" else code_ids[value],
                "coder_id": coder_ids[step.coder],
                "start": step.start,
                "end": step.end,
                "memo": step.memo,
                "created_at": step.created_at or stamp,
            })
        elif step.action == CHANGE:
            assert step.coding_id is not None
            journal.update("codings", step.coding_id, dict(step.changes))
    for step in plan.memos:
        ticker.step()
        memo = step.incoming
        if step.action == ADD:
            journal.insert("memos", {
                "guid": step.guid,
                "title": memo.title,
                "text": memo.text,
                "document_id": None if step.document is None else document_ids[step.document],
                "coder_id": None if step.coder is None else coder_ids[step.coder],
                "created_at": memo.created_at or stamp,
                "modified_at": memo.modified_at or memo.created_at or stamp,
            })
        elif step.action == CHANGE:
            assert step.memo_id is not None
            journal.update("memos", step.memo_id, {
                "title": memo.title, "text": memo.text,
                "modified_at": memo.modified_at or stamp,
            })
    ticker.finish()
    counts = plan.counts()
    return ImportCounts(added={kind: numbers["added"] for kind, numbers in counts.items()},
                        changed={kind: numbers["changed"] for kind, numbers in counts.items()})
