"""Composition root of the GUI: paths → lock → checks → backup → migrate → main window."""

from __future__ import annotations

import datetime as dt
import logging
import logging.handlers
import pathlib
import sys
import traceback
from typing import Any

from alize_desktop.clock import Clock, clock_from_environment
from alize_desktop.paths import default_database, demo_database, log_dir

log = logging.getLogger("alize_desktop")


def setup_logging(folder: pathlib.Path | None = None) -> pathlib.Path:
    """A rotating log file in the platformdirs log folder. Only technical facts go there: no names,
    amounts or addresses (the operator's data is personal data)."""
    folder = folder or log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "alize-desktop.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("alize_desktop")
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in root.handlers):
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def install_crash_handler(log_path: pathlib.Path) -> None:
    """Uncaught exceptions: logged (type and stack only) and shown in a French dialog with the log path."""

    def hook(exc_type: type[BaseException], exc: BaseException, tb: Any) -> None:
        if _said_read_only(exc):
            return  # a write that reached a read-only base: nothing was lost, one sentence says so
        # The stack names code, not data; the exception text may hold user data, so only its type.
        stack = "\n".join(f"  {f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb))
        log.error("erreur non prévue %s\n%s", exc_type.__name__, stack)
        try:
            from PySide6.QtWidgets import QApplication, QMessageBox

            if QApplication.instance() is not None:
                QMessageBox.critical(
                    None, "Erreur inattendue",
                    "Une erreur inattendue s'est produite. Vos données enregistrées ne sont pas perdues.\n\n"
                    f"Détail technique : {exc_type.__name__}\nJournal : {log_path}",
                )
        except Exception:  # noqa: BLE001 - the crash handler must never crash
            pass

    sys.excepthook = hook


def _said_read_only(exc: BaseException) -> bool:
    """A write refused by a read-only base (a network basin's copy): said in one French sentence."""
    try:
        from PySide6.QtWidgets import QApplication, QMessageBox

        from alize_desktop.ui.shell.read_only_window import refusal_text

        text = refusal_text(exc)
        if text is None or QApplication.instance() is None:
            return False
        log.info("écriture refusée par une base en lecture seule")
        QMessageBox.warning(QApplication.activeWindow(), "Lecture seule", text)
        return True
    except Exception:  # noqa: BLE001 - the crash handler must never crash
        return False


def prepare_demo(path: pathlib.Path, today: dt.date) -> None:
    """A fresh demo database: the seeded generator's basin, imported like any document."""
    from alize_desktop.db import open_database
    from alize_desktop.demo import generate_demo_basin
    from alize_desktop.interchange.importer import import_basin

    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(str(path) + suffix).unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    engine = open_database(path)
    try:
        import_basin(engine, generate_demo_basin(today=today))
    finally:
        engine.dispose()


def run_gui(db: pathlib.Path | None = None, demo: bool = False, clock: Clock | None = None) -> int:
    log_path = setup_logging()
    install_crash_handler(log_path)
    path = db or (demo_database() if demo else default_database())
    if not demo:  # the demo file is rebuilt below; any other is checked while Qt loads
        from alize_desktop.db import start_quick_check

        start_quick_check(path)
    from alize_desktop.ui.shell.application import create_application
    from alize_desktop.ui.shell.launcher import open_main_window

    clock = clock or clock_from_environment()
    app = create_application()
    if demo:
        # The demo file is rebuilt only when this instance can take it (not under another window).
        from alize_desktop.lock import DatabaseLock, LockedError

        probe = DatabaseLock(path)
        try:
            probe.acquire()
            probe.release()
            prepare_demo(path, clock.today())
        except LockedError:
            pass
    window = open_main_window(path, clock)
    if window is None:
        return 1
    window.show()
    return app.exec()
