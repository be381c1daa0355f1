"""A whole comité recorded as an operator would, with real widgets, then read back from the
database as format v1; and the rules refused on screen with their messages."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QMessageBox

from alize_desktop.interchange.exporter import export_basin
from alize_desktop.interchange.validate import validate_basin
from alize_desktop.services.meetings.view import meeting_view, ready_projects
from alize_desktop.ui.meetings.agenda_builder import AgendaBuilderDialog
from alize_desktop.ui.meetings.dialog import MeetingDialog
from alize_desktop.ui.meetings.screen import MeetingScreen
from alize_desktop.ui.widgets.forms import set_date

DAY = dt.date(2027, 1, 14)
EVENING = dt.datetime(2027, 1, 14, 19, 0, tzinfo=dt.UTC)


def _meeting(data: dict, mid: str) -> dict:
    return next(m for m in data["meetings"] if m["id"] == mid)


def _keys(qtbot, widget, text: str) -> None:
    for ch in text:
        qtbot.keyClick(widget, getattr(Qt.Key, f"Key_{ch.upper()}"))


@pytest.fixture(autouse=True)
def _on_the_meeting_day(ctx):
    """The operator records the comité on the day it sits (a decision is refused before that day)."""
    from alize_desktop.clock import FixedClock

    ctx.clock = FixedClock(DAY)


@pytest.fixture
def screen(qtbot, ctx):
    s = MeetingScreen(ctx)
    qtbot.addWidget(s)
    s.resize(1176, 720)
    s.show()
    return s


def _idle(qtbot, widget) -> None:  # type: ignore[no-untyped-def]
    """Wait as the operator waits: what the widget wrote or read on the database worker is shown."""
    qtbot.waitUntil(lambda: not widget.loading and not widget.ctx.runner.busy(), timeout=30_000)


def _new_meeting(qtbot, ctx, president: str = "h1") -> str:
    dialog = MeetingDialog(ctx)
    qtbot.addWidget(dialog)
    _idle(qtbot, dialog)
    set_date(dialog.date, DAY)
    dialog.place.insert("Salle « Vauban » & annexe")  # QTest types ASCII only
    dialog.select_president(president)
    dialog.accept()
    _idle(qtbot, dialog)
    assert dialog.meeting_id
    return dialog.meeting_id


def _on_screen_with_the_first_ready_project(qtbot, ctx, screen, settle, mid: str) -> None:  # type: ignore[no-untyped-def]
    """The meeting `mid` with the first ready project on its agenda, open on the screen."""
    builder = AgendaBuilderDialog(ctx, mid)
    qtbot.addWidget(builder)
    settle(builder)
    builder.add_selected()
    settle(builder)
    screen.load(mid)
    settle(screen)


def test_record_a_whole_meeting(qtbot, ctx, screen, monkeypatch, settle):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    first, second = [p.id for p in ready_projects(ctx.engine)][:2]

    # The meeting: a CCI representative cannot preside; a company's can.
    dialog = MeetingDialog(ctx)
    qtbot.addWidget(dialog)
    settle(dialog)  # the presidents come from the database worker
    set_date(dialog.date, DAY)
    dialog.place.insert("Salle « Vauban » & annexe")  # QTest types ASCII only
    dialog.select_president("h21")
    dialog.accept()
    settle(dialog)
    assert dialog.meeting_id is None
    assert "ne représente pas une entreprise partenaire" in dialog.errors.text("president")
    dialog.select_president("h1")
    dialog.accept()
    settle(dialog)
    mid = dialog.meeting_id
    assert mid and dialog.result() == 1

    # The agenda: both ready projects, then reordered by a drag (the model's move) and Alt+Haut.
    builder = AgendaBuilderDialog(ctx, mid)
    qtbot.addWidget(builder)
    for _ in range(2):
        settle(builder)
        builder.ready.setCurrentRow(0)
        qtbot.mouseClick(builder.add_button, Qt.MouseButton.LeftButton)
    settle(builder)
    assert builder.agenda_ids() == [first, second]
    builder.agenda.model().moveRow(QModelIndex(), 1, QModelIndex(), 0)
    qtbot.waitUntil(lambda: [i.project.id for i in meeting_view(ctx.engine, mid).items] == [second, first])
    settle(builder)
    builder.agenda.setCurrentRow(1)
    builder.move(-1)
    assert builder.agenda_ids() == [first, second]  # moved on screen at once
    settle(builder)
    assert [i.project.id for i in meeting_view(ctx.engine, mid).items] == [first, second]
    assert {p["id"]: p["status"] for p in export_basin(ctx.engine)["projects"]}[first] == "scheduled"

    # Attendance with the keyboard: ten present, the next one excused.
    screen.load(mid)
    settle(screen)
    table = screen.attendance.table
    members = [table.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(table.rowCount())]
    table.setFocus()
    table.select_row(0)
    _keys(qtbot, table, "pppppppppp")
    qtbot.keyClick(table, Qt.Key.Key_E)
    settle(screen)  # typed without waiting; saved on the worker, one after the other
    present, excused = members[:10], [members[10]]
    assert "Quorum atteint" in screen.quorum.text()

    # Item 1: a conflict (I), then votes typed P/C/A, the cursor following the voters.
    screen.select_item(first)
    panel = screen.item_panel
    votes = panel.votes
    votes.setFocus()
    votes.select_row(0)
    qtbot.keyClick(votes, Qt.Key.Key_I)
    votes.select_row(1)
    _keys(qtbot, votes, "pppppp")
    qtbot.keyClick(votes, Qt.Key.Key_C)
    qtbot.keyClick(votes, Qt.Key.Key_A)
    qtbot.keyClick(votes, Qt.Key.Key_1)
    settle(screen)
    assert panel.summary.text().startswith("Pour 7 · Contre 1 · Abstention 1 — 9\u00a0votants possibles")
    qtbot.mouseClick(panel.decision_buttons["approved"], Qt.MouseButton.LeftButton)
    settle(screen)
    assert panel.decision_buttons["approved"].isChecked()

    # Engagements: an advance with terms (live schedule), skills lent by a partner.
    editor = panel.engagements.open_editor()
    qtbot.addWidget(editor)
    settle(editor)  # the partners come from the database worker
    editor.set_kind("repayable_advance")
    qtbot.keyClicks(editor.amount, "25 000,00")
    editor.duration.setValue(48)
    editor.deferral.setValue(12)
    editor.period.setCurrentIndex(editor.period.findData(3))
    assert editor.schedule.rowCount() == 12
    assert editor.schedule.item(0, 1).text() == "14/04/2028"
    assert "12\u00a0échéances, total 25" in editor.preview_total.text()
    editor.accept()
    settle(editor)
    assert editor.result() == 1
    editor = panel.engagements.open_editor()
    qtbot.addWidget(editor)
    settle(editor)  # the partners come from the database worker
    editor.set_kind("skills")
    editor.partner.setCurrentIndex(editor.partner.findData("p3"))
    editor.days.setValue(10)
    qtbot.keyClicks(editor.amount, "6500")
    editor.description.insert("Appui <qualité> & méthodes")
    editor.accept()
    settle(editor)
    assert editor.result() == 1
    screen.reload()
    settle(screen)
    assert panel.engagements.table.rowCount() == 2
    assert "Total : 31" in panel.engagements.total.text()

    # The mandataire, then notes saved as typed.
    combo = panel.mandatary
    combo.setCurrentIndex(combo.findData("h5"))
    combo.activated.emit(combo.currentIndex())
    settle(screen)
    panel.tabs.setCurrentIndex(2)
    qtbot.keyClicks(panel.notes, "Avis favorable <unanime> & rapide")
    qtbot.waitUntil(lambda: (meeting_view(ctx.engine, mid).item(first).notes or "").endswith("rapide"), timeout=3000)

    # Item 2: a show of hands over the voters is refused, an approval without majority too.
    qtbot.keyClick(screen, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    if panel.item.project.id != second:  # offscreen shortcuts need an active window: step directly
        screen.step(1)
    assert panel.item.project.id == second
    panel.tabs.setCurrentIndex(0)
    qtbot.mouseClick(panel.by_totals, Qt.MouseButton.LeftButton)
    settle(screen)
    assert panel.totals_box.isVisible()
    panel.spins[0].setValue(11)
    panel.spins[0].editingFinished.emit()
    settle(screen)
    assert panel.errors["totals"].isVisible()
    assert panel.errors["totals"].text().startswith("11 voix pour 10\u00a0votants possibles")
    for spin, value in zip(panel.spins, (3, 5, 2), strict=True):
        spin.setValue(value)
    panel.spins[2].editingFinished.emit()
    settle(screen)
    assert not panel.errors["totals"].isVisible()
    qtbot.mouseClick(panel.decision_buttons["approved"], Qt.MouseButton.LeftButton)
    settle(screen)
    assert "plus de voix pour que contre" in panel.errors["decision"].text()
    assert panel.decision_buttons[None].isChecked()
    qtbot.mouseClick(panel.decision_buttons["adjourned"], Qt.MouseButton.LeftButton)
    settle(screen)

    # The database holds exactly that, as format v1.
    data = export_basin(ctx.engine, EVENING)  # exported at the close of the session, on DAY
    assert validate_basin(data) == []
    voters = present[1:]
    assert _meeting(data, mid) == {
        "id": mid, "date": "2027-01-14", "place": "Salle « Vauban » & annexe", "president_id": "h1",
        "present": present, "excused": excused, "quorum_override": None,
        "items": [
            {"project_id": first, "position": 1, "conflicts": [present[0]],
             "votes": dict(zip(voters, ["for"] * 6 + ["against", "abstain", "for"], strict=True)),
             "vote_totals": None, "decision": "approved", "notes": "Avis favorable <unanime> & rapide"},
            {"project_id": second, "position": 2, "conflicts": [], "votes": None,
             "vote_totals": {"for": 3, "against": 5, "abstain": 2}, "decision": "adjourned", "notes": None},
        ],
    }
    engagements = [{k: v for k, v in e.items() if k != "id"} for e in data["engagements"] if e["meeting_id"] == mid]
    assert engagements == [
        {"project_id": first, "meeting_id": mid, "kind": "repayable_advance", "partner_id": None,
         "amount_cents": 2_500_000, "days": None, "description": None,
         "terms": {"duration_months": 48, "deferral_months": 12, "period_months": 3, "annual_rate": 0.0,
                   "first_due_on": None}},
        {"project_id": first, "meeting_id": mid, "kind": "skills", "partner_id": "p3", "amount_cents": 650_000,
         "days": 10, "description": "Appui <qualité> & méthodes", "terms": None},
    ]
    projects = {p["id"]: p for p in data["projects"]}
    assert (projects[first]["status"], projects[first]["mandatary_id"]) == ("approved", "h5")
    assert projects[second]["status"] == "adjourned"


def test_below_quorum_needs_a_reason(qtbot, ctx, screen, settle):
    mid = _new_meeting(qtbot, ctx)
    project = ready_projects(ctx.engine)[0].id
    _on_screen_with_the_first_ready_project(qtbot, ctx, screen, settle, mid)
    table = screen.attendance.table
    table.select_row(0)
    _keys(qtbot, table, "ppp")
    settle(screen)
    assert "Quorum non atteint" in screen.quorum.text() and screen.override_row.isVisible()
    panel = screen.item_panel
    panel.votes.select_row(0)
    _keys(qtbot, panel.votes, "ppp")
    qtbot.mouseClick(panel.decision_buttons["approved"], Qt.MouseButton.LeftButton)
    settle(screen)
    assert "Quorum non atteint" in panel.errors["decision"].text()
    assert meeting_view(ctx.engine, mid).item(project).decision is None
    screen.override.insert("Calendrier de la banque : décision urgente")
    screen.override.editingFinished.emit()
    settle(screen)
    qtbot.mouseClick(panel.decision_buttons["approved"], Qt.MouseButton.LeftButton)
    settle(screen)
    assert meeting_view(ctx.engine, mid).item(project).decision == "approved"
    assert _meeting(export_basin(ctx.engine), mid)["quorum_override"] == "Calendrier de la banque : décision urgente"
    # A voter cannot be marked absent once his vote carries a decision.
    table.select_row(0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    settle(screen)
    assert "n'est pas présent(e) : ne peut pas voter." in screen.attendance.error.text()
    assert "il ne" not in screen.attendance.error.text()
    assert len(meeting_view(ctx.engine, mid).present_ids) == 3


def test_notes_are_kept_when_the_screen_closes(qtbot, ctx, screen, settle):
    mid = _new_meeting(qtbot, ctx)
    project = ready_projects(ctx.engine)[0].id
    _on_screen_with_the_first_ready_project(qtbot, ctx, screen, settle, mid)
    screen.item_panel.notes.insertPlainText("Noté en séance")
    screen.hide()  # closing the window hides the screen before the typing pause is over
    qtbot.waitUntil(lambda: not ctx.runner.busy())  # the window's close waits for the worker so
    assert meeting_view(ctx.engine, mid).item(project).notes == "Noté en séance"


def test_the_quorum_refusal_goes_once_the_quorum_is_met(qtbot, ctx, screen, settle):
    mid = _new_meeting(qtbot, ctx)
    _on_screen_with_the_first_ready_project(qtbot, ctx, screen, settle, mid)
    table = screen.attendance.table
    table.select_row(0)
    _keys(qtbot, table, "ppp")
    settle(screen)
    panel = screen.item_panel
    qtbot.mouseClick(panel.decision_buttons["adjourned"], Qt.MouseButton.LeftButton)
    settle(screen)
    assert "Quorum non atteint" in panel.errors["decision"].text()
    _keys(qtbot, table, "ppppppp")  # ten present: the quorum is met
    settle(screen)
    assert "Quorum atteint" in screen.quorum.text()
    assert not panel.errors["decision"].isVisible()


def test_a_click_on_a_vote_offers_pour_contre_abstention_conflit(qtbot, ctx, screen, settle):
    mid = _new_meeting(qtbot, ctx)
    project = ready_projects(ctx.engine)[0].id
    _on_screen_with_the_first_ready_project(qtbot, ctx, screen, settle, mid)
    table = screen.attendance.table
    table.select_row(0)
    _keys(qtbot, table, "pppppppppp")
    settle(screen)
    panel = screen.item_panel
    votes = panel.votes
    assert "P pour" in panel.findChild(type(panel.title), "vote_keys").text()  # the keys are on screen

    def click(row: int, column: int) -> list[str]:
        rect = votes.visualRect(votes.model().index(row, column))
        qtbot.mouseClick(votes.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert votes.choice_menu is not None
        return [a.text() for a in votes.choice_menu.actions() if a.text()]

    offered = click(0, 3)
    assert offered[:3] == ["Pour (P)", "Contre (C)", "Abstention (A)"] and any("Conflit" in t for t in offered)
    next(a for a in votes.choice_menu.actions() if a.text() == "Contre (C)").trigger()
    settle(screen)
    item = meeting_view(ctx.engine, mid).item(project)
    assert [v for v in item.votes.values()] == ["against"]
    click(1, 2)
    next(a for a in votes.choice_menu.actions() if a.text().startswith("Conflit")).trigger()
    settle(screen)
    assert len(meeting_view(ctx.engine, mid).item(project).conflicts) == 1


def test_a_meeting_gone_before_it_opened_is_said_in_french(qtbot, ctx, screen, settle, monkeypatch):
    """Read on the database worker, the meeting may have been deleted meanwhile: one sentence, and
    back to the list."""
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: said.append(text))
    with qtbot.waitSignal(screen.back):
        screen.load("mt-gone")
        assert screen.loading and not screen.attendance.isEnabled()
        settle(screen)
    assert said == ["Comité inconnu « mt-gone »."]
    assert not screen.loading


def test_the_screen_reads_and_writes_on_the_database_worker(qtbot, ctx, screen, settle):
    """Attendance, votes, a refused decision and the notes: not one statement on the GUI thread,
    and the refusal still says its French sentence."""
    import threading

    from tests.ui.worker_checks import Statements

    mid = _new_meeting(qtbot, ctx)
    builder = AgendaBuilderDialog(ctx, mid)
    qtbot.addWidget(builder)
    settle(builder)
    gui = threading.current_thread()
    with Statements(ctx.engine) as sql:
        builder.add_selected()
        settle(builder)
        screen.load(mid)
        settle(screen)
        table = screen.attendance.table
        table.select_row(0)
        _keys(qtbot, table, "ppp")
        settle(screen)  # the present members are the voters
        panel = screen.item_panel
        panel.votes.select_row(0)
        _keys(qtbot, panel.votes, "pp")
        qtbot.mouseClick(panel.decision_buttons["approved"], Qt.MouseButton.LeftButton)
        panel.notes.insertPlainText("Noté")
        panel.save_notes()
        settle(screen)
    assert "Quorum non atteint" in panel.errors["decision"].text()  # refused, said in French
    assert sql.seen and sql.on(gui) == []
    item = meeting_view(ctx.engine, mid).items[0]
    assert len(item.votes) == 2 and item.decision is None and item.notes == "Noté"
