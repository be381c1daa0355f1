"""A message under a field goes away as soon as the operator edits that field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from alize_desktop.ui.partners.partner_dialog import PartnerDialog


def test_the_error_under_a_field_goes_when_the_field_is_fixed(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = PartnerDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no name: the service refuses on the worker
    error = dialog.errors.labels["name"]
    qtbot.waitUntil(lambda: error.isVisible() and not dialog.saving)
    assert dialog.isVisible() and error.text()
    qtbot.keyClicks(dialog.name, "Dupont")
    assert not error.isVisible()


def test_escape_on_a_filled_form_asks_before_discarding(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []
    replies = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda _p, title, *a, **k: (asked.append(title), replies.pop(0))[1]))
    untouched = PartnerDialog(ctx)
    qtbot.addWidget(untouched)
    untouched.show()
    qtbot.keyClick(untouched.name, Qt.Key.Key_Escape)
    assert not untouched.isVisible() and asked == []  # nothing typed: closes at once
    dialog = PartnerDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name, "Dupont")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert asked == ["Abandonner la saisie ?"] and dialog.isVisible() and dialog.name.text() == "Dupont"
    qtbot.keyClick(dialog.name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_siret_is_marked_required_like_every_required_field(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = PartnerDialog(ctx, kind="company")
    qtbot.addWidget(dialog)
    assert dialog.errors.captions["name"].text() == "Nom *"
    assert dialog.errors.captions["siret"].text() == "SIRET *"
    dialog.kind.setCurrentIndex(dialog.kind.findData("state"))
    assert dialog.errors.captions["siret"].text() == "SIRET"
