from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.services.uow import unit_of_work
from alize_desktop.ui.dashboard.page import DashboardPage
from alize_desktop.ui.follow_up import page as follow_up_page
from alize_desktop.ui.follow_up.dialog import FollowUpDialog
from alize_desktop.ui.follow_up.page import FollowUpPage
from alize_desktop.ui.widgets.table_model import ROW_ROLE
from tests.ui.worker_checks import record_threads

TODAY = dt.date(2026, 11, 26)


def _signed_project(engine, signed_on: dt.date) -> str:
    """A demo project just signed, without reports (the demo evolves: no fixed id)."""
    with unit_of_work(engine) as s:
        p = s.scalars(select(m.Project).where(m.Project.status == "in_follow_up").order_by(m.Project.id)).first()
        for f in s.scalars(select(m.FollowUp).where(m.FollowUp.project_id == p.id)):
            s.delete(f)
        p.status, p.convention_signed_on = "convention_signed", signed_on
        return p.id


def _page(qtbot, ctx, cls):  # type: ignore[no-untyped-def]
    page = cls(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 800)
    page.show()
    _wait(qtbot, page)
    return page


def _wait(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    """The page reads its projects on the database worker: wait until they are painted."""
    qtbot.waitUntil(lambda: not page.loading and not page.ctx.runner.busy(), timeout=30_000)


def _enter_report(qtbot, monkeypatch, page: FollowUpPage, created: int) -> FollowUpDialog:
    """Open "Nouveau rapport…" and type the figures as a user would, then press Enregistrer."""
    seen: list[FollowUpDialog] = []

    def fake_exec(dialog: FollowUpDialog) -> int:
        seen.append(dialog)
        dialog.jobs_created.lineEdit().selectAll()
        qtbot.keyClicks(dialog.jobs_created.lineEdit(), str(created))
        dialog.notes.setPlainText("Visite sur site <atelier> & bureau")
        ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
        return 1

    monkeypatch.setattr(FollowUpDialog, "exec", fake_exec)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=30_000)  # the dialog opens once the reports are read
    qtbot.waitUntil(lambda: not seen[0].saving and not page.ctx.runner.busy(), timeout=30_000)  # its write
    return seen[0]


def test_report_through_the_page_moves_the_dashboard_jobs(qtbot, ctx, monkeypatch, settle):
    pid = _signed_project(ctx.engine, dt.date(2026, 8, 1))
    board = _page(qtbot, ctx, DashboardPage)
    settle(board)
    before = int(board.values["jobs_created"].text().replace("\u202f", ""))
    page = _page(qtbot, ctx, FollowUpPage)
    page.show_record(pid)
    _wait(qtbot, page)
    assert page.current_project().id == pid
    assert page.current_project().status == "convention_signed"
    dialog = _enter_report(qtbot, monkeypatch, page, 7)
    assert dialog.result() == 1
    _wait(qtbot, page)
    with Session(ctx.engine) as s:
        [row] = s.scalars(select(m.FollowUp).where(m.FollowUp.project_id == pid)).all()
        assert (row.jobs_created, row.date, row.notes) == (7, TODAY, "Visite sur site <atelier> & bureau")
        assert s.get(m.Project, pid).status == "in_follow_up"
        assert row.author_id == s.get(m.Project, pid).mandatary_id  # the mandataire by default
    settle(board)
    assert int(board.values["jobs_created"].text().replace("\u202f", "")) == before + 7
    assert page.report_model.rowCount() == 1 and page.plan_model.rows[0].state == "done"
    # Ctrl+Z takes the report back, and the project returns to "convention signée".
    ctx.undo.undo()
    _wait(qtbot, page)
    with Session(ctx.engine) as s:
        assert s.scalars(select(m.FollowUp).where(m.FollowUp.project_id == pid)).all() == []
        assert s.get(m.Project, pid).status == "convention_signed"
    settle(board)
    assert int(board.values["jobs_created"].text().replace("\u202f", "")) == before


def test_lower_figure_is_refused_next_to_the_field(qtbot, ctx, monkeypatch):
    pid = _signed_project(ctx.engine, dt.date(2026, 5, 1))
    page = _page(qtbot, ctx, FollowUpPage)
    page.show_record(pid)
    _wait(qtbot, page)
    _enter_report(qtbot, monkeypatch, page, 5)
    _wait(qtbot, page)
    dialog = _enter_report(qtbot, monkeypatch, page, 3)
    assert dialog.result() == 0  # stays open
    assert dialog.errors.text("jobs_created").startswith("Les chiffres sont cumulés depuis l'agrément : au moins 5")
    with Session(ctx.engine) as s:
        assert [f.jobs_created for f in s.scalars(select(m.FollowUp).where(m.FollowUp.project_id == pid))] == [5]


def test_closing_is_refused_before_eighteen_months_and_workload_filters(qtbot, ctx, monkeypatch):
    pid = _signed_project(ctx.engine, dt.date(2026, 5, 1))
    page = _page(qtbot, ctx, FollowUpPage)
    page.show_record(pid)
    _wait(qtbot, page)
    assert not page.close_button.isEnabled()
    assert "clôture possible à partir du 1er novembre 2027" in page.close_info.text()
    # The overdue filter keeps this project (months 3 and 6 are past without a report).
    page.show_combo.setCurrentIndex(page.show_combo.findData("overdue"))
    shown = [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]
    assert pid in shown
    # Workload: the mandataire's line counts the overdue reports; a double-click filters on them.
    page.tabs.setCurrentIndex(1)
    project = next(p for p in page.projects if p.id == pid)
    proxy = page.load_view.model()
    row = next(r for r in range(proxy.rowCount())
               if proxy.index(r, 0).data(ROW_ROLE).person_id == (project.mandatary_id or ""))
    assert proxy.index(row, 0).data(ROW_ROLE).overdue >= 2
    page.load_view.selectRow(row)
    page._open_workload(None)
    assert page.tabs.currentIndex() == 0 and page.mandatary_combo.currentData() == project.mandatary_id


def test_delete_asks_first(qtbot, ctx, monkeypatch):
    pid = _signed_project(ctx.engine, dt.date(2026, 8, 1))
    page = _page(qtbot, ctx, FollowUpPage)
    page.show_record(pid)
    _wait(qtbot, page)
    _enter_report(qtbot, monkeypatch, page, 2)
    _wait(qtbot, page)
    page.report_view.selectRow(0)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.delete_report()
    _wait(qtbot, page)
    assert page.report_model.rowCount() == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.report_view.selectRow(0)
    page.delete_report()
    _wait(qtbot, page)
    assert page.report_model.rowCount() == 0
    ctx.undo.undo()
    _wait(qtbot, page)
    assert page.report_model.rowCount() == 1


def _recording(monkeypatch, name: str) -> list[threading.Thread]:  # type: ignore[no-untyped-def]
    return record_threads(monkeypatch, follow_up_page, name)


def _reported(page: FollowUpPage) -> list[str]:
    """Projects with reports, as listed on the page."""
    return [p.id for p in page.projects if p.reports and p.status != "closed"]


def test_the_list_and_the_reports_are_read_on_the_database_worker(qtbot, ctx, monkeypatch):
    listed, reports = _recording(monkeypatch, "followed_projects"), _recording(monkeypatch, "project_reports")
    page = _page(qtbot, ctx, FollowUpPage)
    assert listed and all(t is not threading.main_thread() for t in listed)
    first, second = _reported(page)[:2]
    page.show_record(first)
    _wait(qtbot, page)
    assert page.report_model.rowCount() == next(p.reports for p in page.projects if p.id == first)
    reports.clear()
    page.show_record(second)
    # Another project chosen: its plan at once, no report of the first one while the second's are read.
    assert threading.main_thread() not in reports and page.report_model.rowCount() == 0
    assert page.plan_model.rows == list(page.current_project().plan)
    _wait(qtbot, page)
    assert page.report_model.rowCount() == next(p.reports for p in page.projects if p.id == second)
    assert reports and all(t is not threading.main_thread() for t in reports)


def test_a_report_dialog_opens_with_the_reports_read_on_the_worker(qtbot, ctx, monkeypatch):
    page = _page(qtbot, ctx, FollowUpPage)
    pid = _reported(page)[0]
    page.show_record(pid)
    _wait(qtbot, page)
    threads = _recording(monkeypatch, "project_reports")
    opened: list[tuple[int, bool]] = []

    def fake_exec(dialog: FollowUpDialog) -> int:
        opened.append((len(threads), threading.current_thread() is threading.main_thread()))
        return 0

    monkeypatch.setattr(FollowUpDialog, "exec", fake_exec)
    page.new_report()
    assert not opened  # not before the reports are read
    qtbot.waitUntil(lambda: bool(opened), timeout=30_000)
    page.report_view.selectRow(0)
    page.edit_report()
    qtbot.waitUntil(lambda: len(opened) == 2, timeout=30_000)
    assert opened == [(1, True), (2, True)]  # each opened on the GUI thread after its read
    assert len(threads) == 2 and all(t is not threading.main_thread() for t in threads)


def test_late_reports_for_a_project_no_longer_selected_are_ignored(qtbot, ctx):
    page = _page(qtbot, ctx, FollowUpPage)
    page.show_record(_reported(page)[0])
    page.table.clearSelection()  # before the reports come
    _wait(qtbot, page)
    assert page.current_project() is None and page.report_model.rowCount() == 0


def test_filter_search_and_sort_hold_across_reloads(qtbot, ctx):
    page = _page(qtbot, ctx, FollowUpPage)
    page.mandatary_combo.setCurrentIndex(1)
    mandatary = page.mandatary_combo.currentData()
    page.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    chosen = [p.id for p in page.model.shown()]
    assert chosen and all(p.mandatary_id == mandatary and p.status != "closed" for p in page.model.shown())
    assert len(chosen) < len([p for p in page.projects if p.status != "closed"])
    page.reload()  # ordered on the worker as the operator left the list
    _wait(qtbot, page)
    assert [p.id for p in page.model.shown()] == chosen and page.mandatary_combo.currentData() == mandatary
    page.reload()
    page.show_combo.setCurrentIndex(page.show_combo.findData("closed"))  # changed while the load runs
    _wait(qtbot, page)
    shown = page.model.shown()
    assert shown and all(p.status == "closed" and p.mandatary_id == mandatary for p in shown)
    keys = [(len(p.id), p.id) for p in shown]
    assert keys == sorted(keys, reverse=True)
    page.reload()
    qtbot.keyClicks(page.search, shown[-1].company)  # typed while the load runs
    _wait(qtbot, page)
    assert shown[-1] in page.model.shown() and len(page.model.shown()) < len(shown)
