"""The document view: read-only text, each coding highlighted in its code's colour, coding brackets.

Positions in the API are code points (Python ``str`` indices, what the project stores); Qt counts
UTF-16 units. :class:`~glocal_annotator.ui.document.offsets.OffsetMap` converts at this boundary
only.

Highlighting is scheduled, not done all at once: ``setPlainText`` formats nothing (the
highlighter is not a ``QSyntaxHighlighter``, which Qt would call for every block). Before each
paint the view
highlights the blocks on screen that are not done yet, so what is painted is always right; then an
idle timer highlights the rest in slices of a few milliseconds (blocks without codings cost
nothing).
Adding or removing a coding rehighlights only the blocks it touches.

Big work on the codings is done in steps, never in one long turn of the event loop: a document
opened with many codings shows its text at once and fills its span index a few thousand codings
per turn (its highlights and brackets appear when the index is complete); thousands of codings
added or removed at once (an autocode, its undo), restyled or filtered are applied the same way.
Such *jobs* run one after another, in order: a change asked for while one is pending waits its
turn (what :meth:`DocumentView.busy` tells), so the codings shown always end up as the project
has them. A paragraph too long to lay out at once is shown as several text blocks
(:mod:`.display`), so what is laid out and highlighted follows what is on screen there too.

Only a selection the user makes is ever coded. Going to a passage (a search hit, a coded
segment, a bracket in the margin) marks it (:meth:`DocumentView.show_found` with a "found"
highlight, :meth:`DocumentView.select_coding` with the selected-coding emphasis) and puts the
cursor at its start without selecting anything, so a later double-click or Enter on a code, or
a quick key, cannot code text the user never chose.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator

from PySide6.QtCore import QByteArray, QMimeData, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QTextCharFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QVBoxLayout, QWidget

from glocal_annotator.ui.common import feedback, memory
from glocal_annotator.ui.common.mime import MIME_SELECTION
from glocal_annotator.ui.document.blocks import numbered, on_screen
from glocal_annotator.ui.document.display import display_text
from glocal_annotator.ui.document.highlighter import CodingHighlighter
from glocal_annotator.ui.document.lanes import CodingSpan, SpanIndex
from glocal_annotator.ui.document.margin import CodingMargin
from glocal_annotator.ui.document.state import DocumentViewState

__all__ = ["CodingSpan", "DocumentView"]

_EAGER_BLOCKS = 12  # a change over more blocks than this is highlighted lazily
AT_ONCE = 5_000  # codings a document is shown with at once; more are loaded in steps
ONE_BY_ONE = 100  # codings added or removed one by one (each repainted at once); more: a job
_JOB_SLICE = 0.010  # seconds of a job's steps per event-loop turn
FOUND_BACKGROUND = QColor("#FFE45C")  # a found passage: a marker-pen yellow over the codings
FOUND_OUTLINE = QColor("#B58900")
_IDLE_SLICE = 0.008  # seconds of background highlighting per event-loop turn


class _TextEdit(QPlainTextEdit):
    """The text: highlights what is on screen before painting it; drags code-point ranges."""

    def __init__(self, view: DocumentView) -> None:
        super().__init__(view)
        self._view = view

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._view._highlight_visible()
        super().paintEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._view._place_margin()

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt's name
        start, end = self._view.selected_range()
        mime = QMimeData()
        # the stored text, not selectedText() (which has U+2029 for line breaks)
        mime.setText(self._view.state.text[start:end])
        mime.setData(MIME_SELECTION, QByteArray(f"{start},{end}".encode("ascii")))
        return mime

    def contextMenuEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self._view._text_context_menu(event.pos(), event.globalPos())
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if not self._view._delete_key(event):
            super().keyPressEvent(event)


class DocumentView(QWidget):
    """Read-only document with coding highlights and a margin of coding brackets.

    What it shows is :attr:`state` (a :class:`DocumentViewState` that the margin and the
    highlighter share); as the open document of the window it also answers
    :attr:`document_id`, :attr:`text`, :meth:`selected_range` and :meth:`selected_coding`.
    """

    selectionChanged = Signal(int, int)  # code points; equal when the selection is empty
    codingClicked = Signal(int)
    codingActivated = Signal(int)
    contextMenuRequested = Signal(QPoint, list)
    deleteCodingRequested = Signal(int)
    spansLoaded = Signal()  # the codings of a document set in steps are all shown now

    def __init__(self, parent: QWidget | None = None, *, background: bool = True) -> None:
        super().__init__(parent)
        self.setObjectName("documentView")
        self.setAccessibleName("Document")
        self.state = DocumentViewState()
        self._done = bytearray()  # 1 where a block's formats are up to date
        self._last_selection = (0, 0)
        self._background = background
        self._idle_block = 0

        edit = self._edit = _TextEdit(self)
        edit.setObjectName("documentText")
        edit.setAccessibleName("Document text")
        edit.setReadOnly(True)
        edit.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        edit.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        edit.setUndoRedoEnabled(False)
        edit.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self._highlighter = CodingHighlighter(self.state)
        self._margin = CodingMargin(self.state, edit)
        self._margin.set_label_font(edit.font())
        self._margin.codingClicked.connect(self._bracket_clicked)
        self._margin.codingActivated.connect(self._bracket_activated)
        self._margin.menuRequested.connect(self._bracket_menu)
        self._margin.deleteRequested.connect(self.deleteCodingRequested)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(edit)
        self.setFocusProxy(edit)

        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(0)
        self._idle.timeout.connect(self._highlight_idle)
        self._jobs: deque[Iterator[None]] = deque()
        self._holding = False  # the garbage collector is held while jobs are pending
        self._replaying = 0  # inside a queued change: it is done now, not queued again
        self._insert_at = 1  # where a job started by the change running now goes in the queue
        self._job_timer = QTimer(self)
        self._job_timer.setInterval(0)
        self._job_timer.timeout.connect(self._run_jobs)

        edit.updateRequest.connect(self._on_update_request)
        edit.selectionChanged.connect(self._on_selection_changed)
        edit.cursorPositionChanged.connect(self._on_selection_changed)
        self._place_margin()

    # -- the open document ------------------------------------------------------------------------

    @property
    def document_id(self) -> int | None:
        """The project's id of the document shown; None when none is open."""
        return self.state.document_id

    @property
    def text(self) -> str:
        """The stored text of the document shown (code points)."""
        return self.state.text

    # -- content ---------------------------------------------------------------------------------

    def set_document(self, text: str, spans: Iterable[CodingSpan],
                     document_id: int | None = None) -> None:
        """Show ``text`` (the stored text of the document ``document_id``) with ``spans``.

        A list of up to :data:`AT_ONCE` codings is shown at once. More (or a lazy iterable,
        read as it goes) are indexed in steps after this returns: the text shows at once, its
        highlights and brackets when :attr:`spansLoaded` is emitted (:meth:`busy` till then)."""
        self._idle.stop()
        self._jobs.clear()
        self._jobs_done()
        state = self.state
        state.selected = None
        display = display_text(text)
        state.document_id = document_id
        state.text = text
        state.offsets = display.offsets
        state.index = None  # nothing to paint from until the new index is complete
        starts, ends = display.starts, display.ends
        highlighter = self._highlighter
        self._edit.setPlainText(display.shown)
        document = self._edit.document()
        blocks = document.blockCount()
        if blocks != len(starts):  # Qt split lines somewhere else: take its word for it
            block, starts, ends = document.firstBlock(), [], []
            to_cp = state.offsets.to_cp
            while block.isValid():
                starts.append(to_cp(block.position()))
                ends.append(to_cp(block.position() + block.length() - 1))
                block = block.next()
        index = SpanIndex(starts, len(text), ends)
        highlighter.formatted = bytearray(blocks)
        self._done = bytearray(blocks)
        self._last_selection = (0, 0)
        self.clear_found()
        if isinstance(spans, list | tuple) and len(spans) <= AT_ONCE:
            index.set_spans(spans)
            self._install(index)
        else:
            self._lanes_changed()
            self._start_job(self._filling(index, spans))
        self._edit.viewport().update()

    def _filling(self, index: SpanIndex, spans: Iterable[CodingSpan]) -> Iterator[None]:
        yield from index.filling(spans)
        self._install(index)
        self.spansLoaded.emit()

    def _install(self, index: SpanIndex) -> None:
        """Show the codings of ``index`` (complete) from now on: every block is redone."""
        state = self.state
        state.index = index
        if state.selected is not None and state.selected not in index.spans:
            state.selected = None
        self._invalidate_all()

    def clear(self) -> None:
        """Show no document."""
        self.set_document("", [])

    # -- changes to the codings shown --------------------------------------------------------------

    def busy(self) -> bool:
        """Whether codings are still being loaded or changed in steps (see the module's doc)."""
        return bool(self._jobs)

    def finish_jobs(self) -> None:
        """Do now what is left of the pending jobs (tests, benchmarks, a caller that must read
        the final state at once)."""
        while self._jobs:
            steps = self._jobs[0]
            for _ in steps:
                pass
            if self._jobs and self._jobs[0] is steps:
                self._jobs.popleft()
        self._jobs_done()

    def _start_job(self, steps: Iterator[None]) -> None:
        if not self._jobs and not self._holding:
            self._holding = True
            memory.hold()  # no collector pass over what the job builds (see .memory)
        if self._replaying:  # started by a queued change: it comes before the later ones
            self._jobs.insert(self._insert_at, steps)
            self._insert_at += 1
        else:
            self._jobs.append(steps)
        if not self._job_timer.isActive():
            self._job_timer.start()

    def _later(self, action: Callable[..., object], *args: object) -> bool:
        """Queue ``action(*args)`` behind the pending jobs; False (nothing queued) when there
        are none, or when a queued change is running now, so that the caller does it now."""
        if not self._jobs or self._replaying:
            return False

        def step() -> Iterator[None]:
            self._replaying += 1
            self._insert_at = 1
            try:
                action(*args)
            finally:
                self._replaying -= 1
            yield

        self._start_job(step())
        return True

    def _run_jobs(self) -> None:
        deadline = time.perf_counter() + _JOB_SLICE
        jobs = self._jobs
        while jobs:
            steps = jobs[0]
            try:
                for _ in steps:
                    if time.perf_counter() > deadline:
                        return  # the timer goes on: the next step in the next turn
            except Exception as error:  # noqa: BLE001 - a bug: logged, the job dropped
                feedback.log_unexpected(error)
            if jobs and jobs[0] is steps:
                jobs.popleft()
        self._jobs_done()

    def _jobs_done(self) -> None:
        self._job_timer.stop()
        if self._holding and not self._jobs:
            self._holding = False
            memory.release()

    def set_spans(self, spans: list[CodingSpan]) -> None:
        """Show exactly ``spans`` on the document shown (in steps when there are many; the
        codings shown until then stay)."""
        if self._later(self.set_spans, spans):
            return
        index = self.state.index
        if index is None:
            return
        if len(spans) <= AT_ONCE:
            index.set_spans(spans)
            self._install(index)
            return
        fresh = SpanIndex(index.block_starts, index.length, index.block_ends)
        fresh.visible_codes = index.visible_codes
        self._start_job(self._filling(fresh, spans))

    def add_span(self, span: CodingSpan) -> None:
        if self._later(self.add_span, span) or self.state.index is None:
            return
        changed = self.state.index.add(span)
        self._lanes_changed()
        if changed is not None:
            self._rehighlight_blocks(*changed)
        self._margin.update()

    def remove_span(self, coding_id: int) -> None:
        if self._later(self.remove_span, coding_id) or self.state.index is None:
            return
        changed = self.state.index.remove(coding_id)
        if coding_id == self.state.selected:
            self.state.selected = None
        self._lanes_changed()
        if changed is not None:
            self._rehighlight_blocks(*changed)
        self._margin.update()

    def change_spans(self, removed: Iterable[int], added: Iterable[CodingSpan],
                     added_ids: list[int] | None = None) -> None:
        """Remove the codings ``removed`` (ids), then add (or replace) ``added``: one by one
        when they are few (:data:`ONE_BY_ONE`), else as a job in steps (their blocks redone as
        they are painted). With ``added_ids`` (their ids, in order),
        ``added`` may be lazy (its spans are made as the job reaches them)."""
        removed = list(removed)
        if added_ids is None:
            added = list(added)
            added_ids = [span.coding_id for span in added]
        if not removed and not added_ids:
            return
        if len(removed) + len(added_ids) <= ONE_BY_ONE or self.state.index is None:
            for coding_id in removed:
                self.remove_span(coding_id)
            for span in added:
                self.add_span(span)
            return
        self._start_job(self._changing(removed, added, added_ids))

    def _changing(self, removed: list[int], added: Iterable[CodingSpan],
                  added_ids: list[int]) -> Iterator[None]:
        index = self.state.index
        if index is None:
            return
        touched = bytearray(len(index.block_starts))
        yield from index.changing(removed, added, touched, added_ids)
        if index is not self.state.index:
            return
        if self.state.selected is not None and self.state.selected not in index.spans:
            self.state.selected = None
        done = self._done
        first = touched.find(1)
        if first != -1:
            for number in range(first, len(touched)):
                if touched[number]:
                    done[number] = 0
            self._idle_block = min(self._idle_block, first)
            if self._background:
                self._idle.start()
        self._lanes_changed()
        self._edit.viewport().update()
        self._margin.update()

    def restyle(self, styles: dict[int, tuple[str, str]]) -> None:
        """Codes were recoloured or renamed: ``styles`` maps each such code's id to its
        ``(colour, label)``; their codings are shown so."""
        if self._later(self.restyle, styles) or self.state.index is None:
            return
        changed = [span._replace(color=styles[span.code_id][0], label=styles[span.code_id][1])
                   for span in self.state.index.spans.values() if span.code_id in styles]
        self.change_spans([], changed)

    def set_visible_codes(self, code_ids: set[int] | None) -> None:
        if self._later(self.set_visible_codes, code_ids) or self.state.index is None:
            return
        index = self.state.index
        if len(index.spans) <= AT_ONCE:
            index.set_visible_codes(code_ids)
            self._invalidate_all()
            return

        def steps() -> Iterator[None]:
            yield from index.showing(code_ids)
            if index is self.state.index:
                self._invalidate_all()

        self._start_job(steps())

    def set_lane_groups(self, groups: dict[int, int] | None, count: int = 0) -> None:
        """Lanes by group in the margin (a coder each: NVivo's coding stripes by user); see
        :meth:`~.lanes.SpanIndex.set_groups`. None: lanes by overlap again."""
        if self.state.index is None:
            return
        self.state.index.set_groups(groups, count)
        self._lanes_changed(force=True)
        self._margin.update()

    def spans(self) -> list[CodingSpan]:
        """The codings shown (all of them, whatever the visible-code filter); none while the
        document's codings are being loaded (:meth:`busy`)."""
        index = self.state.index
        return [] if index is None else list(index.spans.values())

    def lane_of(self, coding_id: int) -> int | None:
        """The margin lane of a visible coding (0 is nearest the text)."""
        index = self.state.index
        return None if index is None else index.lanes.get(coding_id)

    def lane_count(self) -> int:
        index = self.state.index
        return 0 if index is None else index.lane_count

    # -- selection and scrolling -----------------------------------------------------------------

    def selected_range(self) -> tuple[int, int]:
        cursor = self._edit.textCursor()
        to_cp = self.state.offsets.to_cp
        return to_cp(cursor.selectionStart()), to_cp(cursor.selectionEnd())

    def select_range(self, start: int, end: int) -> None:
        """Select ``[start, end)`` as the user would (a selection that coding acts on). To show
        the user a passage, use :meth:`show_found` instead."""
        offsets = self.state.offsets
        cursor = QTextCursor(self._edit.document())
        cursor.setPosition(offsets.to_qt(start))
        cursor.setPosition(offsets.to_qt_end(end), QTextCursor.MoveMode.KeepAnchor)
        self._edit.setTextCursor(cursor)
        self._ensure_shown(start)

    def show_found(self, start: int, end: int) -> None:
        """Mark ``[start, end)`` (code points) as found and scroll to it: a highlight, not a
        selection. The cursor goes to ``start`` with nothing selected, so nothing is coded
        until the user selects text; any selected coding is let go."""
        self.select_coding(None)
        self.state.found = (start, end)
        self._move_cursor(start)
        self._paint_found()
        self.scroll_to(start)

    def found_range(self) -> tuple[int, int] | None:
        """The passage marked by :meth:`show_found`, if any."""
        return self.state.found

    def clear_found(self) -> None:
        if self.state.found is not None or self._edit.extraSelections():
            self.state.found = None
            self._edit.setExtraSelections([])

    def _paint_found(self) -> None:
        if self.state.found is None:
            self._edit.setExtraSelections([])
            return
        offsets = self.state.offsets
        start, end = self.state.found
        found = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self._edit.document())
        cursor.setPosition(offsets.to_qt(start))
        cursor.setPosition(offsets.to_qt_end(end), QTextCursor.MoveMode.KeepAnchor)
        found.cursor = cursor
        style = QTextCharFormat()
        style.setBackground(FOUND_BACKGROUND)
        style.setForeground(QColor("#000000"))
        style.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        style.setUnderlineColor(FOUND_OUTLINE)
        found.format = style
        self._edit.setExtraSelections([found])

    def _move_cursor(self, position: int) -> None:
        """Put the cursor at ``position`` with nothing selected (no selection-change news:
        this is navigation, not the user's selection)."""
        cursor = QTextCursor(self._edit.document())
        cursor.setPosition(self.state.offsets.to_qt(position))
        self._last_selection = (position, position)
        self._edit.setTextCursor(cursor)

    def scroll_to(self, start: int) -> None:
        """Scroll so that the line holding ``start`` is near the top (a few lines of context)."""
        edit = self._edit
        document = edit.document()
        position = self.state.offsets.to_qt(start)
        block = document.findBlock(position)
        if not block.isValid():
            return
        edit.blockBoundingGeometry(block)  # lays the block out, so its lines are known
        line = block.layout().lineForTextPosition(position - block.position())
        number = block.firstLineNumber() + (line.lineNumber() if line.isValid() else 0)
        bar = edit.verticalScrollBar()
        bar.setValue(max(bar.minimum(), min(bar.maximum(), number - 2)))

    def selected_coding(self) -> int | None:
        return self.state.selected

    def show_coding(self, coding_id: int, start: int, end: int) -> None:
        """Go to a coding: select (emphasise) it, or mark ``[start, end)`` as found when it is
        not shown (its code is hidden); after the pending jobs, if any."""
        if self._later(self.show_coding, coding_id, start, end):
            return
        self.clear_found()
        self.select_coding(coding_id)
        if self.state.selected != coding_id:
            self.show_found(start, end)

    def select_coding(self, coding_id: int | None) -> None:
        if self._later(self.select_coding, coding_id):
            return
        index = self.state.index
        if index is None or (coding_id is not None and coding_id not in index.spans):
            coding_id = None
        previous = self.state.selected
        self.state.selected = coding_id
        for changed in {previous, coding_id} - {None}:
            span = index.spans.get(changed) if index is not None else None
            touched = index.block_range(span) if span is not None else None
            if touched is not None:
                self._rehighlight_blocks(*touched)
        if coding_id is not None:
            # emphasised, not selected: a later click on a code must not code it again
            span = index.spans[coding_id]
            self._move_cursor(span.start)
            self._ensure_shown(span.start)
        self._margin.update()

    def text_edit(self) -> QPlainTextEdit:
        return self._edit

    def margin(self) -> CodingMargin:
        return self._margin

    def bracket_rect(self, coding_id: int):
        """Where a coding's bracket is drawn (margin coordinates); None when off screen."""
        return self._margin.bracket_rect(coding_id)

    def set_font(self, font: QFont) -> None:
        self._edit.setFont(font)
        self._edit.document().setDefaultFont(font)
        self._margin.set_label_font(font)
        self._lanes_changed(force=True)
        self._margin.update()

    def highlight_all(self) -> None:
        """Bring every block's formats up to date now (tests, benchmarks)."""
        self.finish_jobs()
        self._idle.stop()
        document = self._edit.document()
        self._highlight_blocks(numbered(document, 0, document.blockCount() - 1))
        self._edit.viewport().update()

    def pending_blocks(self) -> int:
        """How many blocks still wait for the idle highlighter (at least 1 while a job is
        pending: its blocks will need it)."""
        waiting = len(self._done) - sum(self._done)
        return max(waiting, 1) if self._jobs else waiting

    # -- highlighting schedule -------------------------------------------------------------------

    def _highlight_blocks(self, blocks, deadline: float | None = None) -> None:
        """Bring the formats of ``blocks`` (QTextBlocks, ascending) up to date, layout deferred;
        stop after the block during which ``deadline`` (``time.perf_counter()``) passes."""
        done = self._done
        index = self.state.index
        highlighter = self._highlighter
        low = high = -1
        runs = 0
        for block in blocks:
            number = block.blockNumber()
            if done[number]:
                continue
            done[number] = 1
            if index.has_codings(number) or highlighter.formatted[number]:
                highlighter.apply_to_layout(block)
                if low < 0:
                    low = block.position()
                high = block.position() + block.length()
                runs += 1
                if deadline is not None and time.perf_counter() > deadline:
                    break
        if low < 0:
            return
        document = self._edit.document()
        high = min(high, document.characterCount())
        if runs == 1:
            # one block: Qt lays it out at once and repaints just that block
            document.markContentsDirty(low, high - low)
            return
        # one "contents dirty" for the run: the layouts are cleared and redone when painted. Its
        # whole-viewport repaint request is muted: the caller paints now (paintEvent) or the
        # blocks are off screen (idle pass), and nothing changes size (formats set no fonts).
        doc_layout = document.documentLayout()
        muted = doc_layout.blockSignals(True)
        try:
            document.markContentsDirty(low, high - low)
        finally:
            doc_layout.blockSignals(muted)

    def _highlight_visible(self) -> None:
        if self.state.index is None:
            return
        self._highlight_blocks([block for block, _, _ in on_screen(self._edit)])

    def _rehighlight_blocks(self, first: int, last: int) -> None:
        """Redo the formats of blocks ``first..last`` after a coding there changed."""
        if last - first >= _EAGER_BLOCKS:
            # a long coding (say, a whole interview): redo its blocks as they are painted and in
            # the idle pass, not hundreds of layouts now
            self._done[first : last + 1] = bytes(last - first + 1)
            self._idle_block = min(self._idle_block, first)
            if self._background:
                self._idle.start()
            self._edit.viewport().update()
            return
        # a few blocks: their formats now, laid out again and repainted at once
        self._done[first : last + 1] = bytes(last - first + 1)
        self._highlight_blocks(numbered(self._edit.document(), first, last))
        if last > first:
            self._edit.viewport().update()

    def _invalidate_all(self) -> None:
        self._done = bytearray(len(self._done))
        self._lanes_changed()
        self._restart_idle()
        self._edit.viewport().update()
        self._margin.update()

    def _restart_idle(self) -> None:
        self._idle_block = 0
        if self._background and self._done:
            self._idle.start()

    def _highlight_idle(self) -> None:
        if self.state.index is None:
            return
        done = self._done
        deadline = time.perf_counter() + _IDLE_SLICE
        document = self._edit.document()
        number = done.find(0, self._idle_block)
        while number != -1:
            # a run of up to 16 pending blocks per step (the clock checked after each block)
            self._highlight_blocks(numbered(document, number, number + 15), deadline)
            number = done.find(0, number)
            if time.perf_counter() > deadline:
                break
        if number == -1:
            self._idle_block = len(done)
        else:
            self._idle_block = number
            self._idle.start()

    # -- margin ----------------------------------------------------------------------------------

    def _lanes_changed(self, force: bool = False) -> None:
        lanes = self.lane_count()
        if self._margin.set_lane_count(lanes) or force:
            self._place_margin()

    def _place_margin(self) -> None:
        width = self._margin.preferred_width()
        self._edit.setViewportMargins(width, 0, 0, 0)
        rect = self._edit.contentsRect()
        self._margin.setGeometry(rect.left(), rect.top(), width, rect.height())

    def _on_update_request(self, rect, dy: int) -> None:
        margin = self._margin
        if dy or rect.height() >= self._edit.viewport().height():
            margin.update()
        else:  # e.g. the cursor blinking: only that strip
            margin.update(0, rect.y(), margin.width(), rect.height())

    # -- events from the text --------------------------------------------------------------------

    def _on_selection_changed(self) -> None:
        current = self.selected_range()
        if current == self._last_selection:
            return
        self._last_selection = current
        state = self.state
        if state.selected is not None and state.index is not None:
            span = state.index.spans.get(state.selected)
            if span is None or (span.start, span.end) != current:
                self.select_coding(None)
        self.selectionChanged.emit(*current)

    def _text_context_menu(self, pos: QPoint, global_pos: QPoint) -> None:
        ids: list[int] = []
        index = self.state.index
        if index is not None:
            cp = self.state.offsets.to_cp(self._edit.cursorForPosition(pos).position())
            start, end = self.selected_range()
            if start < end and start <= cp <= end:
                spans = index.overlapping(start, end)
            else:
                spans = [s for s in index.overlapping(cp, cp + 1) if s.start <= cp < s.end]
            spans.sort(key=lambda s: (s.end - s.start, s.start, s.coding_id))  # innermost first
            ids = [s.coding_id for s in spans]
        self.contextMenuRequested.emit(global_pos, ids)

    def _bracket_clicked(self, coding_id: int) -> None:
        self.select_coding(coding_id)
        self.codingClicked.emit(coding_id)

    def _bracket_activated(self, coding_id: int) -> None:
        self.select_coding(coding_id)
        self.codingActivated.emit(coding_id)

    def _bracket_menu(self, global_pos: QPoint, coding_id: int) -> None:
        self.select_coding(coding_id)
        self.contextMenuRequested.emit(global_pos, [coding_id])

    def _delete_key(self, event: QKeyEvent) -> bool:
        """Delete/Backspace with a coding selected asks to delete it; True if handled."""
        selected = self.state.selected
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and selected is not None:
            self.deleteCodingRequested.emit(selected)
            event.accept()
            return True
        return False

    def _ensure_shown(self, start: int) -> None:
        """Scroll to ``start`` unless its line is already on screen."""
        edit = self._edit
        cursor = QTextCursor(edit.document())
        cursor.setPosition(self.state.offsets.to_qt(start))
        rect = edit.cursorRect(cursor)
        if rect.top() < 0 or rect.bottom() > edit.viewport().height():
            self.scroll_to(start)

