"""excerpt_context: the one rule for the text around an excerpt (Word report and segments panel),
equal to the plain paragraph-scanning rule it replaces, at a cost bounded by the context asked."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from glocal_annotator.excerpt_context import context, one_line


def _previous_line(text: str, line_start: int) -> tuple[int, int] | None:
    end = line_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            return start, end
        end = start - 1
    return None


def _next_line(text: str, line_end: int) -> tuple[int, int] | None:
    start = line_end + 1
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if text[start:end].strip():
            return start, end
        start = end + 1
    return None


def reference(text: str, start: int, end: int, chars: int) -> tuple[str, str]:
    """The rule as the Word report had it, scanning whole paragraphs (quadratic on one long
    paragraph with many excerpts): the bounded function must give exactly this."""
    if chars <= 0:
        return "", ""
    line_start = text.rfind("\n", 0, start) + 1
    before, gap = "", ""
    if text[line_start:start].strip():
        low, high = line_start, start
    else:
        found = _previous_line(text, line_start)
        low, high = found if found else (start, start)
        gap = "\n" if found else ""
    if high > low:
        before = text[max(low, high - chars) : high]
        if high - chars > low:
            cut = re.search(r"\s", before)
            before = before[cut.end() :] if cut and cut.end() < len(before) else before
            before = "…" + before.lstrip()
        before = before.lstrip() + (gap or text[high:start])
    line_end = text.find("\n", max(start, end - 1))
    line_end = len(text) if line_end == -1 else line_end
    after, gap = "", ""
    if text[end:line_end].strip():
        low, high = end, line_end
    else:
        found = _next_line(text, line_end)
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


@settings(max_examples=1000, deadline=None)
@given(
    text=st.text(alphabet="ab \n\t", min_size=1, max_size=60),
    data=st.data(),
    chars=st.integers(-1, 12),
)
def test_bounded_context_equals_the_paragraph_rule(text, data, chars):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    assert context(text, start, end, chars) == reference(text, start, end, chars)


def test_examples():
    text = "One.\n\nTwo has a word in it and more.\n\nThree."
    start = text.index("a word")
    assert context(text, start, start + 6, 100) == ("Two has ", " in it and more.")
    assert context(text, start, start + 6, 6) == ("…has ", " in…")
    whole = text.index("Two"), text.index("\n\nThree")
    assert context(text, *whole, 100) == ("One.\n", "\nThree.")
    assert context(text, start, start + 6, 0) == ("", "")
    assert one_line(text, *whole, 100) == "One. [Two has a word in it and more.] Three."
    assert one_line("α β γ δ ε", 4, 5, 2) == "…β [γ] δ…"


def test_a_long_paragraph_costs_only_the_context():
    """Context in a 3M-character paragraph reads about ``chars`` characters: a slice of the
    paragraph would copy megabytes for each of thousands of excerpts."""
    text = "word " * 600_000
    middle = len(text) // 2

    class Counting(str):
        """A str that counts the characters its slices copy."""

        copied = 0

        def __getitem__(self, key):
            piece = str.__getitem__(self, key)
            Counting.copied += len(piece)
            return piece

    counted = Counting(text)
    assert context(counted, middle, middle + 4, 60) == reference(text, middle, middle + 4, 60)
    assert Counting.copied < 1_000
