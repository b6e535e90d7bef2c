"""Counts in words for messages: ``1 coder``, ``2 coders``, never ``1 coders`` or
``coder(s)``."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word`` agreeing: ``1 code``, ``1,200 codes``; ``many`` is the plural
    when adding "s" is wrong (``plural(2, "match", "matches")``). ``count`` is written with
    thousands separators."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"


def listing(parts: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
