"""Document importers: a file in, plain text and metadata out, extracted once at import.

Every format yields one paragraph per line (``\\n``), in reading order, normalised the same way
(see :mod:`.normalize`). Anything that cannot be imported raises
:class:`~glocal_annotator.errors.ImportFailure` with a one-line message naming the file.

Format modules are imported on first use, so that starting the app does not load PDFium or lxml.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from glocal_annotator.errors import ImportFailure


@dataclass(frozen=True)
class ExtractedText:
    """A document's text as it will be stored; codings are code-point offsets into ``text``."""

    text: str                          # normalised: one paragraph per line, "\n" only, no BOM/NUL
    format: str                        # 'txt' | 'md' | 'docx' | 'odt' | 'pdf' | 'html'
    page_starts: tuple[int, ...] = ()  # PDF only: offset in `text` where each page starts (first 0)
    metadata: dict[str, str] = field(default_factory=dict)  # e.g. title, author, encoding, if known
    # What the import added or left out that the user should know, one short line each
    # (e.g. "added 3 footnotes after the text, under the label 'Footnotes'").
    notices: tuple[str, ...] = ()


# suffix -> (module, format)
_FORMATS: dict[str, tuple[str, str]] = {
    ".txt": ("text", "txt"),
    ".md": ("text", "md"),
    ".markdown": ("text", "md"),
    ".docx": ("docx", "docx"),
    ".odt": ("odt", "odt"),
    ".pdf": ("pdf", "pdf"),
    ".html": ("html", "html"),
    ".htm": ("html", "html"),
}

SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_FORMATS)


def extract(path: str | os.PathLike, encoding: str | None = None) -> ExtractedText:
    """Extract the text of the document at ``path``, chosen by its suffix (case-insensitive).

    ``encoding`` (a Python codec name) is the user's choice for a text or HTML file that is not
    UTF-8; see :func:`glocal_annotator.text_decoding.decode`. Other formats ignore it.
    Raises :class:`ImportFailure` (one line) for anything that cannot be imported, and for a
    document over the limits of :mod:`glocal_annotator.limits` (checked before the work where
    the file tells: a text file's size, an .odt's declared body size; else as soon as known).
    """
    from glocal_annotator.importers.safety import failure

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in _FORMATS:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        kind = f"a {suffix} file" if suffix else "a file without an extension"
        raise failure(path, f"it is {kind}; supported: {supported}")
    try:
        if not path.exists():
            raise failure(path, "the file does not exist; check the name and folder and try again")
        if not path.is_file():
            raise failure(path, "it is a folder or device, not a file; choose a document file")
        if path.stat().st_size == 0:
            raise failure(path, "the file is empty (0 bytes); choose a file with content")
        module_name, fmt = _FORMATS[suffix]
        module = import_module(f"glocal_annotator.importers.{module_name}")
        extracted = module.extract(path, fmt, encoding)
        from glocal_annotator.importers.safety import check_characters

        check_characters(path, extracted.text)  # every format, whatever its own limits
        return extracted
    except ImportFailure:
        raise
    except MemoryError as exc:
        raise failure(path, "it is too large to import on this computer") from exc
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise failure(path, f"it could not be read ({reason}); check that you may read it and "
                      "that it is not locked by another program, then try again") from exc
