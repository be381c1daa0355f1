"""One runner for the window's database work: page loads and service calls run on one database
worker thread, their results come back to the GUI thread, which only paints.

Modelled on Anki's `QueryOp` / `CollectionOp` (qt/aqt/operations/): a *query* reads (a page's
figures) and hands its result to a callback on the GUI thread; an *op* writes through a service,
whose returned `Changes` go to the change bus (pages refresh what they show) before the callback.
One worker thread serialises the work, so a page load queued after a write sees that write, and
SQLite never has two writers of ours at once.

A page that asks again before its previous load came back gets only the newest result: each
owner's queries carry a generation number, and stale answers are dropped (typing in a date field
queues many loads; only the last one is painted).
"""

from __future__ import annotations

import itertools
import logging
import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal

from alize_desktop.db import is_read_only_refusal
from alize_desktop.memory import long_lived
from alize_desktop.services.changes import Changes, RuleError

log = logging.getLogger(__name__)

_STOP = object()


class _Delivery(QObject):
    """The signal the worker emits when a ticket's outcome is ready; Qt queues it to the GUI thread.

    It carries the ticket only, the outcome waits in `Runner._outcomes`: a queued signal copies its
    arguments under Qt's lock of the sender, and a Python object is copied with the interpreter's
    lock — held meanwhile by the GUI thread deleting a widget under Qt's same lock: both waited for
    ever (seen once in CI). An int is copied without the interpreter."""

    ready = Signal(int)


class Runner(QObject):
    """The database worker of one window (AppContext.runner)."""

    def __init__(self, bus: Any = None, parent: QObject | None = None):
        super().__init__(parent)
        self.bus = bus
        self._queue: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._tickets = itertools.count(1)
        self._pending: dict[int, tuple[QObject | None, str | None, int, Callable[[Any], None],
                                       Callable[[BaseException], None] | None, bool]] = {}
        self._generation: dict[tuple[int, str], int] = {}
        self._idle = threading.Event()
        self._idle.set()
        self._stopped = False
        self._painted = threading.Event()  # the GUI thread has shown the last outcome (see _wait_painted)
        self._painted.set()
        self._outcomes: dict[int, tuple[bool, Any]] = {}  # ticket → (done, result or exception)
        self._outcomes_lock = threading.Lock()
        self._delivery = _Delivery()
        self._delivery.ready.connect(self._arrived)

    # public ------------------------------------------------------------------------------------
    def query(self, owner: QObject | None, work: Callable[[], Any], on_done: Callable[[Any], None],
              on_error: Callable[[BaseException], None] | None = None, *, key: str = "load") -> None:
        """Run `work()` (a read) on the worker; `on_done(result)` on the GUI thread, unless `owner`
        was destroyed meanwhile or asked again with the same `key` (only the newest is delivered)."""
        self._submit(owner, key, _frozen(work), on_done, on_error, emits=False)

    def op(self, owner: QObject | None, work: Callable[[], Any], on_done: Callable[[Any], None] | None = None,
           on_error: Callable[[BaseException], None] | None = None) -> None:
        """Run a service write on the worker. `work()` returns the service's `Changes`, or a tuple
        whose last item is the `Changes`; they are emitted on the change bus, then `on_done(result)`."""
        self._submit(owner, None, work, on_done or (lambda _r: None), on_error, emits=True)

    def busy(self) -> bool:
        """Work queued, running, or done but not yet delivered to the GUI thread."""
        return not self._idle.is_set() or bool(self._pending)

    def stop(self, timeout: float = 60.0) -> None:
        """Finish what was queued, then end the worker thread (the window closes its database next)."""
        self._stopped = True  # the window closes: nothing new is queued, nothing waits for a paint
        self._painted.set()
        thread = self._thread
        if thread is not None and thread.is_alive():
            self._queue.put(_STOP)
            # Short sleeps counted, not a timed join: a timed wait's deadline comes from the monotonic
            # clock, which a clock jump (suspend, NTP, libfaketime) can push out of reach; and the
            # database must not close under a running read.
            for _ in range(int(timeout / 0.05)):
                if not thread.is_alive():
                    break
                time.sleep(0.05)
        self._thread = None

    # worker side ------------------------------------------------------------------------------
    def _submit(self, owner: QObject | None, key: str | None, work: Callable[[], Any],
                on_done: Callable[[Any], None], on_error: Callable[[BaseException], None] | None,
                *, emits: bool) -> None:
        if self._stopped:
            # A result delivered while the window closed asked for more (the dashboard's second
            # read): the database is closing, or its temporary copy deleted; nobody would see it.
            log.debug("travail demandé après l'arrêt du lecteur de base : ignoré")
            return
        ticket = next(self._tickets)
        generation = 0
        if owner is not None and key is not None:
            slot = (id(owner), key)
            generation = self._generation.get(slot, 0) + 1
            self._generation[slot] = generation
        self._pending[ticket] = (owner, key, generation, on_done, on_error, emits)
        self._idle.clear()
        self._queue.put((ticket, work))
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="alize-base", daemon=True)
            self._thread.start()

    def _work(self) -> None:
        while True:
            if self._queue.empty():
                self._idle.set()
            item = self._queue.get()  # blocks without a timeout: an idle worker costs nothing
            if item is _STOP:
                self._idle.set()
                return
            ticket, work = item
            self._wait_painted()
            outcome: tuple[bool, Any]
            try:
                outcome = (True, work())
            except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread to show
                outcome = (False, exc)
            del item, work  # dropped before the GUI thread is told: nothing of it is held here afterwards
            with self._outcomes_lock:
                self._outcomes[ticket] = outcome
            del outcome
            self._painted.clear()
            self._delivery.ready.emit(ticket)

    PAINT_WAIT_STEPS = 25  # × 2 ms: a GUI thread busy longer than 50 ms does not hold the work back

    def _wait_painted(self) -> None:
        """Let the GUI thread show the outcome just handed over before the next job starts.

        Qt calls Python on the GUI thread for every virtual of a Python-made widget and every
        slot: each call takes the interpreter lock, and a worker computing in Python holds it up
        to the switch interval each time. Painting a page's new figures (hundreds of such calls,
        a chart's layout) while the next job computed froze the window three times as long as
        alone. Short sleeps counted, not a timed wait: see `stop`."""
        for _ in range(self.PAINT_WAIT_STEPS):
            if self._painted.is_set() or self._stopped:
                return
            time.sleep(0.002)

    # GUI side ---------------------------------------------------------------------------------
    def _take(self, ticket: int) -> tuple[Any, ...] | None:
        entry = self._pending.pop(ticket, None)
        if entry is None:
            return None
        owner, key, generation, *_rest = entry
        if owner is not None and not shiboken6.isValid(owner):
            return None  # the page or dialog is gone: nobody to paint
        if owner is not None and key is not None and self._generation.get((id(owner), key)) != generation:
            return None  # a newer load of the same page is on its way
        return entry

    def _arrived(self, ticket: int) -> None:
        with self._outcomes_lock:
            done, value = self._outcomes.pop(ticket)
        try:
            if done:
                self._deliver(ticket, value)
            else:
                self._fail(ticket, value)
        finally:
            # A zero timer runs once the events the outcome posted (layout, paint) are handled.
            QTimer.singleShot(0, self, self._painted.set)

    def _deliver(self, ticket: int, result: Any) -> None:
        entry = self._take(ticket)
        if entry is None:
            return
        _owner, _key, _gen, on_done, _on_error, emits = entry
        if emits and self.bus is not None:
            changes = result[-1] if isinstance(result, tuple) else result
            if isinstance(changes, Changes):
                self.bus.emit(changes)
        with _painted_once(_owner):
            on_done(result)

    def _fail(self, ticket: int, exc: BaseException) -> None:
        entry = self._take(ticket)
        if entry is None:
            return
        on_error = entry[4]
        if is_read_only_refusal(exc):
            # A write reached a read-only base: one French sentence. A caller with a handler gets it
            # as a refusal (a dialog shows it under its form and leaves its busy state: it must not
            # stay stuck waiting); otherwise the window says it.
            if on_error is not None:
                from alize_desktop.ui.shell.read_only_window import REFUSAL

                on_error(RuleError(REFUSAL))
            else:
                _say_read_only(entry[0])
            return
        if on_error is not None:
            on_error(exc)
        else:
            raise exc  # the window's crash handler logs it and shows a French dialog


@contextmanager
def _painted_once(owner: QObject | None) -> Iterator[None]:
    """The owner's widgets repaint once, after the whole result is set, not one by one: some
    setters paint at once (QProgressBar.setValue calls repaint()), a form's rows re-lay it out
    after each; the dashboard's figures then froze the window 130 ms at start-up."""
    from PySide6.QtWidgets import QWidget

    if not isinstance(owner, QWidget) or not owner.updatesEnabled():
        yield
        return
    owner.setUpdatesEnabled(False)
    try:
        yield
    finally:
        if shiboken6.isValid(owner):
            owner.setUpdatesEnabled(True)  # schedules the one repaint


def _say_read_only(owner: QObject | None) -> None:
    from PySide6.QtWidgets import QMessageBox, QWidget

    from alize_desktop.ui.shell.read_only_window import REFUSAL

    QMessageBox.warning(owner if isinstance(owner, QWidget) else None, "Lecture seule", REFUSAL)


def _frozen(work: Callable[[], Any]) -> Callable[[], Any]:
    """A read inside `long_lived()`: what it builds (a network basin's 10 000 rows of a list) is
    kept by the page until its next load, and is frozen out of the GUI thread's collections,
    which would otherwise walk all of it (tens of milliseconds of frozen window) for nothing:
    rows hold no cycles, reference counting frees them (alize_desktop/memory.py)."""

    def run() -> Any:
        with long_lived():
            return work()

    return run
