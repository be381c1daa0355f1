"""Dispositifs existants: the register is read, saved and deleted on the database worker; a refused
name stays typed with its French message beside the field."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from alize_desktop.services.projects import projects as ps
from alize_desktop.ui.partners import support_schemes_dialog as schemes_module
from alize_desktop.ui.partners.support_schemes_dialog import SupportSchemesDialog
from tests.ui.worker_checks import Statements, record_threads


def _dialog(qtbot, ctx) -> SupportSchemesDialog:  # type: ignore[no-untyped-def]
    dialog = SupportSchemesDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    _wait(qtbot, dialog)
    return dialog


def _wait(qtbot, dialog: SupportSchemesDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not dialog.loading and not dialog.saving and not dialog.ctx.runner.busy(), timeout=30_000)


def test_support_schemes_register(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    dialog = _dialog(qtbot, ctx)
    before = dialog.model.rowCount()
    assert before == len(ps.list_schemes(ctx.engine))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, dialog)
    assert "obligatoire" in dialog.errors.text("name") and dialog.model.rowCount() == before
    qtbot.keyClicks(dialog.name, "France Active garantie")
    dialog.kind.setCurrentIndex(dialog.kind.findData("guarantee"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, dialog)
    assert dialog.model.rowCount() == before + 1 and dialog.selected().name == "France Active garantie"
    assert dialog.delete_button.isEnabled()
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, dialog)
    assert dialog.model.rowCount() == before
    used = next(r for r in dialog.model.rows if r.uses)
    dialog.reload(select=used.id)
    _wait(qtbot, dialog)
    assert not dialog.delete_button.isEnabled() and "Mobilisé par" in dialog.delete_button.toolTip()


def test_register_reads_and_writes_on_the_worker(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    saves = record_threads(monkeypatch, schemes_module, "save_scheme")
    deletes = record_threads(monkeypatch, schemes_module, "delete_scheme")
    with Statements(ctx.engine) as sql:
        dialog = _dialog(qtbot, ctx)
        dialog.name.setText("Réseau Entreprendre")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        _wait(qtbot, dialog)
        assert dialog.selected().name == "Réseau Entreprendre"
        qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
        _wait(qtbot, dialog)
    main = threading.main_thread()
    assert saves and deletes and main not in saves + deletes
    assert sql.seen and sql.on(main) == []
    assert "Réseau Entreprendre" not in {r.name for r in dialog.model.rows}


def test_refused_name_keeps_what_was_typed(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, ctx)
    taken = dialog.model.rows[0].name
    dialog.name.setText(taken)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    _wait(qtbot, dialog)
    said = dialog.errors.text("name")
    assert said and said.endswith(".") and dialog.name.text() == taken and dialog.save_button.isEnabled()
