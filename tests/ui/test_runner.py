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
