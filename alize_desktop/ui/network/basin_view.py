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

from alize_desktop.formatting import date_short, money
from alize_desktop.models.enums import label
from alize_desktop.rules.evaluation import ReportError
from alize_desktop.rules.report import build_report, report_as_text
from alize_desktop.ui.widgets.kit_tables import row_table
from alize_desktop.ui.widgets.table_model import Column


def _approved(meeting: dict[str, Any]) -> int:
    return sum(1 for item in meeting.get("items") or [] if item.get("decision") == "approved")


def _advances(data: dict[str, Any], report: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The report's advances with their project's title (the basin's own fund figures)."""
    if report is None:
        return []
    project_of = {e["id"]: e["project_id"] for e in data.get("engagements") or []}
    titles = {p["id"]: p["title"] for p in data.get("projects") or []}
    return [{**row, "project": titles.get(project_of.get(row["id"], ""), "")} for row in report["engagements"]]


class BasinView(QDialog):
    """Every tab reads the basin's data as received; no widget here can change it."""

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
            report: dict[str, Any] | None = build_report(data, as_of)
            text = report_as_text(report, data)
        except ReportError as exc:
            report, text = None, str(exc)
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
        self.advances = row_table([
            Column("Avance", lambda a: a["id"]),
            Column("Projet", lambda a: a["project"]),
            Column("Restant dû", lambda a: money(a["outstanding_cents"]), lambda a: a["outstanding_cents"],
                   align_right=True),
            Column("En retard", lambda a: money(a["overdue_cents"]), lambda a: a["overdue_cents"], align_right=True,
                   colour=lambda a: "#b03a2e" if a["overdue_cents"] > 0 else None),
            Column("Jours de retard", lambda a: str(a["days_late"]), lambda a: a["days_late"], align_right=True),
        ], "network_basin_advances", parent=self)
        self.advances.set_rows(_advances(data, report))
        tabs.addTab(self.advances.view, "Fonds d'avances")
        meetings = data.get("meetings") or []
        self.meetings = row_table([
            Column("Comité du", lambda m: date_short(dt.date.fromisoformat(m["date"])), lambda m: m["date"]),
            Column("Lieu", lambda m: m.get("place") or ""),
            Column("Projets inscrits", lambda m: str(len(m.get("items") or [])), lambda m: len(m.get("items") or []),
                   align_right=True),
            Column("Agréés", lambda m: str(_approved(m)), _approved, align_right=True),
        ], "network_basin_meetings", parent=self)
        self.meetings.set_rows(meetings)
        tabs.addTab(self.meetings.view, f"Comités ({len(meetings)})")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
