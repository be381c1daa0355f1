"""Aide › Manuel: the French manual shipped in the package (resources/manual), read offline in a
window of the program; F1 opens it at the section of the page shown."""

from __future__ import annotations

import pathlib

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from alize_desktop.resources_path import resource_path


def manual_file() -> pathlib.Path:
    """The manual of this checkout when run from one (resources/ beside the package), else the
    installed package's copy."""
    beside = pathlib.Path(__file__).resolve().parents[2] / "resources" / "manual" / "index.html"
    return beside if beside.is_file() else resource_path("manual", "index.html")


def manual_url(section: str = "") -> QUrl:
    url = QUrl.fromLocalFile(str(manual_file()))
    if section:
        url.setFragment(section)
    return url


class ManualWindow(QDialog):
    """Non-modal: the operator reads it beside the page it explains."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("manual_window")
        self.setWindowTitle("Manuel d'ALIZÉ Desktop")
        self.resize(820, 640)
        lay = QVBoxLayout(self)
        self.browser = QTextBrowser()
        self.browser.setObjectName("manual_browser")
        self.browser.setOpenExternalLinks(True)
        lay.addWidget(self.browser, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.rejected.connect(self.close)
        lay.addWidget(buttons)

    def show_section(self, section: str = "") -> None:
        self.browser.setSource(manual_url(section))
        if section:
            self.browser.scrollToAnchor(section)
        self.show()
        self.raise_()
