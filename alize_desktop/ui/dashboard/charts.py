"""The dashboard's three charts: jobs per year against the target, resources against the
40/20/25/15 % profile, and the advance fund's outstanding at each month end."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QHBoxLayout, QWidget

from alize_desktop.models.enums import label
from alize_desktop.services.evaluation.view import Dashboard, DashboardHistory, resource_rows
from alize_desktop.ui.widgets.charts import DONE, TARGET, bar_chart, money_line_chart, replace_chart

SHORT_KIND = {"company": "Entreprises", "territorial_actor": "Acteurs", "local_authority": "Collectivités",
              "state": "État-CDC"}
OUTSTANDING_TITLE = "Encours du fonds d'avances (k€, fins de mois)"
_STRADDLING = re.compile(r"^(\d{4})-(\d{2})(\d{2})$")


def short_year(text: str) -> str:
    """`2021-2022` → `2021-22` (a convention year straddling two): six or more years then fit the
    axis of a third of a 1366-pixel window, where Qt drops the first and last labels that overflow."""
    m = _STRADDLING.match(text)
    return f"{m[1]}-{m[3]}" if m and m[2] == m[1][:2] else text


class DashboardCharts(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dashboard_charts")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.jobs = bar_chart("chart_jobs", "Emplois créés par année", [], [])
        self.resources = bar_chart("chart_resources", "Moyens par nature de partenaire (%)", [], [])
        self.outstanding = money_line_chart("chart_outstanding", OUTSTANDING_TITLE, [])
        for view in (self.jobs, self.resources, self.outstanding):
            lay.addWidget(view, 1)

    def show_figures(self, board: Dashboard) -> None:
        """The running convention's resources, with its figures."""
        rows = resource_rows(board.summary)
        self.resources = replace_chart(self.resources, bar_chart(
            "chart_resources", f"Moyens de la convention {board.summary['convention_id']} (%)",
            [SHORT_KIND.get(k, label(k)) for k, *_ in rows],
            [("Part réalisée", [round(share * 100, 1) for _k, _c, share, _p in rows], DONE),
             ("Profil", [p * 100 for *_r, p in rows], TARGET)]))

    def show_history(self, history: DashboardHistory) -> None:
        """Jobs per convention year and the outstanding curve, read after the figures."""
        bars = history.jobs_by_year
        self.jobs = replace_chart(self.jobs, bar_chart(
            "chart_jobs", "Emplois créés par année", [short_year(b.label) for b in bars],
            [("Emplois créés", [b.jobs_created for b in bars], DONE), ("Objectif", [b.target for b in bars], TARGET)]))
        self.outstanding = replace_chart(self.outstanding, money_line_chart(
            "chart_outstanding", OUTSTANDING_TITLE, history.outstanding))
