"""The main window on a basin received by the network: a banner says so, and nothing writes.

The window is the ordinary one (every page, list, filter, report and preview); what writes is
locked by the one mechanism of ui/widgets/read_only.py, the engine is read-only, and a write that
slipped through anyway is shown as one French sentence (`refusal_text`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMenu, QVBoxLayout, QWidget

from alize_desktop.db import is_read_only_refusal
from alize_desktop.ui.widgets.read_only import READ_ONLY_TIP, lock_marked, mark_read_only

BANNER_STYLE = ("background: #fdf2d0; color: #5c4500; border: 1px solid #e0c36a; border-radius: 3px; "
                "padding: 6px 10px; font-weight: 600;")
REFUSAL = ("Lecture seule : ce bassin est une copie reçue par le réseau, rien n'a été enregistré ; "
           "les corrections se font dans le bassin, qui enverra un nouveau paquet.")


def banner_text(origin: str) -> str:
    return (f"Lecture seule — copie du bassin reçue par la tête de réseau ({origin}). Elle ne peut pas être "
            "modifiée : les corrections se font dans le bassin, qui envoie ensuite un nouveau paquet.")


def show_read_only(window: Any) -> None:
    """Mark the whole window read-only, lock what it marked as writing, and put the banner on top."""
    mark_read_only(window)
    lock_marked(window)
    for menu in window.menuBar().findChildren(QMenu):
        menu.setToolTipsVisible(True)  # Fichier › Importer… says why it is greyed
    banner = QLabel(banner_text(window.ctx.read_only_origin))
    banner.setObjectName("read_only_banner")
    banner.setTextFormat(Qt.TextFormat.PlainText)
    banner.setWordWrap(True)
    banner.setStyleSheet(BANNER_STYLE)
    banner.setToolTip(READ_ONLY_TIP)
    body = window.takeCentralWidget()
    central = QWidget()
    lay = QVBoxLayout(central)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(4)
    lay.addWidget(banner)
    lay.addWidget(body, 1)
    window.setCentralWidget(central)
    window.read_only_banner = banner
    window.backup_reminder.hide()  # the copy is not the office's base: no backup to remind of


def refusal_text(exc: BaseException) -> str | None:
    """The sentence for a write the read-only engine refused, None for any other failure."""
    return REFUSAL if is_read_only_refusal(exc) else None
