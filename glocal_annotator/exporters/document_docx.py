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
from collections import defaultdict

from glocal_annotator.atomic import atomic_write
from glocal_annotator.code_paths import display_path
from glocal_annotator.colors import mix_print_fill
from glocal_annotator.exporters import _wordml as wml
from glocal_annotator.exporters._common import Locator, Progress, Ticker, local_date, now_text
from glocal_annotator.model import Code, Coding, CodingFilter
from glocal_annotator.project import Project
from glocal_annotator.wording import plural

MAX_LISTED = 30  # note numbers listed per code in the legend
_MARK_SEPARATOR = wml.rpr(superscript=True)
_XSD_DATETIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def export_document_docx(
    project: Project,
    document_id: int,
    path: str | os.PathLike,
    *,
    progress: Progress | None = None,
) -> int:
    """Write one document with its codings to ``path``; returns the number of comments.

    ``progress(done, total)`` as for every export (:class:`~._common.Ticker`: units of work, a
    call at least every 20 ms of it); when it returns False the export stops with
    :class:`~glocal_annotator.exporters.ExportCancelled` and nothing is written. The project is
    only read (in one snapshot, :meth:`Project.reading`), so a worker thread may run this on a
    project of its own (:meth:`Project.open_reader`) while the window goes on changing it.
    Raises :class:`~glocal_annotator.errors.NotFound` for an unknown document and
    :class:`~glocal_annotator.errors.ExportFailure` when the file cannot be written.
    """
    ticker = Ticker(progress, _UNITS)
    ticker.report(0)
    with project.reading():
        document_info = project.document(document_id)
        text = project.document_text(document_id)
        codes = {code.id: code for code in project.codes()}
        coders = {coder.id: coder.name for coder in project.coders()}
        project_name, project_file = project.name, project.path
        ticker.stage(document_info.codings + 1, _UNITS * 5 // 100)
        ticker.step()
        codings: list[Coding] = []  # by start, end, id
        for batch in project.coding_batches(CodingFilter(document_ids=[document_id])):
            codings.extend(batch)
            ticker.step(len(batch))

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
    wml.add_footer(document, f"{project_name}: {document_info.name}")
    looks = _Looks(codes)

    body, numbers = _body(text, codings, looks, text_style, ticker)
    parts = [wml.paragraph(wml.run(document_info.name), "Title")]
    facts = [document_info.format.upper(), plural(document_info.characters, "character")]
    if document_info.page_starts:
        facts.append(plural(len(document_info.page_starts), "page"))
    for label, value in (
        ("Project", f"{project_name} ({project_file.name})"),
        ("Document", " · ".join(facts)),
        ("Codings", str(len(codings))),
        ("Exported", now_text()),
    ):
        parts.append(
            wml.paragraph(wml.run(f"{label}: ", wml.rpr(bold=True)) + wml.run(value), meta_style)
        )
    comments: list[str] = []
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
        parts.append(_legend(codings, codes, looks, numbers, table_style))
    parts.append(wml.paragraph(wml.run("Text"), "Heading1"))
    parts.extend(body)
    if codings:
        parts.append(wml.paragraph(wml.run("Notes: the codings"), "Heading1", keep_next=True))
        ticker.stage(len(codings), _UNITS * 15 // 100)
        locator = Locator(text, document_info.page_starts)
        ticker.step(0)
        parts.extend(_notes(codings, looks, coders, numbers, locator, table_style, ticker))
        parts.append(wml.paragraph())  # Word wants the body to end with a paragraph
        ticker.stage(len(codings), _UNITS * 15 // 100)
        comments = _comments(codings, looks, coders, numbers, ticker)
    with atomic_write(path, protect=(project_file,)) as temp:
        wml.save(document, temp, parts, comments, ticker=ticker, share=_UNITS * 25 // 100)
        ticker.finish()
    return len(codings)


_UNITS = 1000  # progress units: 5 % reading, 40 % the text, 15 % notes, 15 % comments, 25 % file


class _Looks:
    """What each code looks like in print, worked out once per code: its path as shown, its
    swatch (readable fill) and the run properties of its note numbers."""

    def __init__(self, codes: dict[int, Code]) -> None:
        self.codes = codes
        self.colors = {code_id: wml.hex_color(code.color) for code_id, code in codes.items()}
        self.paths = {code_id: display_path(code.path) for code_id, code in codes.items()}
        self.swatches = {
            code_id: wml.readable_fill(color) for code_id, color in self.colors.items()
        }
        self.marks = {
            code_id: wml.rpr(bold=True, shading=fill, superscript=True)
            for code_id, fill in self.swatches.items()
        }


def _number_list(numbers: list[int]) -> str:
    """``1, 4, 9``; past :data:`MAX_LISTED` numbers, ``1, 4, … (120 in all)``."""
    shown = ", ".join(str(n) for n in numbers[:MAX_LISTED])
    return shown + (f", … ({len(numbers)} in all)" if len(numbers) > MAX_LISTED else "")


def _legend(
    codings: list[Coding],
    codes: dict[int, Code],
    looks: _Looks,
    numbers: list[int],
    table_style: str,
) -> str:
    """The codes used, in codebook order: swatch, name as written, count, note numbers."""
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
    for code_id in codes:  # codebook order
        listed = by_code.get(code_id)
        if listed:
            rows.append(
                [
                    wml.Cell("", fill=looks.swatches[code_id]),
                    wml.text_cell(looks.paths[code_id]),
                    wml.text_cell(str(len(listed)), align="right"),
                    wml.text_cell(_number_list(sorted(listed)), color=wml.DARK_GREY),
                ]
            )
    return wml.table(rows, (240, 4700, 1200, 2500), text_style=table_style)


def _by_number(numbers: list[int]) -> list[int]:
    """Indexes into the codings, in the order of their note numbers (1, 2, ...)."""
    order = [0] * len(numbers)
    for index, number in enumerate(numbers):
        order[number - 1] = index
    return order


def _notes(
    codings: list[Coding],
    looks: _Looks,
    coders: dict[int, str],
    numbers: list[int],
    locator: Locator,
    table_style: str,
    ticker: Ticker,
) -> list[str]:
    """One row per coding, by note number: number, swatch, code, where, coder and date, memo
    (the table's XML in pieces: :func:`wml.table_parts`)."""
    widths = (640, 240, 4000, 3760)
    header = [
        wml.text_cell("No.", bold=True, align="right"),
        wml.Cell(""),
        wml.text_cell("Code · where, coder, date", bold=True),
        wml.text_cell("Memo", bold=True),
    ]
    # Each row is joined from pieces made once: the cells' openings, each code's swatch cell
    # and name, the run properties (50,000 rows of Cell objects took a second).
    number_open = wml.ROW_OPEN + wml.cell_open(widths[0], text_style=table_style, align="right")
    swatch = {
        code_id: wml.cell_open(widths[1], text_style=table_style, fill=fill) + wml.CELL_CLOSE
        for code_id, fill in looks.swatches.items()
    }
    code_open = wml.cell_open(widths[2], text_style=table_style)
    memo_open = wml.cell_open(widths[3], text_style=table_style)
    bold = wml.rpr(bold=True)
    details = wml.rpr(color=wml.DARK_GREY, size=9)
    code_runs = {code_id: wml.run(path, bold) for code_id, path in looks.paths.items()}
    close = wml.CELL_CLOSE
    rows: list[str] = []
    for index in _by_number(numbers):
        coding = codings[index]
        where = locator.location(coding.start, coding.end)
        coder = coders.get(coding.coder_id, "")
        memo = coding.memo.strip()
        rows.append(
            "".join(
                (
                    number_open,
                    wml.run(str(numbers[index]), bold),
                    close,
                    swatch[coding.code_id],
                    code_open,
                    code_runs[coding.code_id],
                    wml.run(f"\n{where} · {coder} · {local_date(coding.created_at)}", details),
                    close,
                    memo_open,
                    wml.run(memo) if memo else "",
                    close,
                    wml.ROW_CLOSE,
                )
            )
        )
        ticker.step()
    return wml.table_parts([header], widths, text_style=table_style, prebuilt_rows=rows)


def _body(
    text: str, codings: list[Coding], looks: _Looks, style: str, ticker: Ticker
) -> tuple[list[str], list[int]]:
    """The text as paragraphs, runs split at coding boundaries, with comment range marks and a
    note number where each coding ends; and each coding's note number (by index in ``codings``),
    counted in the order the numbers appear in the text.

    Linear in the text and the codings whatever their overlap (the events are sorted once; each
    event and each segment is handled once). The shading of a segment is keyed by the colours of
    the codes over it: each mix of colours is worked out once (:func:`mix_print_fill`)."""
    ticker.stage(2 * len(text) + 2, _UNITS * 40 // 100)
    events: list[tuple[int, int, int]] = []  # (offset, 0 end | 1 start, coding index)
    for index, coding in enumerate(codings):
        if coding.end > coding.start:
            events.append((coding.start, 1, index))
            events.append((coding.end, 0, index))
    ticker.step(0)
    events.sort()
    ticker.step(0)
    code_of = [coding.code_id for coding in codings]
    fills: dict[tuple[str, ...], str] = {}
    codes_over: dict[int, int] = {}  # code id -> how many of the active codings have it

    def current_fill() -> str | None:
        if not codes_over:
            return None
        key = tuple(sorted([looks.colors[code_id] for code_id in codes_over]))
        found = fills.get(key)
        if found is None:
            found = fills[key] = mix_print_fill(key)
        return found

    # First pass: segments (start, end, fill) per line, and each coding's first and last segment
    # (a coding is "waiting" from its start until the first segment after it).
    lines: list[tuple[int, int, list[int]]] = []
    segments: list[tuple[int, int, str | None]] = []
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    waiting: dict[int, None] = {}

    def apply(event: tuple[int, int, int]) -> None:
        _offset, kind, index = event
        code_id = code_of[index]
        if kind:
            waiting[index] = None
            codes_over[code_id] = codes_over.get(code_id, 0) + 1
            return
        if index in first:
            last[index] = len(segments) - 1
        else:
            waiting.pop(index, None)  # over line breaks only: no segment of its own
        if codes_over[code_id] == 1:
            del codes_over[code_id]
        else:
            codes_over[code_id] -= 1

    count = len(events)
    event = 0
    line_start = 0
    length = len(text)
    done = 0  # characters handled since the last progress step
    while True:
        line_end = text.find("\n", line_start)
        line_end = length if line_end == -1 else line_end
        while event < count and events[event][0] <= line_start:
            apply(events[event])
            event += 1
        position = line_start
        line_segments: list[int] = []
        fill = current_fill()
        while position < line_end:
            upcoming = events[event][0] if event < count else line_end
            segment_end = min(upcoming, line_end)
            if segment_end > position:
                number = len(segments)
                segments.append((position, segment_end, fill))
                line_segments.append(number)
                if waiting:
                    for index in waiting:
                        first[index] = number
                    waiting.clear()
                done += segment_end - position
                if done >= 4096:
                    ticker.step(done)
                    done = 0
            position = segment_end
            changed = False
            while event < count and events[event][0] <= position:
                apply(events[event])
                event += 1
                changed = True
            if changed:
                fill = current_fill()
        lines.append((line_start, line_end, line_segments))
        if line_end >= length:
            break
        line_start = line_end + 1
        done += 1
    while event < count:  # codings ending at the very end of the text
        apply(events[event])
        event += 1
    for index in first:  # a coding still open at the end ends in the last segment
        last.setdefault(index, len(segments) - 1)
    ticker.step(done + 1)

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

    ticker.step(0)
    # Note numbers, in the order their marks come in the text (several at one place: by start).
    numbers = [0] * len(codings)
    counted = 0
    for ends in ends_at.values():
        if len(ends) > 1:
            ends.sort(key=lambda i: (codings[i].start, i))
    for line_number, (_start, _end, line_segments) in enumerate(lines):
        for number in line_segments:
            for index in ends_at.get(number, ()):
                counted += 1
                numbers[index] = counted
            if not number & 1023:
                ticker.step(0)
        for index in orphans.get(line_number, ()):
            counted += 1
            numbers[index] = counted
    ticker.step(0)
    marks = looks.marks
    separator = wml.run(",", _MARK_SEPARATOR)

    def mark(index: int, previous: bool) -> str:
        number = wml.run(str(numbers[index]), marks[code_of[index]])
        return separator + number if previous else number

    # Second pass: XML.
    done = 0
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
            done += segment_end - segment_start
            if done >= 4096:
                ticker.step(done)
                done = 0
        for position, index in enumerate(orphans.get(line_number, ())):
            pieces.append(
                f'<w:commentRangeStart w:id="{index}"/>{_range_end(index)}'
                + mark(index, position > 0)
            )
        parts.append(wml.paragraph("".join(pieces), style, bidi=wml.is_rtl(text[start:end])))
        done += 1
    ticker.step(done + 1)
    return parts, numbers


def _range_end(index: int) -> str:
    return (
        f'<w:commentRangeEnd w:id="{index}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/>'
        f'</w:rPr><w:commentReference w:id="{index}"/></w:r>'
    )


def _initials(name: str) -> str:
    words = re.findall(r"\w+", name)
    return "".join(word[0] for word in words[:3]).upper() or name[:2]


def _comments(
    codings: list[Coding],
    looks: _Looks,
    coders: dict[int, str],
    numbers: list[int],
    ticker: Ticker,
) -> list[str]:
    """A ``w:comment`` element (XML) per coding, with the coding's index as its id."""
    authors = {
        coder_id: f'w:author="{wml.esc(name)}" w:initials="{wml.esc(_initials(name))}"'
        for coder_id, name in coders.items()
    }
    code_runs = {
        code_id: wml.run(path, wml.rpr(bold=True)) for code_id, path in looks.paths.items()
    }
    reference = (
        '<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
    )
    grey = wml.rpr(color=wml.DARK_GREY)
    paragraph = '<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
    memo_label = wml.run("Memo: ", wml.rpr(italic=True))
    parts = []
    for index, coding in enumerate(codings):
        coder = coders.get(coding.coder_id, "")
        author = authors.get(coding.coder_id, 'w:author="" w:initials=""')
        date = coding.created_at if _XSD_DATETIME.fullmatch(coding.created_at or "") else ""
        date_attribute = f' w:date="{date}"' if date else ""
        pieces = [
            f'<w:comment w:id="{index}" {author}{date_attribute}>',
            reference,
            wml.run(f"[{numbers[index]}] ", grey),
            code_runs[coding.code_id],
            "</w:p>",
            paragraph,
            wml.run(f"Coder: {coder} · {local_date(coding.created_at)}"),
            "</w:p>",
        ]
        if coding.memo.strip():
            for number, line in enumerate(coding.memo.split("\n")):
                label = memo_label if number == 0 else ""
                pieces.append(f"{paragraph}{label}{wml.run(line)}</w:p>")
        pieces.append("</w:comment>")
        parts.append("".join(pieces))
        ticker.step()
    return parts
