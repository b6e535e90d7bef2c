"""A cap on what the PDF reader inflates: a decompression bomb is refused, not unpacked.

pdfminer.six inflates every ``FlateDecode`` stream whole with :func:`zlib.decompress`: 500 KB of
PDF holding one stream of 500 MB of spaces took 7 s and 1 GB of memory before it said "no text".
:func:`capped` makes pdfminer's module use a ``zlib`` whose ``decompress`` and ``decompressobj``
stop at :data:`~glocal_annotator.limits.MAX_PDF_STREAM_BYTES` per stream and
:data:`~glocal_annotator.limits.MAX_PDF_INFLATED_BYTES` per import, raising
:class:`StreamTooLarge` (an :class:`~glocal_annotator.errors.ImportFailure`, which the PDF
importer passes on as it is). Outside :func:`capped` (and in other threads' imports) the counts
are separate; everything else of ``zlib`` is the real module.
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from glocal_annotator.errors import ImportFailure
from glocal_annotator.limits import MAX_PDF_INFLATED_BYTES, MAX_PDF_STREAM_BYTES

_CHUNK = 1024 * 1024
_state = threading.local()


class StreamTooLarge(ImportFailure):
    """A compressed stream unpacks to more than the caps allow (message without the file)."""


def _count(size: int) -> None:
    total = getattr(_state, "total", 0) + size
    _state.total = total
    if total > MAX_PDF_INFLATED_BYTES:
        raise StreamTooLarge(f"its compressed streams unpack to more than "
                             f"{MAX_PDF_INFLATED_BYTES // (1024 * 1024)} MB")


def _too_large() -> StreamTooLarge:
    return StreamTooLarge(f"a compressed stream inside it unpacks to more than "
                          f"{MAX_PDF_STREAM_BYTES // (1024 * 1024)} MB")


class _CappedDecompressor:
    """``zlib.decompressobj()`` that refuses to give more than the per-stream cap."""

    def __init__(self, *args: Any) -> None:
        self._inner = zlib.decompressobj(*args)
        self._given = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        room = MAX_PDF_STREAM_BYTES - self._given + 1
        out = self._inner.decompress(data, room if not max_length else min(room, max_length))
        self._given += len(out)
        if self._given > MAX_PDF_STREAM_BYTES:
            raise _too_large()
        _count(len(out))
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _decompress(data: bytes, *args: Any) -> bytes:
    """``zlib.decompress`` in chunks, stopping at the per-stream cap (errors as zlib's)."""
    inflater = zlib.decompressobj(*args[1:2]) if len(args) > 1 else zlib.decompressobj()
    parts: list[bytes] = []
    size = 0
    pending = data
    while True:
        chunk = inflater.decompress(pending, _CHUNK)
        pending = inflater.unconsumed_tail
        size += len(chunk)
        if size > MAX_PDF_STREAM_BYTES:
            raise _too_large()
        _count(len(chunk))
        parts.append(chunk)
        if not pending or not chunk:
            break
    if not inflater.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return b"".join(parts)


class _CappedZlib:
    """Stands for the ``zlib`` module inside pdfminer: capped inflating, the rest as it is."""

    decompressobj = _CappedDecompressor
    decompress = staticmethod(_decompress)

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)


_installed = False
_lock = threading.Lock()


def _install() -> None:
    global _installed
    with _lock:
        if _installed:
            return
        try:
            from pdfminer import pdftypes
        except ImportError:  # pragma: no cover - another PDF library is in use
            _installed = True
            return
        if getattr(pdftypes, "zlib", None) is zlib:
            pdftypes.zlib = _CappedZlib()  # type: ignore[assignment]
        _installed = True


@contextmanager
def capped() -> Iterator[None]:
    """Count what pdfminer inflates in this thread from here, against the per-import cap."""
    _install()
    _state.total = 0
    try:
        yield
    finally:
        _state.total = 0
