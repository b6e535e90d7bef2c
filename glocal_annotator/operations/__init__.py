"""The operations behind :class:`glocal_annotator.project.Project`, one module per subject.

A write operation (:mod:`.coding`, :mod:`.codebook`, :mod:`.documents`, :mod:`.codebook_import`)
takes a :class:`~glocal_annotator.store.journal.Journal` inside an open transaction, validates,
writes through the journal and returns its result; only ``project.py`` calls those. Planning
(:mod:`.codebook_merge_plan`) takes plain data (the project's codes, a codebook read from a file)
and changes nothing, so the GUI and the CLI call it to preview before they apply.
"""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime


def now() -> str:
    """The current time as ISO 8601 UTC with seconds, as REFI-QDA writes dates."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_guid() -> str:
    """A fresh random GUID (kept here rather than imported from ``refi``, whose package import
    would load lxml into every start-up)."""
    return str(uuid.uuid4())


def new_guids(count: int) -> list[str]:
    """``count`` fresh random GUIDs (version 4, RFC 4122: version nibble 4, variant bits 10),
    from one read of the system's random source: several times faster than ``new_guid`` in a
    loop (50,000 for an autocode)."""
    hexed = os.urandom(16 * count).hex()
    guids: list[str] = []
    for index in range(0, 32 * count, 32):
        h = hexed[index : index + 32]
        guids.append(f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{_VARIANT[h[16]]}{h[17:20]}-{h[20:]}")
    return guids


# the variant nibble: the random nibble's two low bits under the bits 10
_VARIANT = {f"{value:x}": f"{(value & 3) | 8:x}" for value in range(16)}
