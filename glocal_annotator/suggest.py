""""Did you mean ...?" for a misspelt name, by :func:`difflib.get_close_matches`."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping


def close_matches(
    word: str, choices: Iterable[str] | Mapping[str, str], n: int = 3
) -> list[str]:
    """Up to ``n`` of ``choices`` that look like ``word`` (case-insensitive, best first;
    difflib's ratio of at least 0.6), each as written in ``choices``. A mapping matches on its
    keys (say, a document's name without its extension) and answers with their values (its
    full name), each once."""
    pairs = choices.items() if isinstance(choices, Mapping) else ((c, c) for c in choices)
    by_key: dict[str, str] = {}
    for key, label in pairs:
        by_key.setdefault(key.casefold(), label)
    keys = difflib.get_close_matches(word.casefold(), list(by_key), n=n * 2, cutoff=0.6)
    found: list[str] = []
    for key in keys:
        if by_key[key] not in found:
            found.append(by_key[key])
    return found[:n]


def quote(text: str) -> str:
    """``text`` in single quotes for a message, as typed (``repr`` would double a backslash)."""
    return f"'{text}'"


def did_you_mean(word: str, choices: Iterable[str] | Mapping[str, str]) -> str:
    """``"; did you mean 'a'?"`` (or ``'a', 'b' or 'c'``) to end a message; ``""`` if nothing
    looks like ``word``."""
    found = close_matches(word, choices)
    if not found:
        return ""
    quoted = [quote(choice) for choice in found]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f"; did you mean {listed}?"
