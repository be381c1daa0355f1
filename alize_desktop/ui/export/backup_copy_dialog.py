"""« Fichier › Enregistrer une copie de sauvegarde… » and the 30-day reminder, for the main window.

Self-contained: the main window adds one menu action calling `save_backup_copy(self, self.ctx)`
and, once shown, calls `remind_backup_copy(self, self.ctx)`. The work is in services/backup_copy.py.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from alize_desktop.services.backup_copy import CopyFailed, copy_reminder, save_copy


def _clock(ctx: Any) -> Any:
    clock = getattr(ctx, "clock", None)
    if clock is None:
        from alize_desktop.clock import SystemClock

        clock = SystemClock()
    return clock


def save_backup_copy(parent: QWidget | None, ctx: Any) -> bool:
    """Ask for a folder (a USB key, a share), copy the base there, say what was done. True once copied."""
    folder = QFileDialog.getExistingDirectory(parent, "Enregistrer une copie de sauvegarde dans…")
    if not folder:
        return False
    import pathlib

    try:
        result = save_copy(ctx.engine, ctx.db_path, pathlib.Path(folder), now=_clock(ctx).now())
    except CopyFailed as exc:
        QMessageBox.warning(parent, "Copie de sauvegarde", f"La copie n'a pas été enregistrée : {exc}.")
        return False
    QMessageBox.information(parent, "Copie de sauvegarde", result.summary())
    return True


def remind_backup_copy(parent: QWidget | None, ctx: Any) -> str | None:
    """At opening: remind the operator when no copy has left the machine for 30 days."""
    text = copy_reminder(ctx.engine, _clock(ctx).today())
    if text is not None:
        QMessageBox.information(parent, "Copie de sauvegarde", text)
    return text
