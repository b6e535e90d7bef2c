"""File names as text a project can store and show.

On Linux and macOS a file name is bytes; Python hands names that are not valid UTF-8 over as
text with "surrogate escapes" (PEP 383), which SQLite cannot store and a terminal cannot print.
"""

from __future__ import annotations

import os


def readable_name(name: str) -> str:
    """``name`` with every byte that is not valid UTF-8 shown as U+FFFD (the replacement
    character); a valid name comes back unchanged."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "replace")
    return name
