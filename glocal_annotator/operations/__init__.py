"""The operations behind :class:`glocal_annotator.project.Project`, one module per subject.

A write operation (:mod:`.coding`, :mod:`.codebook`, :mod:`.documents`, :mod:`.codebook_import`)
takes a :class:`~glocal_annotator.store.journal.Journal` inside an open transaction, validates,
writes through the journal and returns its result; only ``project.py`` calls those. Planning
(:mod:`.codebook_merge_plan`) takes plain data (the project's codes, a codebook read from a file)
and changes nothing, so the GUI and the CLI call it to preview before they apply.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime


def now() -> str:
    """The current time as ISO 8601 UTC with seconds, as REFI-QDA writes dates."""
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def new_guid() -> str:
    """A fresh random GUID (kept here rather than imported from ``refi``, whose package import
    would load lxml into every start-up)."""
    return str(uuid.uuid4())
