"""The codings shown in a document view, indexed by text block, and their margin lanes.

Qt-free on purpose: plain code-point arithmetic that the highlighter and the margin share.

Blocks are the text blocks the view shows (see :mod:`.display`): block ``i`` covers code points
``[block_starts[i], block_starts[i + 1])`` (a line's final ``\\n`` included); its own text ends
at ``block_ends[i]``. Each block keeps the list of codings that touch it, so "codings
overlapping ``[a, b)``" is two bisections over the block starts plus the codings of the blocks
in between: O(log n + k) for the short ranges that highlighting a block or painting the viewport
ask for, however many codings the document holds.

Big changes come in steps (:meth:`SpanIndex.filling`, :meth:`SpanIndex.changing`): generators
that do a bounded amount of work between two ``yield`` s, so that the view can spread 50,000
codings over several short turns of the event loop. The index is consistent between any two
steps; lanes of codings added in bulk are worked out in a last pass (until then those codings
have no lane and the margin leaves them out).
"""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import NamedTuple

STEP = 2_000  # codings handled between two yields of a stepped change


class CodingSpan(NamedTuple):
    """One coding as the document view shows it. Offsets are code points, half-open.

    ``tooltip`` is optional: the view can work it out only when the pointer rests on the
    coding (:attr:`~.state.DocumentViewState.tooltip_for`)."""

    coding_id: int
    code_id: int
    start: int
    end: int
    color: str  # '#RRGGBB'
    label: str  # the code's name (or path), drawn on the bracket
    tooltip: str = ""  # plain text shown on hover


def block_starts_of(text: str) -> list[int]:
    """Code-point start of every line of ``text`` (lines split at ``\\n`` only)."""
    starts = [0]
    find = text.find
    position = find("\n")
    append = starts.append
    while position != -1:
        append(position + 1)
        position = find("\n", position + 1)
    return starts


class SpanIndex:
    """All codings of one document by block, the visible-code filter and the lane of each coding.

    ``block_ends``: where each block's own text ends (code points, exclusive); by default just
    before the next block's start (a line break ends each block but the last)."""

    def __init__(self, block_starts: list[int], length: int,
                 block_ends: list[int] | None = None) -> None:
        self.block_starts = block_starts
        self.length = length
        if block_ends is None:
            block_ends = [start - 1 for start in block_starts[1:]] + [length]
        self.block_ends = block_ends
        self.spans: dict[int, CodingSpan] = {}
        self._blocks: list[list[CodingSpan]] = [[] for _ in block_starts]
        self.visible_codes: set[int] | None = None
        self.lanes: dict[int, int] = {}
        self._lane_use: list[int] = []
        # lanes by group (a coder each, NVivo's coding stripes by user): coding id -> group
        self.groups: dict[int, int] | None = None
        self.group_count = 0
        self.group_lanes: list[int] = []  # the first lane of each group

    # -- blocks ----------------------------------------------------------------------------------

    def block_of(self, cp: int) -> int:
        """Number of the block holding code point ``cp``."""
        return max(0, bisect_right(self.block_starts, cp) - 1)

    def block_range(self, span: CodingSpan) -> tuple[int, int] | None:
        """First and last block (inclusive) that ``span`` covers; None when it covers nothing."""
        start, end = max(span.start, 0), min(span.end, self.length)
        if end <= start:
            return None
        return self.block_of(start), self.block_of(end - 1)

    def text_length(self, number: int) -> int:
        """Code points of block ``number``'s own text (without its line break)."""
        return self.block_ends[number] - self.block_starts[number]

    # -- content ---------------------------------------------------------------------------------

    def set_spans(self, spans: Iterable[CodingSpan]) -> None:
        """Show exactly ``spans`` (all at once; :meth:`filling` is the same in steps)."""
        for _ in self.filling(spans):
            pass

    def filling(self, spans: Iterable[CodingSpan]) -> Iterator[None]:
        """:meth:`set_spans` in steps: the index empties at once, then fills ``STEP`` codings
        per step (``spans`` is read as it goes, so it may be a lazy reader), then lanes."""
        self.spans = {}
        self._blocks = [[] for _ in self.block_starts]
        self.lanes = {}
        self._lane_use = []
        batch: list[CodingSpan] = []
        for span in spans:
            batch.append(span)
            if len(batch) >= STEP:
                self._insert(batch)
                batch = []
                yield
        self._insert(batch)
        yield
        yield from self._lane_steps()

    def changing(self, removed: Iterable[int], added: Iterable[CodingSpan],
                 touched: bytearray, added_ids: Iterable[int] | None = None) -> Iterator[None]:
        """Remove the codings ``removed`` (ids), then add (or replace) ``added``, in steps;
        ``touched[i]`` is set to 1 for every block whose codings changed. Lanes are worked out
        again for all codings in a last pass. With ``added_ids`` (the ids of ``added``, in
        order), ``added`` may be lazy: it is read a step at a time."""
        if added_ids is None:
            added = list(added)
            added_ids = [span.coding_id for span in added]
        ids = {*removed, *added_ids}
        leaving = sorted((self.spans[i] for i in ids if i in self.spans),
                         key=lambda span: span.start)
        for first in range(0, len(leaving), STEP):
            gone = {span.coding_id: span for span in leaving[first:first + STEP]}
            blocks: set[int] = set()
            for coding_id, span in gone.items():
                del self.spans[coding_id]
                self._release_lane(coding_id)
                found = self.block_range(span)
                if found is not None:
                    blocks.update(range(found[0], found[1] + 1))
            for number in blocks:
                touched[number] = 1
                self._blocks[number] = [s for s in self._blocks[number]
                                        if gone.get(s.coding_id) is not s]
            yield
        batch: list[CodingSpan] = []
        for span in added:
            batch.append(span)
            if len(batch) >= STEP:
                self._insert(batch, touched)
                batch = []
                yield
        self._insert(batch, touched)
        yield
        yield from self._lane_steps()

    def _insert(self, spans: list[CodingSpan], touched: bytearray | None = None) -> None:
        """Add ``spans`` to their blocks (a coding already shown is replaced); no lanes."""
        blocks = self._blocks
        starts = self.block_starts
        length = self.length
        known = self.spans
        for span in spans:
            if span.coding_id in known:
                self.remove(span.coding_id)
            known[span.coding_id] = span
            start, end = max(span.start, 0), min(span.end, length)
            if end <= start:
                continue
            first = bisect_right(starts, start) - 1
            last = bisect_right(starts, end - 1, first) - 1
            if first == last:
                blocks[first].append(span)
                if touched is not None:
                    touched[first] = 1
            else:
                for number in range(first, last + 1):
                    blocks[number].append(span)
                    if touched is not None:
                        touched[number] = 1

    def add(self, span: CodingSpan) -> tuple[int, int] | None:
        """Add (or replace) ``span``; return the block range to repaint."""
        old = self.remove(span.coding_id)
        self.spans[span.coding_id] = span
        blocks = self.block_range(span)
        if blocks is not None:
            for number in range(blocks[0], blocks[1] + 1):
                self._blocks[number].append(span)
            if self.groups is not None:
                self.compute_lanes()
            elif self.is_visible(span):
                self._assign_lane(span)
        if old is not None and blocks is not None:
            return min(old[0], blocks[0]), max(old[1], blocks[1])
        return blocks or old

    def remove(self, coding_id: int) -> tuple[int, int] | None:
        """Drop a coding; return the block range to repaint (None if it was not shown)."""
        span = self.spans.pop(coding_id, None)
        if span is None:
            return None
        if self.groups is not None:
            self.compute_lanes()
        else:
            self._release_lane(coding_id)
        blocks = self.block_range(span)
        if blocks is not None:
            for number in range(blocks[0], blocks[1] + 1):
                items = self._blocks[number]
                for i, item in enumerate(items):
                    if item.coding_id == coding_id:
                        del items[i]
                        break
        return blocks

    def set_visible_codes(self, code_ids: set[int] | None) -> None:
        self.visible_codes = None if code_ids is None else set(code_ids)
        self.compute_lanes()

    def showing(self, code_ids: set[int] | None) -> Iterator[None]:
        """:meth:`set_visible_codes` in steps (the filter at once, then the lanes)."""
        self.visible_codes = None if code_ids is None else set(code_ids)
        yield from self._lane_steps()

    def is_visible(self, span: CodingSpan) -> bool:
        return self.visible_codes is None or span.code_id in self.visible_codes

    # -- queries ---------------------------------------------------------------------------------

    def in_block(self, number: int) -> list[CodingSpan]:
        """Visible codings touching block ``number``."""
        items = self._blocks[number]
        if self.visible_codes is None:
            return items
        visible = self.visible_codes
        return [span for span in items if span.code_id in visible]

    def has_codings(self, number: int) -> bool:
        return bool(self._blocks[number])

    def in_blocks(self, first: int, last: int) -> list[CodingSpan]:
        """Visible codings touching any block from ``first`` to ``last`` (inclusive), each once."""
        found: list[CodingSpan] = []
        starts = self.block_starts
        for number in range(max(first, 0), min(last, len(starts) - 1) + 1):
            block_start = starts[number]
            for span in self.in_block(number):
                # a coding over several blocks is listed by each: take it where it starts
                if number == first or span.start >= block_start:
                    found.append(span)
        return found

    def overlapping(self, start: int, end: int) -> list[CodingSpan]:
        """Visible codings that share at least one code point with ``[start, end)``."""
        if end <= start:
            end = start + 1
        first, last = self.block_of(start), self.block_of(end - 1)
        return [s for s in self.in_blocks(first, last) if s.start < end and s.end > start]

    # -- lanes -----------------------------------------------------------------------------------

    @property
    def lane_count(self) -> int:
        return len(self._lane_use)

    def set_groups(self, groups: dict[int, int] | None, count: int = 0) -> None:
        """Give each group (numbered ``0 .. count - 1``, a coder each) lanes of its own, group 0
        nearest the text: ``groups`` maps coding ids to groups (a coding not named goes in the
        last group). None: lanes by overlap alone, as usual."""
        self.groups = None if groups is None else dict(groups)
        self.group_count = max(count, 1) if groups is not None else 0
        self.compute_lanes()

    def compute_lanes(self) -> None:
        """Greedy interval colouring: overlapping codings get different lanes, lowest first.
        With groups (:meth:`set_groups`), each group in turn, on lanes after the previous
        group's (at least one lane each, so a coder who coded nothing here keeps a lane)."""
        visible = [s for s in self.spans.values() if s.end > s.start and self.is_visible(s)]
        if self.groups is None:
            self.group_lanes = []
            self.lanes, self._lane_use = self._colour(visible, 0)
            return
        last = self.group_count - 1
        by_group: list[list[CodingSpan]] = [[] for _ in range(self.group_count)]
        for span in visible:
            by_group[min(self.groups.get(span.coding_id, last), last)].append(span)
        lanes: dict[int, int] = {}
        use: list[int] = []
        self.group_lanes = []
        for members in by_group:
            self.group_lanes.append(len(use))
            found, used = self._colour(members, len(use))
            lanes.update(found)
            use.extend(used or [0])
        self.lanes, self._lane_use = lanes, use

    @staticmethod
    def _colour(spans: list[CodingSpan], base: int) -> tuple[dict[int, int], list[int]]:
        """Lanes from ``base`` on for ``spans`` (greedy, lowest first) and each lane's use."""
        order = sorted(spans, key=lambda s: (s.start, -s.end, s.coding_id))
        lanes: dict[int, int] = {}
        use: list[int] = []
        active: list[tuple[int, int]] = []  # (end, lane)
        free: list[int] = []
        for span in order:
            while active and active[0][0] <= span.start:
                heapq.heappush(free, heapq.heappop(active)[1])
            if free:
                lane = heapq.heappop(free)
            else:
                lane = len(use)
                use.append(0)
            use[lane] += 1
            lanes[span.coding_id] = base + lane
            heapq.heappush(active, (span.end, lane))
        return lanes, use

    def _lane_steps(self) -> Iterator[None]:
        """:meth:`compute_lanes` in steps (the same lanes). Codings added or removed between
        the steps keep the lanes :meth:`add` and :meth:`remove` gave them."""
        snapshot = [s for s in self.spans.values() if s.end > s.start and self.is_visible(s)]
        yield
        snapshot.sort(key=lambda s: (s.start, -s.end, s.coding_id))
        yield
        lanes: dict[int, int] = {}
        active: list[tuple[int, int]] = []  # (end, lane)
        free: list[int] = []
        used = 0
        for done, span in enumerate(snapshot, start=1):
            while active and active[0][0] <= span.start:
                heapq.heappush(free, heapq.heappop(active)[1])
            if free:
                lane = heapq.heappop(free)
            else:
                lane = used
                used += 1
            lanes[span.coding_id] = lane
            heapq.heappush(active, (span.end, lane))
            if done % (4 * STEP) == 0:
                yield
        # what changed meanwhile: a coding gone, replaced or added keeps (or gets) its own lane
        current = self.spans
        changed = [s for s in snapshot if current.get(s.coding_id) is not s]
        for span in changed:
            lanes.pop(span.coding_id, None)
        late = [s for s in current.values() if s.coding_id not in lanes
                and s.end > s.start and self.is_visible(s)]
        self.lanes = lanes
        use = [0] * used
        for lane in lanes.values():
            use[lane] += 1
        while use and use[-1] == 0:
            use.pop()
        self._lane_use = use
        for span in late:
            self._assign_lane(span)

    def _assign_lane(self, span: CodingSpan) -> None:
        taken = {
            self.lanes.get(other.coding_id)
            for other in self.overlapping(span.start, span.end)
            if other.coding_id != span.coding_id
        }
        lane = 0
        while lane in taken:
            lane += 1
        while len(self._lane_use) <= lane:
            self._lane_use.append(0)
        self._lane_use[lane] += 1
        self.lanes[span.coding_id] = lane

    def _release_lane(self, coding_id: int) -> None:
        lane = self.lanes.pop(coding_id, None)
        if lane is None:
            return
        self._lane_use[lane] -= 1
        while self._lane_use and self._lane_use[-1] == 0:
            self._lane_use.pop()
