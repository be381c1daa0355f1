"""The dashboard's charts are built one per turn of the event loop once their figures arrive (each
chart's layout costs tens of milliseconds): until then a frame of the chart's height holds its
place, and the page says it is loaded only once the last chart is on screen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QChartView
from PySide6.QtWidgets import QApplication, QWidget

from alize_desktop.services.evaluation.view import DashboardHistory, YearBar
from alize_desktop.ui.dashboard.charts import DashboardCharts
from alize_desktop.ui.widgets.charts import MIN_HEIGHT


def _history(jobs: int) -> DashboardHistory:
    return DashboardHistory([YearBar("2024-2025", jobs, 30), YearBar("2025-2026", jobs + 1, 30)],
                            [(dt.date(2025, 1, 31), 1_000_000), (dt.date(2025, 2, 28), 900_000)])


def _charts(qtbot) -> DashboardCharts:  # type: ignore[no-untyped-def]
    charts = DashboardCharts()
    qtbot.addWidget(charts)
    charts.resize(1200, 300)
    charts.show()
    return charts


def test_a_frame_holds_each_charts_place_until_its_figures_come(qtbot) -> None:  # type: ignore[no-untyped-def]
    charts = _charts(qtbot)
    frames = [charts.findChild(QWidget, f"chart_{n}_pending") for n in ("jobs", "resources", "outstanding")]
    assert all(f is not None and f.minimumHeight() == MIN_HEIGHT for f in frames)
    assert charts.findChildren(QChartView) == []
    done: list[str] = []
    charts.show_history(_history(12), done=lambda: done.append("ok"))
    assert charts.findChild(QChartView, "chart_jobs") is None  # built at the next turn, not inside the call
    qtbot.waitUntil(lambda: done == ["ok"])
    jobs = charts.findChild(QChartView, "chart_jobs")
    assert jobs is not None and jobs.height() >= MIN_HEIGHT
    assert charts.findChild(QChartView, "chart_outstanding") is not None
    assert charts.findChild(QWidget, "chart_jobs_pending") is None or not charts.findChild(
        QWidget, "chart_jobs_pending").isVisible()


def test_a_newer_history_replaces_the_one_waiting_and_says_done_once(qtbot) -> None:  # type: ignore[no-untyped-def]
    charts = _charts(qtbot)
    done: list[int] = []
    charts.show_history(_history(1), done=lambda: done.append(1))
    charts.show_history(_history(40), done=lambda: done.append(40))
    qtbot.waitUntil(lambda: not charts.pending())
    for _ in range(5):
        QApplication.processEvents()
    assert done == [40]
    bars = charts.findChild(QChartView, "chart_jobs").chart().series()[0].barSets()[0]
    assert [bars.at(i) for i in range(bars.count())] == [40.0, 41.0]
