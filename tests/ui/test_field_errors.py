"""A message under a field goes away as soon as the operator edits that field."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from alize_desktop.ui.partner_dialog import PartnerDialog


def test_the_error_under_a_field_goes_when_the_field_is_fixed(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = PartnerDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no name
    error = dialog.errors.labels["name"]
    assert dialog.isVisible() and error.isVisible() and error.text()
    qtbot.keyClicks(dialog.name, "Dupont")
    assert not error.isVisible()
