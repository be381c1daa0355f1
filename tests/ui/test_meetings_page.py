"""The Comités page: the list by year against the target, create, delete with confirmation, the
meeting screen opened from the list, and the two PDFs handed to the preview."""

from __future__ import annotations

import io
import threading

from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox

from alize_desktop.services.meetings.meetings import list_meetings
from alize_desktop.services.meetings.view import ready_projects, scheduled_projects
from alize_desktop.ui.meetings import pdf as meeting_pdf
from alize_desktop.ui.meetings.page import ALL_YEARS, MeetingsPage
from alize_desktop.ui.widgets.table_model import ROW_ROLE
from tests.ui.worker_checks import Statements


def _page(qtbot, ctx, settle) -> MeetingsPage:
    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1176, 720)
    page.show()
    settle(page)
    return page


def test_list_by_year_and_target(qtbot, ctx, settle):
    page = _page(qtbot, ctx, settle)
    assert page.objectName() == "page_meetings"
    rows = list_meetings(ctx.engine)
    page.year.setCurrentIndex(page.year.findText("2025"))
    n2025 = sum(1 for r in rows if r.date.year == 2025)
    assert page.proxy.rowCount() == n2025
    assert page.count.text() == f"2025 : {n2025}\u00a0comité{'s' if n2025 > 1 else ''} — dans l'objectif de 6 à 10 réunions par an"
    page.year.setCurrentIndex(page.year.findText(ALL_YEARS))
    assert page.proxy.rowCount() == len(rows)
    page.search.setText("Vauban")
    assert 0 < page.proxy.rowCount() < len(rows)
    assert "Projets prêts à inscrire" in page.pipeline.text()


def test_delete_asks_and_refuses_a_held_meeting(qtbot, ctx, monkeypatch, settle):
    page = _page(qtbot, ctx, settle)
    page.year.setCurrentIndex(page.year.findText(ALL_YEARS))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    held = next(r for r in page.rows if r.decided)
    page.select(held.id)
    page.delete_selected()
    assert "déjà pris des décisions" in warnings[0]
    planned = next(r for r in page.rows if r.items and not r.decided)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text: asked.append(text) or QMessageBox.StandardButton.No)
    page.select(planned.id)
    page.delete_selected()
    back = ("Le projet inscrit retournera à l'instruction." if planned.items == 1
            else f"Ses {planned.items}\u00a0projets inscrits retourneront à l'instruction.")
    assert back in asked[0]  # agreed in number, never « projet(s) inscrit(s) »
    assert planned.id in [r.id for r in list_meetings(ctx.engine)]
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.Yes)
    page.delete_selected()
    settle(page)  # deleted on the database worker, then the list read again
    assert planned.id not in [r.id for r in list_meetings(ctx.engine)]
    assert planned.id not in [r.id for r in page.rows]


def test_open_screen_and_pdfs(qtbot, ctx, monkeypatch, settle):
    page = _page(qtbot, ctx, settle)
    page.year.setCurrentIndex(page.year.findText(ALL_YEARS))
    held = next(r for r in page.rows if r.decided)
    page.select(held.id)
    page.open_selected()
    assert page.stack.currentWidget() is page.meeting_screen
    assert not page.meeting_screen.pack_button.isEnabled()  # the meeting is on its way
    settle(page)
    assert page.meeting_screen.pack_button.isEnabled()
    assert page.meeting_screen.title.text().startswith("Comité du ")
    assert page.meeting_screen.items.count() == held.items
    shown: list[tuple[str, bytes, str]] = []
    monkeypatch.setattr("alize_desktop.ui.widgets.pdf_preview.preview_document",
                        lambda _p, title, build, name: shown.append((title, build(), name)))
    page.meeting_screen.pack_button.click()
    page.meeting_screen.minutes_button.click()
    assert [(t, n) for t, _b, n in shown] == [
        ("Dossier de séance (PDF)", f"dossier-de-seance-{held.date.isoformat()}.pdf"),
        ("Procès-verbal (PDF)", f"proces-verbal-{held.date.isoformat()}.pdf")]
    minutes = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(shown[1][1])).pages)
    assert held.president_name in minutes and "Procès-verbal du comité d'agrément" in minutes
    page.meeting_screen.leave()
    assert page.stack.currentWidget() is page.list_widget
    settle(page)
    assert page.selected().id == held.id


def test_new_meeting_from_the_page(qtbot, ctx, monkeypatch, settle):
    page = _page(qtbot, ctx, settle)
    created: list[str] = []

    def fake_exec(dialog) -> int:
        settle(dialog)  # the presidents come from the database worker
        dialog.place.insert("Mairie de la Sorne")
        dialog.select_president("h4")
        dialog.accept()
        settle(dialog)  # created on the worker: the dialog closes once it has landed
        created.append(dialog.meeting_id)
        return dialog.result()

    monkeypatch.setattr("alize_desktop.ui.meetings.dialog.MeetingDialog.exec", fake_exec)
    page.new_meeting()
    settle(page)
    assert page.selected().id == created[0]
    assert page.selected().place == "Mairie de la Sorne" and page.selected().date == ctx.clock.today()
    assert meeting_pdf.agenda_bytes(ctx, created[0]).startswith(b"%PDF")


def test_agenda_builder_shows_the_place_literally(qtbot, ctx, settle):
    from PySide6.QtCore import Qt

    from alize_desktop.services.meetings.meetings import list_meetings, update_meeting
    from alize_desktop.ui.meetings.agenda_builder import AgendaBuilderDialog

    row = list_meetings(ctx.engine)[0]
    update_meeting(ctx.engine, row.id, row.date, "Salle <b>Vauban</b>", row.president_id, today=ctx.clock.today())
    dialog = AgendaBuilderDialog(ctx, row.id)
    qtbot.addWidget(dialog)
    settle(dialog)
    assert dialog.title.textFormat() == Qt.TextFormat.PlainText
    assert "Salle <b>Vauban</b>" in dialog.title.text()


def test_the_list_and_the_meeting_are_read_on_the_database_worker(qtbot, ctx, settle, monkeypatch):
    from alize_desktop.ui.meetings import page as page_module
    from alize_desktop.ui.meetings import screen as screen_module

    ready, waiting = len(ready_projects(ctx.engine)), len(scheduled_projects(ctx.engine))
    meetings = len(list_meetings(ctx.engine))
    gui = threading.current_thread()
    loads: list[tuple[str, threading.Thread]] = []
    def recording(name, real):  # type: ignore[no-untyped-def]
        def recorded(*args):  # type: ignore[no-untyped-def]
            loads.append((name, threading.current_thread()))
            return real(*args)
        return recorded

    for module, name in ((page_module, "meetings_page_data"), (screen_module, "meeting_view")):
        monkeypatch.setattr(module, name, recording(name, getattr(module, name)))
    with Statements(ctx.engine) as sql:
        page = MeetingsPage(ctx)
        qtbot.addWidget(page)
        page.resize(1176, 720)
        page.show()  # the first showing reloads: the call returns before the meetings are there
        assert page.loading and page.model.rowCount() == 0
        settle(page)
        assert page.model.rowCount() == meetings > 0
        assert page.pipeline.text() == (f"Projets prêts à inscrire à un ordre du jour : {ready} · inscrits en "
                                        f"attente de décision : {waiting}")
        page.year.setCurrentIndex(page.year.findText(ALL_YEARS))
        held = next(r for r in page.rows if r.decided)
        page.select(held.id)
        page.open_selected()
        screen = page.meeting_screen
        assert screen.loading and screen.items.count() == 0 and not screen.agenda_button.isEnabled()
        settle(page)
        assert screen.items.count() == held.items and screen.agenda_button.isEnabled()
        screen.leave()
        settle(page)
    assert ready > 0 and [n for n, _t in loads] == ["meetings_page_data", "meeting_view", "meetings_page_data"]
    assert all(t is not gui for _n, t in loads)
    assert sql.seen and sql.on(gui) == []  # not one statement on the GUI thread


def test_selection_year_search_and_sort_stay_across_a_reload(qtbot, ctx, settle):
    from PySide6.QtCore import Qt

    from alize_desktop.services.uow import Changes

    page = _page(qtbot, ctx, settle)
    page.year.setCurrentIndex(page.year.findText(ALL_YEARS))
    page.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # by place
    page.search.setText("Vauban")
    shown = [page.proxy.data(page.proxy.index(r, 0), ROW_ROLE).id for r in range(page.proxy.rowCount())]
    assert len(shown) > 1
    page.select(shown[1])
    ctx.bus.emit(Changes(meetings=True))  # a change elsewhere: the page reads its list again
    assert page.loading
    settle(page)
    assert page.year.currentText() == ALL_YEARS and page.search.text() == "Vauban"
    header = page.table.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (1, Qt.SortOrder.AscendingOrder)
    assert [page.proxy.data(page.proxy.index(r, 0), ROW_ROLE).id for r in range(page.proxy.rowCount())] == shown
    assert page.selected().id == shown[1]


def test_a_meeting_opens_while_the_list_is_still_on_its_way(qtbot, ctx, settle):
    held = next(r for r in list_meetings(ctx.engine) if r.decided)
    page = MeetingsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1176, 720)
    page.show()
    assert page.loading
    page.show_record(held.id)  # an alert pointing at a meeting, say
    assert page.stack.currentWidget() is page.meeting_screen
    settle(page)
    assert page.meeting_screen.title.text().startswith("Comité du ")
    assert page.meeting_screen.items.count() == held.items
    assert page.selected().id == held.id  # the list behind it holds the meeting, selected
    page.meeting_screen.leave()
    settle(page)
    assert page.selected().id == held.id
