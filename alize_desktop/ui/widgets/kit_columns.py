"""Columns that fit what they show and keep the width the operator gives them.

Qt's ResizeToContents and Stretch modes cannot be dragged, and a stretched text column (Objet,
Projet, Description) was squeezed to « … » while figures kept generous widths. Here every column is
interactive and sized in this order:

- every column gets its contents' width (figures, dates, codes whole; a very long text column that
  is not a `stretch` one stops at _MAX_CONTENT); when that fits, the width left goes to the `stretch`
  (text) columns;
- when it does not fit, nothing keeps more than its contents: a remembered width wider than the
  contents gives way, then the figure columns' titles fold onto two lines (or are cut, whole in
  their tooltip) down to the width of their figures, then the text columns share what is left, the
  shortest whole first (never a long text at 60 px beside a short one at full width);
- a column the operator widens or narrows keeps that width in QSettings, per list (the view's
  objectName), from one session to the next, as long as it squeezes no text column that the
  room could show whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QSettings, QSortFilterProxyModel, Qt, QTimer
from PySide6.QtWidgets import QApplication, QHeaderView, QTableView

from alize_desktop.ui.widgets.table_model import RowTableModel, fold_title

_MAX_CONTENT = 260
_MIN_FLEXIBLE = 60  # a text column squeezed by a narrow window keeps at least this
_MIN_FIGURE = 48  # a figure column's folded title never goes below this


def settings_key(view: QTableView, column: int) -> str:
    return f"columns/{view.objectName()}/{column}"


def share_room(wanted: dict[int, int], room: int, floor: int = _MIN_FLEXIBLE) -> dict[int, int]:
    """`room` shared by columns wanting `wanted`: the shortest get their whole width first, the
    others an equal share of what remains (at least `floor`)."""
    out: dict[int, int] = {}
    left = dict(wanted)
    while left:
        share = max(room, 0) // len(left)
        whole = [c for c, w in left.items() if w <= share]
        if not whole:
            out.update({c: max(floor, share) for c in left})
            break
        for c in whole:
            out[c] = left.pop(c)
            room -= out[c]
    return out


class ColumnFitter(QObject):
    _pending = False  # rows changed while the list was hidden: measured when it shows

    def __init__(self, view: QTableView, stretch: Sequence[int]):
        super().__init__(view)
        self.view, self.stretch = view, list(stretch)
        self.min_text = _MIN_FLEXIBLE  # narrowest a text column is squeezed to (a grid of names may ask more)
        self._fitting = False
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.sectionResized.connect(self._resized)
        view.viewport().installEventFilter(self)
        model = view.model()
        # Measuring a column asks every shown row for its text: done once per change of the rows,
        # not at each of the dozens of resizes a page goes through while it is laid out.
        self._cells: dict[int, int] = {}
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._rows_changed)
        model.dataChanged.connect(lambda *_: self._cells.clear())
        self.fit()

    def _rows_changed(self, *_args: object) -> None:
        self._cells.clear()
        QTimer.singleShot(0, self, self.fit)  # self dies with the view

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
        return max(self.cells_width(column), self.title_width(column))

    def cells_width(self, column: int) -> int:
        width = self._cells.get(column)
        if width is None:
            width = self._cells[column] = self.measure_cells(column)
        return width

    def measure_cells(self, column: int) -> int:
        """The column's cells' width, as QTableView.sizeHintForColumn gives it, over the same rows
        (the header's resizeContentsPrecision: 1000). Qt asks the delegate of every one of those
        rows, and the delegate asks the model for six roles each: 6 000 calls into Python per
        column of a long list (130 ms of frozen window for the Conventions page). A RowTableModel's
        cells share one font, no icon and no check box: their widest text is found by measuring
        each distinct text once, and only its row is asked of Qt."""
        view = self.view
        model = view.model()
        source = model.sourceModel() if isinstance(model, QSortFilterProxyModel) else model
        count = model.rowCount()
        if not isinstance(source, RowTableModel) or not count:
            return view.sizeHintForColumn(column)
        precision = view.horizontalHeader().resizeContentsPrecision()
        rows = count if precision < 0 else min(count, max(precision, 1))
        metrics = view.fontMetrics()
        widths: dict[str, int] = {}
        widest, widest_row = -1, 0
        for row in range(rows):
            source_row = row if source is model else model.mapToSource(model.index(row, column)).row()
            text = source.text_at(source_row, column)
            width = widths.get(text)
            if width is None:
                width = widths[text] = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
            if width > widest:
                widest, widest_row = width, row
        hint = view.sizeHintForIndex(model.index(widest_row, column)).width()
        return hint + 1 if view.showGrid() else hint  # sizeHintForColumn counts the grid line

    def title_width(self, column: int, folded: bool = False) -> int:
        header = self.view.horizontalHeader()
        shown = str(self.view.model().headerData(column, Qt.Orientation.Horizontal) or "")
        title = shown.replace("\n", " ")
        metrics = header.fontMetrics()
        # What the style adds around the text (margins, sort arrow), measured on the title as shown now.
        padding = header.sectionSizeHint(column) - max(metrics.horizontalAdvance(line) for line in shown.split("\n"))
        lines = fold_title(title).split("\n") if folded else [title]
        return max(metrics.horizontalAdvance(line) for line in lines) + max(padding, 0)

    def is_figure(self, column: int) -> bool:
        model = self.view.model()
        if not model.rowCount():
            return False
        align = model.index(0, column).data(Qt.ItemDataRole.TextAlignmentRole)
        return align is not None and bool(int(align) & int(Qt.AlignmentFlag.AlignRight))

    def _fold_titles(self, columns: set[int]) -> None:
        """Figure titles on two lines (RowTableModel lists only; elsewhere they are cut with « … »)."""
        model = self.view.model()
        source = model.sourceModel() if hasattr(model, "sourceModel") else model
        if hasattr(source, "set_folded_titles"):
            source.set_folded_titles(columns)
            # Qt elides a header's text as one line: a folded title ("Restant\ndû") would be cut though
            # both its lines fit. Folded columns are sized to their lines, so no cutting while folded.
            self.view.horizontalHeader().setTextElideMode(
                Qt.TextElideMode.ElideNone if columns else Qt.TextElideMode.ElideRight)

    def fit(self) -> None:
        view, header = self.view, self.view.horizontalHeader()
        count = header.count()
        if not count:
            return
        if not view.isVisible():  # a list on a tab not shown: measured when it shows (its Show event)
            self._pending = True
            return
        self._pending = False
        self._fitting = True
        try:
            folded: set[int] = set()
            shown = [c for c in range(count) if not header.isSectionHidden(c)]
            content = {c: self.content_width(c) for c in shown}
            saved = {c: w for c in shown if (w := self.saved(c)) is not None}
            flexible = [c for c in shown if c in self.stretch]
            fixed = [c for c in shown if c not in self.stretch]
            widths = {c: saved.get(c, min(content[c], _MAX_CONTENT)) for c in fixed}
            wanted = {c: max(saved.get(c, 0), content[c]) for c in flexible}
            room = view.viewport().width() - sum(widths.values())
            if room >= sum(wanted.values()):
                spare = room - sum(wanted.values())
                # The width left goes to the text columns the operator did not size, as much as each shows.
                takers = [c for c in flexible if c not in saved] or flexible
                # A list whose columns are all flexible (a small table of figures) spreads it evenly.
                share = {c: 1 if len(flexible) == len(shown) else content[c] for c in takers}
                total = sum(share.values()) or 1
                for c in flexible:
                    widths[c] = wanted[c] + (spare * share[c] // total if c in takers else 0)
            else:
                widths, folded = self._short(content, saved, fixed, flexible, widths)
            self._fold_titles(folded)
            for c, w in widths.items():
                if header.sectionSize(c) != w:
                    header.resizeSection(c, w)
        finally:
            self._fitting = False

    def _short(self, content: dict[int, int], saved: dict[int, int], fixed: list[int], flexible: list[int],
               widths: dict[int, int]) -> tuple[dict[int, int], set[int]]:
        """Widths when the text columns cannot all be whole: nothing keeps more than its contents."""
        if not self.view.model().rowCount():  # nothing to show yet: the remembered widths stand
            widths.update({c: saved.get(c, content[c]) for c in flexible})
            return widths, set()
        widths = {c: min(w, content[c]) for c, w in widths.items()}  # remembered widths give way first
        wanted = {c: min(saved.get(c, content[c]), content[c]) for c in flexible}
        deficit = sum(wanted.values()) - (self.view.viewport().width() - sum(widths.values()))
        folded: set[int] = set()
        for c in sorted((c for c in fixed if self.is_figure(c)), key=lambda c: widths[c], reverse=True):
            if deficit <= 0:
                break
            narrow = max(self.cells_width(c), self.title_width(c, folded=True), _MIN_FIGURE)
            if narrow < widths[c]:
                give = min(widths[c] - narrow, deficit)
                widths[c] -= give
                deficit -= give
                folded.add(c)
        room = self.view.viewport().width() - sum(widths.values())
        mine = {c: wanted[c] for c in flexible if c in saved}  # the operator's own width for a text column
        room -= sum(mine.values())
        widths.update(mine)
        widths.update(share_room({c: wanted[c] for c in flexible if c not in saved}, room,
                                 min(self.min_text, max(wanted.values(), default=0))))
        return widths, folded

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if not self.__dict__:  # torn down (its attributes cleared) while Qt still sends it events
            return False
        if event.type() == QEvent.Type.Resize or event.type() == QEvent.Type.Show and self._pending:
            self.fit()
        return super().eventFilter(watched, event)
