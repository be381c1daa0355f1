"""Qt's own dialogs speak French (qtbase_fr through QTranslator, Qt's dialogs rather than the desktop's),
file dialogs start in the Documents folder, and the signed scan's path can be typed."""

from __future__ import annotations

import pathlib

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from alize_desktop.ui.shell.application import create_application


def test_qt_dialogs_are_french() -> None:
    app = create_application()
    assert QCoreApplication.translate("QFileDialog", "Folder") == "Dossier"
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuler"
    assert app.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs)


def test_save_dialogs_start_in_documents(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.fund.movements import MovementsPanel

    starts: list[str] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda _p, _t, start, *a, **k: (starts.append(start), ("", ""))[1]))
    panel = MovementsPanel(ctx)
    qtbot.addWidget(panel)
    panel.export_csv()
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    assert starts and pathlib.Path(starts[0]).parent == pathlib.Path(docs or pathlib.Path.home())


def test_the_scan_path_can_be_typed(qtbot, ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.services.conventions.signatures import cooperation_rows
    from alize_desktop.ui.conventions.cooperation_signature_dialog import SignatureDialog

    row = next(r for r in cooperation_rows(ctx.engine) if r.mandatary)
    dialog = SignatureDialog(ctx, row)
    qtbot.addWidget(dialog)
    dialog.show()
    missing = tmp_path / "absent.pdf"
    qtbot.keyClicks(dialog.scan, str(missing))
    assert dialog.scan.text() == str(missing)
    dialog.accept()
    assert dialog.isVisible() and "introuvable" in dialog.errors.text("scan")
    QApplication.processEvents()
