"""What reading the screenshots at 1366 × 768 led to fix: an empty panel says why."""

from __future__ import annotations


def test_the_people_box_says_why_it_is_empty(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.partners.page import PartnersPage

    page = PartnersPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=30_000)
    page.table.clearSelection()
    assert page.people_box.title() == "Représentants — choisir un partenaire dans la liste"
    page.select_partner("p1")
    assert page.people_box.title().startswith("Représentants de « ")


def test_forms_read_the_same_and_mark_what_is_required(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.meetings.dialog import MeetingDialog

    dialog = MeetingDialog(ctx)
    qtbot.addWidget(dialog)
    captions = {k: c.text() for k, c in dialog.errors.captions.items()}
    assert captions == {"date": "&Date *", "time": "&Heure", "place": "&Lieu *", "president": "&Président(e) *"}


def test_an_optional_date_shows_its_whole_placeholder(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFormLayout, QWidget

    from alize_desktop.ui.widgets.forms import date_edit

    holder = QWidget()
    form = QFormLayout(holder)
    field = date_edit(None, optional=True)
    form.addRow("Signée le", field)
    qtbot.addWidget(holder)
    holder.resize(400, 60)
    holder.show()
    edit = field.edit
    assert edit.placeholderText() == "jj/mm/aaaa (facultatif)"
    room = edit.width() - 2 * edit.style().pixelMetric(edit.style().PixelMetric.PM_DefaultFrameWidth) - 8
    assert edit.fontMetrics().horizontalAdvance(edit.placeholderText()) <= room


def test_big_dialogs_fit_the_screen(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The document templates editor asked for 780 pixels: on a 768-pixel laptop its Fermer button
    fell under the task bar. It now takes at most the screen's free height."""
    from PySide6.QtWidgets import QPushButton, QWidget

    from alize_desktop.ui.conventions.document_templates_dialog import DocumentTemplatesDialog

    dialog = DocumentTemplatesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    room = QWidget.screen(dialog).availableGeometry()
    assert dialog.height() <= room.height() - 60 and dialog.width() <= room.width() - 40
    close = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Fermer")
    assert close.isVisible() and close.mapTo(dialog, close.rect().bottomRight()).y() < dialog.height()


def test_follow_up_dialog_shows_its_texts_whole(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    """At its opening size the intervention box read « …une nouvelle inte »."""
    from alize_desktop.services.projects.follow_ups import (
        committee_members,
        followed_projects,
        project_reports,
    )
    from alize_desktop.ui.follow_up.dialog import FollowUpDialog
    from tests.conftest import DEMO_TODAY

    project = next(p for p in followed_projects(ctx.engine, DEMO_TODAY) if p.status != "closed")
    dialog = FollowUpDialog(ctx, project, project_reports(ctx.engine, project.id), None, DEMO_TODAY,
                            members=committee_members(ctx.engine))
    qtbot.addWidget(dialog)
    dialog.show()
    box = dialog.new_intervention
    assert box.width() >= box.sizeHint().width()
    assert box.mapTo(dialog, box.rect().topRight()).x() <= dialog.width()


def test_an_advance_does_not_mark_the_partner_required(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """The fund pays a repayable advance: the partner field is off and must not say « * »."""
    page = main_window.show_page("meetings")
    qtbot.waitUntil(lambda: bool(page.rows) and not main_window.ctx.runner.busy(), timeout=30_000)
    held = next(r for r in page.rows if r.decided)
    page.show_record(held.id)
    qtbot.waitUntil(lambda: not page.meeting_screen.loading and not main_window.ctx.runner.busy(), timeout=30_000)
    editor = page.meeting_screen.item_panel.engagements.open_editor()
    qtbot.addWidget(editor)
    qtbot.waitUntil(lambda: not editor.loading, timeout=30_000)  # the partners come from the database worker
    editor.set_kind("repayable_advance")
    assert not editor.partner.isEnabled() and editor.errors.captions["partner"].text() == "&Partenaire"
    editor.set_kind("skills")
    assert editor.partner.isEnabled() and editor.errors.captions["partner"].text() == "&Partenaire *"
