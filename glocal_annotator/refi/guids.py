"""GUIDs as REFI-QDA files carry them, and as this app stores them.

REFI-QDA allows ``8-4-4-4-12`` hex digits in either case, optionally wrapped in braces. Tools in the
wild also write the 32 digits without hyphens. Everything in this app uses one canonical form:
lowercase ``8-4-4-4-12`` without braces, which also satisfies the schemas' ``GUIDType`` on export.
"""

from __future__ import annotations

import re
import uuid

_GUID_RE = re.compile(
    r"""
    \{?
    (?P<hex>
        [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}
      | [0-9a-fA-F]{32}
    )
    \}?
    """,
    re.VERBOSE,
)


def normalize_guid(value: object) -> str | None:
    """Return ``value`` as a canonical lowercase GUID, or None if it is not one.

    Accepts upper or lower case, surrounding braces (``{...}``), a ``urn:uuid:`` prefix, the
    32-digit form without hyphens and surrounding whitespace. Never raises.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text[:9].lower() == "urn:uuid:":
        text = text[9:]
    match = _GUID_RE.fullmatch(text)
    if match is None or (text.startswith("{") != text.endswith("}")):
        return None
    digits = match.group("hex").replace("-", "").lower()
    return f"{digits[:8]}-{digits[8:12]}-{digits[12:16]}-{digits[16:20]}-{digits[20:]}"


def new_guid() -> str:
    """A fresh random GUID in canonical form."""
    return str(uuid.uuid4())


# The namespace of GUIDs derived from others (uuid5), so that what one export writes beside an
# item (the selection holding a coding, the note holding a memo) keeps its GUID in the next one.
_DERIVED = uuid.UUID("4f6c0c61-6c20-4e6f-7465-73206775696e")


def derived_guid(base: str, purpose: str) -> str:
    """A GUID computed from ``base`` (any text, usually another GUID) and ``purpose``: the same
    inputs always give the same GUID (UUID version 5), different ones different GUIDs."""
    return str(uuid.uuid5(_DERIVED, f"{purpose}\n{base}"))
