"""Opening a database for the window: lock, damage check with restore, backup, migration."""

from __future__ import annotations

import pathlib

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from alize_desktop import db as dbmod
from alize_desktop.clock import Clock, clock_from_environment
from alize_desktop.lock import DatabaseLock, LockedError


def acquire(path: pathlib.Path, parent: QWidget | None = None) -> tuple[DatabaseLock, object] | None:
    """Lock, check, back up and migrate `path`; None (after telling the user why) when it cannot open."""
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
    try:
        dbmod.backup(path, reason="ouverture")
        engine = dbmod.open_database(path, backup_before_migration=False)
    except dbmod.DatabaseError as exc:
        QMessageBox.critical(parent, "Base inutilisable", str(exc))
        lock.release()
        return None
    return lock, engine


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


def open_main_window(path: pathlib.Path, clock: Clock | None = None):  # type: ignore[no-untyped-def]
    from alize_desktop.ui.main_window import MainWindow

    opened = acquire(path)
    if opened is None:
        return None
    lock, engine = opened
    return MainWindow(engine, path, lock, clock=clock or clock_from_environment())
