"""Shared fixtures. Qt runs offscreen; the program's folders point into a temporary directory;
the program's clock is frozen on the demo basin's day."""

from __future__ import annotations

import os
import pathlib
import shutil
import tempfile

# Before any Qt import: offscreen platform, and no writes into the real home folder.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
_HOME = pathlib.Path(tempfile.mkdtemp(prefix="alize-tests-home-"))
for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
    os.environ[var] = str(_HOME / var.lower())
# One day for the whole run, whatever the machine's calendar says: the program's clock
# (alize_desktop.clock) reads it, in this process and in every command-line subprocess a test
# starts, so no test can read the real calendar by accident. Kept in step with DEMO_TODAY below.
os.environ["ALIZE_TODAY"] = "2026-11-26"

import datetime as dt  # noqa: E402
import json  # noqa: E402

import pytest  # noqa: E402

# The demo basin is laid out relative to this day, so every test sees the same history.
DEMO_TODAY = dt.date(2026, 11, 26)
assert os.environ["ALIZE_TODAY"] == DEMO_TODAY.isoformat()
SHARED = pathlib.Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLE = SHARED / "examples" / "example-basin.json"


@pytest.fixture(autouse=True)
def _no_modal_dialog_blocks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """No real modal message box, input or file dialog ever opens in a test: offscreen, nobody
    could answer it and the run would hang (a window closed at teardown while a job still runs
    asks "interrompre ?"). Each one is recorded and answered with its safe choice (Non, Annuler);
    a test that expects a question patches it itself, after this fixture."""
    import sys

    asked: list[str] = []
    if "PySide6.QtWidgets" not in sys.modules:  # a test without Qt: nothing to guard
        return asked
    from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox

    def answer(default: object):  # type: ignore[no-untyped-def]
        def ask(_parent: object, title: str = "", text: str = "", *_a: object, **_k: object) -> object:
            asked.append(f"{title}: {text}")
            return default
        return staticmethod(ask)

    no = QMessageBox.StandardButton.No
    for name, default in (("question", no), ("warning", QMessageBox.StandardButton.Ok),
                          ("critical", QMessageBox.StandardButton.Ok),
                          ("information", QMessageBox.StandardButton.Ok)):
        monkeypatch.setattr(QMessageBox, name, answer(default))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: (asked.append(self.text()), int(no))[1])
    monkeypatch.setattr(QInputDialog, "getItem", answer(("", False)))
    monkeypatch.setattr(QInputDialog, "getText", answer(("", False)))
    for name in ("getSaveFileName", "getOpenFileName"):
        monkeypatch.setattr(QFileDialog, name, answer(("", "")))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", answer(""))
    return asked


@pytest.fixture(scope="session")
def qapp(qapp_args, qapp_cls, pytestconfig):  # type: ignore[no-untyped-def]
    """The program's own QApplication (French locale and translations, cyclic garbage collected on
    the GUI thread only), instead of a bare one: what the operator runs is what is tested."""
    from alize_desktop.ui.shell.application import create_application

    return create_application()


@pytest.fixture
def settle(qtbot):  # type: ignore[no-untyped-def]
    """`settle(page)`: wait until what the page reads on the database worker is painted (pages
    load off the GUI thread, so a test waits for them as the operator does)."""

    def wait(page) -> None:  # type: ignore[no-untyped-def]
        qtbot.waitUntil(lambda: not page.loading and not page.ctx.runner.busy(), timeout=30_000)

    return wait


@pytest.fixture(scope="session")
def _templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pathlib.Path]:
    """Migrated database files built once per session: empty and with the demo basin."""
    from alize_desktop.db import open_database
    from alize_desktop.demo import generate_demo_basin
    from alize_desktop.interchange.importer import import_basin

    folder = tmp_path_factory.mktemp("templates")
    empty = folder / "empty.sqlite"
    open_database(empty).dispose()
    demo = folder / "demo.sqlite"
    engine = open_database(demo)
    import_basin(engine, generate_demo_basin(today=DEMO_TODAY))
    engine.dispose()
    for path in (empty, demo):
        _checkpoint(path)
    return {"empty": empty, "demo": demo}


def _checkpoint(path: pathlib.Path) -> None:
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()


@pytest.fixture
def empty_db(_templates: dict[str, pathlib.Path], tmp_path: pathlib.Path) -> pathlib.Path:
    """A fresh migrated database file with no basin."""
    path = tmp_path / "empty.sqlite"
    shutil.copy(_templates["empty"], path)
    return path


@pytest.fixture
def demo_db(_templates: dict[str, pathlib.Path], tmp_path: pathlib.Path) -> pathlib.Path:
    """A fresh database file holding the demo basin (laid out relative to DEMO_TODAY)."""
    path = tmp_path / "demo.sqlite"
    shutil.copy(_templates["demo"], path)
    return path


@pytest.fixture
def demo_engine(demo_db: pathlib.Path):  # type: ignore[no-untyped-def]
    from alize_desktop.db import open_database

    engine = open_database(demo_db)
    yield engine
    engine.dispose()


@pytest.fixture
def demo_data(demo_engine) -> dict:  # type: ignore[no-untyped-def]
    """The demo basin as a format v1 dict, read back from the database."""
    from alize_desktop.interchange.exporter import export_basin

    return export_basin(demo_engine)


@pytest.fixture
def example_data() -> dict:
    """The public example basin of ../shared (CI lays shared/ beside the clone)."""
    if not EXAMPLE.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    return json.loads(EXAMPLE.read_text("utf-8"))


@pytest.fixture
def ctx(qtbot, demo_db):  # type: ignore[no-untyped-def]
    """An AppContext over a demo database, for page and dialog tests."""
    from PySide6.QtGui import QUndoStack

    from alize_desktop.clock import FixedClock
    from alize_desktop.db import open_database
    from alize_desktop.ui.shell.context import AppContext, ChangeBus

    engine = open_database(demo_db)
    bus = ChangeBus()
    context = AppContext(engine=engine, db_path=demo_db, bus=bus, undo=QUndoStack(), clock=FixedClock(DEMO_TODAY))
    yield context
    context.runner.stop()  # the test's database worker ends with it (as the window's does on closing)
    engine.dispose()


@pytest.fixture
def main_window(qtbot, demo_db):  # type: ignore[no-untyped-def]
    """The whole main window over a demo database (holding its lock)."""
    from alize_desktop.clock import FixedClock
    from alize_desktop.ui.shell.application import create_application
    from alize_desktop.ui.shell.launcher import open_main_window

    create_application()
    window = open_main_window(demo_db, FixedClock(DEMO_TODAY))
    assert window is not None
    qtbot.addWidget(window)
    window.show()
    assert window.ensure_open()  # the window shows first and opens the base right after: tests read ctx.engine
    yield window
    # A job a test left running is cancelled first, so that closing never waits on a question.
    from alize_desktop.ui.shell.worker import cancel_all_and_wait

    cancel_all_and_wait()
    window.close()
