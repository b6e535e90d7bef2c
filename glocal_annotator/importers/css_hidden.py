"""Which elements a page's own style sheets hide, for the HTML importer.

A page often hides text through a class: ``<style>.secret { display: none }</style>`` and
``<p class="secret">``. What is applied, deliberately small (no CSS engine, no network):

- Only the page's own ``<style>`` elements (linked style sheets are not fetched: offline), and
  only their top-level rules: rules inside ``@media``, ``@supports`` and other at-rules are
  skipped (``@media print { .no-print { display: none } }`` hides nothing on screen).
- Only simple selectors: a type, classes and an id, alone or together (``.secret``,
  ``div.note.old``, ``#draft``, ``aside``), in a selector list. Selectors with combinators,
  attributes or pseudo-classes are not applied.
- Declarations ``display: none`` and ``visibility: hidden``/``collapse`` (``!important`` or not),
  as for inline styles (CSS Display Module Level 3, §2.7; CSS 2.1 §11.2).
- Text is lost rather than shown only when no rule shows it again: a class or id that any rule
  of the sheets gives a ``display`` or ``visibility`` that shows (``.tab.active { display:
  block }``) is not hidden by its own rule, since which rule wins depends on the cascade.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_SIMPLE = re.compile(r"([A-Za-z][A-Za-z0-9-]*)?((?:[.#][A-Za-z_][-A-Za-z0-9_]*)*)")
_PART = re.compile(r"([.#])([-A-Za-z0-9_]+)")
_HIDES = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse))"
                    r"\s*(?:!\s*important\s*)?(?:;|$)", re.IGNORECASE)
_SHOWS = re.compile(r"(?:^|;)\s*(?:display\s*:\s*(?!none)[a-z-]|visibility\s*:\s*visible)",
                    re.IGNORECASE)


@dataclass(frozen=True)
class _Selector:
    tag: str | None
    classes: frozenset[str]
    id: str | None


@dataclass
class HiddenSelectors:
    """The simple selectors a page's style sheets hide (see the module notes)."""

    selectors: list[_Selector] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.selectors)

    def hides(self, tag: str, classes: frozenset[str], element_id: str | None) -> bool:
        """Does a rule hide an element with this tag (lowercase), classes and id?"""
        return any((s.tag is None or s.tag == tag) and s.classes <= classes
                   and (s.id is None or s.id == element_id) for s in self.selectors)


def hidden_selectors(html: str) -> HiddenSelectors:
    """The hiding rules of the ``<style>`` elements in ``html``; linear in its length."""
    hiding: list[_Selector] = []
    shown_names: set[str] = set()
    for sheet in _STYLE.findall(html):
        for selectors, declarations in _top_level_rules(_COMMENT.sub("", sheet)):
            parsed = [_parse(s) for s in selectors.split(",")]
            if _HIDES.search(declarations):
                hiding.extend(s for s in parsed if s is not None)
            elif _SHOWS.search(declarations):
                shown_names.update(_PART.findall(selectors))
    shown = {name for _, name in shown_names}
    return HiddenSelectors([s for s in hiding
                            if not (s.classes & shown or (s.id is not None and s.id in shown))])


def _top_level_rules(sheet: str) -> list[tuple[str, str]]:
    """``(selectors, declarations)`` of the rules not nested in an at-rule."""
    rules: list[tuple[str, str]] = []
    depth = 0
    start = 0  # where the current prelude begins
    body_start = 0
    prelude = ""
    for index, ch in enumerate(sheet):
        if ch == "{":
            if depth == 0:
                prelude = sheet[start:index].strip()
                body_start = index + 1
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                if prelude and not prelude.startswith("@"):
                    rules.append((prelude, sheet[body_start:index]))
                start = index + 1
        elif ch == ";" and depth == 0:
            start = index + 1  # @import ...; @charset ...;
    return rules


def _parse(selector: str) -> _Selector | None:
    selector = selector.strip()
    match = _SIMPLE.fullmatch(selector)
    if not selector or match is None:
        return None
    parts = _PART.findall(match.group(2) or "")
    ids = [name for kind, name in parts if kind == "#"]
    if len(ids) > 1:
        return None
    tag = match.group(1).lower() if match.group(1) else None
    return _Selector(tag, frozenset(name for kind, name in parts if kind == "."),
                     ids[0] if ids else None)
