"""A page's printed lines grouped into text blocks, and the blocks put in reading order.

Pure geometry on :class:`~.pdf_layout.Line` boxes (PDF points, y grows upwards); no PDF parsing.

- **Blocks** (the rule of pdfminer.six's ``group_textlines``, which the paragraph rules were
  first built on): two lines are neighbours when they overlap horizontally, lie within
  :data:`LINE_MARGIN` line heights of each other vertically, have about the same height (within
  that margin) and share a left edge, a right edge or a centre (within that margin). A block is
  a set of lines linked by neighbours. A line's height is its font size, as in pdfminer.
- **Rows**: pieces of one printed line (cut at a wide gap, such as a justified space) that land
  in one block are one line again, joined by a space in reading direction (right to left when
  most pieces are mostly right-to-left letters).
- **Reading order** (T. M. Breuel, "High Performance Document Layout Analysis", 2003): block
  *a* comes before *b* when their horizontal extents overlap and *a* is higher, or when *a* lies
  wholly left of *b* and no third block that overlaps both horizontally lies between them
  vertically (a heading across both columns separates the rows of columns above and below
  it). The blocks are sorted topologically along these pairs, taking the one drawn first among
  those free to go (PDF producers mostly draw in reading order). So columns are read one after
  another, and a title over them first.

Lines are grouped in one sweep from the top (each line against the lines within reach below it,
at most :data:`MAX_REACH` of them); pages with more than :data:`MAX_ORDERED` blocks (big tables)
keep the drawing order, so that the pairwise ordering stays bounded per page.
"""

from __future__ import annotations

import heapq

from glocal_annotator.importers.bidi import mostly_rtl
from glocal_annotator.importers.pdf_layout import Block, Line

LINE_MARGIN = 0.5  # pdfminer.six's default (LAParams.line_margin)
MAX_REACH = 200
MAX_ORDERED = 150


def blocks(lines: list[Line]) -> list[Block]:
    """``lines`` (one page's, in drawing order) as blocks in reading order."""
    if not lines:
        return []
    groups = _group(lines)
    built = [(min(members), Block(lines=_rows([lines[i] for i in sorted(members)])))
             for members in groups]
    return _order(built)


# -- lines into blocks ----------------------------------------------------------------------------

def _group(lines: list[Line]) -> list[list[int]]:
    """Indices of the lines of each block (union of neighbours), in no particular order."""
    parent = list(range(len(lines)))

    def root(index: int) -> int:
        while parent[index] != index:
            parent[index] = parent[parent[index]]
            index = parent[index]
        return index

    order = sorted(range(len(lines)), key=lambda i: -lines[i].y1)
    reach = LINE_MARGIN * max(line.y1 - line.y0 for line in lines)
    for position, i in enumerate(order):
        line = lines[i]
        floor = line.y0 - reach
        for j in order[position + 1: position + 1 + MAX_REACH]:
            other = lines[j]
            if other.y1 <= floor:
                break
            if _neighbours(line, other) or _neighbours(other, line):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for index in range(len(lines)):
        groups.setdefault(root(index), []).append(index)
    return list(groups.values())


def _neighbours(line: Line, other: Line) -> bool:
    """pdfminer.six's ``find_neighbors`` test, seen from ``line``."""
    height = line.y1 - line.y0
    margin = LINE_MARGIN * height
    if (other.x1 <= line.x0 or line.x1 <= other.x0
            or other.y1 <= line.y0 - margin or line.y1 + margin <= other.y0):
        return False
    if abs(height - (other.y1 - other.y0)) > margin:
        return False
    return (abs(line.x0 - other.x0) <= margin or abs(line.x1 - other.x1) <= margin
            or abs(line.x0 + line.x1 - other.x0 - other.x1) / 2 <= margin)


def _rows(pieces: list[Line]) -> list[Line]:
    """A block's lines top to bottom, pieces of one printed line joined (they overlap
    vertically by more than half the lower one's height)."""
    pieces = sorted(pieces, key=lambda piece: -piece.y1)
    groups: list[list[Line]] = []
    for piece in pieces:
        if groups:
            last = groups[-1][0]
            overlap = min(last.y1, piece.y1) - max(last.y0, piece.y0)
            if overlap > 0.5 * min(last.y1 - last.y0, piece.y1 - piece.y0):
                groups[-1].append(piece)
                continue
        groups.append([piece])
    return [group[0] if len(group) == 1 else _joined(group) for group in groups]


def _joined(pieces: list[Line]) -> Line:
    right_to_left = sum(mostly_rtl(piece.text) for piece in pieces) * 2 > len(pieces)
    pieces = sorted(pieces, key=lambda piece: -piece.x1 if right_to_left else piece.x0)
    return Line(text=" ".join(piece.text for piece in pieces),
                x0=min(p.x0 for p in pieces), y0=min(p.y0 for p in pieces),
                x1=max(p.x1 for p in pieces), y1=max(p.y1 for p in pieces))


# -- reading order --------------------------------------------------------------------------------

def _order(built: list[tuple[int, Block]]) -> list[Block]:
    """Blocks in reading order; ``built`` pairs each block with its first line's drawing
    index (the tie-break)."""
    built.sort(key=lambda pair: pair[0])
    count = len(built)
    if count > MAX_ORDERED:
        return [block for _, block in built]
    boxes = [_box(block) for _, block in built]
    after: list[list[int]] = [[] for _ in range(count)]
    waiting = [0] * count
    for i in range(count):
        for j in range(i + 1, count):
            if _before(boxes, i, j):
                after[i].append(j)
                waiting[j] += 1
            elif _before(boxes, j, i):
                after[j].append(i)
                waiting[i] += 1
    ready = [i for i in range(count) if not waiting[i]]
    heapq.heapify(ready)
    done = [False] * count
    result: list[Block] = []
    while len(result) < count:
        # On a cycle (odd layouts), go on with the first block drawn among those left.
        i = heapq.heappop(ready) if ready else next(k for k in range(count) if not done[k])
        if done[i]:
            continue
        done[i] = True
        result.append(built[i][1])
        for j in after[i]:
            waiting[j] -= 1
            if not waiting[j] and not done[j]:
                heapq.heappush(ready, j)
    return result


def _box(block: Block) -> tuple[float, float, float, float]:
    lines = block.lines
    return (min(line.x0 for line in lines), min(line.y0 for line in lines),
            max(line.x1 for line in lines), max(line.y1 for line in lines))


def _before(boxes: list[tuple[float, float, float, float]], a: int, b: int) -> bool:
    """Breuel's rules 1 and 2 (see the module notes): must block ``a`` be read before ``b``?"""
    ax0, ay0, ax1, ay1 = boxes[a]
    bx0, by0, bx1, by1 = boxes[b]
    if min(ax1, bx1) > max(ax0, bx0):  # they overlap horizontally: the higher one first
        return ay0 + ay1 > by0 + by1
    if ax1 > bx0:
        return False
    upper, lower = (boxes[a], boxes[b]) if ay0 + ay1 > by0 + by1 else (boxes[b], boxes[a])
    for index, (cx0, cy0, cx1, cy1) in enumerate(boxes):
        if index in (a, b) or cx0 >= ax1 or cx1 <= bx0:
            continue  # c must overlap both: reach from inside a to inside b
        if lower[3] < (cy0 + cy1) / 2 < upper[1]:
            return False
    return True
