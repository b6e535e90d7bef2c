"""What every excerpt export shares: the selection (filters, sub-codes), locations, dates and
progress with cancellation."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from glocal_annotator.code_paths import display_path
from glocal_annotator.exporters import ExportCancelled
from glocal_annotator.model import Code, CodingFilter, Document, Excerpt
from glocal_annotator.progress import Progress
from glocal_annotator.progress import Ticker as StepTicker
from glocal_annotator.text_units import page_number

if TYPE_CHECKING:
    from glocal_annotator.project import Project

_NON_BLANK = re.compile(r"\S")

@dataclass(frozen=True)
class ReportFigure:
    """A chart to place in a Word report, as plain data (the exporters never draw: the ui's
    charts or the command line make the picture).

    ``png`` is the bytes of a PNG file (its resolution, when it records one, sets its natural
    size); ``title`` is the caption under it (``Figure 1. TITLE``) and, with ``description``,
    its alternative text; ``width_cm`` is the width on the page in centimetres (None: the
    natural size, never wider than the text column nor taller than the page)."""

    title: str
    png: bytes
    width_cm: float | None = None
    description: str = ""


@dataclass
class ExcerptReportOptions:
    """What the coded excerpts report holds and how (:mod:`.excerpts_docx`). It lives here,
    with no python-docx import, so the options dialog can build one without loading python-docx
    at start-up."""

    where: CodingFilter = CodingFilter()  # a code includes its sub-codes
    group_by: str = "code"  # 'code' | 'document'
    include_context: bool = False
    context_chars: int = 200
    include_memos: bool = True
    title: str | None = None
    figures: tuple[ReportFigure, ...] = ()  # charts placed after the summary, in this order
    # Asked for in the GUI or with `export --charts`: the caller draws the figures (the exporter
    # only places what ``figures`` holds).
    include_charts: bool = False


@dataclass(frozen=True)
class Selection:
    """Excerpts matching the filters, and what is needed to describe and locate them."""

    excerpts: list[Excerpt]
    codes: list[Code]
    documents: list[Document]
    where: CodingFilter  # with the sub-codes of every code asked for


def select(
    project: Project, where: CodingFilter | None = None, ticker: Ticker | None = None
) -> Selection:
    """The excerpts ``where`` lets through, each chosen code with its sub-codes. With a
    ``ticker``, its current stage counts one step per excerpt read (see :func:`selected_count`
    for its size) and the reading can be cancelled between batches. Call inside
    :meth:`Project.reading`."""
    codes = project.codes()
    where = (where or CodingFilter()).with_subcodes(codes)
    excerpts: list[Excerpt] = []
    for batch in project.excerpt_batches(where):
        excerpts.extend(batch)
        if ticker is not None:
            ticker.step(len(batch))
    return Selection(excerpts, codes, project.documents(), where)


def selected_count(project: Project, where: CodingFilter | None = None) -> int:
    """How many excerpts :func:`select` will give for ``where``, counted in SQL."""
    return project.count_codings((where or CodingFilter()).with_subcodes(project.codes()))


def _name_list(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def describe_filters(project: Project, selection: Selection) -> list[tuple[str, str]]:
    """The filters in words: (label, description) for codes, documents and coders."""
    rows: list[tuple[str, str]] = []
    where = selection.where
    if where.code_ids is None:
        rows.append(("Codes", "all codes"))
    else:
        chosen = set(where.code_ids)
        by_id = {code.id: code for code in selection.codes}
        roots = [c for c in selection.codes if c.id in chosen and c.parent_id not in chosen]
        described = []
        for code in roots:
            below = sum(
                1
                for other in selection.codes
                if other.id in chosen and other.path.startswith(code.path + "/")
            )
            text = display_path(by_id[code.id].path)
            if below:
                text += f" (with its {below} sub-code{'s' if below != 1 else ''})"
            described.append(text)
        rows.append(("Codes", _name_list(described) or "none"))
    if where.document_ids is None:
        count = len(selection.documents)
        rows.append(("Documents",
                     "the only document" if count == 1 else f"all {count:,} documents"))
    else:
        names = {d.id: d.name for d in selection.documents}
        rows.append(
            (
                "Documents",
                _name_list([names.get(i, f"#{i}") for i in where.document_ids]) or "none",
            )
        )
    if where.coder_ids is None:
        rows.append(("Coders", "all coders"))
    else:
        coder_names = {c.id: c.name for c in project.coders()}
        rows.append(
            ("Coders", _name_list([coder_names.get(i, f"#{i}") for i in where.coder_ids]))
        )
    return rows


class Locator:
    """Paragraph and page numbers of offsets in one document, by bisection.

    Gives the same numbers as :func:`glocal_annotator.text_units.paragraph_number` (non-empty
    lines counted from 1) without rescanning the text for every excerpt.
    """

    def __init__(self, text: str, page_starts: Sequence[int] = ()) -> None:
        self.text = text
        self.page_starts = tuple(page_starts)
        self._line_ends = [match.start() for match in re.finditer("\n", text)]
        self._line_ends.append(len(text))
        counts: list[int] = []
        count = 0
        start = 0
        non_blank = _NON_BLANK.search  # \S is "not str.isspace()": what strip() keeps
        for end in self._line_ends:
            if non_blank(text, start, end):
                count += 1
            counts.append(count)
            start = end + 1
        self._counts = counts

    def paragraph(self, offset: int) -> int:
        line = min(bisect.bisect_left(self._line_ends, offset), len(self._line_ends) - 1)
        return max(self._counts[line], 1)

    def page(self, offset: int) -> int | None:
        return page_number(self.page_starts, offset)

    def location(self, start: int, end: int) -> str:
        """``¶ 3`` or ``¶ 3–5``; with ``p. 2`` / ``pp. 2–3`` first for paged (PDF) sources."""
        last = max(start, end - 1)
        first_paragraph, last_paragraph = self.paragraph(start), self.paragraph(last)
        paragraphs = (
            f"¶ {first_paragraph}"
            if first_paragraph == last_paragraph
            else f"¶ {first_paragraph}–{last_paragraph}"
        )
        if not self.page_starts:
            return paragraphs
        first_page, last_page = self.page(start), self.page(last)
        pages = f"p. {first_page}" if first_page == last_page else f"pp. {first_page}–{last_page}"
        return f"{pages}, {paragraphs}"


@lru_cache(maxsize=4096)
def local_date(iso: str) -> str:
    """A stored UTC time (``2026-11-23T13:33:11Z``) as a local date, ``2026-11-23``."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    except ValueError:
        return iso[:10]
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d")


def now_text() -> str:
    return datetime.now().strftime("%Y-%m-%d %H:%M")


class Ticker(StepTicker):
    """Progress and cancellation for an export (:class:`glocal_annotator.progress.Ticker`):
    a cancel raises :class:`ExportCancelled`, nothing written. ``progress`` is called once
    with ``done == total`` (:meth:`finish`) before the file is put in place. An export made of
    stages (lay out, then write) gives each stage its share of the units with :meth:`stage`.
    """

    def __init__(
        self, progress: Progress | None, total: int, interval: float | None = None
    ) -> None:
        super().__init__(progress, total, interval, cancelled=ExportCancelled)
