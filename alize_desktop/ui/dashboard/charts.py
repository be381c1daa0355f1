"""The dashboard's three charts: jobs per year against the target, resources against the
40/20/25/15 % profile, and the advance fund's outstanding at each month end."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QHBoxLayout, QWidget

from alize_desktop.models.enums import label
from alize_desktop.services.evaluation.view import Dashboard, DashboardHistory, resource_rows
from alize_desktop.ui.widgets.charts import (
    DONE,
    MIN_HEIGHT,
    TARGET,
    bar_chart,
    money_line_chart,
    replace_chart,
)

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
    """Each chart is built when its figures arrive, one per turn of the event loop: a chart's
    layout measures every text through Qt's rich-text engine (tens of milliseconds apiece), and
    the window answers in between. Until then its place is held by an empty frame of its size."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("dashboard_charts")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.jobs, self.resources, self.outstanding = (_place(n) for n in ("jobs", "resources", "outstanding"))
        for view in (self.jobs, self.resources, self.outstanding):
            lay.addWidget(view, 1)
        self._todo: dict[str, Callable[[], None]] = {}  # chart → its building, in the order asked

    def show_figures(self, board: Dashboard) -> None:
        """The running convention's resources, with its figures."""
        rows = resource_rows(board.summary)
        title = f"Moyens de la convention {board.summary['convention_id']} (%)"

        def build() -> None:
            self.resources = replace_chart(self.resources, bar_chart(
                "chart_resources", title, [SHORT_KIND.get(k, label(k)) for k, *_ in rows],
                [("Part réalisée", [round(share * 100, 1) for _k, _c, share, _p in rows], DONE),
                 ("Profil", [p * 100 for *_r, p in rows], TARGET)]))

        self._later("resources", build)

    def show_history(self, history: DashboardHistory, done: Callable[[], None] = lambda: None) -> None:
        """Jobs per convention year and the outstanding curve, read after the figures; `done` once
        both are on screen (a newer history replaces this one's turn, and its own `done` is said)."""
        bars = history.jobs_by_year

        def jobs() -> None:
            self.jobs = replace_chart(self.jobs, bar_chart(
                "chart_jobs", "Emplois créés par année", [short_year(b.label) for b in bars],
                [("Emplois créés", [b.jobs_created for b in bars], DONE),
                 ("Objectif", [b.target for b in bars], TARGET)]))

        def outstanding() -> None:
            self.outstanding = replace_chart(self.outstanding, money_line_chart(
                "chart_outstanding", OUTSTANDING_TITLE, history.outstanding))
            done()

        self._later("jobs", jobs)
        self._later("outstanding", outstanding)

    def pending(self) -> bool:
        """Charts still to build (their figures arrived, their turn has not come)."""
        return bool(self._todo)

    def _later(self, chart: str, build: Callable[[], None]) -> None:
        if not self._todo:
            QTimer.singleShot(0, self, self._next)
        self._todo[chart] = build

    def _next(self) -> None:
        if not self._todo:
            return
        chart = next(iter(self._todo))
        self._todo.pop(chart)()
        if self._todo:
            QTimer.singleShot(0, self, self._next)


def _place(name: str) -> QWidget:
    """An empty frame where a chart will be (charts.MIN_HEIGHT high, as the chart will be)."""
    frame = QWidget()
    frame.setObjectName(f"chart_{name}_pending")
    frame.setMinimumHeight(MIN_HEIGHT)
    return frame
