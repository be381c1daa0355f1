"""Keep a snapshot (and the figures memoised in it) out of the cyclic garbage collector's scans.

A network basin is 365 000 records plus 300 000 instalments, every one of them a tuple subclass,
which CPython never untracks: each full collection walked all of them (three of them, 1.2 s, while
the schedules were built). The records hold no reference cycles, so reference counting alone frees
them when the snapshot is dropped; the cyclic collector has nothing to find in them.

- `long_lived()`: build inside it. A young-generation collection first, then the collector pauses for the block only (it would find nothing), then everything alive is
  moved to the permanent generation (`gc.freeze`), which later collections skip. The collector
  stays on for the rest of the program.
- `release()`: before loading the next snapshot, drop the old one, then call this: the frozen
  objects go back to the collector and one collection frees any cyclic garbage (of the whole
  program) that was frozen along with the snapshot, so nothing is kept for good.

Collections happen here only while automatic collection is on (the command line). In the window
it is off and the GUI thread collects (ui/shell/collector.py): these functions run on the database
worker, where a collection may finalise Qt objects Qt allows only on the GUI thread, and would
hold the interpreter — the window with it — for the whole walk of the heap.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

_blocks = [0]  # long_lived blocks running now, in any thread
_blocks_lock = threading.Lock()


def building() -> bool:
    """Whether a long_lived block runs now: the GUI thread's collector then waits (ui/shell/
    collector.py). A collection in the middle of the block would walk every object built so far —
    the 260 000 ledger rows of a network basin, a fifth of a second of frozen window — for
    nothing: the block ends by freezing them all, out of every later collection."""
    return _blocks[0] > 0


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    # Collect the young generations first, so that the freeze at the end keeps (almost) no garbage
    # of the program's own. Not a full collection: on a GUI's heap that would hold the interpreter
    # for ~100 ms; older garbage frozen here is freed by the next `release()`.
    was_enabled = gc.isenabled()
    if was_enabled:
        gc.collect(1)
    gc.disable()
    with _blocks_lock:
        _blocks[0] += 1
    try:
        yield
    finally:
        gc.freeze()
        with _blocks_lock:
            _blocks[0] -= 1
        if was_enabled:
            gc.enable()


def release() -> None:
    gc.unfreeze()
    if gc.isenabled():
        gc.collect()
