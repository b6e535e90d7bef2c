"""The fields of a codebook entry, carried in one REFI-QDA ``Description`` text.

REFI-QDA gives a code a single free-text ``Description``. This app's entries have six fields,
so they travel inside it in a labelled layout that reads well in NVivo, ATLAS.ti or MAXQDA and
parses back exactly::

    Short definition: Local actors adapt a global form.
    Full definition: First paragraph of the definition,
    which may run over several lines.

    A second paragraph is fine too.

    When to use: ...

    When not to use: ...

    Example: "We kept the franchise, but the menu is ours."

    Memo: ...

Rules of the layout (:func:`render_description` writes it, :func:`parse_description` reads it):

- Fields appear in the order above, each starting on a line ``<Label>: <first line of value>``;
  empty fields are left out. Consecutive fields are separated by one blank line.
- Further lines of a value follow as they are. A value line that would be misread is escaped by
  indenting it with two spaces: a line that starts like a label (``Example: ...``, any case) and a
  line that already starts with two spaces. On reading, two leading spaces are removed from every
  continuation line that has them. This makes ``parse(render(fields)) == fields`` hold exactly for
  any strings (newlines, colons, leading or trailing whitespace included; values are split on
  ``\\n`` only).
- Only our own layout is parsed: a text is split into fields when it is exactly what
  :func:`render_description` writes for the fields it holds (our labels, in our order, with or
  without the blank lines between fields; a common indentation and surrounding blank lines, which
  XML pretty-printers add, are ignored). Anything else, such as a
  description written in NVivo, ATLAS.ti or QualCoder, even one that starts with a word like
  ``Definition:`` or ``Memo:`` in another form than ours, is kept as it was written: a single line
  of at most 200 characters as the ``short_definition``, longer text as the ``definition``
  (surrounding whitespace removed).
- A code whose only text is such a short or full definition is written back as that text alone,
  without a label, whenever reading it back gives the same field; so a description taken from
  another tool goes back to it unchanged, and exporting again never adds ``Short definition: ``
  in front (issue 11, "Round trips with real clients"). Other codes get the labelled layout.

So ``parse(render(fields)) == fields`` for any fields, and ``render(parse(text)) == text`` for
any text that is not in our layout (up to surrounding whitespace).
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping

from glocal_annotator.model import CODE_TEXT_FIELD_LABELS, CODE_TEXT_FIELDS

# (field, label) in layout order: the codebook entry fields of the model, then the memo.
ENTRY_FIELDS: tuple[tuple[str, str], ...] = CODE_TEXT_FIELD_LABELS
FIELD_NAMES = CODE_TEXT_FIELDS  # the names of ENTRY_FIELDS, in order (the model's one list)

# Unlabelled one-line text up to this length is taken as a short definition.
SHORT_DEFINITION_MAX = 200

_INDENT = "  "

_SYNONYMS: dict[str, tuple[str, ...]] = {
    "short_definition": ("short definition", "brief definition"),
    "definition": ("full definition", "definition", "long definition"),
    "when_to_use": ("when to use", "inclusion criteria"),
    "when_not_to_use": ("when not to use", "exclusion criteria"),
    "example": ("example", "examples"),
    "memo": ("memo",),
}


def _label_key(label: str) -> str:
    return " ".join(re.split(r"[ \t_-]+", label.strip().lower()))


def _build_labels() -> tuple[dict[str, str], re.Pattern[str]]:
    by_label: dict[str, str] = {}
    for name, label in ENTRY_FIELDS:
        by_label[_label_key(label)] = name
        for synonym in _SYNONYMS.get(name, ()):
            by_label.setdefault(_label_key(synonym), name)
    alternatives = sorted(by_label, key=len, reverse=True)
    pattern = "|".join(
        r"[ \t_-]+".join(re.escape(word) for word in label.split(" ")) for label in alternatives
    )
    return by_label, re.compile(rf"(?P<label>{pattern})[ \t]*:", re.IGNORECASE)


_FIELD_BY_LABEL, _LABEL_RE = _build_labels()


def empty_fields() -> dict[str, str]:
    """A dict with every entry field set to ``""``."""
    return dict.fromkeys(FIELD_NAMES, "")


def render_description(fields: Mapping[str, object]) -> str:
    """The ``Description`` text for ``fields`` ("" if every field is empty): the labelled layout,
    or the bare text of a lone short or full definition that reads back as itself (see the
    module notes).

    Keys other than :data:`FIELD_NAMES` are ignored; None counts as empty.
    """
    present = [name for name in FIELD_NAMES if fields.get(name) not in (None, "")]
    if len(present) == 1 and present[0] in ("short_definition", "definition"):
        value = str(fields[present[0]])
        expected = empty_fields()
        expected[present[0]] = value
        if parse_description(value) == expected:
            return value
    return _render_labelled(fields)


def _render_labelled(fields: Mapping[str, object]) -> str:
    blocks = []
    for name, label in ENTRY_FIELDS:
        value = fields.get(name)
        if value is None or value == "":
            continue
        first, *rest = str(value).split("\n")
        lines = [f"{label}: {first}" if first else f"{label}:"]
        lines.extend(_INDENT + line if _needs_escape(line) else line for line in rest)
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _without_separators(text: str) -> str:
    """``text`` without the one blank line before each label line (people and other tools
    leave it out; our own layout has it)."""
    lines = text.split("\n")
    kept = [
        line
        for index, line in enumerate(lines)
        if not (line == "" and index + 1 < len(lines) and _LABEL_RE.match(lines[index + 1]))
    ]
    return "\n".join(kept)


def _needs_escape(line: str) -> bool:
    return line.startswith(_INDENT) or _LABEL_RE.match(line) is not None


def parse_description(text: str | None) -> dict[str, str]:
    """The entry fields held in a ``Description`` text; see the module notes for the rules."""
    result = empty_fields()
    if not text or not str(text).strip():
        return result
    text = str(text)
    candidates = [text]
    trimmed = textwrap.dedent(text).strip("\n")
    if trimmed != text:
        candidates.append(trimmed)
    for candidate in candidates:
        if _LABEL_RE.match(candidate) is None:
            continue
        fields = _parse_labelled(candidate.split("\n"))
        if _without_separators(candidate) == _without_separators(_render_labelled(fields)):
            return fields
    _add_unlabelled(result, text)
    return result


def _parse_labelled(lines: list[str]) -> dict[str, str]:
    """Fields from lines in the labelled layout (the caller checks that the text is ours)."""
    result = empty_fields()
    sections: list[tuple[str, list[str]]] = []
    for line in lines:
        match = _LABEL_RE.match(line)
        if match:
            if sections:
                previous = sections[-1][1]
                if len(previous) > 1 and previous[-1] == "":
                    previous.pop()  # the blank line that separates fields
            rest = line[match.end() :]
            if rest[:1] in (" ", "\t"):
                rest = rest[1:]
            sections.append((_FIELD_BY_LABEL[_label_key(match.group("label"))], [rest]))
        elif sections:
            sections[-1][1].append(line[len(_INDENT) :] if line.startswith(_INDENT) else line)
        else:
            return result  # text before the first label: not our layout
    for name, value_lines in sections:
        value = "\n".join(value_lines)
        result[name] = f"{result[name]}\n{value}" if result[name] else value
    return result


def _add_unlabelled(result: dict[str, str], text: str) -> None:
    text = text.strip()
    if not text:
        return
    one_liner = "\n" not in text and "\r" not in text and len(text) <= SHORT_DEFINITION_MAX
    result["short_definition" if one_liner else "definition"] = text
