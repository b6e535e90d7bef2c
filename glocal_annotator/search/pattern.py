"""Regular expressions over a search form: their literal characters made reader-equal, and the
literal text every match must start with (so that a scan can jump to it).

A pattern is matched against the normalised (or, ignoring case, the folded) form of each document,
so its literal characters are normalised the same way (:func:`normalise_pattern`): a curly
apostrophe typed in the pattern is a straight one, ``ß`` is ``ss`` when case is ignored, and
``\\u2019``, ``\\x..`` and ``\\N{...}`` escapes count as the characters they name. Classes,
quantifiers, groups, anchors and other escapes are kept as written. Inside ``[...]`` a character
whose form is several characters (``ß`` when ignoring case, a ligature) is kept as written: write
it outside the brackets to have it match its form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_QUANTIFIER = re.compile(r"[*+?]|\{\d*(?:,\d*)?\}")
_GROUP_FLAGS = re.compile(r"\(\?[aiLmsux]*(?:-[imsx]+)?[:)]")


def normalise_pattern(pattern: str, form: Callable[[str], str]) -> str:
    """``pattern`` with its literal characters replaced by their ``form`` (escaped as needed).

    Raises nothing itself: a pattern that is not valid stays invalid, for ``re`` to report.
    """
    out: list[str] = []
    run: list[str] = []  # literal characters not yet written

    def flush(quantified: bool = False) -> None:
        if not run:
            return
        if quantified:
            body, last = run[:-1], run[-1]
            out.append(re.escape(form("".join(body))))
            formed = form(last)
            out.append(re.escape(formed) if len(formed) == 1 else f"(?:{re.escape(formed)})")
        else:
            out.append(re.escape(form("".join(run))))
        run.clear()

    index = 0
    length = len(pattern)
    while index < length:
        character = pattern[index]
        if character == "\\":
            literal, index_after = _escape_literal(pattern, index)
            if literal is None:
                flush(bool(_QUANTIFIER.match(pattern, index_after)))
                out.append(pattern[index:index_after])
            else:
                run.append(literal)
            index = index_after
        elif character == "[":
            flush()
            text, index = _character_class(pattern, index, form)
            out.append(text)
        elif character == "(":
            flush()
            index_after = _group_opening(pattern, index)
            out.append(pattern[index:index_after])
            index = index_after
        elif character in ")|^$.":
            flush()
            out.append(character)
            index += 1
        elif (quantifier := _QUANTIFIER.match(pattern, index)) is not None:
            flush(quantified=True)
            end = quantifier.end()
            if end < length and pattern[end] in "?+":  # lazy or possessive
                end += 1
            out.append(pattern[index:end])
            index = end
        else:
            run.append(character)
            index += 1
    flush()
    return "".join(out)


def _escape_literal(pattern: str, index: int) -> tuple[str | None, int]:
    """At a backslash: ``(character, end)`` for an escape that names one character, or
    ``(None, end)`` for a class, anchor, back-reference or other special escape."""
    if index + 1 >= len(pattern):
        return None, len(pattern)
    code = pattern[index + 1]
    widths = {"x": 2, "u": 4, "U": 8}
    if code in widths:
        digits = pattern[index + 2 : index + 2 + widths[code]]
        if len(digits) == widths[code] and all(c in "0123456789abcdefABCDEF" for c in digits):
            value = int(digits, 16)
            if value <= 0x10FFFF:
                return chr(value), index + 2 + widths[code]
        return None, index + 2
    if code == "N" and pattern.startswith("{", index + 2):
        close = pattern.find("}", index + 3)
        if close != -1:
            try:
                return unicodedata.lookup(pattern[index + 3 : close]), close + 1
            except KeyError:
                return None, close + 1
    if code.isascii() and code.isalnum():
        return None, index + 2
    return code, index + 2


def _group_opening(pattern: str, index: int) -> int:
    """The end of a group's opening: ``(``, ``(?:``, ``(?P<name>``, ``(?#...)``, flags ..."""
    if not pattern.startswith("(?", index):
        return index + 1
    rest = pattern[index + 2 : index + 3]
    if rest == "#":
        close = pattern.find(")", index)
        return len(pattern) if close == -1 else close + 1
    if pattern.startswith(("(?P<", "(?<") , index) and not pattern.startswith(
        ("(?<=", "(?<!"), index
    ):
        close = pattern.find(">", index)
        return len(pattern) if close == -1 else close + 1
    if pattern.startswith(("(?P=", "(?("), index):
        close = pattern.find(")", index)
        return len(pattern) if close == -1 else close + 1
    if pattern.startswith(("(?<=", "(?<!"), index):
        return index + 4
    flags = _GROUP_FLAGS.match(pattern, index)
    if flags is not None:
        return flags.end()
    return index + 3  # (?: (?= (?! (?>


def _character_class(
    pattern: str, index: int, form: Callable[[str], str]
) -> tuple[str, int]:
    """A ``[...]`` class from ``index``: single literal characters take their form when it is
    one character; ranges, escapes and the rest are kept. Returns ``(text, end)``."""
    out = ["["]
    position = index + 1
    if position < len(pattern) and pattern[position] == "^":
        out.append("^")
        position += 1
    first = True
    while position < len(pattern):
        character = pattern[position]
        if character == "]" and not first:
            out.append("]")
            return "".join(out), position + 1
        first = False
        end = _class_item_end(pattern, position)
        if _starts_range(pattern, end):  # a range: both ends as written
            end = _class_item_end(pattern, end + 1)
            out.append(pattern[position:end])
        elif character == "\\":
            literal, _end = _escape_literal(pattern, position)
            out.append(pattern[position:end] if literal is None else _class_member(literal, form))
        else:
            out.append(_class_member(character, form))
        position = end
    return "".join(out), position  # unclosed: re reports it


def _class_item_end(pattern: str, index: int) -> int:
    """The end of one class item (a character or an escape) starting at ``index``."""
    if pattern[index] == "\\":
        return _escape_literal(pattern, index)[1]
    return index + 1


def _starts_range(pattern: str, index: int) -> bool:
    return (
        index + 1 < len(pattern) and pattern[index] == "-" and pattern[index + 1] != "]"
    )


def _class_member(character: str, form: Callable[[str], str]) -> str:
    formed = form(character)
    if len(formed) != 1:
        formed = character if formed else ""
    return "\\" + formed if formed in "\\]^-[" and formed else formed


# -- the literal text a match must start with --------------------------------------------------


def required_prefix(compiled: re.Pattern[str]) -> str:
    """Literal text every match of ``compiled`` starts with, after zero-width assertions such
    as ``\\b`` and ``^``; empty when there is none or it cannot be told.

    Python's ``re`` jumps ahead to a literal prefix itself, but not past a leading ``\\b``, so
    ``\\bdrone \\w+`` is tried at every position (0.4 s over 30 MB); with the prefix a scan can
    ``str.find`` it and try the pattern only there. Uses ``re._parser`` (Python's own pattern
    parser); any surprise there means no prefix, never a wrong one.
    """
    try:
        from re import _constants as constants
        from re import _parser as parser

        items = list(parser.parse(compiled.pattern, compiled.flags).data)
        index = 0
        while index < len(items) and items[index][0] is constants.AT:  # zero-width
            index += 1
        characters: list[str] = []
        while index < len(items) and items[index][0] is constants.LITERAL:
            characters.append(chr(items[index][1]))
            index += 1
        return "".join(characters)
    except Exception:  # noqa: BLE001 - an optimisation only
        return ""
