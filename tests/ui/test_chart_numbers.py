"""Chart axes print their figures the French way: the network window's loss-rate axis read
"0.5 / 1.5" (Qt's printf formats ignore the language unless the chart is told to localise)."""

from __future__ import annotations

from PySide6.QtCharts import QValueAxis
from PySide6.QtCore import Qt

from alize_desktop.ui.widgets.charts import DONE, bar_chart


def test_value_axis_uses_a_decimal_comma(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = bar_chart("rates", "Taux de sinistre (%)", ["Bassin 1", "Bassin 2"], [("Taux", [1.19, 0.43], DONE)],
                     value_format="%.1f")
    qtbot.addWidget(view)
    chart = view.chart()
    assert chart.localizeNumbers()
    axis = next(a for a in chart.axes(Qt.Orientation.Vertical) if isinstance(a, QValueAxis))
    assert axis.labelFormat() == "%.1f"
    assert chart.locale().toString(1.5, "f", 1) == "1,5"  # what the axis prints under that format
