"""A page's printed lines grouped into text blocks, and the blocks put in reading order.

Pure geometry on :class:`~.pdf_layout.Line` boxes (PDF points, y grows upwards); no PDF parsing.

- **Blocks** (the rule of pdfminer.six's ``group_textlines``, which the paragraph rules were
  first built on): two lines are neighbours when they overlap horizontally, lie within
  :data:`LINE_MARGIN` line heights of each other vertically, have about the same height (within
  that margin) and share a left edge, a right edge or a centre (within that margin). A block is
  a set of lines linked by neighbours. A line's height is its font size, as in pdfminer.
- **Rows**: a lone piece of a line cut at a wide gap (not a column: it has no lines of its own
  under it) joins the block of the rest of its line; pieces of one printed line that land
  in one block are one line again, joined by a space in reading direction (right to left when
  most pieces are mostly right-to-left letters).
- **Reading order** (recursive XY cut, G. Nagy and S. Seth, 1984, columns first): the blocks
  of a region are split at every vertical gutter (a band at least :data:`GUTTER` line heights
  wide that no block crosses), and the columns are read one after the other, left to right
  (right to left when most blocks are right-to-left text); a region without a gutter is split
  at every horizontal band no block crosses, read top to bottom; each part is cut again the
  same way. So a title over two columns comes first, the columns one after the other, and a
  heading between two rows of columns (a section break) after the upper row and before the
  lower one; blocks that nothing cuts apart are read top to bottom.

Lines are grouped in one sweep from the top (each line against the lines within reach below it,
at most :data:`MAX_REACH` of them); pages with more than :data:`MAX_ORDERED` blocks (big tables)
keep the drawing order, so that the cutting stays bounded per page.
"""

from __future__ import annotations

from glocal_annotator.importers.bidi import mostly_rtl
from glocal_annotator.importers.pdf_layout import Block, Line

LINE_MARGIN = 0.5  # pdfminer.six's default (LAParams.line_margin)
GUTTER = 0.5  # a column gutter is at least this many (median) line heights wide
MAX_REACH = 200
MAX_ORDERED = 500


def blocks(lines: list[Line]) -> list[Block]:
    """``lines`` (one page's, in drawing order) as blocks in reading order."""
    if not lines:
        return []
    groups = _rejoin_pieces(lines, _group(lines))
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


def _rejoin_pieces(lines: list[Line], groups: list[list[int]]) -> list[list[int]]:
    """A block that is one piece of a cut line goes back to the block holding another piece of
    that line: a lone piece is no column (a column, or a table column, has lines of its own
    under each other), but the far side of a gap inside a line, such as one left by a glyph
    without text."""
    home: dict[int, int] = {}  # row number -> a block holding a piece of it (not a lone one)
    for number, members in enumerate(groups):
        if len(members) > 1:
            for i in members:
                if lines[i].row is not None:
                    home.setdefault(lines[i].row, number)
    gone: set[int] = set()
    joined: dict[int, list[int]] = {}  # block number -> pieces moving into it
    for number, members in enumerate(groups):
        row = lines[members[0]].row if len(members) == 1 else None
        if row is not None and home.get(row, number) != number:
            joined.setdefault(home[row], []).extend(members)
            gone.add(number)
    if not gone:
        return groups
    return [[*members, *joined.get(number, [])] for number, members in enumerate(groups)
            if number not in gone]


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

_Box = tuple[float, float, float, float]  # x0, y0, x1, y1


def _order(built: list[tuple[int, Block]]) -> list[Block]:
    """Blocks in reading order (recursive XY cut); ``built`` pairs each block with its first
    line's drawing index."""
    built.sort(key=lambda pair: pair[0])
    if len(built) > MAX_ORDERED:
        return [block for _, block in built]
    boxes = [_box(block) for _, block in built]
    heights = sorted(line.y1 - line.y0 for _, block in built for line in block.lines)
    gutter = GUTTER * heights[len(heights) // 2]
    right_to_left = [mostly_rtl(block.lines[0].text) for _, block in built]
    order = _cut(list(range(len(built))), boxes, gutter, right_to_left)
    return [built[i][1] for i in order]


def _box(block: Block) -> _Box:
    lines = block.lines
    return (min(line.x0 for line in lines), min(line.y0 for line in lines),
            max(line.x1 for line in lines), max(line.y1 for line in lines))


def _cut(items: list[int], boxes: list[_Box], gutter: float, rtl: list[bool]) -> list[int]:
    """``items`` (block indices) in reading order: columns first, then rows, recursively."""
    if len(items) <= 1:
        return items
    columns = _runs(items, [(boxes[i][0], boxes[i][2]) for i in items], gutter)
    if len(columns) > 1:
        if sum(rtl[i] for i in items) * 2 > len(items):
            columns.reverse()  # right-to-left pages read their columns from the right
        return [i for column in columns for i in _cut(column, boxes, gutter, rtl)]
    rows = _runs(items, [(-boxes[i][3], -boxes[i][1]) for i in items], 0.0)
    if len(rows) > 1:
        return [i for row in rows for i in _cut(row, boxes, gutter, rtl)]
    # Nothing cuts them apart (overlapping blocks): top to bottom, then left to right.
    return sorted(items, key=lambda i: (-boxes[i][3], boxes[i][0]))


def _runs(items: list[int], spans: list[tuple[float, float]], gap: float) -> list[list[int]]:
    """``items`` grouped by their ``spans`` (low, high) on one axis: a group ends where the
    next span starts more than ``gap`` beyond every span so far. Groups in axis order."""
    order = sorted(range(len(items)), key=lambda k: spans[k][0])
    groups: list[list[int]] = []
    reach = float("-inf")
    for k in order:
        low, high = spans[k]
        if not groups or low - reach > gap:
            groups.append([items[k]])
        else:
            groups[-1].append(items[k])
        reach = max(reach, high)
    return groups
