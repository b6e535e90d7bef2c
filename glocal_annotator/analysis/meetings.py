"""Which codes meet each passage: one sweep over a document's passages, never all pairs.

Input: a document's *items*, each a non-empty half-open interval ``[start, end)`` with the codes
applied to it. Two items *meet* when their intervals share a point (``a.start < b.end`` and
``b.start < a.end``; touching intervals do not). Co-occurrence by paragraph or within N
characters is the same question asked of other intervals (:mod:`.cooccurrence` maps each
passage to the paragraphs it touches, or widens it by N).

For each item the answer is the set of codes of the items that meet it, itself included. An
item ``i`` meets ``j`` when ``j`` started before ``i`` and is still open at ``i.start``, or ``j``
starts inside ``[i.start, i.end)``. The first part is read off a running count of the codes
open at each start; the second from the starts seen so far: a slice of them when it is short,
else each code's latest start, kept in order of that start and read backwards from the newest
until one falls before ``i.start``. Both touch only codes in the answer (or at most four times
as many starts), so the whole is ``O(n log n)`` plus the size of the answers: dense overlap
(hundreds of codings over one stretch) costs the number of distinct codes met, not the number
of pairs of codings.
"""

from __future__ import annotations

import bisect
import heapq
from collections import OrderedDict
from collections.abc import Collection, Sequence
from operator import itemgetter

Item = tuple[int, int, Collection[int]]  # start, end, codes


def codes_met(items: Sequence[Item]) -> list[set[int]]:
    """For each item (in the order given), the codes of every item that meets it, its own
    included (module notes). ``items`` may come in any order; each must have
    ``start < end``."""
    met: list[set[int]] = list(map(set, map(itemgetter(2), items)))
    starts = [item[0] for item in items]
    by_start = list(range(len(items)))
    if starts != sorted(starts):
        by_start.sort(key=starts.__getitem__)
    _open_at_start(items, by_start, met)
    _starting_inside(items, by_start, met)
    return met


def _open_at_start(items: Sequence[Item], by_start: list[int], met: list[set[int]]) -> None:
    """Add to each item the codes of the items that started before it and are open at its
    start."""
    open_codes: dict[int, int] = {}  # code -> how many open items carry it
    ends: list[tuple[int, int]] = []  # (end, item) of the open items
    push, pop = heapq.heappush, heapq.heappop
    position = 0
    count = len(by_start)
    while position < count:
        start = items[by_start[position]][0]
        while ends and ends[0][0] <= start:
            for code in items[pop(ends)[1]][2]:
                left = open_codes[code] - 1
                if left:
                    open_codes[code] = left
                else:
                    del open_codes[code]
        group_end = position + 1
        while group_end < count and items[by_start[group_end]][0] == start:
            group_end += 1
        group = by_start[position:group_end]
        if open_codes:
            for index in group:
                met[index].update(open_codes)
        for index in group:
            _, end, codes = items[index]
            push(ends, (end, index))
            for code in codes:
                open_codes[code] = open_codes.get(code, 0) + 1
        position = group_end


def _starting_inside(items: Sequence[Item], by_start: list[int], met: list[set[int]]) -> None:
    """Add to each item the codes of the items that start inside it: the codes of the starts
    in its range, taken as a slice of every start seen so far (in C) when the slice is short,
    else by walking back over the codes' latest starts (bounded by the number of codes)."""
    latest: OrderedDict[int, int] = OrderedDict()  # code -> its latest start, oldest first
    move = latest.move_to_end
    seen_starts: list[int] = []  # every start applied so far, one per code it carries
    seen_codes: list[int] = []
    ends = [item[1] for item in items]
    applied = 0
    count = len(by_start)
    for index in sorted(range(len(items)), key=ends.__getitem__):
        start, end, _ = items[index]
        while applied < count:
            other_start, _, codes = items[by_start[applied]]
            if other_start >= end:
                break
            for code in codes:
                latest[code] = other_start
                move(code)
                seen_starts.append(other_start)
                seen_codes.append(code)
            applied += 1
        found = met[index]
        low = bisect.bisect_left(seen_starts, start)
        if len(seen_starts) - low <= 4 * len(latest):
            found.update(seen_codes[low:])
            continue
        for code in reversed(latest):
            if latest[code] < start:
                break
            found.add(code)
