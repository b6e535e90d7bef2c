"""Counts in words for messages: ``1 coder``, ``2 coders``, never ``1 coders`` or
``coder`` with a bracketed plural ending. Plain strings, no I/O: every layer (CLI, importers,
exporters, REFI-QDA, operations, store, ui) words its counts with these two functions."""

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


def agreeing(count: int, one: str, many: str) -> str:
    """``one`` when ``count`` is 1, else ``many``: the verb or phrase that goes with a count
    (``f"{plural(n, 'code')} {agreeing(n, 'differs', 'differ')}"``)."""
    return one if count == 1 else many


def memo_parts(coding_memos: int, document_memos: int, project_memos: int) -> list[str]:
    """The three kinds of memo a project holds, counted and named the same way in every report
    (a .qdpx export, an import of that file): ``["21 coding memos", "2 document memos",
    "1 project memo"]``. Coding memos are memos on codings, document memos a document's own
    memo, project memos the project's memo items (with or without a linked document)."""
    return [plural(coding_memos, "coding memo"), plural(document_memos, "document memo"),
            plural(project_memos, "project memo")]
