"""Hostile XML for the tests of every reader: entity expansion ("billion laughs")."""

from __future__ import annotations

ENTITIES = '<!ENTITY lol0 "lol">' + "".join(
    f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
)


def billion_laughs_doctype(root: str) -> str:
    """The XML declaration and a DOCTYPE for ``root`` whose ``&lol9;`` expands to 10^9 lols."""
    return f'<?xml version="1.0"?>\n<!DOCTYPE {root} [{ENTITIES}]>\n'
