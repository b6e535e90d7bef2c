"""What an analysis view hands to whoever shows it: a labelled table of numbers, and the
passages behind each cell.

Every view of issue 12 (code frequencies, matrices, co-occurrence, word frequencies) returns a
:class:`ResultTable`; the GUI shows it as a table and a chart, the CLI prints it as text, JSON or
CSV, and the exports write it to XLSX/CSV or place its chart in a Word report. Keeping one shape
lets each of those be written once.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field

# What the numbers in a table are; the GUI and the charts label axes and format cells by it.
MEASURES = ("count", "row_percent", "column_percent", "presence", "coefficient", "characters")


@dataclass(frozen=True)
class Passage:
    """A stretch of one document behind a result: ``[start, end)`` in code points of the
    document's text, with the codings it came from (empty for a word or a query hit that no
    coding gave)."""

    document_id: int
    start: int
    end: int
    coding_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class ResultTable:
    """A rows x columns table of numbers with labels, as a view computed it.

    ``values[r][c]`` is the number for row ``r`` and column ``c`` (an int for counts and
    presence, a float for percentages in 0..100 and coefficients). ``row_keys``/``column_keys``
    identify rows and columns for the program (code ids, document ids, coder names, variable
    values) as the labels do for the reader; they have the lengths of the labels.
    ``passages(r, c)``, when given, lists the passages behind a cell, in document order.
    ``note`` says how the numbers were made when that is not obvious (a coefficient's name and
    source, what "near" meant).

    Raises ``ValueError`` when the shapes disagree.
    """

    title: str
    row_labels: tuple[str, ...]
    column_labels: tuple[str, ...]
    values: tuple[tuple[float, ...], ...]
    measure: str = "count"
    row_keys: tuple[Hashable, ...] = ()
    column_keys: tuple[Hashable, ...] = ()
    note: str = ""
    passages: Callable[[int, int], Sequence[Passage]] | None = field(
        default=None, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        if self.measure not in MEASURES:
            raise ValueError(f"unknown measure {self.measure!r}; one of {', '.join(MEASURES)}")
        if len(self.values) != len(self.row_labels):
            raise ValueError(f"{len(self.values)} rows of values for {len(self.row_labels)} labels")
        width = len(self.column_labels)
        for row in self.values:
            if len(row) != width:
                raise ValueError(f"a row of {len(row)} values for {width} columns")
        for keys, labels, what in ((self.row_keys, self.row_labels, "row"),
                                   (self.column_keys, self.column_labels, "column")):
            if keys and len(keys) != len(labels):
                raise ValueError(f"{len(keys)} {what} keys for {len(labels)} {what} labels")

    def rows(self) -> list[list[object]]:
        """The table as a header row and one row per row label (label first): what a CSV or
        XLSX export writes."""
        header: list[object] = ["", *self.column_labels]
        return [header, *([label, *values] for label, values in
                          zip(self.row_labels, self.values, strict=True))]
