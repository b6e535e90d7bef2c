"""The garbage collector and big documents: no collector pause worth feeling while one is open.

CPython's cyclic collector walks every container object of its oldest generation now and then.
With a 3M-character document and 50,000 codings open (their spans, the span index, Qt's
wrappers ...) each such full walk took 30-80 ms, and a big job (an export, an autocode of
50,000 hits) made passes of over 100 ms, at moments nobody chose. Objects that live as long as
the open document never become cyclic garbage (reference counting frees them when the document
closes), so walking them again and again buys nothing. So:

- while a long job runs (a document's codings loading, an export, an autocode), the collector
  is held (:func:`hold` ... :func:`release`, or :func:`quiet`): no pass stops the window then;
- when the last job ends, every object alive then is moved out of the collector's reach
  (``gc.freeze``) and the collector goes on: its later passes walk only what was made since,
  a few milliseconds;
- when the project closes, :func:`release_long_lived` gives them all back and collects once (a
  pause nobody feels while a project closes): cyclic garbage a job left is reclaimed then.

Measured by ``tests/benchmarks/bench_event_loop.py`` (``gc.callbacks``).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_holds = 0  # jobs under way that hold the collector
_disabled_here = False  # whether hold() turned the collector off (and release() turns it on)


def hold() -> None:
    """A long job begins: no collection until the matching :func:`release`."""
    global _holds, _disabled_here
    _holds += 1
    if _holds == 1 and gc.isenabled():
        gc.disable()
        _disabled_here = True


def release() -> None:
    """A long job ended: when it was the last, keep what is alive out of later collections
    (:func:`keep_long_lived`) and let the collector go on."""
    global _holds, _disabled_here
    if _holds == 0:
        return
    _holds -= 1
    if _holds == 0:
        keep_long_lived()
        if _disabled_here:
            gc.enable()
            _disabled_here = False


@contextmanager
def quiet() -> Iterator[None]:
    """:func:`hold` for the block, :func:`release` after it."""
    hold()
    try:
        yield
    finally:
        release()


def keep_long_lived() -> None:
    """Leave the objects alive now out of every later collection (until released)."""
    gc.freeze()


def release_long_lived() -> None:
    """Let the collector see every object again, and collect once now (a project closes)."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
