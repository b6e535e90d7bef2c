"""ui.lanes, Qt-free: the span index answers "which codings touch [a, b)" exactly as a scan of
every coding would, and lanes never put two overlapping codings side by side in one lane.
Property tests (hypothesis) over random documents, codings and edits."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from glocal_annotator.ui.document.lanes import CodingSpan, SpanIndex, block_starts_of

CODES = 3  # few codes, so that the visible-code filter hides some and keeps some


@st.composite
def documents(draw) -> str:
    lines = draw(st.lists(st.integers(0, 12), min_size=1, max_size=8))
    return "\n".join("x" * n for n in lines)


@st.composite
def spans_in(draw, length: int, first_id: int = 1) -> list[CodingSpan]:
    count = draw(st.integers(0, 25))
    spans = []
    for coding_id in range(first_id, first_id + count):
        start = draw(st.integers(0, length))
        end = draw(st.integers(start, length))
        code = draw(st.integers(0, CODES - 1))
        spans.append(CodingSpan(coding_id, code, start, end, "#CCCCCC", f"c{code}"))
    return spans


def _shown(index: SpanIndex) -> list[CodingSpan]:
    """What the index should show: visible codings covering at least one code point."""
    return [s for s in index.spans.values() if s.end > s.start and index.is_visible(s)]


def _scan(index: SpanIndex, start: int, end: int) -> set[int]:
    end = max(end, start + 1)
    return {s.coding_id for s in _shown(index) if s.start < end and s.end > start}


def _check(index: SpanIndex, text: str) -> None:
    length = len(text)
    for start in range(length + 1):
        for end in range(start, min(length, start + 6) + 1):
            found = [s.coding_id for s in index.overlapping(start, end)]
            assert len(found) == len(set(found))  # each coding once
            assert set(found) == _scan(index, start, end), (start, end)
    shown = _shown(index)
    assert set(index.lanes) == {s.coding_id for s in shown}
    for a in shown:
        for b in shown:
            if a.coding_id < b.coding_id and a.start < b.end and b.start < a.end:
                assert index.lanes[a.coding_id] != index.lanes[b.coding_id], (a, b)
    assert index.lane_count == (max(index.lanes.values()) + 1 if index.lanes else 0)


def _check_between_steps(index: SpanIndex, text: str) -> None:
    """What holds between two steps of a change: the index answers exactly, and the lanes it
    has (codings added in bulk get theirs in the last pass) never put overlaps side by side."""
    for start in range(len(text) + 1):
        for end in range(start, min(len(text), start + 6) + 1):
            assert {s.coding_id for s in index.overlapping(start, end)} == _scan(index, start, end)
    shown = {s.coding_id: s for s in _shown(index)}
    assert set(index.lanes) <= set(shown)
    laned = [shown[i] for i in index.lanes]
    for a in laned:
        for b in laned:
            if a.coding_id < b.coding_id and a.start < b.end and b.start < a.end:
                assert index.lanes[a.coding_id] != index.lanes[b.coding_id]


def _depth(spans: list[CodingSpan]) -> int:
    """The most codings covering one code point: no lane packing can use fewer lanes."""
    events = sorted([(s.start, 1) for s in spans] + [(s.end, -1) for s in spans])
    depth = best = 0
    for _, step in events:
        depth += step
        best = max(best, depth)
    return best


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_set_spans_indexes_exactly_and_packs_lanes_optimally(data):
    text = data.draw(documents())
    index = SpanIndex(block_starts_of(text), len(text))
    index.set_spans(data.draw(spans_in(len(text))))
    _check(index, text)
    assert index.lane_count == _depth(_shown(index))  # greedy by start is optimal
    visible = data.draw(st.none() | st.sets(st.integers(0, CODES - 1)))
    index.set_visible_codes(visible)
    _check(index, text)
    assert index.lane_count == _depth(_shown(index))


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_adds_and_removes_keep_the_index_exact(data):
    text = data.draw(documents())
    index = SpanIndex(block_starts_of(text), len(text))
    index.set_visible_codes(data.draw(st.none() | st.sets(st.integers(0, CODES - 1))))
    index.set_spans(data.draw(spans_in(len(text))))
    for step, new in enumerate(data.draw(spans_in(len(text), first_id=1))):
        if step % 3 == 2 and index.spans:
            index.remove(data.draw(st.sampled_from(sorted(index.spans))))
        else:
            index.add(new)  # a known id replaces that coding
        _check(index, text)


@given(text=st.text(alphabet="ab\n", max_size=40))
def test_block_starts_are_the_line_starts(text):
    starts = block_starts_of(text)
    assert starts == [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    index = SpanIndex(starts, len(text))
    for cp in range(len(text)):
        # a line keeps its final "\n"
        assert starts[index.block_of(cp)] == text.rfind("\n", 0, cp) + 1


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_lanes_by_group_keep_each_coder_apart_and_in_order(data) -> None:
    """NVivo's coding stripes by user: each group (coder) has lanes of its own, group 0 nearest
    the text, a group with no coding keeps one lane, and overlapping codings of one group
    still never share a lane."""
    text = data.draw(documents())
    index = SpanIndex(block_starts_of(text), len(text))
    spans = data.draw(spans_in(len(text)))
    index.set_spans(spans)
    groups = {s.coding_id: data.draw(st.integers(0, 2)) for s in spans}
    index.set_groups(groups, 3)
    assert len(index.group_lanes) == 3 and index.group_lanes[0] == 0
    bounds = [*index.group_lanes, index.lane_count]
    for span in _shown(index):
        group = groups[span.coding_id]
        assert bounds[group] <= index.lanes[span.coding_id] < bounds[group + 1]
    for number in range(3):
        assert bounds[number + 1] - bounds[number] >= 1  # an empty group keeps its lane
    shown = _shown(index)
    for a in shown:
        for b in shown:
            if a.coding_id < b.coding_id and a.start < b.end and b.start < a.end:
                assert index.lanes[a.coding_id] != index.lanes[b.coding_id]
    extra = CodingSpan(10_000, 0, 0, len(text), "#CCCCCC", "c0")
    index.add(extra)  # added and removed, the groups hold
    if len(text):
        last = index.group_lanes[2]
        assert index.lanes[10_000] >= last  # not named in the groups: the last group
    index.remove(10_000)
    assert 10_000 not in index.lanes
    index.set_groups(None)
    assert index.group_lanes == [] and all(
        lane < max(1, index.lane_count) for lane in index.lanes.values())


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_lanes_worked_out_in_steps_are_those_of_compute_lanes(data):
    text = data.draw(documents())
    index = SpanIndex(block_starts_of(text), len(text))
    index.set_visible_codes(data.draw(st.none() | st.sets(st.integers(0, CODES - 1))))
    index.set_spans(data.draw(spans_in(len(text))))  # in steps (SpanIndex.filling)
    stepped = dict(index.lanes)
    index.compute_lanes()
    assert stepped == index.lanes


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_a_change_in_steps_equals_its_adds_and_removes(data):
    text = data.draw(documents())
    first = data.draw(spans_in(len(text)))
    stepped = SpanIndex(block_starts_of(text), len(text))
    one_by_one = SpanIndex(block_starts_of(text), len(text))
    for index in (stepped, one_by_one):
        index.set_spans(first)
    removed = data.draw(st.lists(st.integers(0, 30), max_size=10))
    added = data.draw(spans_in(len(text), first_id=data.draw(st.integers(1, 30))))
    touched = bytearray(len(stepped.block_starts))
    for _ in stepped.changing(removed, iter(added), touched, [s.coding_id for s in added]):
        _check_between_steps(stepped, text)
    for coding_id in removed:
        one_by_one.remove(coding_id)
    for span in added:
        one_by_one.add(span)
    assert stepped.spans == one_by_one.spans
    _check(stepped, text)
    for number in range(len(stepped.block_starts)):
        assert sorted(s.coding_id for s in stepped.in_block(number)) == sorted(
            s.coding_id for s in one_by_one.in_block(number))
    changed = {*removed, *(s.coding_id for s in added)}
    for span in (*first, *added):
        if span.coding_id in changed and span.end > span.start:
            blocks = stepped.block_range(span)
            if blocks is not None:
                assert all(touched[n] for n in range(blocks[0], blocks[1] + 1))
