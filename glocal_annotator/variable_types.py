"""Document variable values: checked against their variable's type and kept in one canonical text
form per type, so that equal values compare equal, sort right and travel unchanged.

A value is stored as text; ``""`` means "no value". The types (:data:`~glocal_annotator.model.
VARIABLE_TYPES`) and what each accepts:

- ``text``: anything; surrounding whitespace is removed.
- ``number``: a decimal number with ``.`` as the decimal point (``12.5``, ``-3``, ``1e3``), kept
  in its shortest plain form (``12.50`` -> ``12.5``, ``1e3`` -> ``1000``). A comma is refused
  with a hint: ``12,5`` may be twelve and a half (a decimal comma) or 125 (a thousands
  separator), and guessing would change a researcher's data silently.
- ``date``: an ISO 8601 calendar date, ``YYYY-MM-DD`` (what REFI-QDA's ``xsd:date`` and
  spreadsheets' ISO form write; ``20240301`` too); a date-time at midnight, as spreadsheets
  give a date cell, counts as its date. ``01/02/2024`` is refused: it is 1 February in most of
  the world and 2 January in the United States.
- ``boolean``: ``true``/``false``, ``yes``/``no``, ``y``/``n``, ``1``/``0`` (case ignored),
  kept as ``true`` or ``false``.
- ``choice``: one of the variable's choices (case and spacing ignored), kept as the choice is
  spelt.

Every refusal is an :class:`~glocal_annotator.errors.InvalidValue` with one line saying what is
wrong and how to write it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from decimal import InvalidOperation as DecimalError

from glocal_annotator.errors import InvalidOperation, InvalidValue
from glocal_annotator.model import VARIABLE_TYPES

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_COMMA_NUMBER = re.compile(r"[+-]?[\d.,\s\u00a0\u202f']*,[\d.,\s\u00a0\u202f']*")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MIDNIGHT = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]00:00(?::00(?:\.0+)?)?(?:Z|[+-]00:?00)?")
_LEADING_ZERO = re.compile(r"[+-]?0\d")
#: the largest power of ten a number may have (a plain form of 1e999999 is a million digits)
MAX_EXPONENT = 100
TRUE_WORDS = frozenset({"true", "yes", "y", "1", "t"})
FALSE_WORDS = frozenset({"false", "no", "n", "0", "f"})
_BOOLEAN_WORDS = frozenset({"true", "false", "yes", "no"})


def check_type(name: str) -> str:
    """``name`` as a variable type (case and spacing ignored; ``float``/``integer`` are
    ``number``, ``bool`` is ``boolean``, ``list`` is ``choice``). Raises
    :class:`InvalidOperation` for anything else."""
    key = name.strip().casefold()
    key = {"float": "number", "integer": "number", "int": "number", "numeric": "number",
           "bool": "boolean", "list": "choice", "choices": "choice", "string": "text"}.get(key, key)
    if key not in VARIABLE_TYPES:
        raise InvalidOperation(f"{name!r} is not a variable type; choose one of "
                               f"{', '.join(VARIABLE_TYPES)}")
    return key


def clean_choices(choices: Iterable[str]) -> tuple[str, ...]:
    """The choices of a ``choice`` variable: spacing collapsed, blanks and repeats (case
    ignored) left out, in the order given."""
    seen: set[str] = set()
    kept: list[str] = []
    for choice in choices:
        text = " ".join(str(choice).split())
        if text and text.casefold() not in seen:
            seen.add(text.casefold())
            kept.append(text)
    return tuple(kept)


def canonical_value(kind: str, text: str, choices: Sequence[str] = ()) -> str:
    """``text`` in the canonical form of type ``kind`` (see the module notes); ``""`` (or only
    whitespace) is no value and stays ``""``. Raises :class:`InvalidValue` (one line) when the
    text does not fit the type."""
    value = text.strip()
    if not value:
        return ""
    if kind == "text":
        return value
    if kind == "number":
        return _number(value)
    if kind == "date":
        return _date(value)
    if kind == "boolean":
        word = value.casefold()
        if word in TRUE_WORDS:
            return "true"
        if word in FALSE_WORDS:
            return "false"
        raise InvalidValue(f"{value!r} is not true or false (write true/false, yes/no or 1/0)")
    if kind == "choice":
        wanted = " ".join(value.split()).casefold()
        for choice in choices:
            if choice.casefold() == wanted:
                return choice
        allowed = ", ".join(choices) if choices else "(none yet)"
        raise InvalidValue(f"{value!r} is not one of the choices: {allowed}")
    raise InvalidOperation(f"{kind!r} is not a variable type")


def _number(value: str) -> str:
    squashed = value
    if not _NUMBER.fullmatch(squashed):
        if _COMMA_NUMBER.fullmatch(value):
            raise InvalidValue(
                f"{value!r} is not a number: write the decimal point as \".\" and no thousands "
                "separators (for example 12.5 or 1200)"
            )
        raise InvalidValue(f"{value!r} is not a number (write it as 12, -3.5 or 1e3)")
    try:
        number = Decimal(squashed)
    except DecimalError:  # pragma: no cover - the pattern admits only what Decimal reads
        raise InvalidValue(f"{value!r} is not a number") from None
    if number and abs(number.adjusted()) > MAX_EXPONENT:
        raise InvalidValue(f"{value!r} is too large or too small a number "
                           f"(at most 1e{MAX_EXPONENT})")
    plain = format(number, "f")
    if "." in plain:
        plain = plain.rstrip("0").rstrip(".")
    if plain in ("-0", "+0", ""):
        plain = "0"
    return plain.lstrip("+")


def _date(value: str) -> str:
    midnight = _MIDNIGHT.fullmatch(value)
    candidate = midnight.group(1) if midnight else value
    try:
        return date.fromisoformat(candidate).isoformat()
    except ValueError:
        pass
    raise InvalidValue(f"{value!r} is not a date: write it as YYYY-MM-DD (2024-03-01), which "
                       "no country reads another way")


def cell_text(cell: object) -> str:
    """A spreadsheet cell's value (as openpyxl gives it: None, str, int, float, bool, datetime,
    date) as the text a value is checked from: numbers in plain form, a date or a datetime at
    midnight as ``YYYY-MM-DD``, another datetime as ISO 8601, booleans as ``true``/``false``."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        if cell != cell or cell in (float("inf"), float("-inf")):
            return str(cell)
        return _number(repr(cell)) if abs(cell) < 10**MAX_EXPONENT else repr(cell)
    if isinstance(cell, datetime):
        if (cell.hour, cell.minute, cell.second, cell.microsecond) == (0, 0, 0, 0):
            return cell.date().isoformat()
        return cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    return str(cell)


def infer_type(values: Iterable[str]) -> tuple[str, str]:
    """The type a new variable is given from its values (an imported column), and why, in
    words: ``number`` when every value is a number (none written with a leading zero, as codes
    and postcodes are), ``date`` when every value is ``YYYY-MM-DD``, ``boolean`` when every
    value is true/false or yes/no, else ``text``. Blank values are left out. A choice list is
    never guessed: make the variable a choice and import again to check values against it."""
    filled = [value.strip() for value in values if value.strip()]
    if not filled:
        return "text", "it has no values"
    if all(value.casefold() in _BOOLEAN_WORDS for value in filled):
        return "boolean", "every value is true/false or yes/no"
    if all(_is_number(value) for value in filled):
        return "number", "every value is a number"
    if all(_ISO_DATE.fullmatch(value) and _is_date(value) for value in filled):
        return "date", "every value is a date written YYYY-MM-DD"
    return "text", "its values are not all numbers, dates or yes/no"


def _is_number(value: str) -> bool:
    if _LEADING_ZERO.match(value) and not value.lstrip("+-").startswith("0."):
        return False
    try:
        _number(value)
    except InvalidValue:
        return False
    return True


def _is_date(value: str) -> bool:
    try:
        _date(value)
    except InvalidValue:
        return False
    return True


def sort_key(kind: str, value: str) -> tuple:
    """A key that orders values of type ``kind`` as a reader expects: numbers by size, dates
    by time, the rest by text (case ignored); no value last."""
    if not value:
        return (2,)
    if kind == "number":
        try:
            return (0, Decimal(value))
        except DecimalError:
            pass
    return (1, value.casefold())
