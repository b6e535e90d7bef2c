"""Drag payloads that travel between the rooms of the window."""

from __future__ import annotations

#: A text selection dragged from the document view (onto a code in the codebook, to code it):
#: ``b"start,end"``, code points into the stored text of the open document.
MIME_SELECTION = "application/x-glocal-selection"
