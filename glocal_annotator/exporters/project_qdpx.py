"""The whole project as a REFI-QDA project exchange file (.qdpx), for NVivo, ATLAS.ti, MAXQDA,
QualCoder and a colleague's copy of this app.

What is written (:mod:`glocal_annotator.refi.project_xml` says how): the coders as users, the
codebook with every entry field and memo, each document's stored text (offsets in code points over
it), each coding with its coder, time and memo, the documents' memos, the project's memos, the
documents' variables (typed) and the document sets. GUIDs are the project's own,
so importing the file back (here, or into a copy) matches everything by identity; what is written
beside them (a coding's selection, a memo's note) gets a GUID derived from its owner's, the same in
every export. Written whole or not at all, never over a project or a database.

``warnings`` (:func:`glocal_annotator.refi.reader_warnings.reader_warnings`) say what common
readers will drop, for the CLI to print and the GUI to show before the user sends the file; and
what REFI-QDA itself has no place for: a PDF's page boundaries and its title and author (a text
source is a text; a merge of the project file keeps them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from glocal_annotator import __version__
from glocal_annotator.exporters._common import Progress, Ticker
from glocal_annotator.model import Codebook
from glocal_annotator.operations import now
from glocal_annotator.refi.project_data import (
    QdpxCoding,
    QdpxDocument,
    QdpxNote,
    QdpxProject,
    QdpxSet,
    QdpxVariable,
    RefiUser,
)
from glocal_annotator.refi.project_resolve import (
    coding_memo_guid,
    document_memo_guid,
    selection_guid,
)
from glocal_annotator.refi.project_xml import write_qdpx
from glocal_annotator.refi.reader_warnings import reader_warnings
from glocal_annotator.wording import agreeing, memo_parts, plural

if TYPE_CHECKING:
    from glocal_annotator.project import Project

ORIGIN = f"Glocal Annotator {__version__}"


@dataclass
class QdpxExportResult:
    """What an export wrote (counts) and what other tools will not keep (``warnings``)."""

    path: str
    documents: int
    codes: int
    codings: int
    memos: int  # project memos (the project's memo items, with or without a document)
    coders: int
    bytes: int
    warnings: list[str] = field(default_factory=list)
    document_memos: int = 0  # documents' own memos
    coding_memos: int = 0  # memos on codings

    def memo_parts(self) -> list[str]:
        """``["3 coding memos", "1 document memo", "2 project memos"]``: the memos written, named
        and counted as an import of the file reports them
        (:meth:`glocal_annotator.project_exchange.QdpxImportReport.lines`)."""
        return memo_parts(self.coding_memos, self.document_memos, self.memos)


def build_qdpx_project(project: Project, ticker: Ticker | None = None) -> QdpxProject:
    """The project as plain data for :func:`~glocal_annotator.refi.project_xml.write_qdpx`;
    ``ticker`` steps once per document read and once per coding (it may cancel)."""
    coders = project.coders()
    coder_guids = {coder.id: coder.guid for coder in coders}
    codes = project.codes()
    code_guids = {code.id: code.guid for code in codes}
    documents: list[QdpxDocument] = []
    by_id: dict[int, QdpxDocument] = {}
    document_memos = project.document_memos()
    variables = project.variables()
    variable_guids = {variable.id: variable.guid for variable in variables}
    values_by_document: dict[int, dict[str, str]] = {}
    for (variable_id, document_id), value in project.variable_values().items():
        values_by_document.setdefault(document_id, {})[variable_guids[variable_id]] = value
    for document in project.documents():
        text = project.document_text(document.id)
        item = QdpxDocument(
            guid=document.guid,
            name=document.name,
            text=text,
            created_at=document.imported_at,
        )
        memo = document_memos.get(document.id, "")
        if memo:
            item.notes.append(QdpxNote(
                guid=document_memo_guid(document.guid),
                title=f"Memo on {document.name}",
                text=memo,
                created_at=document.imported_at,
            ))
        item.variables = values_by_document.get(document.id, {})
        documents.append(item)
        by_id[document.id] = item
        if ticker is not None:
            ticker.step()
    for coding in project.codings():
        if ticker is not None:
            ticker.step()
        owner = by_id[coding.document_id]
        creator = coder_guids.get(coding.coder_id)
        memo = None
        if coding.memo.strip():
            memo = QdpxNote(
                guid=coding_memo_guid(coding.guid),
                title=f"Memo on a coding in {owner.name}",
                text=coding.memo,
                creator=creator,
                created_at=coding.created_at,
            )
        owner.codings.append(QdpxCoding(
            guid=coding.guid,
            selection_guid=selection_guid(coding.guid),
            start=coding.start,
            end=coding.end,
            code_guid=code_guids[coding.code_id],
            creator=creator,
            created_at=coding.created_at,
            memo_note=memo,
        ))
    project_notes: list[QdpxNote] = []
    for memo in project.memos():
        note = QdpxNote(
            guid=memo.guid,
            title=memo.title,
            text=memo.text,
            creator=coder_guids.get(memo.coder_id) if memo.coder_id is not None else None,
            created_at=memo.created_at,
            modified_at=memo.modified_at,
        )
        if memo.document_id is not None and memo.document_id in by_id:
            by_id[memo.document_id].notes.append(note)
        else:
            project_notes.append(note)
    info = project.info()
    me = next((c.guid for c in coders if c.name.casefold() == project.coder_name.casefold()), None)
    return QdpxProject(
        name=project.name,
        origin=ORIGIN,
        users=[RefiUser(coder.guid, coder.name) for coder in coders],
        codebook=Codebook.from_codes(codes),
        documents=documents,
        project_notes=project_notes,
        sets=[QdpxSet(guid=item.guid, name=item.name, description=item.description,
                      document_guids=[by_id[d].guid for d in sorted(item.document_ids)
                                      if d in by_id])
              for item in project.document_set_list()],
        variables=[QdpxVariable(guid=v.guid, name=v.name, type=v.type, choices=v.choices,
                                description=v.description) for v in variables],
        created_at=info.get("created_at", ""),
        modified_at=now(),
        creator=me,
    )


def export_project_qdpx(project: Project, path: str | os.PathLike,
                        progress: Progress | None = None) -> QdpxExportResult:
    """Write the whole project to ``path`` as .qdpx (see the module notes).

    ``progress(done, total)`` as for every export (units: one per document and one per coding
    read, one per coding laid out in ``project.qde``, and one per document and one more shared
    among the steps of writing: ``project.qde`` compressed a MiB at a time, then each source);
    returning False (until the last source is written) cancels it with
    :class:`~glocal_annotator.exporters.ExportCancelled`, nothing written. The project is read
    in one snapshot (:meth:`Project.reading`).

    Raises :class:`~glocal_annotator.errors.ExportFailure` (one line; nothing written) when the
    file cannot be written or would replace the project or a database.
    """
    with project.reading():
        documents = len(project.documents())
        codings = project.count_codings()
        ticker = Ticker(progress, 2 * documents + 2 * codings + 1)
        ticker.report(0)
        ticker.stage(documents + codings, documents + codings)
        data = build_qdpx_project(project, ticker)
    ticker.stage(codings, codings)  # laid out in project.qde; then the writing, to the total
    # the last step is the last source: no report after the file is in place (a cancel then
    # would say "nothing written" of a written file)
    size = write_qdpx(data, path, protect=(project.path,), ticker=ticker)
    codings = sum(len(document.codings) for document in data.documents)
    coding_memos = sum(1 for d in data.documents for c in d.codings if c.memo_note is not None)
    own_guids = {document_memo_guid(d.guid) for d in data.documents}
    document_memos = sum(1 for d in data.documents for n in d.notes if n.guid in own_guids)
    memos = (len(data.project_notes)
             + sum(len(d.notes) for d in data.documents) - document_memos)
    return QdpxExportResult(
        path=str(path),
        documents=len(data.documents),
        codes=sum(1 for _ in data.codebook.walk()),
        codings=codings,
        memos=memos,
        coders=len(data.users),
        bytes=size,
        warnings=reader_warnings(data.codebook) + _not_in_refi(project),
        document_memos=document_memos,
        coding_memos=coding_memos,
    )


def _not_in_refi(project: Project) -> list[str]:
    """The line saying which documents lose their pages, title or author in the file."""
    losing = [document.name for document in project.documents()
              if document.page_starts or (isinstance(document.metadata, dict) and any(
                  document.metadata.get(key) for key in ("title", "author")))]
    if not losing:
        return []
    shown = ", ".join(repr(name) for name in losing[:5])
    more = f" and {len(losing) - 5} more" if len(losing) > 5 else ""
    return [f"REFI-QDA has no place for page boundaries or a document's title and author, so "
            f"{plural(len(losing), 'document')} {agreeing(len(losing), 'goes', 'go')} without "
            f"them: {shown}{more}. A colleague with "
            "this "
            "app keeps them by merging a copy of the project file instead."]
