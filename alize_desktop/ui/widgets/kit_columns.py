"""Columns that fit what they show and keep the width the operator gives them.

Qt's ResizeToContents and Stretch modes cannot be dragged, and a stretched text column (Objet,
Projet) was squeezed to « … » while figures kept generous widths. Here every column is
interactive: figures and short texts get their contents' width, the `stretch` columns share what is
left (at least their header), and a column the operator widens or narrows keeps that width in
QSettings, per list (the view's objectName), from one session to the next.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

_MAX_CONTENT = 260
_MIN_FLEXIBLE = 60  # a figure or short text column never takes more than this on its own


def settings_key(view: QTableView, column: int) -> str:
    return f"columns/{view.objectName()}/{column}"


class ColumnFitter(QObject):
    def __init__(self, view: QTableView, stretch: Sequence[int]):
        super().__init__(view)
        self.view, self.stretch = view, list(stretch)
        self._fitting = False
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(lambda *_: QTimer.singleShot(0, self, self.fit))  # self dies with the view
        self.fit()

    def saved(self, column: int) -> int | None:
        if not self.view.objectName():
            return None
        value = QSettings().value(settings_key(self.view, column))
        try:
            return int(value) if value is not None else None  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return None

    def _resized(self, column: int, _old: int, new: int) -> None:
        # Only a drag of the header's edge is the operator's choice; a page resizing its own columns is not.
        dragging = bool(QApplication.mouseButtons() & Qt.MouseButton.LeftButton)
        if dragging and not self._fitting and self.view.objectName():
            QSettings().setValue(settings_key(self.view, column), new)  # the operator's own width

    def content_width(self, column: int) -> int:
        header = self.view.horizontalHeader()
        return max(self.view.sizeHintForColumn(column), header.sectionSizeHint(column))

    def fit(self) -> None:
        view, header = self.view, self.view.horizontalHeader()
        count = header.count()
        if not count:
            return
        self._fitting = True
        try:
            widths: dict[int, int] = {}
            flexible: list[int] = []
            for c in range(count):
                mine = self.saved(c)
                if mine is not None:
                    widths[c] = mine
                elif c in self.stretch:
                    flexible.append(c)
                else:
                    widths[c] = min(self.content_width(c), _MAX_CONTENT)
            room = view.viewport().width() - sum(widths.values())
            if flexible:
                wanted = {c: self.content_width(c) for c in flexible}
                total = sum(wanted.values()) or 1
                for c in flexible:  # the whole room, shared as the contents ask; never a scroll bar for it
                    widths[c] = max(_MIN_FLEXIBLE, room * wanted[c] // total if room > 0 else 0)
            for c, w in widths.items():
                if header.sectionSize(c) != w:
                    header.resizeSection(c, w)
        finally:
            self._fitting = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            self.fit()
        return super().eventFilter(watched, event)
