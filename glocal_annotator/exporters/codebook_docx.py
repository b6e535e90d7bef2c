"""The codebook as a Word document: an overview table of the code tree, then one entry per code
in codebook order (Heading 1 for top-level codes, Heading 2 for their sub-codes, ...) with its
colour, the fields of a codebook entry, its memo and how often it has been used."""

from __future__ import annotations

import os

from glocal_annotator.atomic import atomic_write
from glocal_annotator.code_paths import display_path
from glocal_annotator.exporters import _wordml as wml
from glocal_annotator.exporters._common import Progress, Ticker, now_text
from glocal_annotator.model import CODE_TEXT_FIELD_LABELS, Code
from glocal_annotator.project import Project
from glocal_annotator.wording import plural

_LABEL_WIDTH = 2100
_VALUE_WIDTH = 6540


def export_codebook_docx(
    project: Project, path: str | os.PathLike, *, progress: Progress | None = None
) -> int:
    """Write the project's codebook to ``path``; returns the number of codes.

    ``progress(done, total)`` (units: one per code laid out, as many again for writing) as for
    every export; returning False cancels it (:class:`~glocal_annotator.exporters.
    ExportCancelled`, nothing written). The project is only read, in one snapshot."""
    with project.reading():
        codes = project.codes()
        project_name, project_file = project.name, project.path
    ticker = Ticker(progress, 2 * len(codes))
    ticker.report(0)
    ticker.stage(len(codes), len(codes))
    title = f"Codebook: {project_name}"
    document = wml.new_document(title, "Codebook")
    meta_style = wml.paragraph_style(
        document, "Report Details", size=10, space_after=3, line_spacing=1.0
    )
    table_style = wml.table_text_style(document)
    parts = [wml.paragraph(wml.run(title), "Title")]
    used = sum(1 for code in codes if code.codings)
    for label, value in (
        ("Project", f"{project_name} ({project_file.name})"),
        ("Codes", f"{len(codes):,} ({used:,} used in "
                   f"{plural(sum(c.codings for c in codes), 'coding')})"),
        ("Exported", now_text()),
    ):
        parts.append(
            wml.paragraph(wml.run(f"{label}: ", wml.rpr(bold=True)) + wml.run(value), meta_style)
        )
    if not codes:
        parts.append(wml.paragraph(wml.run("This project has no codes yet."), meta_style))
    else:
        depths = _depths(codes)
        parts.append(wml.paragraph(wml.run("Overview"), "Heading1"))
        parts.append(_overview(codes, depths, table_style))
        first = True
        for code in codes:
            level = min(depths[code.id] + 1, 9)
            parts.append(
                wml.paragraph(wml.run(code.name), f"Heading{level}", page_break_before=first)
            )
            first = False
            parts.append(_entry(code, depths[code.id], table_style))
            ticker.step()
        parts.append(wml.paragraph())  # Word wants the body to end with a paragraph
    wml.add_footer(document, title)
    with atomic_write(path, protect=(project_file,)) as temp:
        wml.save(document, temp, parts, ticker=ticker, share=len(codes))
        ticker.finish()
    return len(codes)


def _depths(codes: list[Code]) -> dict[int, int]:
    depths: dict[int, int] = {}
    for code in codes:  # a parent comes before its sub-codes
        depths[code.id] = depths.get(code.parent_id, -1) + 1 if code.parent_id is not None else 0
    return depths


def _overview(codes: list[Code], depths: dict[int, int], table_style: str) -> str:
    rows = [
        [
            wml.Cell(""),
            wml.text_cell("Code", bold=True),
            wml.text_cell("Short definition", bold=True),
            wml.text_cell("Codings", bold=True, align="right"),
        ]
    ]
    for code in codes:
        rows.append(
            [
                wml.Cell("", fill=wml.hex_color(code.color)),
                wml.Cell(
                    wml.run(code.name, wml.rpr(bold=depths[code.id] == 0)),
                    indent=220 * depths[code.id],
                ),
                wml.text_cell(code.short_definition.strip()),
                wml.text_cell(str(code.codings), align="right"),
            ]
        )
    return wml.table(rows, (240, 2800, 4300, 1300), text_style=table_style)


def _entry(code: Code, depth: int, table_style: str) -> str:
    color = wml.hex_color(code.color)
    rows = [
        [
            wml.text_cell("Colour", bold=True),
            wml.Cell(
                wml.run("\u2588\u2588\u2588", wml.rpr(color=color))
                + wml.run(f"  #{color}", wml.rpr(color=wml.DARK_GREY))
            ),
        ]
    ]
    if depth:
        rows.append([wml.text_cell("Path", bold=True), wml.text_cell(display_path(code.path))])
    if not code.codable:
        rows.append(
            [
                wml.text_cell("Codable", bold=True),
                wml.text_cell("No: this code only groups its sub-codes"),
            ]
        )
    for field, label in CODE_TEXT_FIELD_LABELS:
        value = getattr(code, field).strip()
        if value:
            rows.append([wml.text_cell(label, bold=True), wml.text_cell(value)])
    rows.append([wml.text_cell("Codings", bold=True), wml.text_cell(str(code.codings))])
    return wml.table(
        rows,
        (_LABEL_WIDTH, _VALUE_WIDTH),
        header=False,
        text_style=table_style,
        label_fill="F7F7F7",
    )
