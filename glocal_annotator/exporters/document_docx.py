"""A coded document as Word: the full text, coded passages shaded in their codes' colours, and a
Word comment on every coding (its code path, coder, date and memo), so that a colleague without
this app can review the coding in Word's review pane.

Print shows no comments, so the codes are in the printed page too: a legend before the text (each
code with its colour swatch, how often it is used and the numbers of its codings), a small
superscript number where each coding ends (shaded in its code's colour; numbered in reading
order), and after the text a numbered list of the codings (number, swatch, code, paragraph, coder,
date, memo), one table row each, never split across pages. Names print as written.

One paragraph per line of the stored text (empty lines kept, so a comment's anchored text is the
coding's text exactly, but for line breaks at its very ends). Runs are split at every coding
boundary by one sweep over the sorted coding starts and ends. Where codings overlap, their colours
are multiplied like layers of highlighter ink (each first lightened as far as needed for black
text to stay readable), so overlaps come out darker but never too dark to read. A coding spanning
several paragraphs has one comment, from its first run to its last (python-docx's own
``add_comment`` anchors the same way; Word and LibreOffice both show such ranges).
"""

from __future__ import annotations

import bisect
import os
import re
from collections import Counter, defaultdict

from glocal_annotator.atomic import atomic_write
from glocal_annotator.code_paths import display_path
from glocal_annotator.colors import print_fill
from glocal_annotator.exporters import _wordml as wml
from glocal_annotator.exporters._common import Locator, local_date, now_text
from glocal_annotator.model import Code, Coding
from glocal_annotator.project import Project

MAX_LISTED = 30  # note numbers listed per code in the legend
_MARK_SEPARATOR = wml.rpr(superscript=True)
_XSD_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def export_document_docx(project: Project, document_id: int, path: str | os.PathLike) -> int:
    """Write one document with its codings to ``path``; returns the number of comments."""
    document_info = project.document(document_id)
    text = project.document_text(document_id)
    codings = project.codings(document_ids=[document_id])  # by start, end, id
    codes = {code.id: code for code in project.codes()}
    coders = {coder.id: coder.name for coder in project.coders()}

    document = wml.new_document(document_info.name, "Coded document")
    text_style = wml.paragraph_style(
        document,
        "Document Text",
        space_before=0,
        space_after=0 if "\n\n" in text else 6,
        line_spacing=1.15,
    )
    meta_style = wml.paragraph_style(
        document, "Report Details", size=10, space_after=3, line_spacing=1.0
    )
    note_style = wml.paragraph_style(
        document, "Code Definition", size=10, italic=True, color=wml.DARK_GREY, space_after=2
    )
    table_style = wml.table_text_style(document)

    body, numbers = _body(text, codings, codes, text_style)
    parts = [wml.paragraph(wml.run(document_info.name), "Title")]
    facts = [document_info.format.upper(), f"{document_info.characters:,} characters"]
    if document_info.page_starts:
        facts.append(f"{len(document_info.page_starts)} pages")
    for label, value in (
        ("Project", f"{project.name} ({project.path.name})"),
        ("Document", " · ".join(facts)),
        ("Codings", str(len(codings))),
        ("Exported", now_text()),
    ):
        parts.append(
            wml.paragraph(wml.run(f"{label}: ", wml.rpr(bold=True)) + wml.run(value), meta_style)
        )
    if codings:
        parts.append(wml.paragraph(wml.run("Codes in this document"), "Heading1"))
        parts.append(
            wml.paragraph(
                wml.run(
                    "Each coded passage is shaded in its code's colour and ends with a small "
                    "number; the numbered notes after the text name its code, coder, date and "
                    "memo. Where codings overlap the shade is darker. In Word the same shows as a "
                    "comment on each coding (Review > Show Comments)."
                ),
                note_style,
            )
        )
        parts.append(_legend(codings, codes, numbers, table_style))
    parts.append(wml.paragraph(wml.run("Text"), "Heading1"))
    parts.extend(body)
    if codings:
        parts.append(wml.paragraph(wml.run("Notes: the codings"), "Heading1", keep_next=True))
        locator = Locator(text, document_info.page_starts)
        parts.append(_notes(codings, codes, coders, numbers, locator, table_style))
        parts.append(wml.paragraph())  # Word wants the body to end with a paragraph
    wml.append_body(document, parts)
    if codings:
        _add_comments(document, codings, codes, coders, numbers)
    wml.add_footer(document, f"{project.name}: {document_info.name}")
    with atomic_write(path, protect=(project.path,)) as temp:
        document.save(temp)
    return len(codings)


def _number_list(numbers: list[int]) -> str:
    """``1, 4, 9``; past :data:`MAX_LISTED` numbers, ``1, 4, … (120 in all)``."""
    shown = ", ".join(str(n) for n in numbers[:MAX_LISTED])
    return shown + (f", … ({len(numbers)} in all)" if len(numbers) > MAX_LISTED else "")


def _legend(
    codings: list[Coding], codes: dict[int, Code], numbers: dict[int, int], table_style: str
) -> str:
    """The codes used, in codebook order: swatch, name as written, count, note numbers."""
    counts = Counter(coding.code_id for coding in codings)
    by_code: dict[int, list[int]] = defaultdict(list)
    for index, coding in enumerate(codings):
        by_code[coding.code_id].append(numbers[index])
    rows = [
        [
            wml.Cell(""),
            wml.text_cell("Code", bold=True),
            wml.text_cell("Codings", bold=True, align="right"),
            wml.text_cell("Notes", bold=True),
        ]
    ]
    for code in codes.values():  # codebook order
        if counts.get(code.id):
            rows.append(
                [
                    wml.Cell("", fill=wml.readable_fill(wml.hex_color(code.color))),
                    wml.text_cell(display_path(code.path)),
                    wml.text_cell(str(counts[code.id]), align="right"),
                    wml.text_cell(_number_list(sorted(by_code[code.id])), color=wml.DARK_GREY),
                ]
            )
    return wml.table(rows, (240, 4700, 1200, 2500), text_style=table_style)


def _notes(
    codings: list[Coding],
    codes: dict[int, Code],
    coders: dict[int, str],
    numbers: dict[int, int],
    locator: Locator,
    table_style: str,
) -> str:
    """One row per coding, by note number: number, swatch, code, where, coder and date, memo."""
    rows = [
        [
            wml.text_cell("No.", bold=True, align="right"),
            wml.Cell(""),
            wml.text_cell("Code · where, coder, date", bold=True),
            wml.text_cell("Memo", bold=True),
        ]
    ]
    details = wml.rpr(color=wml.DARK_GREY, size=9)
    for index in sorted(range(len(codings)), key=numbers.__getitem__):
        coding = codings[index]
        code = codes[coding.code_id]
        where = locator.location(coding.start, coding.end)
        coder = coders.get(coding.coder_id, "")
        rows.append(
            [
                wml.text_cell(str(numbers[index]), bold=True, align="right"),
                wml.Cell("", fill=wml.readable_fill(wml.hex_color(code.color))),
                wml.Cell(
                    wml.run(display_path(code.path), wml.rpr(bold=True))
                    + wml.run(f"\n{where} · {coder} · {local_date(coding.created_at)}", details)
                ),
                wml.text_cell(coding.memo.strip()),
            ]
        )
    return wml.table(rows, (640, 240, 4000, 3760), text_style=table_style)


def _body(
    text: str, codings: list[Coding], codes: dict[int, Code], style: str
) -> tuple[list[str], dict[int, int]]:
    """The text as paragraphs, runs split at coding boundaries, with comment range marks and a
    note number where each coding ends; and each coding's note number (by index in ``codings``),
    counted in the order the numbers appear in the text."""
    events: list[tuple[int, int, int]] = []  # (offset, 0 end | 1 start, coding index)
    for index, coding in enumerate(codings):
        if coding.end > coding.start:
            events.append((coding.start, 1, index))
            events.append((coding.end, 0, index))
    events.sort()
    fills: dict[frozenset[int], str] = {}

    def fill_for(active: dict[int, None]) -> str | None:
        if not active:
            return None
        key = frozenset(codings[i].code_id for i in active)
        found = fills.get(key)
        if found is None:
            found = fills[key] = print_fill([codes[code_id].color for code_id in sorted(key)])
        return found

    # First pass: segments (start, end, fill) per line, and each coding's first and last segment.
    lines: list[tuple[int, int, list[int]]] = []
    segments: list[tuple[int, int, str | None]] = []
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    active: dict[int, None] = {}
    count = len(events)
    event = 0
    line_start = 0
    while True:
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end == -1 else line_end
        while event < count and events[event][0] <= line_start:
            _apply(events[event], active)
            event += 1
        position = line_start
        line_segments: list[int] = []
        while position < line_end:
            upcoming = events[event][0] if event < count else line_end
            segment_end = min(upcoming, line_end)
            if segment_end > position:
                number = len(segments)
                segments.append((position, segment_end, fill_for(active)))
                line_segments.append(number)
                for index in active:
                    first.setdefault(index, number)
                    last[index] = number
            position = segment_end
            while event < count and events[event][0] <= position:
                _apply(events[event], active)
                event += 1
        lines.append((line_start, line_end, line_segments))
        if line_end >= len(text):
            break
        line_start = line_end + 1

    starts_at: dict[int, list[int]] = defaultdict(list)
    ends_at: dict[int, list[int]] = defaultdict(list)
    for index, number in first.items():
        starts_at[number].append(index)
    for index, number in last.items():
        ends_at[number].append(index)
    # Codings over line breaks only have no run to anchor on: mark them where they start.
    line_starts = [start for start, _end, _segments in lines]
    orphans: dict[int, list[int]] = defaultdict(list)
    for index, coding in enumerate(codings):
        if index not in first:
            orphans[max(0, bisect.bisect_right(line_starts, coding.start) - 1)].append(index)

    # Note numbers, in the order their marks come in the text (several at one place: by start).
    numbers: dict[int, int] = {}
    for ends in ends_at.values():
        ends.sort(key=lambda i: (codings[i].start, i))
    for line_number, (_start, _end, line_segments) in enumerate(lines):
        for number in line_segments:
            for index in ends_at.get(number, ()):
                numbers[index] = len(numbers) + 1
        for index in orphans.get(line_number, ()):
            numbers[index] = len(numbers) + 1
    marks: dict[int, str] = {}

    def mark(index: int, previous: bool) -> str:
        code_id = codings[index].code_id
        props = marks.get(code_id)
        if props is None:
            fill = wml.readable_fill(wml.hex_color(codes[code_id].color))
            props = marks[code_id] = wml.rpr(bold=True, shading=fill, superscript=True)
        separator = wml.run(",", _MARK_SEPARATOR) if previous else ""
        return separator + wml.run(str(numbers[index]), props)

    # Second pass: XML.
    run_properties: dict[str | None, str] = {}
    parts: list[str] = []
    for line_number, (start, end, line_segments) in enumerate(lines):
        pieces: list[str] = []
        for number in line_segments:
            for index in starts_at.get(number, ()):
                pieces.append(f'<w:commentRangeStart w:id="{index}"/>')
            segment_start, segment_end, fill = segments[number]
            props = run_properties.get(fill)
            if props is None:
                props = run_properties[fill] = wml.rpr(shading=fill) if fill else ""
            pieces.append(wml.run(text[segment_start:segment_end], props))
            for position, index in enumerate(ends_at.get(number, ())):
                pieces.append(_range_end(index) + mark(index, position > 0))
        for position, index in enumerate(orphans.get(line_number, ())):
            pieces.append(
                f'<w:commentRangeStart w:id="{index}"/>{_range_end(index)}'
                + mark(index, position > 0)
            )
        parts.append(wml.paragraph("".join(pieces), style, bidi=wml.is_rtl(text[start:end])))
    return parts, numbers


def _apply(event: tuple[int, int, int], active: dict[int, None]) -> None:
    _offset, kind, index = event
    if kind:
        active[index] = None
    else:
        active.pop(index, None)


def _range_end(index: int) -> str:
    return (
        f'<w:commentRangeEnd w:id="{index}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/>'
        f'</w:rPr><w:commentReference w:id="{index}"/></w:r>'
    )


def _initials(name: str) -> str:
    words = re.findall(r"\w+", name)
    return "".join(word[0] for word in words[:3]).upper() or name[:2]


def _add_comments(
    document: wml.Document,
    codings: list[Coding],
    codes: dict[int, Code],
    coders: dict[int, str],
    numbers: dict[int, int],
) -> None:
    parts = []
    for index, coding in enumerate(codings):
        code = codes[coding.code_id]
        coder = coders.get(coding.coder_id, "")
        date = coding.created_at if _XSD_DATETIME.fullmatch(coding.created_at or "") else ""
        date_attribute = f' w:date="{date}"' if date else ""
        paragraphs = [
            '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
            + wml.run(f"[{numbers[index]}] ", wml.rpr(color=wml.DARK_GREY))
            + wml.run(display_path(code.path), wml.rpr(bold=True)),
            wml.run(f"Coder: {coder} · {local_date(coding.created_at)}"),
        ]
        if coding.memo.strip():
            for number, line in enumerate(coding.memo.split("\n")):
                label = wml.run("Memo: ", wml.rpr(italic=True)) if number == 0 else ""
                paragraphs.append(label + wml.run(line))
        body = "".join(
            f'<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>{content}</w:p>'
            for content in paragraphs
        )
        parts.append(
            f'<w:comment w:id="{index}" w:author="{wml.esc(coder)}" '
            f'w:initials="{wml.esc(_initials(coder))}"{date_attribute}>{body}</w:comment>'
        )
    comments = wml.comments_element(document)
    fragment = wml.parse_xml(f"<w:comments {wml.nsdecls('w')}>{''.join(parts)}</w:comments>")
    for child in list(fragment):
        comments.append(child)
