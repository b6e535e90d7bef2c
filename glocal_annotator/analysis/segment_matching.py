"""Which of one coder's segments has a match among another's: segment-level agreement's test.

Two segments ``[s, e)`` and ``[s', e')`` (code points) *match* at threshold ``t`` when they
overlap and the shared length is at least ``t`` of the length they cover together (intersection
over union; MAXQDA Manual, "Intercoder Agreement", segment level, default 90 %):
``min(e, e') - max(s, s') >= t * (max(e, e') - min(s, s'))``. ``t`` is read as the decimal it
was written as (0.9 is 9/10; :func:`exact_threshold`) and the test is done in integers, so a
segment that overlaps by exactly 90 % matches at 90 % whatever its length (in floating point,
0.9 * 70 is 63.00000000000001, and 63 of 70 failed).

:func:`matched` answers for every segment of one coder at once, in ``O((n + m) log (n + m))``
for ``n`` segments against ``m``, whatever their shape. A match starts within
``(1 - t) / t`` of the segment's length from its start (union minus intersection is the distance
between the starts plus that between the ends). Most segments have a handful of others starting
that near: those are checked one by one. A segment with more (a group of near-identical codings,
or long segments over many short ones) is decided by geometry instead: seen as points
``(s', e')``, the segments that match ``[s, e)`` fill a convex quadrilateral around ``(s, e)``,
and in each of the four quadrants around that point the test is one linear inequality:

- inside it (``s' >= s``, ``e' <= e``): ``e' - s' >= t (e - s)``: the longest there decides;
- around it (``s' <= s``, ``e' >= e``): ``e' - s' <= (e - s) / t``: the shortest decides;
- later (``s' >= s``, ``e' >= e``): ``s' + t e' <= e + t s``; earlier (``s' <= s``,
  ``e' <= e``): ``e' + t s' >= s + t e``.

Each is a dominance query (the least of a linear key over the points above and right of a
corner), answered for all segments in one sweep with a Fenwick tree of minima.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from fractions import Fraction

Segment = tuple[int, int]  # [start, end), code points, start < end
SCAN = 24  # segments starting near enough, up to which they are simply checked one by one
_NONE = float("inf")


def exact_threshold(threshold: float) -> Fraction:
    """``threshold`` (in ``(0, 1]``) as the fraction its shortest decimal spells: 0.9 -> 9/10.
    Raises ValueError outside ``(0, 1]``."""
    if not 0 < threshold <= 1:
        raise ValueError("the overlap threshold must be above 0 and at most 1 (100 %)")
    return Fraction(repr(float(threshold)))


def matches(a: Segment, b: Segment, threshold: Fraction) -> bool:
    """Whether segments ``a`` and ``b`` match at ``threshold`` (the module's test)."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    union = max(a[1], b[1]) - min(a[0], b[0])
    return shared > 0 and threshold.denominator * shared >= threshold.numerator * union


def matched(segments: Sequence[Segment], others: Sequence[Segment],
            threshold: Fraction) -> list[int]:
    """The indices (ascending) of the ``segments`` that match at least one of ``others``; both
    sorted by ``(start, end)``."""
    p, q = threshold.numerator, threshold.denominator
    starts = [start for start, _ in others]
    found: list[int] = []
    crowded: list[int] = []
    for index, (start, end) in enumerate(segments):
        reach = (q - p) * (end - start) // p  # |s' - s| <= reach for any match
        low = bisect.bisect_left(starts, start - reach)
        high = bisect.bisect_right(starts, start + reach, low)
        if high - low > SCAN:
            crowded.append(index)
            continue
        for position in range(low, high):
            other_start, other_end = others[position]
            shared = (end if end < other_end else other_end) - (
                start if start > other_start else other_start)
            if shared > 0 and q * shared >= p * ((end if end > other_end else other_end) - (
                    start if start < other_start else other_start)):
                found.append(index)
                break
    if crowded:
        found.extend(_by_geometry([segments[i] for i in crowded], crowded, others, p, q))
        found.sort()
    return found


def _by_geometry(segments: list[Segment], indices: list[int], others: Sequence[Segment],
                 p: int, q: int) -> set[int]:
    """The ``indices`` of ``segments`` with a match among ``others``, by the four quadrant
    sweeps of the module notes (threshold ``p / q``; every test in integers)."""
    hits: set[int] = set()
    quadrants = (
        # (point x, point y, key), (query x, query y, bound): key <= bound for a match
        (lambda s, e: (s, -e, q * (s - e)), lambda s, e: (s, -e, -p * (e - s))),  # inside
        (lambda s, e: (-s, e, p * (e - s)), lambda s, e: (-s, e, q * (e - s))),  # around
        (lambda s, e: (s, e, q * s + p * e), lambda s, e: (s, e, q * e + p * s)),  # later
        (lambda s, e: (-s, -e, -(q * e + p * s)), lambda s, e: (-s, -e, -(q * s + p * e))),
    )
    for point, query in quadrants:
        waiting = [(*query(s, e), ident) for (s, e), ident in zip(segments, indices, strict=True)
                   if ident not in hits]
        hits |= _dominated([point(s, e) for s, e in others], waiting)
    return hits


def _dominated(points: list[tuple[int, int, int]],
               queries: list[tuple[int, int, int, int]]) -> set[int]:
    """The ids of the queries ``(x, y, bound, id)`` with a point ``(x', y', key)`` where
    ``x' >= x``, ``y' >= y`` and ``key <= bound``: points added in falling ``x``, into a Fenwick
    tree over falling ``y`` that keeps the least key of each prefix."""
    ys = sorted({y for _, y, _ in points})
    rank = {y: len(ys) - number for number, y in enumerate(ys)}  # 1 for the highest y
    size = len(ys)
    tree: list[float] = [_NONE] * (size + 1)
    points.sort(key=lambda point: point[0], reverse=True)
    queries.sort(key=lambda query: query[0], reverse=True)
    hits: set[int] = set()
    added = 0
    for x, y, bound, ident in queries:
        while added < len(points) and points[added][0] >= x:
            _, point_y, key = points[added]
            added += 1
            i = rank[point_y]
            while i <= size:
                if key < tree[i]:
                    tree[i] = key
                i += i & -i
        i = size - bisect.bisect_left(ys, y)  # the prefix of ranks whose y is at least y
        least = _NONE
        while i > 0:
            if tree[i] < least:
                least = tree[i]
            i -= i & -i
        if least <= bound:
            hits.add(ident)
    return hits
