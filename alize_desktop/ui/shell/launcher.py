"""Opening a database for the window: lock, damage check with restore, backup, migration."""

from __future__ import annotations

import pathlib
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox, QWidget

from alize_desktop import db as dbmod
from alize_desktop.clock import Clock, clock_from_environment
from alize_desktop.lock import DatabaseLock, LockedError


def acquire(path: pathlib.Path, parent: QWidget | None = None) -> tuple[DatabaseLock, object] | None:
    """Lock, check, back up and migrate `path`; None (after telling the user why) when it cannot open.

    The second item is the engine, or — for a healthy file already at the current schema, the usual
    case — a `Deferred` opener: the window shows first and makes the engine right after, and the
    routine opening backup runs on the database worker (MainWindow._backup_at_opening). A file to
    create or migrate is opened here, before any window, with its backups first, as always."""
    lock = DatabaseLock(path)
    try:
        lock.acquire()
    except LockedError as exc:
        QMessageBox.warning(parent, "Base déjà ouverte",
                            f"Impossible d'ouvrir cette base : {exc}.\n\nFermez l'autre fenêtre puis réessayez.")
        return None
    problem = dbmod.quick_check(path)
    if problem and not offer_restore(path, problem, parent):
        lock.release()
        return None
    if dbmod.ready_to_open(path):
        return lock, Deferred(path)
    try:
        dbmod.backup(path, reason="ouverture")
        engine = dbmod.open_database(path, backup_before_migration=False, quick_checked=True)
    except dbmod.DatabaseError as exc:
        QMessageBox.critical(parent, "Base inutilisable", str(exc))
        lock.release()
        return None
    return lock, engine


class Deferred:
    """Makes the engine of a file `acquire` found ready (checked, at the current schema); if it
    changed meanwhile, open_database migrates it with its backup first, or says what is wrong."""

    def __init__(self, path: pathlib.Path):
        self.path = path
        # The file is checked and at the current schema: the first page may read it through
        # sqlite3 alone while SQLAlchemy loads (MainWindow.first_read).
        self.plain = dbmod.PlainEngine(path)

    def __call__(self) -> Any:
        return dbmod.open_database(self.path, quick_checked=True)


def offer_restore(path: pathlib.Path, problem: str, parent: QWidget | None = None) -> bool:
    """The file is damaged: propose the backups, newest first. True once a backup is back in place."""
    copies = dbmod.list_backups(path)
    if not copies:
        QMessageBox.critical(parent, "Base endommagée",
                             f"Le fichier {path} est endommagé ({problem}) et aucune sauvegarde n'existe.")
        return False
    names = [c.name for c in copies]
    choice, ok = QInputDialog.getItem(
        parent, "Base endommagée",
        f"Le fichier {path.name} est endommagé ({problem}).\n"
        "Choisissez la sauvegarde à restaurer (le fichier endommagé est conservé à côté) :",
        names, 0, False,
    )
    if not ok:
        return False
    dbmod.restore(path, copies[names.index(choice)])
    return True


class Windows(QObject):
    """The application's main windows: it opens each one (lock, checks, backup, migration) and,
    when a window asks for another database, opens that one before closing the asking window,
    which stays if the new file cannot be opened. Windows own no successor; this registry does."""

    def __init__(self, clock: Clock, parent: QObject | None = None):
        super().__init__(parent)
        self.clock = clock
        self.windows: list[Any] = []

    def open(self, path: pathlib.Path, parent: QWidget | None = None):  # type: ignore[no-untyped-def]
        from alize_desktop.ui.shell.main_window import MainWindow

        opened = acquire(path, parent)
        if opened is None:
            return None
        lock, engine = opened
        if isinstance(engine, Deferred):
            window = MainWindow(None, path, lock, clock=self.clock, opener=engine)
        else:
            window = MainWindow(engine, path, lock, clock=self.clock)  # type: ignore[arg-type]
        self.windows.append(window)
        window.open_requested.connect(lambda other, w=window: self.switch(w, other))
        window.destroyed.connect(lambda _o=None, w=window: self._forget(w))
        return window

    def open_read_only(self, copy: Any, origin: str, parent: QWidget | None = None):  # type: ignore[no-untyped-def]
        """Open a network basin's temporary copy (network/basin_copy.py BasinCopy) in a main window
        in read-only mode: no lock, no backup, no migration, the engine read-only. The window holds
        the copy and deletes it when it closes; if it cannot open, the copy is deleted at once."""
        from alize_desktop.ui.shell.main_window import MainWindow

        try:
            engine = dbmod.open_readonly(copy.path)
        except dbmod.DatabaseError as exc:
            copy.release()
            QMessageBox.critical(parent, "Bassin du réseau", f"La copie du bassin ne peut pas être lue : {exc}.")
            return None
        try:
            window = MainWindow(engine, copy.path, copy, clock=self.clock, read_only_origin=origin)
        except BaseException:
            engine.dispose()
            copy.release()
            raise
        self.windows.append(window)
        window.open_requested.connect(lambda other, w=window: self.switch(w, other))
        window.destroyed.connect(lambda _o=None, w=window: self._forget(w))
        return window

    def switch(self, window: Any, path: pathlib.Path):  # type: ignore[no-untyped-def]
        successor = self.open(path, window)
        if successor is None:
            return None
        if not successor.ensure_open():  # the asking window stays when the other file cannot be used
            return None
        successor.show()
        window.close()
        self._forget(window)
        return successor

    def _forget(self, window: Any) -> None:
        if window in self.windows:
            self.windows.remove(window)


def windows_of_application(clock: Clock | None = None) -> Windows:
    """The one registry of the running application (made on first use, owned by the QApplication)."""
    app = QApplication.instance()
    registry = app.findChild(Windows) if app is not None else None
    if registry is None:
        registry = Windows(clock or clock_from_environment(), app)
    elif clock is not None:
        registry.clock = clock
    return registry


def open_main_window(path: pathlib.Path, clock: Clock | None = None):  # type: ignore[no-untyped-def]
    """Open `path` in a new main window of the application (None after saying why it cannot)."""
    return windows_of_application(clock).open(path)
