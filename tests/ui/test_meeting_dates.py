"""A comité in the future takes no decision, and re-dating a comité that has decided asks first,
saying what the new date changes."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from alize_desktop.services.meetings import items
from alize_desktop.services.meetings.meetings import create_meeting, list_meetings, meeting_fields
from alize_desktop.services.meetings.view import meeting_view, ready_projects
from alize_desktop.services.uow import RuleError
from alize_desktop.ui.meetings.dialog import MeetingDialog
from alize_desktop.ui.meetings.screen import MeetingScreen
from alize_desktop.ui.widgets.forms import set_date

LATER = dt.date(2027, 1, 14)  # after the demo's today (2026-11-26)


def _future_meeting_with_a_project(ctx) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    _c, mid = create_meeting(ctx.engine, LATER, "Salle Vauban", "h1")
    project = ready_projects(ctx.engine)[0].id
    items.add_to_agenda(ctx.engine, mid, project)
    return mid, project


def test_the_service_refuses_a_decision_before_the_meeting_day(ctx) -> None:  # type: ignore[no-untyped-def]
    mid, project = _future_meeting_with_a_project(ctx)
    with pytest.raises(RuleError) as refused:
        items.set_decision(ctx.engine, mid, project, "adjourned", today=ctx.clock.today())
    assert "n'a pas encore eu lieu" in str(refused.value) and "14 janvier 2027" in str(refused.value)
    assert next(i for i in meeting_view(ctx.engine, mid).items if i.project.id == project).decision is None


def test_the_meeting_screen_says_why_no_decision_is_taken_yet(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    mid, project = _future_meeting_with_a_project(ctx)
    screen = MeetingScreen(ctx)
    qtbot.addWidget(screen)
    screen.resize(1176, 720)
    screen.show()
    screen.load(mid)
    settle(screen)
    screen.select_item(project)
    panel = screen.item_panel
    qtbot.mouseClick(panel.decision_buttons["adjourned"], Qt.MouseButton.LeftButton)
    settle(screen)  # refused on the database worker, then the stored choice read back
    assert not panel.decision_buttons["adjourned"].isChecked()
    shown = [lab.text() for lab in panel.errors.values() if lab.isVisible()]
    assert any("n'a pas encore eu lieu" in t for t in shown), shown


def _held(ctx):  # type: ignore[no-untyped-def]
    return next(r for r in list_meetings(ctx.engine) if r.decided)


def test_redating_a_meeting_that_decided_asks_and_says_what_changes(qtbot, ctx, monkeypatch, settle) -> None:  # type: ignore[no-untyped-def]
    held = _held(ctx)
    asked: list[str] = []
    replies = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda _p, _t, text, *a, **k: (asked.append(text), replies.pop(0))[1]))
    earlier = held.date - dt.timedelta(days=1)
    for _ in range(2):
        dialog = MeetingDialog(ctx, held.id)
        qtbot.addWidget(dialog)
        settle(dialog)  # its fields and choices come from the database worker
        set_date(dialog.date, earlier)
        dialog.accept()
        settle(dialog)
    assert len(asked) == 2
    assert "décision" in asked[0] and "procès-verbal" in asked[0] and "agrément" in asked[0]
    assert meeting_fields(ctx.engine, held.id).date == earlier  # "Oui" the second time


def test_a_meeting_that_decided_cannot_move_to_the_future(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    held = _held(ctx)
    dialog = MeetingDialog(ctx, held.id)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(dialog)
    set_date(dialog.date, LATER)
    dialog.accept()
    settle(dialog)
    assert dialog.isVisible()
    assert "après aujourd'hui" in dialog.errors.text("date")
    assert meeting_fields(ctx.engine, held.id).date == held.date
