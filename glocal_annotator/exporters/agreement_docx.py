"""The agreement table and the disagreement list as Word documents (A4), for reports and appendices.

Input is the plain JSON shape of :mod:`.agreement_tables` (the analysis package's ``to_json()``);
nothing here reads the project. Both documents open with what was compared and how (project,
coders, level, unit), the date, then:

* **agreement**: a table with one row per code and the overall row, the header row repeated on
  every page, each figure's method written under its column name (so every figure has its method
  beside it, on every page); the units each coder coded; then how each figure is computed, with
  the formula and its source;
* **disagreements**: a summary per code (passages, characters), then per document (Heading 1) each
  passage: the code, where it is (characters, code points), who coded it and who did not, and
  its text with a bar down its side.

Written whole or not at all (:func:`~glocal_annotator.atomic.atomic_write`).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from docx.shared import Mm

from glocal_annotator.atomic import atomic_write
from glocal_annotator.code_paths import display_path
from glocal_annotator.exporters import _wordml as wml
from glocal_annotator.exporters._common import now_text
from glocal_annotator.exporters.agreement_tables import FIGURES, figure_text

TABLE_WIDTH = 9000  # twips: A4 less 2.5 cm margins (9071)
NARROW = frozenset("fijlrtI.,;:'’!|()[] /-")
WIDE = frozenset("mwMW%")
CELL_MARGINS = 2 * 108 + 20  # Word's default left and right cell margins, and a little air
MIN_NAME_WIDTH = 3100  # twips (5.5 cm): the code column's least, two lines for most paths
HEADER_POINTS = 8.5
METHOD_POINTS = 7.5
FIGURE_NAMES = {
    "percent_agreement": "Percent agreement",
    "cohen_kappa": "Cohen's kappa",
    "krippendorff_alpha": "Krippendorff's alpha",
}
# The column names with the places a narrow column may hyphenate them (Word's soft hyphen)
SOFT_HYPHEN = "\u00ad"
HEADER_NAMES = {
    "percent_agreement": f"Percent agree{SOFT_HYPHEN}ment",
    "cohen_kappa": "Cohen's kappa",
    "krippendorff_alpha": f"Krippen{SOFT_HYPHEN}dorff's alpha",
}
# Under each column name: the method in a few words (the full method is in "How the figures
# were computed").
FIGURE_SHORT = {
    "percent_agreement": "% of units all coders agree on",
    "cohen_kappa": "Cohen 1960; two coders",
    "krippendorff_alpha": "nominal; Krippendorff 2011",
}
# The formulas, as glocal_annotator.analysis.agreement states them with their sources.
FORMULAS = {
    "percent_agreement": "(units on which all coders agree) ÷ (all units) × 100",
    "cohen_kappa": "κ = (pₒ − pₑ) ÷ (1 − pₑ), with pₒ the observed agreement and "
                   "pₑ = p_A·p_B + (1 − p_A)(1 − p_B), p_A and p_B each coder's share of units "
                   "coded (Cohen 1960, Educational and Psychological Measurement 20, 37-46)",
    "krippendorff_alpha": "α = 1 − D_o ÷ D_e over the coincidence matrix of coded / not coded "
                          "values, any number of coders (Krippendorff 2011, \"Computing "
                          "Krippendorff's Alpha-Reliability\", University of Pennsylvania)",
}
LONG_PASSAGE = 1500  # characters: a longer passage may break across pages


def _a4(document: wml.Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(25))


def _start(title: str, subject: str) -> tuple[wml.Document, str, str, str]:
    document = wml.new_document(title, subject)
    _a4(document)
    meta = wml.paragraph_style(document, "Report Details", size=10, space_after=3,
                               line_spacing=1.0)
    note = wml.paragraph_style(document, "Table Note", size=9, italic=True,
                               color=wml.DARK_GREY, space_before=4, space_after=6)
    return document, meta, note, wml.table_text_style(document)


def _details(rows: Iterable[tuple[str, str]], style: str) -> list[str]:
    return [wml.paragraph(wml.run(f"{label}: ", wml.rpr(bold=True)) + wml.run(value), style)
            for label, value in rows]


def _soft_run(text: str, properties: str, *, break_before: bool = False) -> str:
    """A run of ``text`` whose soft hyphens are Word's (``w:softHyphen``: a place a narrow
    column may break the word, with a hyphen shown only there)."""
    pieces = (f'<w:t xml:space="preserve">{wml.esc(piece)}</w:t>'
              for piece in text.split(SOFT_HYPHEN))
    return (f"<w:r><w:rPr>{properties}</w:rPr>" + ("<w:br/>" if break_before else "")
            + "<w:softHyphen/>".join(pieces) + "</w:r>")


def _header_cell(name: str, method: str = "", align: str | None = None) -> wml.Cell:
    """A header cell: ``name`` in bold, ``method`` under it in small grey type (soft hyphens in
    either: where a narrow column may break a long word)."""
    content = _soft_run(name, wml.rpr(bold=True, size=HEADER_POINTS))
    if method:
        content += _soft_run(method, wml.rpr(color=wml.DARK_GREY, size=METHOD_POINTS),
                             break_before=True)
    return wml.Cell(content, align=align)


def _project_line(project_name: str, project_file: str | os.PathLike | None) -> str:
    return project_name + (f" ({Path(project_file).name})" if project_file else "")


def export_agreement_docx(
    agreement: Mapping[str, Any],
    path: str | os.PathLike,
    *,
    project_name: str,
    project_file: str | os.PathLike | None = None,
) -> int:
    """Write the agreement table ``agreement`` (``AgreementReport.to_json()``, see
    :mod:`.agreement_tables`) to ``path`` as a Word document; returns the number of rows (codes
    and the overall row). ``project_file`` is never written over. Raises
    :class:`~glocal_annotator.errors.ExportFailure` (one line, nothing written) when the file
    cannot be written."""
    coders = list(agreement["coders"])
    codes = list(agreement["codes"])
    title = "Inter-coder agreement"
    document, meta, note, table_style = _start(f"{title}: {project_name}", title)
    details = [
        ("Project", _project_line(project_name, project_file)),
        ("Coders", ", ".join(coders)),
        ("Level", str(agreement["level"])),
        ("Unit", _unit(agreement)),
        ("Text nobody coded", "left out" if agreement.get("exclude_uncoded")
         else "counted (as agreement that the code does not apply)"),
        ("Exported", now_text()),
    ]
    if agreement.get("threshold") is not None:
        details.insert(3, ("Overlap threshold", f"{agreement['threshold']:.0%}"))
    parts = [wml.paragraph(wml.run(title), "Title"), *_details(details, meta)]
    parts.append(wml.paragraph(wml.run("Agreement per code"), "Heading1"))
    if not codes or all(code["units"] == 0 for code in codes):
        parts.append(wml.paragraph(wml.run("No units to compare: the coders applied none of "
                                           "these codes."), note))
    parts.append(_figures_table(codes, table_style))
    parts.append(wml.paragraph(wml.run(
        "n/a: undefined (only one value occurs, or there are no units); Cohen's kappa is for "
        "two coders only. Units are characters at character level."), note))
    parts.append(wml.paragraph(wml.run("Units each coder coded"), "Heading2"))
    parts.append(_coded_table(codes, coders, table_style))
    parts.append(wml.paragraph(wml.run("How the figures were computed"), "Heading1"))
    parts.append(wml.paragraph(wml.run("Unit: ", wml.rpr(bold=True))
                               + wml.run(_unit(agreement)), meta))
    first = codes[0] if codes else None
    for figure in FIGURES:
        method = first[figure]["method"] if first else FIGURE_SHORT[figure]
        parts.append(wml.paragraph(wml.run(f"{FIGURE_NAMES[figure]}: ", wml.rpr(bold=True))
                                   + wml.run(method), meta, keep_next=True))
        parts.append(wml.paragraph(wml.run(FORMULAS[figure]), note))
    wml.add_footer(document, f"{project_name}: inter-coder agreement")
    with atomic_write(path, protect=(project_file,) if project_file else ()) as temporary:
        wml.save(document, temporary, parts)
    return len(codes)


def _unit(agreement: Mapping[str, Any]) -> str:
    unit = str(agreement["unit"])
    return unit.removeprefix("unit: ")


def text_twips(text: str, points: float, *, bold: bool = False) -> int:
    """An estimate of ``text``'s width in twips at ``points`` (a wide serif's proportions, so
    that the fonts Word or LibreOffice put in its place fit too): narrow letters and
    punctuation a third of an em, capitals three quarters, ``m`` and ``w`` nearly an em, the
    rest about 0.62 em; bold 8 % wider."""
    ems = 0.0
    for char in text:
        if char in NARROW:
            ems += 0.35
        elif char in WIDE:
            ems += 0.9
        elif char.isdigit():
            ems += 0.64
        elif char.isupper():
            ems += 0.75
        else:
            ems += 0.65
    return round(ems * points * 20 * (1.08 if bold else 1.0))


def column_width(texts: Iterable[str], header_words: Iterable[str]) -> int:
    """The width in twips of a column of numbers: its longest text (10 pt) unbroken, and each
    word of its header (bold, :data:`HEADER_POINTS`; a word with soft hyphens by its longest
    piece and a hyphen) on a line of its own, with the cell's margins."""
    widest = max((text_twips(text, 10) for text in texts), default=0)
    pieces = [piece + ("-" if SOFT_HYPHEN in word else "")
              for word in header_words for piece in word.split(SOFT_HYPHEN)]
    word = max((text_twips(piece, HEADER_POINTS, bold=True) for piece in pieces), default=0)
    return max(widest, word) + CELL_MARGINS


def _figures_table(codes: Sequence[Mapping[str, Any]], table_style: str) -> str:
    agreeing = f"Agree{SOFT_HYPHEN}ing"
    header = [_header_cell("Code"), _header_cell("Units", align="right"),
              _header_cell(agreeing, "units", align="right")]
    header += [_header_cell(HEADER_NAMES[f], FIGURE_SHORT[f].replace(
        "Krippendorff", f"Krippen{SOFT_HYPHEN}dorff"), align="right") for f in FIGURES]
    rows = [header]
    columns: list[list[str]] = [[], [], [], [], []]  # the number columns' texts
    for number, code in enumerate(codes):
        overall = number == len(codes) - 1  # the report's last row pools every code
        name = code["code"] if overall else display_path(code["code"])
        texts = [f"{code['units']:,}", f"{code['agreeing_units']:,}",
                 *(figure_text(code[f]["value"], f) for f in FIGURES)]
        for column, text in zip(columns, texts, strict=True):
            column.append(text)
        rows.append([wml.text_cell(name, bold=overall)]
                    + [wml.text_cell(text, bold=overall, align="right") for text in texts])
    names = ["Units", agreeing, *(HEADER_NAMES[f] for f in FIGURES)]
    numbers = [column_width(texts, name.split()) for texts, name in
               zip(columns, names, strict=True)]
    room = TABLE_WIDTH - MIN_NAME_WIDTH
    if sum(numbers) > room:  # the header words may break; the numbers never
        least = [column_width(texts, ()) for texts in columns]
        spare = max(sum(numbers) - sum(least), 1)
        cut = sum(numbers) - room
        numbers = [max(n - (n - low) * cut // spare, low) for n, low in
                   zip(numbers, least, strict=True)]
    # the code's name takes the rest: a path on one or two lines, not four
    widths = (max(TABLE_WIDTH - sum(numbers), MIN_NAME_WIDTH), *numbers)
    return wml.table(rows, widths, text_style=table_style)


def _coded_table(codes: Sequence[Mapping[str, Any]], coders: Sequence[str],
                 table_style: str) -> str:
    first = 3000
    each = min((TABLE_WIDTH - first) // max(len(coders), 1), 1500)
    widths = (first, *([each] * len(coders)))
    rows = [[_header_cell("Code"), *(_header_cell(c, align="right") for c in coders)]]
    for number, code in enumerate(codes):
        overall = number == len(codes) - 1
        name = code["code"] if overall else display_path(code["code"])
        rows.append([wml.text_cell(name, bold=overall)]
                    + [wml.text_cell(f"{units:,}", bold=overall, align="right")
                       for units in code["coded_units_per_coder"]])
    return wml.table(rows, widths, text_style=table_style)


def export_disagreements_docx(
    rows: Sequence[Mapping[str, Any]],
    path: str | os.PathLike,
    *,
    coders: Sequence[str],
    project_name: str,
    project_file: str | os.PathLike | None = None,
) -> int:
    """Write the disagreement list ``rows`` (``[DisagreementRow.to_json(), ...]``, see
    :mod:`.agreement_tables`) between ``coders`` to ``path`` as a Word document; returns the
    number of passages. Raises as :func:`export_agreement_docx`."""
    title = "Disagreements between coders"
    document, meta, note, table_style = _start(f"{title}: {project_name}", title)
    passage = wml.paragraph_style(document, "Disputed Passage", left_indent=14, right_indent=14,
                                  space_before=2, space_after=8, line_spacing=1.15)
    citation = wml.paragraph_style(document, "Passage Citation", size=9, color=wml.DARK_GREY,
                                   space_before=8, space_after=2, line_spacing=1.0,
                                   keep_next=True)
    documents = list(dict.fromkeys(row["document"] for row in rows))
    parts = [wml.paragraph(wml.run(title), "Title"), *_details([
        ("Project", _project_line(project_name, project_file)),
        ("Coders", ", ".join(coders)),
        ("Contents", f"{len(rows):,} passage{'' if len(rows) == 1 else 's'} where the coders "
                     f"differ, in {len(documents):,} document"
                     f"{'' if len(documents) == 1 else 's'}"),
        ("Exported", now_text()),
    ], meta)]
    parts.append(wml.paragraph(wml.run(
        "A passage is a stretch of one document where, for one code, some coders applied the "
        "code and others did not. Positions are characters (code points) from the start of the "
        "document's text."), note))
    if not rows:
        parts.append(wml.paragraph(wml.run("No disagreements: the coders applied every code to "
                                           "the same text."), meta))
    else:
        parts.append(wml.paragraph(wml.run("Summary"), "Heading1"))
        parts.append(_summary_table(rows, table_style))
        by_document: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        for row in rows:
            by_document[row["document"]].append(row)
        first = True
        for name in documents:
            parts.append(wml.paragraph(wml.run(name), "Heading1", page_break_before=first))
            first = False
            for row in by_document[name]:
                parts.extend(_passage(row, citation, passage))
    wml.add_footer(document, f"{project_name}: disagreements between coders")
    with atomic_write(path, protect=(project_file,) if project_file else ()) as temporary:
        wml.save(document, temporary, parts)
    return len(rows)


def _summary_table(rows: Sequence[Mapping[str, Any]], table_style: str) -> str:
    passages: dict[str, int] = defaultdict(int)
    characters: dict[str, int] = defaultdict(int)
    for row in rows:
        passages[row["code"]] += 1
        characters[row["code"]] += row["end"] - row["start"]
    table = [[_header_cell("Code"), _header_cell("Passages", align="right"),
              _header_cell("Characters", align="right")]]
    for code in passages:
        table.append([wml.text_cell(display_path(code)),
                      wml.text_cell(f"{passages[code]:,}", align="right"),
                      wml.text_cell(f"{characters[code]:,}", align="right")])
    table.append([wml.text_cell("Total", bold=True),
                  wml.text_cell(f"{len(rows):,}", bold=True, align="right"),
                  wml.text_cell(f"{sum(characters.values()):,}", bold=True, align="right")])
    return wml.table(table, (6100, 1300, 1600), text_style=table_style)


def _passage(row: Mapping[str, Any], citation: str, passage: str) -> list[str]:
    lead = (wml.run(display_path(row["code"]), wml.rpr(bold=True))
            + wml.run(f" · characters {row['start']:,}–{row['end']:,} · coded by ")
            + wml.run(", ".join(row["coded_by"]), wml.rpr(bold=True))
            + wml.run("; not by ")
            + wml.run(", ".join(row["not_coded_by"]), wml.rpr(bold=True)))
    text = row["text"]
    return [wml.paragraph(lead, citation, keep_next=True),
            wml.paragraph(wml.run(text), passage, left_bar=wml.RULE,
                          keep_lines=len(text) <= LONG_PASSAGE, bidi=wml.is_rtl(text))]
