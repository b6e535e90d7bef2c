"""Unpacking one PDF stream without trusting it: the bytes it decodes to, counted in bounded steps.

A PDF stream's filters (ISO 32000-1, 7.4) are applied in order; ``/FlateDecode`` (zlib) can
turn 300 KB into 500 MB. :func:`measure` decodes through ``zlib.decompressobj`` with
``max_length`` (1 MB at a time) and stops as soon as ``cap`` bytes have come out, so no more
than one step is ever held; the decoded bytes are counted and dropped, never kept.

It also estimates how much of the stream is text shown on the page (the bytes inside string
operands, ``(...)`` and ``<...>``): PDFium keeps some 230 bytes per character of a page's text,
so text, not size, is what makes a small page expensive. The estimate errs high (a ``<<``
dictionary counts as a string; a stream of 64 KB or less counts whole, where looking is not
worth its time). And it counts the ``/Name Do`` operators that draw forms, which PDFium parses
anew at each use (a 1 MB form drawn 100 times took 1.3 GB). A string or operator cut by the
edge of a step may be missed: one per megabyte.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

STEP = 1024 * 1024  # bytes decoded at a time
WHOLE_AS_TEXT = 64 * 1024  # streams this small count whole as text (an upper bound)
_STRINGS = re.compile(rb"\([^)]*\)|<[^<>]*>")
_DELIMITED = rb"(?=[\s/\[\]()<>{}%]|$)"  # a PDF token ends at white space or a delimiter
_DRAW = re.compile(rb"/([^\s/\[\]()<>{}%]+)" + _DELIMITED + rb"\s*Do" + _DELIMITED)
_FLATE = frozenset({"/FlateDecode", "/Fl"})
# Filters that never make their input longer: decoded whole (the input is already in memory).
_SHRINKING = frozenset({"/ASCIIHexDecode", "/AHx", "/ASCII85Decode", "/A85"})


@dataclass(frozen=True)
class Decoded:
    """What one stream decodes to: ``size`` bytes (``cap + 1`` when it reached the cap, so
    "more than the cap"), ``text`` bytes of it inside string operands (an estimate), and how
    often it draws each named XObject (``/Name Do``: PDFium parses a form again at each)."""

    size: int
    text: int
    draws: dict[bytes, int] = field(default_factory=dict)


def measure(data: bytes, filters: list[str], cap: int) -> Decoded:
    """Decode ``data`` through ``filters`` (names such as ``"/FlateDecode"``, in the order the
    PDF lists them) and count what comes out, stopping beyond ``cap`` bytes.

    Filters this module does not decode (image codecs, ``/LZWDecode``, ``/RunLengthDecode``,
    ``/Crypt``: none of them belongs on a page's content) leave the bytes counted as they are.
    A damaged zlib stream counts what came out before the damage (PDFium stops there too).
    Never raises for bad data.
    """
    for index, name in enumerate(filters):
        if name in _SHRINKING:
            data = _shrink(name, data)
        elif name in _FLATE:
            rest = filters[index + 1:]
            if any(other in _FLATE for other in rest):  # inflate twice: keep the first result
                data = b"".join(_inflate(data, cap + 1))
                continue
            return _count(_inflate(data, cap + 1), cap)
        else:
            break
    return _count(iter((data[: cap + 1],)), cap)


def _count(chunks: Iterator[bytes], cap: int) -> Decoded:
    size = text = 0
    in_string = False
    draws: dict[bytes, int] = {}
    held = b""  # the start of the stream, until it is long enough to look for its text
    for chunk in chunks:
        size += len(chunk)
        if b"Do" in chunk:
            for name in _DRAW.findall(chunk):
                draws[name] = draws.get(name, 0) + 1
        if size <= WHOLE_AS_TEXT:
            held += chunk
            continue
        if held:
            text, in_string = _text_in(held, text, in_string)
            held = b""
        text, in_string = _text_in(chunk, text, in_string)
        if size > cap:
            return Decoded(cap + 1, text, draws)
    return Decoded(size, size if size <= WHOLE_AS_TEXT else text, draws)


def _text_in(chunk: bytes, text: int, in_string: bool) -> tuple[int, bool]:
    """Add the string bytes of ``chunk`` to ``text``; a string left open at the end of one step
    goes on into the next."""
    start = 0
    if in_string:
        close = chunk.find(b")")
        if close < 0:
            return text + len(chunk), True
        text += close + 1
        start = close + 1
    body = chunk[start:] if start else chunk
    text += len(body) - len(_STRINGS.sub(b"", body))
    open_at = body.rfind(b"(")
    still_open = open_at > body.rfind(b")")
    if still_open:
        text += len(body) - open_at
    return text, still_open


def _inflate(data: bytes, limit: int) -> Iterator[bytes]:
    """zlib-decode ``data`` a step at a time, at most ``limit`` bytes in all; raw deflate (no
    zlib header) is tried when the header is wrong, as PDF readers do."""
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        inflater = zlib.decompressobj(wbits)
        produced = 0
        pending = data
        try:
            while produced < limit:
                out = inflater.decompress(pending, min(STEP, limit - produced))
                pending = inflater.unconsumed_tail
                if out:
                    produced += len(out)
                    yield out
                if inflater.eof or (not pending and not out):
                    break
        except zlib.error:
            if produced == 0 and wbits > 0:
                continue  # not a zlib header: try raw deflate
        return


def _shrink(name: str, data: bytes) -> bytes:
    import base64
    import binascii

    try:
        if name in ("/ASCIIHexDecode", "/AHx"):
            digits = data.split(b">", 1)[0].translate(None, b" \t\r\n\f\x00")
            if len(digits) % 2:
                digits += b"0"
            return binascii.unhexlify(digits)
        body = data.strip()
        body = body[2:] if body.startswith(b"<~") else body
        body = body.split(b"~>", 1)[0]
        return base64.a85decode(body, adobe=False, ignorechars=b" \t\n\r\v\f\x00")
    except (ValueError, binascii.Error):
        return data
