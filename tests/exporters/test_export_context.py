"""Context around excerpts: the line-index version gives what the first (rescanning) version gave,
on random texts with blank lines, spaces and long paragraphs."""

from __future__ import annotations

import random
import re

from glocal_annotator.exporters._common import Locator, context


# The first version, kept as the reference: it rescanned the text around every excerpt.
def _previous_line(text: str, line_start: int) -> tuple[int, int] | None:
    """Bounds of the nearest non-empty line before the line starting at ``line_start``."""
    end = line_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            return start, end
        end = start - 1
    return None


def _next_line(text: str, line_end: int) -> tuple[int, int] | None:
    """Bounds of the nearest non-empty line after the line ending at ``line_end``."""
    start = line_end + 1
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        if text[start:end].strip():
            return start, end
        start = end + 1
    return None


def reference_context(text: str, start: int, end: int, chars: int) -> tuple[str, str]:
    """Up to ``chars`` characters before and after ``[start, end)``, cut at word boundaries,
    with ``…`` where the text goes on. Context stays in the excerpt's paragraph; when the excerpt
    starts (ends) its paragraph, the end (start) of the paragraph before (after) is shown,
    after (before) a line break."""
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



def test_context_matches_the_reference_on_random_texts():
    rng = random.Random(7)
    pieces = ["word", "two words", " ", "  ", "\n", "\n\n", "\n \n", "é 全", "\t", "x" * 30]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        locator = Locator(text)
        for _ in range(10):
            start = rng.randrange(0, len(text) + 1)
            end = rng.randrange(start, len(text) + 1)
            chars = rng.choice([0, 1, 5, 12, 200])
            expected = reference_context(text, start, end, chars)
            assert context(text, start, end, chars) == expected, (text, start, end, chars)
            assert locator.context(start, end, chars) == expected
