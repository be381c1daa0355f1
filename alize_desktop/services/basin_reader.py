"""The snapshot every read service shares, reloaded only after a write.

`current_snapshot(engine)` keeps one snapshot per engine, keyed by the engine's data version:
a counter of the transactions committed through this engine (a SQLAlchemy `commit` event, so
every service write, import and test fixture that writes through the engine bumps it) together
with the journal's last entry (every write journals, whichever connection made it). Any write
therefore gives the next read a fresh snapshot; reads in between (the dashboard, its alerts,
the Fonds and Évaluation pages) share one snapshot and the figures memoised in it.

Thread-safe: a page may load on a worker thread while another reads.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref

from sqlalchemy import Connection, Engine, event

from alize_desktop.basin import Snapshot, load_snapshot
from alize_desktop.basin.memory import release
from alize_desktop.rules.figures import Figures, figures

_lock = threading.RLock()
_commits: weakref.WeakKeyDictionary[Engine, list[int]] = weakref.WeakKeyDictionary()
_cached: weakref.WeakKeyDictionary[Engine, tuple[tuple[int, int | None], Snapshot]] = weakref.WeakKeyDictionary()


def _counter(engine: Engine) -> list[int]:
    counter = _commits.get(engine)
    if counter is None:
        counter = _commits[engine] = [0]

        def bump(_conn: Connection) -> None:
            counter[0] += 1

        event.listen(engine, "commit", bump)
    return counter


def _version(engine: Engine, conn: Connection) -> tuple[int, int | None]:
    last = conn.exec_driver_sql("SELECT max(pk) FROM journal").scalar()
    return (_counter(engine)[0], last)


def current_snapshot(engine: Engine) -> Snapshot:
    """The basin as it is now (`basin` None on a database without a basin), shared until a write."""
    with _lock:
        counter = _counter(engine)
        while True:
            with engine.connect() as conn:
                version = _version(engine, conn)
                found = _cached.get(engine)
                if found is not None and found[0] == version:
                    return found[1]
                if found is not None:
                    # Free the old snapshot first (reference counting: it holds no cycle), then
                    # hand the frozen objects back to the collector once (basin.memory).
                    del _cached[engine]
                    found = None
                    release()
                snap = load_snapshot(conn)
            # A write committed while loading: read again rather than keep a half-stale snapshot.
            if counter[0] == version[0]:
                _cached[engine] = (version, snap)
                return snap


def current_figures(engine: Engine, as_of: dt.date) -> Figures:
    """The shared figures of the current snapshot on `as_of`."""
    return figures(current_snapshot(engine), as_of)


def forget(engine: Engine) -> None:
    """Drop the engine's snapshot (a test that rewrote the file behind the engine's back)."""
    with _lock:
        _cached.pop(engine, None)
