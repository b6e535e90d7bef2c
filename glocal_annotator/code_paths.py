"""Code paths: how a code is written and found on the command line, unambiguously.

A code's path is the names from the top of the codebook down to it, joined by ``/``. A name may
itself hold ``/`` (``in/out``) or ``\\``: in a path such a name is written with ``\\/`` and ``\\\\``
(``Migration/in\\/out`` is the code ``in/out`` under ``Migration``), so every code has exactly one
path and no two codes share one. :attr:`glocal_annotator.model.Code.path` is this written form.

Finding a code (:func:`find_code`), case-insensitively and with runs of spaces read as one:

- ``NAME`` or ``PATH`` names every code whose name is exactly that text (slashes included) or
  whose path it is. One match is the code; none is an error with "did you mean ..."; more than one
  (two codes of one name under different parents, or ``a/b`` being both the code ``b`` under ``a``
  and a code named ``a/b``) is an error that lists each choice in a form that names only it.
- ``/PATH``, with a leading ``/``, is a path from the top only (never a name): ``/Other`` is the
  top-level ``Other`` even when a sub-code is also called ``Other``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from glocal_annotator.errors import NotFound
from glocal_annotator.model import Code
from glocal_annotator.suggest import did_you_mean, quote

SEPARATOR = "/"
ESCAPE = "\\"


def escape_name(name: str) -> str:
    """``name`` as one step of a path: ``\\`` as ``\\\\``, ``/`` as ``\\/``."""
    return name.replace(ESCAPE, ESCAPE * 2).replace(SEPARATOR, ESCAPE + SEPARATOR)


def join_path(names: Iterable[str]) -> str:
    """The written path of the names from the top down."""
    return SEPARATOR.join(escape_name(name) for name in names)


def split_path(path: str) -> list[str]:
    """The names in a written path (the inverse of :func:`join_path`); empty steps are dropped,
    and a ``\\`` before anything but ``/`` or ``\\`` stands for itself."""
    names: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(path):
        char = path[index]
        if char == ESCAPE and index + 1 < len(path) and path[index + 1] in (ESCAPE, SEPARATOR):
            current.append(path[index + 1])
            index += 2
            continue
        if char == SEPARATOR:
            names.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    names.append("".join(current))
    return [name for name in names if name.strip()]


DISPLAY_SEPARATOR = " / "


def display_path(path: str) -> str:
    r"""A code's written path (:attr:`Code.path`) for reading: its names as written, joined by
    `` / `` (``a/b`` as ``a / b``; the name ``in/out``, written ``in\/out``, as ``in/out``).
    For showing only: it cannot be parsed back when a name holds `` / ``."""
    return DISPLAY_SEPARATOR.join(split_path(path))


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def anchored(code: Code) -> str:
    """The form that names only ``code``: its path after a leading ``/``."""
    return SEPARATOR + code.path


def find_code(codes: Sequence[Code], query: str) -> Code:
    """The one code ``query`` names, by the rules in the module notes.

    ``codes`` are all codes of the project, each with its written :attr:`~Code.path`. Raises
    :class:`NotFound` (one line) when nothing matches (with up to three close names) or when
    several codes match (listing the form that names each).
    """
    text = query.strip()
    if not text:
        raise NotFound("give a code name or path")
    steps = [_key(name) for name in split_path(text)]
    only_path = text.startswith(SEPARATOR)
    whole = _key(text)
    found: dict[int, Code] = {}
    for code in codes:
        if [_key(name) for name in split_path(code.path)] == steps or (
            not only_path and _key(code.name) == whole
        ):
            found[code.id] = code
    if len(found) == 1:
        return next(iter(found.values()))
    if found:
        choices = ", ".join(anchored(code) for code in found.values())
        raise NotFound(f"{quote(text)} names {len(found)} codes: {choices}; give one of these")
    names = [code.name for code in codes] + [code.path for code in codes]
    raise NotFound(f"there is no code named {quote(text)}" + did_you_mean(text, names))
