"""QtCharts helpers: grouped bars against a target, and a money line over time, in French.

Charts are pictures of figures the page also shows as numbers, so they stay small, without
animation (a dashboard that moves on every refresh tires the eye) and with French axis texts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QLocale, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QWidget

DONE = QColor("#1f5f8b")
TARGET = QColor("#b9c7d4")
LINE = QColor("#1f5f8b")
_VALUE_AXIS_ROOM = 70  # pixels a value axis and the margins take beside a bar chart's plot area
MIN_HEIGHT = 220  # a chart never squeezed below this (its axes and legend stay legible)


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont(chart.titleFont())
    font.setPointSizeF(max(font.pointSizeF(), 9.0))
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    chart.setBackgroundRoundness(0)
    # Axis figures the French way ("1,5", not "1.5"): Qt formats them with the chart's locale only when asked.
    chart.setLocalizeNumbers(True)
    chart.setLocale(QLocale(QLocale.Language.French, QLocale.Country.France))
    return chart


class BarChartView(QChartView):
    """A bar chart whose category labels stay all visible: Qt silently drops a label that overlaps
    its neighbour or overflows the axis, so when the categories are too narrow for their labels
    (a narrow window) the labels are slanted instead."""

    SLANT = -90

    def __init__(self, chart: QChart, axis: QBarCategoryAxis):
        super().__init__(chart)
        self.axis = axis
        # The plot area is laid out after the view's resize: decide once it is known.
        chart.plotAreaChanged.connect(lambda _area: self.fit_labels())

    def labels_fit(self, plot_width: float | None = None) -> bool:
        categories = self.axis.categories()
        if not categories:
            return True
        metrics = QFontMetrics(self.axis.labelsFont())
        widest = max(metrics.horizontalAdvance(c) for c in categories)
        width = self.chart().plotArea().width() if plot_width is None else plot_width
        return widest + metrics.averageCharWidth() <= width / len(categories)

    def fit_labels(self, plot_width: float | None = None) -> None:
        angle = 0 if self.labels_fit(plot_width) else self.SLANT
        if self.axis.labelsAngle() != angle:
            self.axis.setLabelsAngle(angle)  # the chart is laid out again


def _view(chart: QChart, name: str, axis: QBarCategoryAxis | None = None) -> QChartView:
    view = QChartView(chart) if axis is None else BarChartView(chart, axis)
    view.setObjectName(name)
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setMinimumHeight(MIN_HEIGHT)
    return view


def bar_chart(name: str, title: str, categories: Sequence[str],
              series: Sequence[tuple[str, Sequence[float], QColor]], value_format: str = "%.0f") -> QChartView:
    """Grouped bars (one set per series), value axis from 0 with a little headroom."""
    chart = _chart(title)
    bars = QBarSeries()
    top = 1.0
    for label, values, colour in series:
        bar_set = QBarSet(label)
        bar_set.setColor(colour)
        bar_set.setBorderColor(colour)
        for v in values:
            bar_set.append(float(v))
            top = max(top, float(v))
        bars.append(bar_set)
    chart.addSeries(bars)
    x = QBarCategoryAxis()
    x.append(list(categories))
    small = QFont(x.labelsFont())
    small.setPointSizeF(7.5)
    x.setLabelsFont(small)
    x.setTruncateLabels(False)  # "Collectivités" must stay readable on a narrow chart
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    bars.attachAxis(x)
    y = QValueAxis()
    y.setRange(0, top * 1.15)
    y.setLabelFormat(value_format)
    y.applyNiceNumbers()
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(y)
    return _view(chart, name, x)


def money_line_chart(name: str, title: str, points: Sequence[tuple[dt.date, int]]) -> QChartView:
    """Amounts in cents over dates, drawn in thousands of euros on a month axis (say "k€" in `title`)."""
    chart = _chart(title)
    chart.legend().hide()
    line = QLineSeries()
    line.setColor(LINE)
    top = 1.0
    for day, cents in points:
        stamp = QDateTime(day.year, day.month, day.day, 12, 0, 0).toMSecsSinceEpoch()
        line.append(float(stamp), cents / 100_000)  # k€
        top = max(top, cents / 100_000)
    chart.addSeries(line)
    x = QDateTimeAxis()
    x.setFormat("MM/yy")
    x.setTickCount(5)
    if points:
        first, last = points[0][0], points[-1][0]
        x.setRange(QDateTime(first.year, first.month, first.day, 0, 0, 0),
                   QDateTime(last.year, last.month, last.day, 23, 0, 0))
    chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
    line.attachAxis(x)
    y = QValueAxis()
    y.setRange(0, top * 1.1)
    y.setLabelFormat("%.0f")  # the unit (k€) is in the title: printf formats mangle "€"
    y.applyNiceNumbers()
    chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
    line.attachAxis(y)
    return _view(chart, name)


def replace_chart(old: QWidget | None, new: QChartView) -> QChartView:
    """Put `new` where `old` sits in its layout (charts are rebuilt on refresh, not mutated).

    `new` takes `old`'s size and, for bars, the label angle that `old`'s plot area calls for,
    before it is laid out: a chart's layout measures every text through Qt's rich-text engine
    (tens of milliseconds), and each change of size or angle lays it out again."""
    if old is not None and old.parentWidget() is not None and old.parentWidget().layout() is not None:
        new.resize(old.size())
        if isinstance(new, BarChartView):
            # The old chart's plot area, or for the frame that held its place its width less the
            # value axis: a wrong guess costs only the second layout that fit_labels then asks.
            plot = old.chart().plotArea().width() if isinstance(old, QChartView) else 0
            new.fit_labels(plot if plot > 0 else max(old.width() - _VALUE_AXIS_ROOM, 1))
        layout = old.parentWidget().layout()
        layout.replaceWidget(old, new)
        old.setParent(None)
        old.deleteLater()
    return new
