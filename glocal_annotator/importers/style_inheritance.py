"""Which styles are hidden once inheritance is followed, for the word processors' formats.

Both OOXML (``w:basedOn``, ECMA-376 Part 1 §17.7.4.3) and ODF (``style:parent-style-name``,
ODF 1.3 Part 3 §16.2) let a style inherit a property it does not set itself from its parent.
"""

from __future__ import annotations

from collections.abc import Mapping


def hidden_styles(own: Mapping[str, bool | None], parent: Mapping[str, str]) -> frozenset[str]:
    """The names of the styles whose text is hidden.

    ``own`` maps each style name to what the style itself says (True hidden, False shown, None
    silent); ``parent`` maps a style name to the style it inherits from. A silent style takes
    its nearest ancestor's setting; a chain that loops or ends without one is shown. Linear in
    the styles times the depth of their chains.
    """
    hidden = set()
    for name in own:
        seen = set()
        current: str | None = name
        while current is not None and current not in seen:
            seen.add(current)
            value = own.get(current)
            if value is not None:
                if value:
                    hidden.add(name)
                break
            current = parent.get(current)
    return frozenset(hidden)
