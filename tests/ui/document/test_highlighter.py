"""The highlighter's sweep gives every character the look its codings call for, however deeply
they overlap: compared with a brute-force reading of the codings over each character."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from PySide6.QtGui import QTextCharFormat  # noqa: E402

from glocal_annotator.ui.document.highlighter import _rgb, coverage_look  # noqa: E402
from glocal_annotator.ui.document.view import CodingSpan, DocumentView  # noqa: E402

COLORS = ["#e6194b", "#3cb44b", "#4363d8", "#f58231"]
TEXT = "ab🌍cd e\u0301f\ngh全球ij kl\n\nmn👩🏽‍🔬op qr st"


@pytest.fixture(scope="module")
def view():
    widget = DocumentView(background=False)
    widget.resize(500, 300)
    widget.show()
    yield widget
    widget.close()


def look_at(view: DocumentView, cp: int) -> tuple | None:
    """(background, underline style, underline colour) of the character at ``cp``."""
    qt = view.state.offsets.to_qt(cp)
    block = view.text_edit().document().findBlock(qt)
    relative = qt - block.position()
    for rng in block.layout().formats():
        if rng.start <= relative < rng.start + rng.length:
            fmt = QTextCharFormat(rng.format)
            underlined = fmt.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline
            return (fmt.background().color().name(), fmt.underlineStyle(),
                    fmt.underlineColor().name() if underlined else None)
    return None


def expected_look(spans: list[CodingSpan], cp: int, selected: int | None) -> tuple | None:
    over = [s for s in spans if s.start <= cp < s.end]
    if not over:
        return None
    sums = tuple(sum(_rgb(s.color)[channel] for s in over) for channel in range(3))
    inner = min(over, key=lambda s: (s.end - s.start, -s.start, s.coding_id))
    chosen = next((s.color for s in over if s.coding_id == selected), None)
    red, green, blue, underline, sel = coverage_look(len(over), sums, inner.color, chosen)
    fmt = QTextCharFormat()
    if underline is not None:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
    if sel is not None:
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
    from PySide6.QtGui import QColor

    from glocal_annotator.ui.document.highlighter import _shade

    colour = None
    if sel is not None:
        colour = _shade(_rgb(sel), 0.45).name()
    elif underline is not None:
        colour = _shade(_rgb(underline)).name()
    return QColor(red, green, blue).name(), fmt.underlineStyle(), colour


@st.composite
def codings(draw) -> tuple[list[CodingSpan], int | None]:
    count = draw(st.integers(0, 14))
    spans = []
    for coding_id in range(1, count + 1):
        start = draw(st.integers(0, len(TEXT) - 1))
        end = draw(st.integers(start + 1, len(TEXT)))
        spans.append(CodingSpan(coding_id, coding_id % 3, start, end,
                                draw(st.sampled_from(COLORS)), f"c{coding_id}"))
    selected = draw(st.none() | st.integers(1, max(count, 1)))
    return spans, selected if count else None


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=codings())
def test_every_character_looks_as_its_codings_say(view, case) -> None:
    spans, selected = case
    view.set_document(TEXT, spans)
    view.select_coding(selected)
    view.highlight_all()
    for cp in range(len(TEXT)):
        if TEXT[cp] == "\n":
            continue
        assert look_at(view, cp) == expected_look(spans, cp, view.selected_coding()), cp


def test_deep_overlap_is_exact(view) -> None:
    """Five hundred codings over the same words: the runs between their ends are right."""
    spans = [CodingSpan(i, i % 7, i % 5, len(TEXT) - (i % 9), COLORS[i % 4], "c")
             for i in range(1, 501)]
    view.set_document(TEXT, spans)
    view.highlight_all()
    for cp in range(len(TEXT)):
        if TEXT[cp] != "\n":
            assert look_at(view, cp) == expected_look(spans, cp, None), cp
