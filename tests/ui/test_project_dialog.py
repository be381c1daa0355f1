"""Company and project forms with real widgets: creation, refusals beside the field with nothing
saved, the insolvency claim deadline, undo/redo of an edit through the undo stack."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.services.projects import projects as ps
from alize_desktop.ui.projects.company_dialog import CompanyDialog
from alize_desktop.ui.projects.dialog import ProjectDialog
from alize_desktop.ui.widgets.forms import set_date

TODAY = dt.date(2026, 11, 26)


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a keyboard, accented letters included (QTest.keyClicks only knows ASCII)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _ok(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    """Press the save button and wait, as the operator does, for the write on the database worker."""
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.saving and not dialog.ctx.runner.busy(), timeout=30_000)


def _count(engine, model) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _open(qtbot, dialog):  # type: ignore[no-untyped-def]
    """Show the form and wait until what it reads on the database worker is in its fields."""
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.ready, timeout=30_000)
    return dialog


def test_create_company_then_project_through_the_forms(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, ProjectDialog(ctx, None))
    company = CompanyDialog(ctx, None, dialog)
    qtbot.addWidget(company)
    type_text(company.name, "Dupont & Fils <SARL>")
    qtbot.keyClicks(company.siret, "732 829 320 00074")
    qtbot.keyClicks(company.naf, "25.62b")
    company.headcount.setValue(14)
    _ok(qtbot, company)
    assert company.result() == CompanyDialog.DialogCode.Accepted and company.saved_id
    dialog.reload_companies(company.saved_id)  # what the "Nouvelle entreprise…" button does after the form
    qtbot.waitUntil(lambda: dialog.ready, timeout=30_000)

    assert dialog.selected_company() == company.saved_id
    type_text(dialog.title, "Création d'un atelier de découpe laser")
    dialog.type.setCurrentIndex(dialog.type.findData("creation"))
    dialog.prescriber.setCurrentIndex(dialog.prescriber.findData("h1"))
    type_text(dialog.means, "Avance remboursable de 40 000 €")
    qtbot.mouseClick(dialog.add_support, Qt.MouseButton.LeftButton)
    dialog.supports.cellWidget(0, 0).setCurrentIndex(dialog.supports.cellWidget(0, 0).findData("s1"))
    dialog.supports.item(0, 1).setText("12 500,50")
    dialog.scores["score_quality"].setCurrentIndex(dialog.scores["score_quality"].findData(4))
    dialog.jobs_created.setValue(6)
    type_text(dialog.diagnostic, "Marché porteur")
    _ok(qtbot, dialog)

    assert not dialog.isVisible() and dialog.saved_id
    saved = ps.get_project_values(ctx.engine, dialog.saved_id)
    assert (saved.company_id, saved.title, saved.type, saved.prescriber_id) == \
        (company.saved_id, "Création d'un atelier de découpe laser", "creation", "h1")
    assert saved.supports == (ps.SupportLine("s1", 1_250_050),)
    assert (saved.score_quality, saved.score_holder, saved.jobs_planned_created, saved.jobs_planned_maintained) == \
        (4, None, 6, None)
    assert saved.means_requested == "Avance remboursable de 40 000 €" and saved.received_on == TODAY
    with Session(ctx.engine) as s:
        c = s.get(m.Company, company.saved_id)
        assert (c.name, c.siret, c.naf, c.headcount) == ("Dupont & Fils <SARL>", "73282932000074", "25.62B", 14)


def test_invalid_siret_keeps_the_dialog_open_and_saves_nothing(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    before = _count(ctx.engine, m.Company)
    dialog = _open(qtbot, CompanyDialog(ctx, None))
    qtbot.keyClicks(dialog.name, "Atelier Martin")
    qtbot.keyClicks(dialog.siret, "73282932000075")
    qtbot.keyClicks(dialog.naf, "2562")
    _ok(qtbot, dialog)
    assert dialog.isVisible() and dialog.result() == 0
    siret_error = dialog.findChild(QLabel, "error_siret")
    assert siret_error is not None and siret_error.isVisible()
    assert "clé de contrôle" in dialog.errors.text("siret")
    assert "NN.NNL" in dialog.errors.text("naf")
    assert _count(ctx.engine, m.Company) == before
    dialog.siret.setText("732 829 320 00074")
    dialog.naf.setText("25.62B")
    _ok(qtbot, dialog)
    assert not dialog.isVisible() and _count(ctx.engine, m.Company) == before + 1


def test_missing_title_and_company_keep_the_project_dialog_open(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    before = _count(ctx.engine, m.Project)
    dialog = _open(qtbot, ProjectDialog(ctx, None))
    dialog.tabs.setCurrentIndex(1)
    qtbot.mouseClick(dialog.add_support, Qt.MouseButton.LeftButton)
    dialog.supports.item(0, 1).setText("12,345")  # a fraction of a cent: refused, never rounded
    _ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "centimes" in dialog.errors.text("supports")
    dialog.supports.item(0, 1).setText("")
    _ok(qtbot, dialog)
    assert dialog.isVisible()
    assert "entreprise" in dialog.errors.text("company_id") and "titre" in dialog.errors.text("title")
    assert dialog.tabs.currentIndex() == 0  # the tab holding the first message is shown
    assert _count(ctx.engine, m.Project) == before


def test_undo_restores_the_value_and_redo_reapplies(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    pid = next(r.id for r in ps.list_projects(ctx.engine) if r.status == "in_review")
    old = ps.get_project_values(ctx.engine, pid)
    dialog = _open(qtbot, ProjectDialog(ctx, pid))
    dialog.title.selectAll()
    type_text(dialog.title, "Titre corrigé")
    dialog.tabs.setCurrentIndex(1)
    dialog.jobs_maintained.setValue(12)
    _ok(qtbot, dialog)
    assert ps.get_project_values(ctx.engine, pid).title == "Titre corrigé"
    assert ctx.undo.undoText() == "modification du projet « Titre corrigé »"  # Édition › « Annuler modification… »
    with qtbot.waitSignal(ctx.bus.changed):
        ctx.undo.undo()
    back = ps.get_project_values(ctx.engine, pid)
    assert (back.title, back.jobs_planned_maintained) == (old.title, old.jobs_planned_maintained)
    ctx.undo.redo()
    again = ps.get_project_values(ctx.engine, pid)
    assert (again.title, again.jobs_planned_maintained) == ("Titre corrigé", 12)


def test_insolvency_deadline_shows_red_and_undo_of_a_company(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = _open(qtbot, CompanyDialog(ctx, "c1"))
    assert dialog.deadline.text() == "—" and not dialog.published_on.isEnabled()
    dialog.procedure.setCurrentIndex(dialog.procedure.findData("liquidation"))
    set_date(dialog.judgment_on, dt.date(2026, 10, 1))
    assert "publication" in dialog.deadline.text()
    set_date(dialog.published_on, dt.date(2026, 10, 10))
    assert dialog.deadline.text() == "avant le 10 décembre 2026 (dans 14\u00a0jours)"
    assert "#b00020" in dialog.deadline.styleSheet()  # within 15 days: red
    set_date(dialog.published_on, dt.date(2026, 10, 31))
    assert "31 décembre 2026" in dialog.deadline.text() and "#b00020" not in dialog.deadline.styleSheet()
    _ok(qtbot, dialog)
    with Session(ctx.engine) as s:
        assert s.get(m.Company, "c1").insolvency_procedure == "liquidation"
    ctx.undo.undo()
    with Session(ctx.engine) as s:
        c = s.get(m.Company, "c1")
        assert (c.insolvency_procedure, c.insolvency_published_on) == (None, None)


def test_forms_say_create_and_fill_from_top_to_bottom_with_tab(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    """A new record is "Créer"d, an existing one "Enregistrer"ed; Tab leaves the schemes table for the
    line's scheme and then the buttons under it; a refusal puts the focus on the field refused."""
    ok = QDialogButtonBox.StandardButton.Ok
    new_project = _open(qtbot, ProjectDialog(ctx, None))
    assert new_project.buttons.button(ok).text() == "Créer"
    assert _open(qtbot, CompanyDialog(ctx, None)).buttons.button(ok).text() == "Créer"
    new_project.add_support.click()
    chain, widget = [], new_project.supports.nextInFocusChain()
    while len(chain) < 3:  # what Tab reaches next: the widgets that take the focus by Tab
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(new_project):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    assert chain == [new_project.supports.cellWidget(0, 0), new_project.add_support, new_project.remove_support]
    company = _open(qtbot, CompanyDialog(ctx, None))
    qtbot.keyClicks(company.name, "Atelier Martin")
    qtbot.keyClicks(company.siret, "123")
    company.naf.setFocus()
    _ok(qtbot, company)
    assert company.isVisible() and company.errors.text("siret")
    assert company.focusWidget() is company.siret
