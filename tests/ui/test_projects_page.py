"""Projets page with real widgets: filters and counts, sorting, workflow buttons (allowed, forbidden
with their reason, withdrawal, signature), the project file, the insolvency deadline, the registers."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QMenu, QMessageBox
from sqlalchemy import select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.models.enums import label
from alize_desktop.services.projects import projects as ps
from alize_desktop.ui.projects import page as projects_page
from alize_desktop.ui.projects.page import CHECKING, ProjectsPage
from alize_desktop.ui.projects.project_file import SignatureDialog
from alize_desktop.ui.projects.table_model import COLUMNS, DEADLINE_COLUMN, RECEIVED_COLUMN, STATUS_COLUMN
from alize_desktop.ui.widgets.forms import set_date
from alize_desktop.ui.widgets.kit_text import french_key
from alize_desktop.ui.widgets.table_model import ROW_ROLE
from tests.ui.worker_checks import record_threads

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def page(qtbot, ctx, settle) -> ProjectsPage:  # type: ignore[no-untyped-def]
    p = ProjectsPage(ctx)
    qtbot.addWidget(p)
    p.resize(1170, 700)
    p.show()
    settle(p)  # the list is read on the database worker
    return p


@pytest.fixture
def warnings(monkeypatch) -> list[str]:  # type: ignore[no-untyped-def]
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *a, **k: seen.append(text)))
    return seen


def _shown(page: ProjectsPage) -> list:  # type: ignore[type-arg]
    return [page.proxy.index(r, 0).data(ROW_ROLE) for r in range(page.proxy.rowCount())]


def _status(engine, pid: str) -> str:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return s.get(m.Project, pid).status


def _one(page: ProjectsPage, status: str) -> str:
    return next(r.id for r in page.model.rows if r.status == status)


def test_filter_by_status_and_free_text_with_counts(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    total = len(ps.list_projects(page.ctx.engine))
    assert page.count.text() == f"{total} projets"
    page.status_filter.setCurrentIndex(page.status_filter.findData("in_follow_up"))
    follow = [r for r in ps.list_projects(page.ctx.engine) if r.status == "in_follow_up"]
    assert {r.id for r in _shown(page)} == {r.id for r in follow}
    assert page.count.text() == f"{len(follow)} projets sur {total}"
    target = follow[0]
    qtbot.keyClicks(page.search, target.company_name.split()[-1].upper())  # case-insensitive
    shown = _shown(page)
    assert target.id in {r.id for r in shown}
    assert all(r.status == "in_follow_up" and target.company_name.split()[-1].casefold()
               in " ".join((r.title, r.company_name, r.prescriber_name, r.mandatary_name)).casefold() for r in shown)
    page.search.clear()
    qtbot.keyClicks(page.search, "zzz introuvable")
    assert page.proxy.rowCount() == 0 and page.count.text() == f"0 projets sur {total}"
    qtbot.mouseClick(page.clear_filters, Qt.MouseButton.LeftButton)
    assert page.proxy.rowCount() == total and page.search.text() == ""


def test_year_and_prescriber_filters(page) -> None:  # type: ignore[no-untyped-def]
    rows = page.model.rows
    page.year_filter.setCurrentIndex(page.year_filter.findData(2025))
    assert {r.id for r in _shown(page)} == {r.id for r in rows if r.received_on.year == 2025}
    pid = rows[0].prescriber_id
    page.prescriber_filter.setCurrentIndex(page.prescriber_filter.findData(pid))
    assert all(r.prescriber_id == pid and r.received_on.year == 2025 for r in _shown(page))


def test_sort_by_received_date_from_the_header(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    dates = [r.received_on for r in _shown(page)]
    assert dates == sorted(dates, reverse=True)  # newest first by default
    header = page.view.horizontalHeader()
    x = header.sectionViewportPosition(RECEIVED_COLUMN) + header.sectionSize(RECEIVED_COLUMN) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    dates = [r.received_on for r in _shown(page)]
    assert dates == sorted(dates)
    assert page.proxy.index(0, RECEIVED_COLUMN).data() == dates[0].strftime("%d/%m/%Y")
    # Sorting keeps the filter and the selection on the same project.
    page.status_filter.setCurrentIndex(page.status_filter.findData("closed"))
    page.view.selectRow(2)
    chosen = page.current_project().id
    page.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert page.current_project().id == chosen
    names = [r.company_name for r in _shown(page)]
    assert names == sorted(names, key=french_key) and all(r.status == "closed" for r in _shown(page))


def test_models_pass_the_model_tester(qtmodeltester, page) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)
    page.search.setText("atelier")
    qtmodeltester.check(page.proxy)


def test_forbidden_transition_is_refused_with_its_reason(qtbot, page, warnings, settle) -> None:  # type: ignore[no-untyped-def]
    pid, _ = ps.create_project(page.ctx.engine, ps.ProjectValues(company_id="c1", title="Sans diagnostic",
                                                                 received_on=TODAY, prescriber_id="h1"), TODAY)
    page.reload()
    settle(page)
    assert page.select_project(pid)
    # Until the worker says what the rules allow, no change of status is offered.
    assert not any(b.isEnabled() for b in page.transition_buttons.values())
    assert page.transition_buttons["withdrawn"].toolTip() == CHECKING
    settle(page)
    button = page.transition_buttons["in_review"]
    assert not button.isEnabled() and "diagnostic préalable" in button.toolTip()
    assert page.transition_buttons["withdrawn"].isEnabled()
    assert not page.transition_buttons["closed"].isEnabled()
    assert "ne peut pas passer" in page.transition_buttons["closed"].toolTip()
    page.request_transition("in_review")  # triggered anyway (context menu): explained, not attempted
    settle(page)
    assert warnings and "diagnostic préalable" in warnings[-1]
    assert _status(page.ctx.engine, pid) == "received"


def test_in_review_through_the_button(qtbot, page, settle) -> None:  # type: ignore[no-untyped-def]
    pid = _one(page, "received")
    with Session(page.ctx.engine) as s, s.begin():
        p = s.get(m.Project, pid)
        p.diagnostic, p.prescriber_id = "Diagnostic fait", p.prescriber_id or "h1"
    page.reload()
    settle(page)
    page.select_project(pid)
    settle(page)
    assert page.transition_buttons["in_review"].isEnabled()
    qtbot.mouseClick(page.transition_buttons["in_review"], Qt.MouseButton.LeftButton)
    settle(page)
    assert _status(page.ctx.engine, pid) == "in_review"
    assert page.current_project().id == pid and page.current_project().status == "in_review"


def test_withdrawing_a_project(qtbot, page, monkeypatch, settle) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Le porteur renonce", True)))
    pid = _one(page, "in_review")
    page.select_project(pid)
    settle(page)
    qtbot.mouseClick(page.transition_buttons["withdrawn"], Qt.MouseButton.LeftButton)
    settle(page)
    assert _status(page.ctx.engine, pid) == "withdrawn"
    assert page.current_project().status == "withdrawn"
    row = page.proxy.proxy_row_of(pid)
    assert page.proxy.index(row, 4).data() == "Retiré"
    assert not page.transition_buttons["withdrawn"].isEnabled()
    assert "ne change plus" in page.transition_buttons["withdrawn"].toolTip()
    with Session(page.ctx.engine) as s:
        entry = s.scalars(select(m.JournalEntry).where(m.JournalEntry.entity_id == pid)).one()
        assert entry.changed["reason"] == "Le porteur renonce"


def test_signature_through_its_dialog(qtbot, page, settle) -> None:  # type: ignore[no-untyped-def]
    pid = _one(page, "approved")
    page.select_project(pid)
    settle(page)
    done: list[SignatureDialog] = []

    def fill() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, SignatureDialog) and w.isVisible()),
                      None)
        if dialog is None:
            QTimer.singleShot(10, fill)
            return
        done.append(dialog)
        set_date(dialog.signed_on, dt.date(2026, 11, 20))
        dialog.mandatary.setCurrentIndex(dialog.mandatary.findData("h4"))
        dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(page.transition_buttons["convention_signed"], Qt.MouseButton.LeftButton)
    settle(page)
    assert done
    with Session(page.ctx.engine) as s:
        p = s.get(m.Project, pid)
        assert (p.status, p.convention_signed_on, p.mandatary_id) == ("convention_signed", dt.date(2026, 11, 20), "h4")
    assert page.transition_buttons["in_follow_up"].isEnabled()


def test_project_file_opens_on_enter_and_by_show_record(qtbot, page, settle) -> None:  # type: ignore[no-untyped-def]
    pid = _one(page, "approved")
    page.select_project(pid)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    settle(page)  # the file is read on the database worker
    f = page.file_dialog
    assert f is not None and f.isVisible() and f.project_id == pid
    steps = [f.events.item(r, 1).text() for r in range(f.events.rowCount())]
    assert steps[0] == "Réception" and "Comité" in steps
    assert f.convention_button.isEnabled()
    with qtbot.waitSignal(page.navigate) as sig:
        qtbot.mouseClick(f.convention_button, Qt.MouseButton.LeftButton)
    assert sig.args == ["conventions", pid]
    closed = _one(page, "closed")
    page.status_filter.setCurrentIndex(page.status_filter.findData("rejected"))  # hides it
    page.show_record(closed)
    settle(page)
    assert page.file_dialog.isVisible() and page.file_dialog.project_id == closed
    assert page.current_project().id == closed


def test_insolvency_deadline_shows_on_projects_and_companies(page, settle) -> None:  # type: ignore[no-untyped-def]
    with Session(page.ctx.engine) as s:
        cid = s.scalar(select(m.Company.id).where(m.Company.insolvency_procedure.is_not(None)))
    assert cid is not None, "the demo basin holds a company in insolvency"
    row = next(r for r in page.model.rows if r.company_id == cid)
    index = page.proxy.index(page.proxy.proxy_row_of(row.id), DEADLINE_COLUMN)
    assert index.data() == row.claim_deadline.strftime("%d/%m/%Y")
    assert index.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    assert "déclaration de créance" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert COLUMNS[DEADLINE_COLUMN].title == "Créance avant"
    page.tabs.setCurrentIndex(1)
    settle(page)  # the companies are read on the database worker when their tab shows
    panel = page.companies
    panel.search.setText(row.company_name)
    assert panel.proxy.rowCount() >= 1
    deadline = panel.proxy.index(0, 8)
    assert deadline.data() == row.claim_deadline.strftime("%d/%m/%Y")
    assert deadline.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    page.select_project(row.id)
    page.open_file()
    settle(page)
    banner = page.file_dialog.insolvency
    assert banner.isVisible() and "créance" in banner.text() and "#b00020" in banner.styleSheet()


def test_scheduled_project_shows_its_meeting_in_the_list(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    """Issue 6: the list says which comité a scheduled project goes to, and finds it by that date."""
    status_column = STATUS_COLUMN
    assert COLUMNS[status_column].title == "Statut"
    pid = _one(page, "scheduled")
    with Session(page.ctx.engine) as s:
        meeting_on = s.scalar(select(m.Meeting.date).join(m.AgendaItem, m.AgendaItem.meeting_id == m.Meeting.id)
                              .where(m.AgendaItem.project_id == pid, m.AgendaItem.decision.is_(None)))
    assert meeting_on is not None
    shown = meeting_on.strftime("%d/%m/%Y")
    cell = page.proxy.index(page.proxy.proxy_row_of(pid), status_column)
    assert cell.data() == f"Comité du {shown}"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == f"Inscrit au comité du {shown}"
    # The whole text fits the column at 1366 pixels (the page is about 1140 wide there).
    page.resize(1140, 700)
    QApplication.processEvents()
    assert page.view.fontMetrics().horizontalAdvance(cell.data()) < page.view.columnWidth(status_column)
    # Other statuses keep their plain label.
    other = _one(page, "in_follow_up")
    assert page.proxy.index(page.proxy.proxy_row_of(other), status_column).data() == label("in_follow_up")
    # Still filtered by status, and the meeting date is searchable.
    page.status_filter.setCurrentIndex(page.status_filter.findData("scheduled"))
    assert pid in {r.id for r in _shown(page)}
    qtbot.keyClicks(page.search, shown)
    assert [r.id for r in _shown(page)] == [r.id for r in page.model.rows
                                           if r.status == "scheduled" and r.meeting_on == meeting_on]


def _recording(monkeypatch, name: str) -> list[threading.Thread]:  # type: ignore[no-untyped-def]
    return record_threads(monkeypatch, projects_page, name)


def test_the_list_is_read_on_the_database_worker(qtbot, ctx, settle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads = _recording(monkeypatch, "list_projects")
    page = ProjectsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.loading and page.model.rowCount() == 0  # the window does not wait for the database
    settle(page)
    assert threads and all(t is not threading.main_thread() for t in threads)
    assert page.model.rowCount() == len(ps.list_projects(ctx.engine)) > 0


def test_workflow_reasons_are_read_on_the_database_worker(qtbot, page, settle, warnings,  # type: ignore[no-untyped-def]
                                                          monkeypatch) -> None:
    threads = _recording(monkeypatch, "blockers")
    pid = _one(page, "closed")
    page.select_project(pid)
    assert threading.main_thread() not in threads  # asked for, not read on the GUI thread
    settle(page)
    assert "ne change plus" in page.transition_buttons["withdrawn"].toolTip()
    page.request_transition("withdrawn")  # the click's own check, on the worker too
    settle(page)
    assert warnings and "ne change plus" in warnings[-1] and _status(page.ctx.engine, pid) == "closed"
    assert len(threads) == 2 and all(t is not threading.main_thread() for t in threads)


def test_a_late_answer_for_a_row_no_longer_selected_is_ignored(qtbot, page, settle) -> None:  # type: ignore[no-untyped-def]
    received, closed = _one(page, "received"), _one(page, "closed")
    page.select_project(closed)
    settle(page)
    wanted = {t: b.toolTip() for t, b in page.transition_buttons.items()}
    assert not page.transition_buttons["withdrawn"].isEnabled()
    page.select_project(received)  # its reasons are asked for…
    page.select_project(closed)  # …but the operator is back on the closed project before they come
    settle(page)
    assert page.current_project().id == closed
    assert {t: b.toolTip() for t, b in page.transition_buttons.items()} == wanted
    assert not any(b.isEnabled() for b in page.transition_buttons.values())
    page.select_project(received)
    page.view.clearSelection()  # nothing selected when the answer comes
    settle(page)
    assert not any(b.isEnabled() for b in page.transition_buttons.values())
    assert {b.toolTip() for b in page.transition_buttons.values()} == {"Sélectionnez un projet dans la liste."}


def test_the_context_menu_explains_forbidden_changes(qtbot, page, settle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    menus: list[QMenu] = []
    monkeypatch.setattr(QMenu, "popup", lambda self, *a, **k: menus.append(self))
    pid = _one(page, "closed")
    page.select_project(pid)
    page.view.scrollTo(page.proxy.index(page.proxy.proxy_row_of(pid), 0))
    rect = page.view.visualRect(page.proxy.index(page.proxy.proxy_row_of(pid), 0))
    page.view.customContextMenuRequested.emit(rect.center())  # opens at once, before the worker answers
    [status] = [m for m in menus[-1].findChildren(QMenu) if m.title() == "Changer le statut"]
    assert {a.toolTip() for a in status.actions()} == {CHECKING}
    settle(page)
    tips = {a.text(): a.toolTip() for a in status.actions()}
    assert "ne change plus" in tips["Retirer le projet…"]


def test_a_record_asked_for_during_the_load_opens_once_the_list_is_in(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    page = ProjectsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    assert page.loading
    pid = ps.list_projects(ctx.engine)[-1].id  # the oldest: far down the list
    page.show_record(pid)  # from an alert, while the list is on its way
    settle(page)
    assert page.current_project().id == pid
    assert page.file_dialog is not None and page.file_dialog.isVisible() and page.file_dialog.project_id == pid


def test_sort_filter_and_selection_hold_across_reloads(qtbot, page, settle) -> None:  # type: ignore[no-untyped-def]
    page.view.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by company
    page.status_filter.setCurrentIndex(page.status_filter.findData("open"))
    page.view.selectRow(3)
    chosen = page.current_project().id
    page.reload()  # the rows come sorted from the worker
    settle(page)
    names = [r.company_name for r in _shown(page)]
    assert names == sorted(names, key=french_key) and all(r.status not in ("closed", "rejected") for r in _shown(page))
    assert page.current_project().id == chosen
    page.reload()
    page.view.sortByColumn(RECEIVED_COLUMN, Qt.SortOrder.AscendingOrder)  # while the load runs
    settle(page)
    dates = [r.received_on for r in _shown(page)]
    assert dates == sorted(dates) and page.current_project().id == chosen
