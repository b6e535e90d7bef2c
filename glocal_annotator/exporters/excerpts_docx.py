"""The coded excerpts report: a Word document of coded passages, grouped by code or by document.

Layout: a title page (project, date, the selection in words, counts per code and per document),
then the figures asked for (charts, each with a numbered caption: :mod:`._figures`), then one
Heading 1/2/3... per code (codebook order, nested by depth, with its definition) or one
Heading 1 per document (import order). Each excerpt is a "Coded Excerpt" paragraph with a bar in
its code's colour down the left side, its exact text (line breaks kept), optionally greyed context
around it, then a citation line (document or code, ¶ paragraph, page for PDF sources, coder,
date) and its memo. Within a group, excerpts follow the documents (document, then position).
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from glocal_annotator.atomic import atomic_write
from glocal_annotator.code_paths import display_path
from glocal_annotator.errors import ExportFailure
from glocal_annotator.excerpt_context import context
from glocal_annotator.exporters import _wordml as wml
from glocal_annotator.exporters._common import (
    ExcerptReportOptions,  # defined there (no python-docx), used and re-exported here
    Locator,
    Progress,
    ReportFigure,  # noqa: F401 - the figures' type, re-exported for callers with the options
    Selection,
    Ticker,
    describe_filters,
    local_date,
    now_text,
    select,
    selected_count,
)
from glocal_annotator.exporters._figures import figure_parts
from glocal_annotator.model import Code, Document, Excerpt
from glocal_annotator.project import Project
from glocal_annotator.wording import plural

GROUPINGS = ("code", "document")


@dataclass(frozen=True)
class _Styles:
    excerpt: str
    citation: str
    memo: str
    note: str
    meta: str
    group: str
    table_text: str


def _styles(document: wml.Document) -> _Styles:
    return _Styles(
        excerpt=wml.paragraph_style(
            document,
            "Coded Excerpt",
            left_indent=14,
            right_indent=14,
            space_before=10,
            space_after=3,
            line_spacing=1.15,
            keep_next=True,
        ),
        citation=wml.paragraph_style(
            document,
            "Excerpt Citation",
            size=9,
            color=wml.DARK_GREY,
            left_indent=25,
            space_before=0,
            space_after=4,
            line_spacing=1.0,
        ),
        memo=wml.paragraph_style(
            document,
            "Excerpt Memo",
            size=9.5,
            italic=True,
            left_indent=25,
            right_indent=14,
            space_before=0,
            space_after=4,
            line_spacing=1.0,
        ),
        note=wml.paragraph_style(
            document, "Code Definition", size=10, italic=True, color=wml.DARK_GREY, space_after=2
        ),
        meta=wml.paragraph_style(
            document, "Report Details", size=10, space_after=3, line_spacing=1.0
        ),
        group=wml.paragraph_style(
            document,
            "Group Details",
            size=9,
            color=wml.GREY,
            space_before=0,
            space_after=2,
            line_spacing=1.0,
        ),
        table_text=wml.table_text_style(document),
    )


def export_excerpts_docx(
    project: Project,
    path: str | os.PathLike,
    options: ExcerptReportOptions | None = None,
    progress: Progress | None = None,
) -> int:
    """Write the coded excerpts report to ``path``; returns the number of excerpts written.

    ``progress(done, total)`` is called at least every 20 ms of work (units: one per excerpt
    read, one per excerpt laid out, as many again for writing the file;
    :class:`~._common.Ticker`); if it returns False
    the export stops with :class:`~glocal_annotator.exporters.ExportCancelled` and nothing is
    written. The project is only read, in one snapshot (:meth:`Project.reading`): a worker thread
    runs this on a project of its own (:meth:`Project.open_reader`).
    """
    options = options or ExcerptReportOptions()
    if options.group_by not in GROUPINGS:
        raise ExportFailure(f"cannot group excerpts by {options.group_by!r}; use code or document")
    with project.reading():
        count = selected_count(project, options.where)
        ticker = Ticker(progress, 3 * count)
        ticker.report(0)
        ticker.stage(count, count)
        selection = select(project, options.where, ticker)
        filters = describe_filters(project, selection)
        texts = {
            document_id: project.document_text(document_id)
            for document_id in dict.fromkeys(e.document_id for e in selection.excerpts)
        }
        project_name, project_file = project.name, project.path
    count = len(selection.excerpts)
    ticker.stage(count, count)
    title = options.title or f"Coded excerpts: {project_name}"
    document = wml.new_document(title, "Coded excerpts")
    styles = _styles(document)
    wml.add_footer(document, f"{project_name}: coded excerpts")
    parts = _title_part(project_name, project_file, selection, filters, options, title, styles)
    parts += figure_parts(document, options.figures)
    documents = {d.id: d for d in selection.documents}
    locators = {
        document_id: Locator(text, documents[document_id].page_starts)
        for document_id, text in texts.items()
    }
    writer = _ExcerptWriter(styles, options, locators, ticker)
    if options.group_by == "code":
        _by_code(parts, selection, writer, styles)
    else:
        _by_document(parts, selection, documents, writer, styles)
    with atomic_write(path, protect=(project_file,)) as temp:
        wml.save(document, temp, parts, ticker=ticker, share=count)
        ticker.finish()
    return count


# -- title part --------------------------------------------------------------------------------


def _title_part(
    project_name: str,
    project_file: Path,
    selection: Selection,
    filters: list[tuple[str, str]],
    options: ExcerptReportOptions,
    title: str,
    styles: _Styles,
) -> list[str]:
    excerpts = selection.excerpts
    parts = [wml.paragraph(wml.run(title), "Title")]
    document_count = len({e.document_id for e in excerpts})
    summary = (
        f"{len(excerpts)} excerpt{'s' if len(excerpts) != 1 else ''} from {document_count} "
        f"document{'s' if document_count != 1 else ''}, grouped by {options.group_by}"
    )
    details = [
        ("Project", f"{project_name} ({project_file.name})"),
        ("Exported", now_text()),
        *filters,
        ("Contents", summary),
    ]
    extras = ["memos" if options.include_memos else "no memos"]
    extras.append(
        f"{options.context_chars} characters of context around each excerpt"
        if options.include_context
        else "no context"
    )
    details.append(("Shown", ", ".join(extras)))
    for label, text in details:
        parts.append(
            wml.paragraph(wml.run(f"{label}: ", wml.rpr(bold=True)) + wml.run(text), styles.meta)
        )
    if not excerpts:
        parts.append(wml.paragraph(wml.run("No coded excerpts match this selection."), styles.note))
        return parts

    parts.append(wml.paragraph(wml.run("Summary"), "Heading1"))
    per_code: dict[int, int] = defaultdict(int)
    per_document: dict[int, int] = defaultdict(int)
    for excerpt in excerpts:
        per_code[excerpt.code_id] += 1
        per_document[excerpt.document_id] += 1
    rows = [
        [
            wml.Cell(""),
            wml.text_cell("Code", bold=True),
            wml.text_cell("Excerpts", bold=True, align="right"),
        ]
    ]
    for code in selection.codes:
        if per_code.get(code.id):
            rows.append(
                [
                    wml.Cell("", fill=wml.hex_color(code.color)),
                    wml.text_cell(display_path(code.path)),
                    wml.text_cell(str(per_code[code.id]), align="right"),
                ]
            )
    rows.append(
        [
            wml.Cell(""),
            wml.text_cell("Total", bold=True),
            wml.text_cell(str(len(excerpts)), bold=True, align="right"),
        ]
    )
    parts.append(wml.table(rows, (240, 7100, 1300), text_style=styles.table_text))
    parts.append(wml.paragraph("", styles.meta))
    rows = [
        [wml.text_cell("Document", bold=True), wml.text_cell("Excerpts", bold=True, align="right")]
    ]
    for doc in selection.documents:
        if per_document.get(doc.id):
            rows.append(
                [wml.text_cell(doc.name), wml.text_cell(str(per_document[doc.id]), align="right")]
            )
    parts.append(wml.table(rows, (7340, 1300), text_style=styles.table_text))
    return parts


# -- excerpts ----------------------------------------------------------------------------------


class _ExcerptWriter:
    def __init__(
        self,
        styles: _Styles,
        options: ExcerptReportOptions,
        locators: dict[int, Locator],
        ticker: Ticker,
    ) -> None:
        self.styles = styles
        self.options = options
        self.locators = locators
        self.ticker = ticker
        self.context_props = wml.rpr(color=wml.GREY, size=10)
        self.memo_label = wml.run("Memo: ", wml.rpr(bold=True))
        self.colors: dict[str, str] = {}

    def color(self, color: str) -> str:
        found = self.colors.get(color)
        if found is None:
            found = self.colors[color] = wml.hex_color(color)
        return found

    def write(self, parts: list[str], excerpt: Excerpt, show_code: bool) -> None:
        options = self.options
        locator = self.locators[excerpt.document_id]
        color = self.color(excerpt.color)
        content = wml.run(excerpt.text)
        direction_text = excerpt.text
        if options.include_context:
            before, after = context(locator.text, excerpt.start, excerpt.end, options.context_chars)
            if before:
                content = wml.run(before, self.context_props) + content
                direction_text = before + direction_text  # the paragraph reads as it begins
            if after:
                content += wml.run(after, self.context_props)
        parts.append(
            wml.paragraph(
                content,
                self.styles.excerpt,
                keep_lines=True,
                left_bar=color,
                bidi=wml.is_rtl(direction_text),
            )
        )
        where = locator.location(excerpt.start, excerpt.end)
        if show_code:
            lead = wml.run("■ ", wml.rpr(color=color)) + wml.run(
                display_path(excerpt.code_path), wml.rpr(bold=True)
            )
            tail = f" · {where}"  # the document is the group's heading
        else:
            lead = wml.run(excerpt.document, wml.rpr(bold=True))
            tail = f" · {where}"
        tail += f" · {excerpt.coder} · {local_date(excerpt.created_at)}"
        memo = options.include_memos and excerpt.memo.strip()
        # The excerpt keeps with its citation (its style), the citation with the memo, and
        # neither is split: a page break never comes between an excerpt and its memo.
        parts.append(
            wml.paragraph(
                lead + wml.run(tail), self.styles.citation, keep_next=bool(memo), keep_lines=True
            )
        )
        if memo:
            parts.append(
                wml.paragraph(
                    self.memo_label + wml.run(excerpt.memo), self.styles.memo, keep_lines=True
                )
            )
        self.ticker.step()


def _by_code(
    parts: list[str], selection: Selection, writer: _ExcerptWriter, styles: _Styles
) -> None:
    groups: dict[int, list[Excerpt]] = defaultdict(list)
    for excerpt in selection.excerpts:
        groups[excerpt.code_id].append(excerpt)
    by_id = {code.id: code for code in selection.codes}
    # A code gets a heading when it or one of its sub-codes has excerpts, so the outline holds.
    shown: set[int] = set()
    for code_id in groups:
        current: int | None = code_id
        while current is not None and current not in shown:
            shown.add(current)
            current = by_id[current].parent_id
    depth: dict[int, int] = {}
    first = True
    for code in selection.codes:
        if code.id not in shown:
            continue
        depth[code.id] = depth[code.parent_id] + 1 if code.parent_id is not None else 0
        level = min(depth[code.id] + 1, 9)
        parts.append(wml.paragraph(wml.run(code.name), f"Heading{level}", page_break_before=first))
        first = False
        _code_intro(parts, code, len(groups.get(code.id, ())), styles)
        for excerpt in groups.get(code.id, ()):
            writer.write(parts, excerpt, show_code=False)


def _code_intro(parts: list[str], code: Code, count: int, styles: _Styles) -> None:
    definition = code.short_definition.strip() or code.definition.strip()
    if definition:
        parts.append(wml.paragraph(wml.run(definition), styles.note, keep_next=True))
    if count:
        text = plural(count, "excerpt")
        if code.parent_id is not None:
            text = f"{display_path(code.path)} · {text}"
    else:
        text = "No excerpts coded with this code itself; see its sub-codes."
    parts.append(wml.paragraph(wml.run(text), styles.group, keep_next=bool(count)))


def _by_document(
    parts: list[str],
    selection: Selection,
    documents: dict[int, Document],
    writer: _ExcerptWriter,
    styles: _Styles,
) -> None:
    groups: dict[int, list[Excerpt]] = defaultdict(list)
    for excerpt in selection.excerpts:
        groups[excerpt.document_id].append(excerpt)
    first = True
    for doc in selection.documents:  # import order
        excerpts = groups.get(doc.id)
        if not excerpts:
            continue
        parts.append(wml.paragraph(wml.run(doc.name), "Heading1", page_break_before=first))
        first = False
        facts = [doc.format.upper()]
        if doc.page_starts:
            facts.append(plural(len(doc.page_starts), "page"))
        facts.append(plural(len(excerpts), "excerpt"))
        parts.append(
            wml.paragraph(
                wml.run(" · ".join(facts)),
                styles.group,
                keep_next=True,
            )
        )
        for excerpt in excerpts:
            writer.write(parts, excerpt, show_code=True)
