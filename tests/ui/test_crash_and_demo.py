"""Crash handler (logged without personal data, French dialog with the log path) and the --demo start."""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import sys

from PySide6.QtWidgets import QMessageBox

from alize_desktop import app as app_module
from alize_desktop.ui.shell.application import create_application

DEMO_TODAY = dt.date(2026, 11, 26)  # the day tests/conftest.py freezes



def test_uncaught_error_is_logged_and_shown(qtbot, tmp_path: pathlib.Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    create_application()
    log_path = app_module.setup_logging(tmp_path / "logs")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _p, _t, text, *a, **k: shown.append(text))
    old = sys.excepthook
    app_module.install_crash_handler(log_path)
    try:
        try:
            raise ValueError("Dupont & Fils <SARL> doit 12 500 €")  # personal data in the message
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = old
    for h in app_module.log.handlers:
        h.flush()
    text = log_path.read_text("utf-8")
    assert "ValueError" in text
    assert "Dupont" not in text  # the message (user data) never reaches the log
    assert shown and str(log_path) in shown[0] and "inattendue" in shown[0]


def test_demo_database_is_built_fresh_and_valid(tmp_path: pathlib.Path) -> None:
    from alize_desktop.cli import main

    path = tmp_path / "demo.sqlite"
    app_module.prepare_demo(path, DEMO_TODAY)
    app_module.prepare_demo(path, DEMO_TODAY)  # a second start rebuilds it rather than refusing
    out = tmp_path / "demo.json"
    assert main(["--db", str(path), "export", "--json", "-o", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    assert sum(1 for p in data["partners"] if p["kind"] == "company") >= 8
    assert len(data["conventions"]) == 2
    assert main(["--db", str(path), "check"]) == 0


def test_import_from_the_file_menu(main_window, qtbot, tmp_path: pathlib.Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """File › Importer replaces the basin after a confirmation, off the GUI thread."""
    from alize_desktop.interchange.exporter import export_basin
    from alize_desktop.ui.export.import_dialog import run_import

    data = export_basin(main_window.ctx.engine)
    data["basin"]["name"] = "Bassin réimporté"
    src = tmp_path / "data.json"
    src.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    infos: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: infos.append(text))
    with qtbot.waitSignal(main_window.ctx.bus.changed, timeout=20000):
        run_import(main_window, src)
    assert infos and "importés" in infos[0]
    qtbot.waitUntil(lambda: "Bassin réimporté" in main_window.windowTitle())  # read on the database worker


def test_export_json_from_the_file_menu(main_window, qtbot, tmp_path: pathlib.Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog

    from alize_desktop.ui.export.import_dialog import run_export_json

    target = tmp_path / "data.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text, *a, **k: said.append(text))
    run_export_json(main_window)
    qtbot.waitUntil(lambda: bool(said), timeout=20000)
    data = json.loads(target.read_text("utf-8"))
    assert data["format"] == "alize-basin"
    qtbot.waitUntil(lambda: data["basin"]["name"] in main_window.windowTitle())
