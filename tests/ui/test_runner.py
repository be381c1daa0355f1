"""The database worker: page loads and service calls run off the GUI thread, their results come
back to it, only the newest load of a page is painted, and a write's Changes reach the pages."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QWidget

from alize_desktop.services.uow import Changes
from alize_desktop.ui.dashboard.page import DashboardPage
from alize_desktop.ui.shell.runner import Runner


class _Bus:
    def __init__(self) -> None:
        self.seen: list[Changes] = []

    def emit(self, changes: Changes) -> None:
        self.seen.append(changes)


def test_work_runs_on_the_worker_and_the_answer_on_the_gui_thread(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner, gui = Runner(), threading.current_thread()
    where: dict[str, object] = {}

    def work() -> int:
        where["work"] = threading.current_thread()
        return 42

    runner.query(None, work, lambda r: where.update(done=threading.current_thread(), result=r))
    qtbot.waitUntil(lambda: "result" in where)
    assert where["work"] is not gui and where["done"] is gui and where["result"] == 42
    runner.stop()


def test_only_the_newest_load_of_a_page_is_painted(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner, owner = Runner(), QWidget()
    qtbot.addWidget(owner)
    release, painted = threading.Event(), []
    runner.query(owner, lambda: release.wait(10) and "old", painted.append)
    runner.query(owner, lambda: "new", painted.append)
    release.set()
    qtbot.waitUntil(lambda: not runner.busy())
    assert painted == ["new"]
    runner.stop()


def test_a_write_emits_the_services_changes_before_its_callback(qtbot) -> None:  # type: ignore[no-untyped-def]
    bus, order = _Bus(), []
    runner = Runner(bus)
    runner.op(None, lambda: ("p9", Changes(projects=True)), lambda r: order.append((list(bus.seen), r)))
    qtbot.waitUntil(lambda: bool(order))
    assert order == [([Changes(projects=True)], ("p9", Changes(projects=True)))]
    runner.stop()


def test_an_error_reaches_the_gui_thread_handler(qtbot) -> None:  # type: ignore[no-untyped-def]
    runner, errors = Runner(), []

    def boom() -> None:
        raise ValueError("Montant invalide.")

    runner.query(None, boom, lambda _r: None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert str(errors[0]) == "Montant invalide."
    runner.stop()


def test_a_page_reload_returns_at_once_and_paints_later(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    gate = threading.Event()
    ctx.runner.query(None, lambda: gate.wait(10), lambda _r: None)  # the worker is busy elsewhere
    page.show()  # first show: reload() queues the figures and returns
    assert page.loading and page.values["jobs_created"].text() == ""
    gate.set()
    settle(page)
    assert page.values["jobs_created"].text() != ""


def test_the_next_job_waits_until_the_gui_thread_has_shown_the_last_result(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Painting a result while the next job computes in Python made both fight for the
    interpreter lock (the dashboard's figures froze the window three times as long)."""
    import time

    runner, moments = Runner(), {}

    def paint(_r: object) -> None:
        time.sleep(0.02)  # a page setting its figures
        moments["painted"] = time.perf_counter()

    runner.query(None, lambda: 1, paint)
    runner.query(None, lambda: moments.setdefault("next", time.perf_counter()), lambda _r: None, key="next")
    qtbot.waitUntil(lambda: "next" in moments and not runner.busy())
    assert moments["next"] >= moments["painted"]
    runner.stop()


def test_a_gui_thread_that_never_returns_to_its_loop_does_not_hold_the_work_back() -> None:
    """No event loop at all (a blocked GUI thread): the worker goes on after its short wait."""
    done = threading.Event()
    runner = Runner()
    runner.query(None, lambda: 1, lambda _r: None)
    runner.query(None, done.set, lambda _r: None, key="second")
    assert done.wait(5)
    runner.stop()


def test_a_result_is_set_into_the_page_before_it_repaints(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Setters that paint at once (QProgressBar.setValue) repaint once, after the whole result."""
    from PySide6.QtWidgets import QProgressBar, QVBoxLayout

    runner, owner = Runner(), QWidget()
    qtbot.addWidget(owner)
    bar = QProgressBar(owner)
    QVBoxLayout(owner).addWidget(bar)
    owner.show()
    during: list[bool] = []

    def show(value: int) -> None:
        during.append(bar.updatesEnabled())
        bar.setValue(value)

    runner.query(owner, lambda: 40, show)
    qtbot.waitUntil(lambda: bool(during) and not runner.busy())
    assert during == [False] and bar.value() == 40 and bar.updatesEnabled() and owner.updatesEnabled()
    runner.stop()


def test_nothing_is_queued_once_the_window_has_stopped_its_worker(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A result delivered while the window closed may ask for more (the dashboard's second read):
    its database is closed by then, or its temporary copy deleted."""
    runner, ran = Runner(), []
    runner.query(None, lambda: 1, lambda _r: runner.query(None, lambda: ran.append("late"), lambda _r: None, key="late"))
    runner.stop()
    qtbot.wait(50)  # the first result is delivered after the stop
    assert ran == [] and not runner.busy()
