"""A basin opened read-only from the network: its own report's figures and its projects.

Nothing here writes: the data are those of the basin's last bundle, shown as the basin sees them
in its « Évaluation » page (the same plain-text report) and its projects list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import date_short
from alize_desktop.models.enums import label
from alize_desktop.rules.evaluation import ReportError
from alize_desktop.rules.report import build_report, report_as_text
from alize_desktop.ui.kit_tables import row_table
from alize_desktop.ui.table_model import Column


class BasinView(QDialog):
    def __init__(self, parent: QWidget | None, name: str, data: dict[str, Any], as_of: dt.date):
        super().__init__(parent)
        self.setObjectName("network_basin_view")
        self.setWindowTitle(f"{name} — lecture seule")
        self.resize(900, 640)
        layout = QVBoxLayout(self)
        note = QLabel(f"Données du dernier paquet reçu, en lecture seule. Chiffres au {date_short(as_of)}.")
        layout.addWidget(note)
        tabs = QTabWidget()
        tabs.setObjectName("network_basin_tabs")
        layout.addWidget(tabs)
        self.report_text = QPlainTextEdit()
        self.report_text.setObjectName("network_basin_report")
        self.report_text.setReadOnly(True)
        self.report_text.setFont(QFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)))
        try:
            text = report_as_text(build_report(data, as_of), data)
        except ReportError as exc:
            text = str(exc)
        self.report_text.setPlainText(text)
        tabs.addTab(self.report_text, "Évaluation")
        self.projects = row_table([
            Column("Projet", lambda p: p["title"]),
            Column("Reçu le", lambda p: date_short(dt.date.fromisoformat(p["received_on"])), lambda p: p["received_on"]),
            Column("Statut", lambda p: label(p["status"])),
            Column("Emplois prévus (créés)", lambda p: str(p.get("jobs_planned_created") or 0),
                   lambda p: p.get("jobs_planned_created") or 0, align_right=True),
        ], "network_basin_projects", parent=self)
        self.projects.set_rows(data.get("projects") or [])
        tabs.addTab(self.projects.view, f"Projets ({len(data.get('projects') or [])})")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
