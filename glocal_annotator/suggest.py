""""Did you mean ...?" for a misspelt name, by :func:`difflib.get_close_matches`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def close_matches(word: str, choices: Iterable[str], n: int = 3) -> list[str]:
    """Up to ``n`` of ``choices`` that look like ``word`` (case-insensitive, best first;
    difflib's ratio of at least 0.6), each as written in ``choices``."""
    by_key: dict[str, str] = {}
    for choice in choices:
        by_key.setdefault(choice.casefold(), choice)
    keys = difflib.get_close_matches(word.casefold(), list(by_key), n=n, cutoff=0.6)
    return [by_key[key] for key in keys]


def quote(text: str) -> str:
    """``text`` in single quotes for a message, as typed (``repr`` would double a backslash)."""
    return f"'{text}'"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'a'?"`` (or ``'a', 'b' or 'c'``) to end a message; ``""`` if nothing
    looks like ``word``."""
    found = close_matches(word, choices)
    if not found:
        return ""
    quoted = [quote(choice) for choice in found]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {listed}?"
