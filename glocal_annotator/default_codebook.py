"""The default glocalization codebook shipped in ``resources/default_codebook.json``.

Its codes carry fixed GUIDs, so projects started from it share code identities and can be merged
and exchanged (REFI-QDA) by GUID.
"""

from __future__ import annotations

import json
from typing import Any

from glocal_annotator.model import CODE_TEXT_FIELDS, CodebookNode
from glocal_annotator.resources import resource


def _node(entry: dict[str, Any]) -> CodebookNode:
    return CodebookNode(
        name=entry["name"],
        guid=entry["guid"],
        color=entry.get("color"),
        codable=entry.get("codable", True),
        children=[_node(child) for child in entry.get("children", [])],
        **{key: entry.get(key, "") for key in CODE_TEXT_FIELDS},
    )


def load_default_codebook() -> list[CodebookNode]:
    data = json.loads(resource("default_codebook.json").read_text(encoding="utf-8"))
    return [_node(entry) for entry in data["codes"]]
