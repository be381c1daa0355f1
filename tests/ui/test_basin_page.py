"""Bassin page: edit and save, invalid SIRET/IBAN refused beside the field, undo, creation."""

from __future__ import annotations

import threading

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QUndoStack
from PySide6.QtWidgets import QApplication

from alize_desktop.services.basin_settings import get_app_settings, read_basin
from alize_desktop.ui.basin.page import BasinPage
from tests.ui.worker_checks import record_threads


def _page(qtbot, ctx, settle) -> BasinPage:  # type: ignore[no-untyped-def]
    page = BasinPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()
    settle(page)
    return page


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a keyboard, accented letters included (QTest.keyClicks only knows ASCII)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _retype(qtbot, edit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    type_text(edit, text)


def test_shows_the_demo_basin_with_iban_grouped(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx, settle)
    assert page.edits["name"].text() == "ALIZÉ Vallée de la Sorne"
    assert page.edits["advances_iban"].text() == "FR76 4255 9156 1470 0916 5220 946"
    assert page.edits["budget_target_cents"].text().replace("\u202f", " ") == "900 000,00"
    assert page.spins["loss_rate_benchmark"].value() == 6.0
    assert page.criteria["industrial_change"].isChecked()


def test_invalid_siret_and_iban_refused_beside_the_field(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx, settle)
    before = read_basin(ctx.engine)
    _retype(qtbot, page.edits["operator_siret"], "49986987300088")
    _retype(qtbot, page.edits["operating_iban"], "FR76 1470 7670 8616 9777 9361 051")
    _retype(qtbot, page.edits["name"], "Nouveau nom")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(page)  # saved on the database worker
    assert "clé de contrôle" in page.error_text("operator_siret")
    assert page.error_text("operating_iban").startswith("IBAN « FR76 1470 7670 8616 9777 9361 051 » invalide")
    assert page.findChild(type(page.general_error), "error_operator_siret").isVisible()
    assert read_basin(ctx.engine) == before  # nothing saved, not even the valid name
    assert page.edits["name"].text() == "Nouveau nom"  # nothing the operator typed is lost


def test_save_then_undo_restores_previous_values(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx, settle)
    _retype(qtbot, page.edits["operator_representative"], "Jeanne Martin, présidente")
    _retype(qtbot, page.edits["operator_reimbursement_cap_cents"], "12 000,50")
    qtbot.keyClick(page.criteria["weak_endogenous_growth"], Qt.Key.Key_Space)
    _retype(qtbot, page.edits["smtp_host"], "smtp.sorne.example")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settle(page)  # saved on the database worker
    view = read_basin(ctx.engine)
    assert view.operator_representative == "Jeanne Martin, présidente"
    assert view.operator_reimbursement_cap_cents == 1_200_050
    assert "weak_endogenous_growth" in view.priority_criteria
    assert get_app_settings(ctx.engine)["smtp_host"] == "smtp.sorne.example"
    ctx.undo.undo()
    settle(page)
    view = read_basin(ctx.engine)
    assert view.operator_representative == "Hélène Thiébaut"
    assert view.operator_reimbursement_cap_cents == 1_000_000
    assert get_app_settings(ctx.engine)["smtp_host"] == ""
    assert page.edits["operator_representative"].text() == "Hélène Thiébaut"
    ctx.undo.redo()
    assert read_basin(ctx.engine).operator_representative == "Jeanne Martin, présidente"


def test_bad_amount_is_refused(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx, settle)
    _retype(qtbot, page.edits["budget_target_cents"], "900 000,005")
    assert page.save() is False
    assert "centimes" in page.error_text("budget_target_cents")
    assert read_basin(ctx.engine).budget_target_cents == 90_000_000


def test_creates_the_basin_on_an_empty_database(qtbot, empty_db, settle) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.db import open_database
    from alize_desktop.ui.shell.context import AppContext, ChangeBus

    engine = open_database(empty_db)
    ctx = AppContext(engine=engine, db_path=empty_db, bus=ChangeBus(), undo=QUndoStack())
    try:
        page = _page(qtbot, ctx, settle)
        assert page.save_button.text() == "Créer le bassin"
        assert page.spins["quorum_fraction"].value() == 50.0
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
        settle(page)  # saved on the database worker
        assert "obligatoire" in page.error_text("name")
        qtbot.keyClicks(page.edits["name"], "Bassin de la Meuse")
        type_text(page.edits["operator_name"], "Meuse Initiative <Opérateur>")
        qtbot.keyClicks(page.edits["operator_siret"], "732 829 320 00074")
        with qtbot.waitSignal(ctx.bus.changed):
            qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
            settle(page)  # saved on the database worker
        view = read_basin(engine)
        assert view.name == "Bassin de la Meuse" and view.operator_name == "Meuse Initiative <Opérateur>"
        assert view.operator_siret == "73282932000074" and view.budget_target_cents == 90_000_000
        settle(page)
        assert page.save_button.text() == "Enregistrer"
    finally:
        engine.dispose()


def test_the_form_is_read_on_the_database_worker_save_included(qtbot, ctx, settle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Shown, reloaded and saved: the basin and the office settings are never read nor written on
    the GUI thread (what the save's undo puts back comes from the load; the undo step itself runs
    when Ctrl+Z is pressed, as every undo does)."""
    from alize_desktop.services import basin_settings as svc

    gui = threading.current_thread()
    basin_reads = record_threads(monkeypatch, svc, "read_basin")
    setting_reads = record_threads(monkeypatch, svc, "get_app_settings")
    saves = record_threads(monkeypatch, svc, "save_basin")
    page = BasinPage(ctx)
    qtbot.addWidget(page)
    page.resize(1200, 760)
    page.show()  # the first showing reloads: the call returns before the values are there
    assert page.loading and page.edits["name"].text() == ""
    settle(page)
    assert page.edits["name"].text() == "ALIZÉ Vallée de la Sorne"
    _retype(qtbot, page.edits["operator_representative"], "Jeanne Martin, présidente")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.saving and not page.save_button.isEnabled()  # busy while the worker writes
    assert page.save() is False  # a second Ctrl+S meanwhile does nothing
    settle(page)
    assert len(saves) == 1 and saves[0] is not gui
    ctx.undo.undo()
    settle(page)
    assert page.edits["operator_representative"].text() == "Hélène Thiébaut"
    reads = basin_reads + setting_reads
    assert len(basin_reads) >= 3 and len(setting_reads) >= 3 and all(t is not gui for t in reads)  # three loads of two reads each


def test_undo_puts_back_what_the_base_held_when_it_changed_under_the_form(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    """The operator types; meanwhile the basin changes in the base (an import, say): his form keeps
    what he typed, and undoing his save puts back the base as it was just before, not his form's
    first values."""
    from alize_desktop.services.basin_settings import save_basin
    from alize_desktop.services.uow import Changes

    page = _page(qtbot, ctx, settle)
    _retype(qtbot, page.edits["operator_representative"], "Jeanne Martin, présidente")
    meanwhile = {**read_basin(ctx.engine).values(), "name": "Bassin renommé ailleurs"}
    save_basin(ctx.engine, meanwhile)
    ctx.bus.emit(Changes(basin=True))
    settle(page)
    assert page.edits["operator_representative"].text() == "Jeanne Martin, présidente"  # not overwritten
    assert page.edits["name"].text() == "ALIZÉ Vallée de la Sorne"
    assert page.save()
    settle(page)  # saved on the database worker
    assert read_basin(ctx.engine).operator_representative == "Jeanne Martin, présidente"
    ctx.undo.undo()
    view = read_basin(ctx.engine)
    assert (view.name, view.operator_representative) == ("Bassin renommé ailleurs", "Hélène Thiébaut")
    settle(page)
    assert page.edits["name"].text() == "Bassin renommé ailleurs"


def test_a_refusal_of_the_worker_is_shown_and_loses_nothing(qtbot, ctx, settle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.services import basin_settings as svc
    from alize_desktop.services.uow import RuleError

    page = _page(qtbot, ctx, settle)

    def refuse(_engine, _values):  # type: ignore[no-untyped-def]
        raise RuleError({"name": "Un autre bassin porte déjà ce nom."})

    monkeypatch.setattr(svc, "save_basin", refuse)
    _retype(qtbot, page.edits["name"], "Bassin refusé")
    assert page.save()
    settle(page)
    assert page.error_text("name") == "Un autre bassin porte déjà ce nom."
    assert page.edits["name"].text() == "Bassin refusé" and page.dirty and page.save_button.isEnabled()
    assert read_basin(ctx.engine).name == "ALIZÉ Vallée de la Sorne"
