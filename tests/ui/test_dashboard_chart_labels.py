"""The dashboard's jobs chart shows every year under its bars on the example basin, at 1366 × 768 and
in a narrower window (Qt silently hides a category label that overlaps or overflows the axis)."""

from __future__ import annotations

import pytest
from PySide6.QtCharts import QChartView
from PySide6.QtWidgets import QApplication

from alize_desktop.cli import main
from alize_desktop.ui.dashboard.charts import short_year
from alize_desktop.ui.widgets.charts import BarChartView
from tests.conftest import EXAMPLE


def test_straddling_years_are_written_short() -> None:
    assert short_year("2021-2022") == "2021-22"
    assert short_year("2025") == "2025"
    assert short_year("2099-2100") == "2099-2100"


def _shown_labels(view: QChartView) -> list[bool]:
    """Whether each category label of the bar axis is drawn: QtCharts keeps one text item per
    category, in order, in a group below the plot area, and hides those it cannot place."""
    assert isinstance(view, BarChartView)
    n = len(view.axis.categories())
    bottom = view.chart().plotArea().bottom()
    for group in view.scene().items():
        kids = group.childItems() if type(group).__name__ == "QGraphicsItemGroup" else []
        if len(kids) >= n and all(type(k).__name__ == "QGraphicsItem" for k in kids) \
                and all(k.sceneBoundingRect().top() >= bottom for k in kids[:n]):
            return [k.isVisible() for k in kids[:n]]
    raise AssertionError("no category labels found in the chart")


@pytest.mark.parametrize("size", [(1366, 768), (1066, 700)])
def test_every_year_label_of_the_jobs_chart_is_drawn(qtbot, tmp_path, size) -> None:  # type: ignore[no-untyped-def]
    if not EXAMPLE.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    from alize_desktop.ui.shell.application import create_application
    from alize_desktop.ui.shell.launcher import open_main_window

    db = tmp_path / "exemple.sqlite"
    assert main(["--db", str(db), "import", str(EXAMPLE)]) == 0
    create_application()
    window = open_main_window(db)
    assert window is not None
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    page = window.show_page("dashboard")
    qtbot.waitUntil(lambda: not page.loading and not window.ctx.runner.busy())  # figures read on the worker
    for _ in range(5):
        QApplication.processEvents()
    view = window.findChild(QChartView, "chart_jobs")
    years = view.axis.categories()
    assert len(years) >= 6 and years[0] == "2021-22" and all(len(y) == 7 for y in years)
    assert _shown_labels(view) == [True] * len(years)
    resources = window.findChild(QChartView, "chart_resources")
    assert _shown_labels(resources) == [True] * len(resources.axis.categories())
    window.close()
