"""Text normalisation and byte decoding shared by all importers.

Stored text is what codings point into (code-point offsets), so it is settled here once: BOM off,
every kind of line break becomes ``\\n``, NUL characters go; everything else is kept as written.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from glocal_annotator.errors import ImportFailure
from glocal_annotator.importers.safety import failure

# Line separators other than "\n" that editors and converters produce. "\r\n" must go first.
_OTHER_BREAKS = ("\u2028", "\u2029", "\f")

# C0 control bytes that never occur in text files (tab, LF, FF and CR are text). Counting them with
# bytes.translate is C speed (about 1 ms for 5 MB), unlike a regex over the decoded str.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
_CONTROL_CHARS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")
# More than this share of control characters means the file is not text.
_MAX_CONTROL_SHARE = 0.05

# Byte-order marks, longest first (the UTF-32-LE BOM begins with the UTF-16-LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# When charset-normalizer finds several near-equal candidates (common for short texts, where it
# may say mac_cyrillic for Windows-1251 Russian, or cp1250 for Latin-1 French), prefer the encodings
# that files on researchers' machines actually use, in this order.
_PREFERRED = (
    "utf_8", "cp1252", "cp1251", "cp1250", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
    "cp1258", "gb18030", "cp932", "shift_jis", "euc_jp", "big5", "cp949", "euc_kr", "koi8_r",
    "iso8859_2", "iso8859_15", "latin_1",
)


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


def decode(data: bytes, path: Path, declared: str | None = None) -> tuple[str, str]:
    """Decode file bytes to ``(text, encoding)``; refuse binary content.

    Order: a byte-order mark; else ``declared`` (an HTML meta charset); else strict UTF-8; else the
    best legacy encoding charset-normalizer finds.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise failure(path, f"it starts with a {encoding} byte-order mark but is not "
                              f"{encoding} text; save it as UTF-8 and import again") from exc
            if _looks_binary_text(text):
                raise _binary(path)
            return text, encoding
    if b"\x00" in data or _looks_binary_bytes(data):
        raise _binary(path)
    if declared:
        # A declared charset wins, as in a browser; undecodable bytes become U+FFFD, as there.
        return data.decode(declared, errors="replace"), declared
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _detect(data, path)


def _detect(data: bytes, path: Path) -> tuple[str, str]:
    import charset_normalizer  # imported here: it takes ~50 ms and UTF-8 files never need it

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise _unknown_encoding(path)
    best = matches[0]
    near = [m for m in matches
            if m.chaos <= best.chaos + 0.01 and m.coherence >= best.coherence - 0.1]
    rank = {name: i for i, name in enumerate(_PREFERRED)}
    near.sort(key=lambda m: rank.get(m.encoding, len(rank)))
    for match in [*near, *matches]:
        try:
            return data.decode(match.encoding), match.encoding
        except (UnicodeDecodeError, LookupError):
            continue
    raise _unknown_encoding(path)


def _looks_binary_bytes(data: bytes) -> bool:
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    return controls > _MAX_CONTROL_SHARE * len(data)


def _looks_binary_text(text: str) -> bool:
    return "\x00" in text or len(_CONTROL_CHARS.findall(text)) > _MAX_CONTROL_SHARE * len(text)


def _binary(path: Path) -> ImportFailure:
    return failure(path, "it contains binary data, not text (or UTF-16 text without a byte-order "
                   "mark); check that it is the right file, or save it as UTF-8 and import again")


def _unknown_encoding(path: Path) -> ImportFailure:
    return failure(path, "its text encoding could not be recognised; save it as UTF-8 and "
                   "import again")
