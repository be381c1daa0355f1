"""Pages are built the first time they are shown: the sidebar lists them all from the registry,
a page's module is imported only when the operator (or code reading window.pages[key]) opens it."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

from PySide6.QtCore import Qt

from alize_desktop.ui.pages import PAGES

PROBE = r"""
import json, pathlib, sys
from alize_desktop.clock import FixedClock
import datetime as dt
from alize_desktop.ui.shell.application import create_application
from alize_desktop.ui.shell.launcher import open_main_window
app = create_application()
window = open_main_window(pathlib.Path(sys.argv[1]), FixedClock(dt.date(2026, 11, 26)))
window.show()
def pages():
    return sorted(m for m in sys.modules if m.endswith(".page") and m.startswith("alize_desktop.ui."))
shell = {"pages": pages(), "sqlalchemy": "sqlalchemy" in sys.modules, "visible": window.isVisible()}
assert window.ensure_open()
before = pages()
titles = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
window.show_page("evaluation")
after = "alize_desktop.ui.evaluation.page" in sys.modules
print(json.dumps({"shell": shell, "before": before, "titles": titles, "after": after,
                  "current": window.current_page().objectName()}))
window.close()
"""


def test_the_window_shows_before_the_base_and_only_the_first_page_is_imported(demo_db: pathlib.Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", PROBE, str(demo_db)], capture_output=True, text=True,
                          env=env, timeout=300, cwd=pathlib.Path(__file__).resolve().parents[2])
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["titles"] == [p.title for p in PAGES]  # every page listed, none of the others imported
    # The window is on screen before SQLAlchemy or any page is loaded; opening the base builds the first page.
    assert out["shell"] == {"pages": [], "sqlalchemy": False, "visible": True}
    assert out["before"] == ["alize_desktop.ui.dashboard.page"]
    assert out["after"] is True and out["current"] == "page_evaluation"


def test_a_page_is_built_when_first_shown(main_window, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    assert list(main_window.pages) == [p.key for p in PAGES]
    assert set(main_window.pages.built()) == {"dashboard"}
    assert "fund" in main_window.pages and "fund" not in main_window.pages.built()  # asking builds nothing
    main_window.activateWindow()
    qtbot.keyClick(main_window, Qt.Key.Key_7, Qt.KeyboardModifier.ControlModifier)
    fund = main_window.current_page()
    assert fund.objectName() == "page_fund" and main_window.pages.built()["fund"] is fund
    settle(fund)
    assert fund.isVisible() and fund.view is not None  # built, shown and loaded its figures
    assert main_window.undo_group.stack() is main_window.undo_group.stacks["fund"]  # Ctrl+Z acts on the page shown
    assert main_window.pages["fund"] is fund  # built once


def test_reading_a_page_builds_it_without_showing_it(main_window) -> None:  # type: ignore[no-untyped-def]
    export = main_window.pages["export"]
    assert export.objectName() == "page_export" and not export.isVisible()
    assert main_window.current_page().objectName() == "page_dashboard"
    main_window.navigate("export")
    assert main_window.current_page() is export and export.isVisible()


def test_the_routine_opening_backup_is_taken_off_the_critical_path(main_window, settle) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop import db

    settle(main_window.current_page())  # the copy is queued on the database worker after the first page
    assert any("ouverture" in c.name for c in db.list_backups(main_window.ctx.db_path))


def test_a_click_in_the_sidebar_builds_the_page_once_its_module_is_loaded(main_window, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    row = list(main_window.pages).index("follow_up")
    main_window.sidebar.setCurrentRow(row)  # returns at once; the module loads on the worker the first time
    qtbot.waitUntil(lambda: "follow_up" in main_window.pages.built(), timeout=30_000)
    page = main_window.pages.built()["follow_up"]
    qtbot.waitUntil(page.isVisible)
    settle(page)
    assert main_window.current_page() is page and main_window.undo_group.stack() is main_window.undo_group.stacks["follow_up"]
