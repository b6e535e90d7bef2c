"""What every excerpt export shares: the selection (filters, sub-codes), locations, dates and
progress with cancellation."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING

from glocal_annotator.code_paths import split_path
from glocal_annotator.exporters import ExportCancelled
from glocal_annotator.model import Code, Document, Excerpt, with_subcodes
from glocal_annotator.text_units import page_number

if TYPE_CHECKING:
    from glocal_annotator.project import Project

Progress = Callable[[int, int], object]

PATH_SEPARATOR = " / "


@lru_cache(maxsize=4096)
def display_path(path: str) -> str:
    r"""A code's written path (:attr:`Code.path`) for reading: its names as written, joined by
    `` / `` (``a/b`` as ``a / b``; the name ``in/out``, written ``in\/out``, as ``in/out``)."""
    return PATH_SEPARATOR.join(split_path(path))


def expand_code_ids(codes: Sequence[Code], code_ids: Sequence[int] | None) -> list[int] | None:
    """:func:`~glocal_annotator.model.with_subcodes`, but None (no filter) stays None."""
    return None if code_ids is None else with_subcodes(codes, code_ids)


@dataclass
class ExcerptReportOptions:
    """What the coded excerpts report holds and how (:mod:`.excerpts_docx`). It lives here,
    with no python-docx import, so the options dialog can build one without loading python-docx
    at start-up."""

    code_ids: Sequence[int] | None = None  # a code includes its sub-codes
    document_ids: Sequence[int] | None = None
    coder_ids: Sequence[int] | None = None
    group_by: str = "code"  # 'code' | 'document'
    include_context: bool = False
    context_chars: int = 200
    include_memos: bool = True
    title: str | None = None


@dataclass(frozen=True)
class Selection:
    """Excerpts matching the filters, and what is needed to describe and locate them."""

    excerpts: list[Excerpt]
    codes: list[Code]
    documents: list[Document]
    code_ids: list[int] | None
    document_ids: list[int] | None
    coder_ids: list[int] | None


def select(
    project: Project,
    code_ids: Sequence[int] | None = None,
    document_ids: Sequence[int] | None = None,
    coder_ids: Sequence[int] | None = None,
) -> Selection:
    codes = project.codes()
    expanded = expand_code_ids(codes, code_ids)
    documents = list(document_ids) if document_ids is not None else None
    coders = list(coder_ids) if coder_ids is not None else None
    excerpts = project.excerpts(document_ids=documents, code_ids=expanded, coder_ids=coders)
    return Selection(excerpts, codes, project.documents(), expanded, documents, coders)


def _name_list(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def describe_filters(project: Project, selection: Selection) -> list[tuple[str, str]]:
    """The filters in words: (label, description) for codes, documents and coders."""
    rows: list[tuple[str, str]] = []
    if selection.code_ids is None:
        rows.append(("Codes", "all codes"))
    else:
        chosen = set(selection.code_ids)
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
    if selection.document_ids is None:
        rows.append(("Documents", f"all {len(selection.documents)} documents"))
    else:
        names = {d.id: d.name for d in selection.documents}
        rows.append(
            (
                "Documents",
                _name_list([names.get(i, f"#{i}") for i in selection.document_ids]) or "none",
            )
        )
    if selection.coder_ids is None:
        rows.append(("Coders", "all coders"))
    else:
        coder_names = {c.id: c.name for c in project.coders()}
        rows.append(
            ("Coders", _name_list([coder_names.get(i, f"#{i}") for i in selection.coder_ids]))
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
        for end in self._line_ends:
            if text[start:end].strip():
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

    def context(self, start: int, end: int, chars: int) -> tuple[str, str]:
        """:func:`context` of ``[start, end)`` in this locator's text, by its line index."""
        return context(self.text, start, end, chars, self._line_ends)


_NON_SPACE = re.compile(r"\S")


def _blank(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is only whitespace, without copying it."""
    return _NON_SPACE.search(text, start, end) is None


def _line_bounds(line_ends: Sequence[int], line: int) -> tuple[int, int]:
    return (line_ends[line - 1] + 1 if line else 0), line_ends[line]


def context(
    text: str, start: int, end: int, chars: int, line_ends: Sequence[int] | None = None
) -> tuple[str, str]:
    """Up to ``chars`` characters before and after ``[start, end)``, cut at word boundaries,
    with ``…`` where the text goes on. Context stays in the excerpt's paragraph; when the excerpt
    starts (ends) its paragraph, the end (start) of the paragraph before (after) is shown,
    after (before) a line break.

    ``line_ends`` (the offsets of every ``\n`` and then ``len(text)``, as :class:`Locator`
    keeps them) make each call take time in ``chars``, not in the paragraph's length: without
    them they are found here, which costs a pass over ``text``.
    """
    if chars <= 0:
        return "", ""
    if line_ends is None:
        line_ends = [match.start() for match in re.finditer("\n", text)] + [len(text)]
    line = bisect.bisect_left(line_ends, start)
    line_start = _line_bounds(line_ends, line)[0]
    before, gap = "", ""
    if not _blank(text, line_start, start):
        low, high = line_start, start
    else:
        found = next(
            (
                bounds
                for number in range(line - 1, -1, -1)
                if not _blank(text, *(bounds := _line_bounds(line_ends, number)))
            ),
            None,
        )
        low, high = found if found else (start, start)
        gap = "\n" if found else ""
    if high > low:
        before = text[max(low, high - chars) : high]
        if high - chars > low:
            cut = re.search(r"\s", before)
            before = before[cut.end() :] if cut and cut.end() < len(before) else before
            before = "…" + before.lstrip()
        before = before.lstrip() + (gap or text[high:start])
    last_line = bisect.bisect_left(line_ends, max(start, end - 1))
    line_end = line_ends[min(last_line, len(line_ends) - 1)]
    after, gap = "", ""
    if not _blank(text, end, line_end):
        low, high = end, line_end
    else:
        found = next(
            (
                bounds
                for number in range(last_line + 1, len(line_ends))
                if not _blank(text, *(bounds := _line_bounds(line_ends, number)))
            ),
            None,
        )
        low, high = found if found else (end, end)
        gap = "\n" if found else ""
    if high > low:
        after = text[low : min(high, low + chars)]
        if low + chars < high:
            spaces = [m.start() for m in re.finditer(r"\s", after)]
            after = after[: spaces[-1]] if spaces and spaces[-1] > 0 else after
            after = after.rstrip() + "…"
        after = (gap or text[end:low]) + after.rstrip()
    return before, after


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


class Ticker:
    """Calls ``progress(done, total)`` every ``every`` items and raises
    :class:`ExportCancelled` when it returns False."""

    def __init__(self, progress: Progress | None, total: int, every: int = 250) -> None:
        self.progress = progress
        self.total = total
        self.every = every
        self.done = 0

    def report(self, done: int) -> None:
        if self.progress is not None and self.progress(done, self.total) is False:
            raise ExportCancelled()

    def step(self) -> None:
        self.done += 1
        if self.progress is not None and self.done % self.every == 0:
            self.report(self.done)
