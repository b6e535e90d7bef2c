"""Text normalisation and byte decoding shared by all importers.

Stored text is what codings point into (code-point offsets), so it is settled here once: BOM off,
every kind of line break becomes ``\\n``, NUL characters go; everything else is kept as written.
Bytes become text in :mod:`glocal_annotator.text_decoding`, shared with the CSV codebook reader.
"""

from __future__ import annotations

from pathlib import Path

from glocal_annotator.errors import UncertainEncoding
from glocal_annotator.importers.safety import failure

# Line separators other than "\n" that editors and converters produce. "\r\n" must go first.
_OTHER_BREAKS = ("\u2028", "\u2029", "\f")


def normalize(text: str) -> str:
    """Return ``text`` with BOM removed, line breaks as ``\\n``, no NULs, no trailing whitespace."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for brk in _OTHER_BREAKS:
        if brk in text:
            text = text.replace(brk, "\n")
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text.rstrip()


def decode(data: bytes, path: Path, declared: str | None = None,
           chosen: str | None = None) -> tuple[str, str]:
    """Decode file bytes to ``(text, encoding)`` with :func:`glocal_annotator.text_decoding.decode`.

    ``chosen`` is the user's encoding for a file that is not UTF-8; ``declared`` an HTML charset.
    Raises :class:`ImportFailure` for binary or undecodable bytes, and its subclass
    :class:`UncertainEncoding` (with every plausible reading) when detection is unsure and the
    user chose nothing: a wrong guess is never stored silently.
    """
    from glocal_annotator.text_decoding import DecodingError, label, preview
    from glocal_annotator.text_decoding import decode as decode_bytes

    try:
        decoded = decode_bytes(data, chosen=chosen, declared=declared)
    except DecodingError as exc:
        raise failure(path, exc.reason) from exc.__cause__ or exc
    if decoded.certain:
        return decoded.text, decoded.encoding
    readings = tuple((name, preview(data.decode(name, errors="replace"), 60))
                     for name in decoded.alternatives)
    shown = "; ".join(f"{label(name)} reads \u201c{text}\u201d" for name, text in readings[:3])
    message = failure(path, f"its text encoding is uncertain ({shown}); import it again with the "
                      f"encoding you recognise, for example --encoding {readings[0][0]}")
    raise UncertainEncoding(str(message), readings)
