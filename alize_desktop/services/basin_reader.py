"""The snapshot every read service shares, reloaded only after a write.

`current_snapshot(engine)` keeps one snapshot per engine, keyed by the engine's data version:
a counter of the transactions committed through this engine (a SQLAlchemy `commit` event, so
every service write, import and test fixture that writes through the engine bumps it) together
with the journal's last entry (every write journals, whichever connection made it). Any write
therefore gives the next read a fresh snapshot: when the journal says the writes only added or
removed entries of the accounts and the fund (a repayment typed on Fonds), only those rows are
read and only the advances they touch are computed again; otherwise the basin is reloaded; reads in between (the dashboard, its alerts,
the Fonds and Évaluation pages) share one snapshot and the figures memoised in it.

Thread-safe: a page may load on a worker thread while another reads.
"""

from __future__ import annotations

import datetime as dt
import threading
import weakref
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the dashboard's first figures are read through sqlite3 alone (db.PlainEngine)
    from sqlalchemy import Connection, Engine

from alize_desktop.basin import Snapshot, load_snapshot
from alize_desktop.basin.load import ENTRY_LISTS, load_report_head, reload_entries
from alize_desktop.memory import release
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

        from sqlalchemy import event

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
                snap = _updated(conn, found) if found is not None else None
                if snap is None:
                    if found is not None:
                        # Free the old snapshot first (reference counting: it holds no cycle), then
                        # hand the frozen objects back to the collector once (alize_desktop.memory).
                        del _cached[engine]
                        found = None
                        release()
                    snap = load_snapshot(conn)
            # A write committed while loading: read again rather than keep a half-stale snapshot.
            if counter[0] == version[0]:
                _cached[engine] = (version, snap)
                return snap


def report_head(engine: Engine) -> Snapshot:
    """What the head of a report reads: the shared snapshot when it is current (its figures are
    memoised), else only the lists of basin.load.REPORT_HEAD, read in a fraction of the time."""
    with _lock, engine.connect() as conn:
        found = _cached.get(engine)
        if found is not None and found[0] == _version(engine, conn):
            return found[1]
        return load_report_head(conn)


# Writes the snapshot can follow by reading only the rows they touched (services.fund journals
# every entry it creates or deletes); anything else reloads the whole basin.
_ENTRY_KINDS = frozenset(ENTRY_LISTS)
_MAX_ENTRIES = 200


def _updated(conn: Connection, found: tuple[tuple[int, int | None], Snapshot]) -> Snapshot | None:
    """The cached snapshot brought up to date from the journal, or None when it must be reloaded."""
    (_commits_then, last_pk), snap = found
    if snap.basin is None:
        return None
    rows = conn.exec_driver_sql(
        "SELECT entity, entity_id, action FROM journal WHERE pk > ? ORDER BY pk LIMIT ?",
        (last_pk or 0, _MAX_ENTRIES + 1)).all()
    if not rows or len(rows) > _MAX_ENTRIES:
        return None  # a commit that journaled nothing (written behind the services' back), or too much
    touched: dict[str, set[str]] = {}
    for entity, entity_id, action in rows:
        if entity not in _ENTRY_KINDS or action not in ("create", "delete"):
            return None
        touched.setdefault(entity, set()).add(entity_id)
    return reload_entries(conn, snap, touched)


def current_figures(engine: Engine, as_of: dt.date) -> Figures:
    """The shared figures of the current snapshot on `as_of`."""
    return figures(current_snapshot(engine), as_of)


def forget(engine: Engine) -> None:
    """Drop the engine's snapshot (a test that rewrote the file behind the engine's back)."""
    with _lock:
        _cached.pop(engine, None)
