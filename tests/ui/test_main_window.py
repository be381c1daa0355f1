"""The main window: opens on the demo basin, pages by keyboard, one instance per file, damage and restore."""

from __future__ import annotations

import pathlib
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from alize_desktop import db
from alize_desktop.ui.pages import PAGES


def test_opens_on_the_basin_overview(main_window) -> None:  # type: ignore[no-untyped-def]
    title = main_window.windowTitle()
    assert title.startswith("ALIZÉ Desktop — ") and title.endswith("demo.sqlite")
    page = main_window.current_page()
    assert page.objectName() == "page_dashboard"
    assert main_window.sidebar.item(0).text() == "Tableau de bord"


def test_sidebar_follows_the_order_of_the_basins_life(main_window) -> None:  # type: ignore[no-untyped-def]
    titles = [main_window.sidebar.item(i).text() for i in range(main_window.sidebar.count())]
    expected = [p.title for p in PAGES if p.key in main_window.pages]
    assert titles == expected
    for key, page in main_window.pages.items():
        assert page.objectName() == f"page_{key}"


def test_ctrl_digits_switch_pages(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5, Qt.Key.Key_6, Qt.Key.Key_7,
            Qt.Key.Key_8, Qt.Key.Key_9, Qt.Key.Key_0]
    main_window.activateWindow()
    for spec, key in zip(PAGES, keys, strict=True):
        if spec.key not in main_window.pages:
            continue
        qtbot.keyClick(main_window, key, Qt.KeyboardModifier.ControlModifier)
        assert main_window.current_page().objectName() == f"page_{spec.key}"


def test_a_second_instance_on_the_same_file_is_refused(main_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.shell.launcher import open_main_window

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: said.append(text))
    assert open_main_window(main_window.ctx.db_path) is None
    assert said and "déjà ouverte" in said[0] and "processus" in said[0]


def test_a_damaged_file_is_detected_and_a_backup_restored(qtbot, demo_db: pathlib.Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.shell.application import create_application
    from alize_desktop.ui.shell.launcher import open_main_window

    create_application()
    copy = db.backup(demo_db, reason="test")
    raw = bytearray(demo_db.read_bytes())
    raw[100:12288] = b"\xff" * (12288 - 100)
    demo_db.write_bytes(bytes(raw))
    offered: list[list[str]] = []

    def choose(_parent, _title, text, items, *a, **k):  # type: ignore[no-untyped-def]
        offered.append(list(items))
        assert "endommagé" in text
        return items[0], True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    window = open_main_window(demo_db)
    assert window is not None
    qtbot.addWidget(window)
    assert offered and copy is not None and copy.name in offered[0]
    assert db.quick_check(demo_db) is None
    assert "demo.sqlite" in window.windowTitle()
    window.close()


def test_an_empty_database_invites_an_import(qtbot, empty_db: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.shell.application import create_application
    from alize_desktop.ui.shell.launcher import open_main_window

    create_application()
    window = open_main_window(empty_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "aucun bassin" in window.windowTitle())  # the name is read on the database worker
    dash = window.pages["dashboard"]
    assert any(b.text().startswith("Importer") for b in dash.findChildren(type(dash.import_button)))
    window.close()


def test_closing_during_a_long_operation_asks_then_cancels_it(main_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from alize_desktop.lock import DatabaseLock
    from alize_desktop.services.progress import step
    from alize_desktop.ui.shell.worker import active_jobs, run_with_progress

    started, outcome = threading.Event(), []

    def task(progress):  # type: ignore[no-untyped-def]
        started.set()
        for i in range(10_000_000):
            step(progress, i, 10_000_000, "Export…")  # raises Cancelled once the user cancels
            time.sleep(0.001)  # a sleep, not a timed wait: those hang when the clock is faked

    run_with_progress(main_window, "Export du paquet", task, outcome.append, outcome.append)
    qtbot.waitUntil(started.is_set, timeout=10_000)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda _p, _t, text, *a, **k: asked.append(text) or QMessageBox.StandardButton.No)
    assert not main_window.close()  # "No": the window stays, the export goes on
    assert "Export du paquet" in asked[0] and active_jobs() == ["Export du paquet"]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    assert main_window.close()
    assert active_jobs() == []
    DatabaseLock(main_window.ctx.db_path).acquire()  # the file is free again


def test_the_backup_copy_is_in_the_file_menu_and_reminded_in_the_status_bar(main_window, qtbot, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from PySide6.QtWidgets import QFileDialog

    from alize_desktop.services import backup_copy

    reminder = main_window.backup_reminder
    qtbot.waitUntil(lambda: not main_window.ctx.runner.busy())  # the reminder is read on the database worker
    assert not reminder.isVisibleTo(main_window)  # a base younger than 30 days: nothing to remind
    first_use = backup_copy._first_use(main_window.ctx.engine)
    main_window.ctx.clock.set(first_use + dt.timedelta(days=40))
    main_window._show_backup_reminder()
    qtbot.waitUntil(lambda: reminder.isVisibleTo(main_window))
    assert "clé USB" in reminder.text()
    entry = next(a for m in main_window.menuBar().actions() if m.menu() for a in m.menu().actions()
                 if a.text() == "Enregistrer une &copie de sauvegarde…")
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: str(tmp_path)))
    entry.trigger()
    assert any(p.suffix == ".sqlite" for p in tmp_path.iterdir())  # the copy was written there
