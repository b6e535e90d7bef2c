"""Document variables in REFI-QDA: this app's types written as ``typeOfVariable`` with typed
values, and read back. Pure.

REFI-QDA 1.5 (section 13; ``Project.xsd``: ``VariableType``, ``VariableValueType``) knows the
types Text, Boolean, Integer, Float, Date and DateTime, and no list of choices. Written:

- text -> ``Text`` (``TextValue``); number -> ``Integer`` when every value is a whole number,
  else ``Float`` (``IntegerValue``/``FloatValue``, ``xsd:decimal``: plain notation, as values
  are kept); date -> ``Date`` (``DateValue``, ``YYYY-MM-DD``); boolean -> ``Boolean``
  (``BooleanValue`` ``true``/``false``);
- choice -> ``Text``, its choices in the variable's ``Description`` as a labelled list that
  this app reads back (after the user's own description and a blank line, if there is one)::

      Choices:
      - Local
      - Global

  so that NVivo, MAXQDA and ATLAS.ti show the values as text and the list as a description.

Read: ``Text`` -> text (a choice when its description ends in such a list), ``Integer`` and
``Float`` -> number, ``Date`` -> date, ``Boolean`` -> boolean, ``DateTime`` -> text (this app's
dates have no time of day; the value is kept as written). Anything else -> text.
"""

from __future__ import annotations

from collections.abc import Iterable

CHOICES_LABEL = "Choices:"
VALUE_ELEMENTS = {"Text": "TextValue", "Boolean": "BooleanValue", "Integer": "IntegerValue",
                  "Float": "FloatValue", "Date": "DateValue", "DateTime": "DateTimeValue"}
_OURS = {"text": "Text", "boolean": "Boolean", "date": "Date", "choice": "Text"}
_THEIRS = {"text": "text", "boolean": "boolean", "integer": "number", "float": "number",
           "date": "date", "datetime": "text"}


def refi_type(kind: str, values: Iterable[str]) -> str:
    """The ``typeOfVariable`` a variable of type ``kind`` is written with; ``values`` are its
    values (canonical), which decide between Integer and Float for a number."""
    if kind == "number":
        return "Float" if any("." in value for value in values) else "Integer"
    return _OURS.get(kind, "Text")


def render_description(description: str, choices: Iterable[str]) -> str:
    """A variable's ``Description``: the user's description, then its choices (if any) as a
    labelled list (see the module notes); "" when there is neither."""
    listed = [" ".join(choice.split()) for choice in choices]
    parts = [description.strip()] if description.strip() else []
    if listed:
        parts.append("\n".join([CHOICES_LABEL, *(f"- {choice}" for choice in listed)]))
    return "\n\n".join(parts)


def parse_description(text: str) -> tuple[str, tuple[str, ...]]:
    """``(description, choices)`` from a ``Description`` :func:`render_description` wrote:
    a trailing ``Choices:`` list is taken apart; any other text is the description."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip().split("\n")
    for index in range(len(lines) - 1, -1, -1):
        if lines[index].strip() == CHOICES_LABEL:
            items = lines[index + 1:]
            if items and all(item.strip().startswith("- ") for item in items):
                choices = tuple(" ".join(item.strip()[2:].split()) for item in items)
                return "\n".join(lines[:index]).strip(), tuple(c for c in choices if c)
            break
    return text.strip(), ()


def our_type(type_of_variable: str, description: str) -> tuple[str, tuple[str, ...], str]:
    """``(type, choices, description)`` of a variable read from a file (see the module
    notes)."""
    kind = _THEIRS.get(type_of_variable.strip().casefold(), "text")
    rest, choices = parse_description(description)
    if kind == "text" and type_of_variable.strip().casefold() == "text" and choices:
        return "choice", choices, rest
    return kind, (), description.strip()
