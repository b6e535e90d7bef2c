"""Text cells a spreadsheet shows as text, never runs as a formula (CSV injection).

Excel, LibreOffice Calc and Google Sheets read a CSV cell that starts with ``=``, ``+``, ``-`` or
``@`` (and, after a tab or carriage return, the same) as a formula, so a coded answer such as
``=HYPERLINK("http://...")`` would run when the export is opened. The OWASP guidance ("CSV
Injection", https://owasp.org/www-community/attacks/CSV_Injection) is to start such a cell with a
single quote, which spreadsheets take as "this is text". The full-width forms of the four signs
(U+FF1D, U+FF0B, U+FF0D, U+FF20), which Excel accepts as formula starts in East Asian input, are
treated the same, and so are these signs after leading spaces (which an import may trim).
A cell that is just a number (``-5``, ``+3.5``, ``1,000``) is left as it is: it
is not a formula, and a quote would turn data into text.

:func:`spreadsheet_text` protects a cell for writing; :func:`unprotect` undoes it for a reader of
our own CSV files (``codebook import`` of a ``codebook export``). Text that itself starts with
quotes before a formula sign (``'=x``) gets one more quote, so that reading it back gives exactly
what was written: ``unprotect(spreadsheet_text(t)) == t`` for every ``t``.
"""

from __future__ import annotations

import re

FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_NUMBER = re.compile(r"[+-]?[0-9][0-9,]*(\.[0-9]+)?|[+-]?\.[0-9]+")


# White space an import may trim before reading a cell (LibreOffice's "Trim spaces" and Google
# Sheets' "Trim leading and trailing whitespace" import options): ``   =SUM(A1)`` is then a
# formula too, so it is protected like ``=SUM(A1)``.
_TRIMMED = " \n\u00a0\u3000"


def needs_protection(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (also after trimming leading
    spaces, line breaks, no-break and ideographic spaces)."""
    start = text.lstrip(_TRIMMED)
    return bool(start) and start[0] in FORMULA_STARTS and not _NUMBER.fullmatch(start)


def _quoted_formula(text: str) -> bool:
    """``'=...``, ``''+...``: quotes before what would start a formula (looks protected)."""
    return text.startswith("'") and needs_protection(text.lstrip("'"))


def spreadsheet_text(text: str) -> str:
    """``text`` as a CSV cell a spreadsheet shows as text: a leading ``'`` where it could start a
    formula (or already starts with quotes before one); otherwise unchanged."""
    return "'" + text if needs_protection(text) or _quoted_formula(text) else text


def unprotect(text: str) -> str:
    """Undo :func:`spreadsheet_text`: one ``'`` before what would start a formula, or before
    further quotes and such a start, is dropped."""
    if text.startswith("'") and (needs_protection(text[1:]) or _quoted_formula(text[1:])):
        return text[1:]
    return text
