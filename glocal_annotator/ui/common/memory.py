"""The garbage collector and big documents: no collector pause worth feeling while one is open.

CPython's cyclic collector walks every container object of its oldest generation now and then.
With a 3M-character document and 50,000 codings open (their spans, the span index, Qt's
wrappers ...) each such full walk took 30-80 ms, at moments nobody chose: in the middle of a
coding, a scroll, an export. Objects that live as long as the open document never become
cyclic garbage (they are freed by reference counting when the document closes), so walking
them again and again buys nothing. After a big document's codings are loaded,
:func:`keep_long_lived` moves every object alive then out of the collector's reach
(``gc.freeze``): later collections walk only what was made since, a few milliseconds.
:func:`release_long_lived` gives them back when the project closes, and collects once then (a
pause the user does not feel while a project closes). Measured by
``tests/benchmarks/bench_event_loop.py`` (``gc.callbacks``).
"""

from __future__ import annotations

import gc


def keep_long_lived() -> None:
    """Leave the objects alive now out of every later collection (until released)."""
    gc.freeze()


def release_long_lived() -> None:
    """Let the collector see every object again, and collect once now."""
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
