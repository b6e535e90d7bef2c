"""PDF (.pdf) with pypdf: the text layer, page by page.

Each page's text is normalised and stripped of trailing white space, and pages are joined with one
``\\n``; ``page_starts[i]`` is the offset where page ``i`` begins (a page without text still gets
its entry). Paragraph breaks inside a page are whatever pypdf's layout analysis yields (usually one
line per printed line): PDF has no paragraphs. Scanned PDFs (no text layer) are refused; OCR them
first. Encrypted PDFs that open with an empty password (permissions only) are imported.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from glocal_annotator.errors import ImportFailure
from glocal_annotator.importers import ExtractedText
from glocal_annotator.importers.normalize import normalize
from glocal_annotator.importers.safety import failure

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader

_ENCRYPTED = "it is encrypted; remove the password and import again"


def extract(path: Path, fmt: str) -> ExtractedText:
    import pypdf  # imported here: it is only needed for PDFs and takes a while to load

    # pypdf logs every defect it works around; they mean nothing to a user, and the CLI must
    # print one line.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    # pypdf raises many kinds of exception on malformed input (PdfReadError, but also KeyError,
    # ValueError, TypeError, struct.error, zlib.error ...), so every call into it is guarded.
    try:
        reader = pypdf.PdfReader(path)
        if reader.is_encrypted and not reader.decrypt(""):
            raise failure(path, _ENCRYPTED)
        pages = [_page_text(page) for page in reader.pages]
    except (pypdf.errors.FileNotDecryptedError, pypdf.errors.DependencyError) as exc:
        raise failure(path, _ENCRYPTED) from exc  # DependencyError: AES needs `cryptography`
    except (RecursionError, MemoryError) as exc:
        raise failure(path, "it is too complex or too large to read; print it to a new PDF "
                      "and import that") from exc
    except ImportFailure:
        raise
    except Exception as exc:
        raise failure(path, f"it is damaged or not a PDF ({_detail(exc)}); open it in a PDF "
                      "viewer, save or print it to a new PDF, and import that") from exc
    if not pages:
        raise failure(path, "it has no pages; check that it is the right file")
    if not any(pages):  # each page is normalised, so blank pages are empty
        raise failure(path, "it has no text layer (it is probably scanned images); run OCR on it "
                      "first and import the result")
    page_starts: list[int] = []
    offset = 0
    for page in pages:
        page_starts.append(offset)
        offset += len(page) + 1
    # Not stripped at the end, so that every page start stays within the text.
    return ExtractedText(text="\n".join(pages), format=fmt,
                         page_starts=tuple(page_starts), metadata=_metadata(reader))


def _page_text(page: PageObject) -> str:
    text = page.extract_text() or ""
    # Broken ToUnicode maps can yield lone surrogates, which cannot be stored as UTF-8: re-pair
    # what pairs and replace the rest with U+FFFD.
    text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return normalize(text)


def _metadata(reader: PdfReader) -> dict[str, str]:
    meta: dict[str, str] = {}
    try:
        info = reader.metadata
        for key, value in (("title", info and info.title), ("author", info and info.author)):
            value = normalize(str(value)).replace("\n", " ").strip() if value else ""
            if value:
                meta[key] = value
    except Exception:  # metadata is optional: any problem with it just means none
        pass
    return meta


def _detail(exc: Exception) -> str:
    first = str(exc).splitlines()[0][:120] if str(exc) else ""
    return f"{type(exc).__name__}: {first}" if first else type(exc).__name__
