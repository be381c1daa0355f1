"""The dashboard's alerts list: one line per alert, most urgent first; a click opens the record."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGroupBox, QListView, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from alize_desktop.services.evaluation.alert import Alert

COLOURS = {"critical": "#b00020", "warning": "#9a5b00", "info": "#1f5f8b"}
ALERT_ROLE = Qt.ItemDataRole.UserRole + 10


class AlertsPanel(QGroupBox):
    """`open_record(page_key, record_id)` is emitted when an alert is clicked or activated (Entrée)."""

    open_record = Signal(str, str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("Alertes", parent)
        lay = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setObjectName("alerts")
        self.list.setWordWrap(True)
        # Wrapped lines of different heights: Qt lays thousands of them out in steps, between events.
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(100)
        self.list.setAlternatingRowColors(True)
        self.list.setMinimumHeight(150)
        self.list.setToolTip("Cliquer sur une alerte (ou Entrée) pour ouvrir l'enregistrement concerné")
        self.list.itemClicked.connect(self._open)
        self.list.itemActivated.connect(self._open)
        lay.addWidget(self.list)
        self.alerts: list[Alert] = []
        self._batch = 0

    def set_alerts(self, alerts: Sequence[Alert]) -> None:
        self.alerts = list(alerts)
        self._batch += 1
        self.list.clear()
        critical = sum(1 for a in alerts if a.severity == "critical")
        self.setTitle(f"Alertes ({len(alerts)}, dont {critical} urgente{'s' if critical > 1 else ''})"
                      if alerts else "Alertes")
        if not alerts:
            item = QListWidgetItem("Aucune alerte : le suivi, le fonds et les partenariats sont à jour.")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
            return
        self._fill(self._batch, 0)

    BATCH = 300  # a network's thousands of alerts are listed in steps of this many, between events

    def _fill(self, batch: int, start: int) -> None:
        if batch != self._batch:
            return  # newer alerts arrived meanwhile
        for alert in self.alerts[start:start + self.BATCH]:
            # The alert text quotes names the operator typed: a list item shows text literally.
            item = QListWidgetItem(f"{alert.severity_label} — {alert.text}")
            item.setForeground(QBrush(QColor(COLOURS[alert.severity])))
            item.setData(ALERT_ROLE, alert)
            item.setToolTip("Ouvrir : " + _where(alert))
            self.list.addItem(item)
        if start + self.BATCH < len(self.alerts):
            QTimer.singleShot(0, self, lambda: self._fill(batch, start + self.BATCH))

    def _open(self, item: QListWidgetItem) -> None:
        alert = item.data(ALERT_ROLE)
        if isinstance(alert, Alert):
            self.open_record.emit(alert.page_key, alert.record_id)


def _where(alert: Alert) -> str:
    return {"follow_up": "le suivi du projet", "fund": "le fonds d'avances", "projects": "la fiche du projet",
            "conventions": "la convention", "partners": "les partenaires", "basin": "le bassin"}.get(
        alert.page_key, alert.page_key)
