"""The projects list model, built to stay fast with 10,000 projects.

Rows come from one query as frozen dataclasses. The source model sorts itself with Python's sort
(one key per row) instead of letting the proxy compare pairs of cells through Python calls; the
proxy only filters, from a per-row verdict computed in one pass when the criteria change.
Display texts are made lazily, for the rows the view actually paints.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractProxyModel, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from alize_desktop.formatting import date_long, date_short
from alize_desktop.models.enums import label
from alize_desktop.services.projects.companies import deadline_urgent
from alize_desktop.services.projects.projects import ProjectRow
from alize_desktop.ui.widgets.kit_text import fold, french_key
from alize_desktop.ui.widgets.table_model import ROW_ROLE, SORT_ROLE

Index = QModelIndex | QPersistentModelIndex
WARNING = "#b00020"
DISPLAY = Qt.ItemDataRole.DisplayRole
FOREGROUND = Qt.ItemDataRole.ForegroundRole
HANDLED_ROLES = frozenset({SORT_ROLE, ROW_ROLE, FOREGROUND, Qt.ItemDataRole.ToolTipRole})


def _jobs(r: ProjectRow) -> str:
    if r.jobs_planned_created is None and r.jobs_planned_maintained is None:
        return ""
    return f"{r.jobs_planned_created or 0} / {r.jobs_planned_maintained or 0}"


def status_text(r: ProjectRow) -> str:
    """The status as the list shows it; a scheduled project names its meeting instead
    (« Comité du 10/12/2026 », short enough for the column at 1366 pixels; see status_tip)."""
    if r.status == "scheduled" and r.meeting_on is not None:
        return f"Comité du {date_short(r.meeting_on)}"
    return label(r.status)


def status_tip(r: ProjectRow) -> str:
    """The status in words (the cell's tooltip): « Inscrit au comité du 10/12/2026 »."""
    if r.status == "scheduled" and r.meeting_on is not None:
        return f"Inscrit au comité du {date_short(r.meeting_on)}"
    return label(r.status)


def _status_key(r: ProjectRow) -> str:
    # By status label, then (scheduled projects) by meeting date: ISO dates sort as text.
    return f"{label(r.status)} {r.meeting_on.isoformat() if r.meeting_on else ''}"


@dataclasses.dataclass(frozen=True)
class ProjectColumn:
    title: str
    text: Callable[[ProjectRow], str]
    key: Callable[[ProjectRow], Any]
    header_tip: str | None = None
    width: int = 100  # wanted width (pixels) when the window leaves room for it
    min_width: int = 60  # narrowest it gives way to, so that the title keeps TITLE_MIN_WIDTH


COLUMNS = (
    ProjectColumn("N°", lambda r: r.id, lambda r: r.number, width=44, min_width=40),
    ProjectColumn("Projet", lambda r: r.title, lambda r: french_key(r.title), width=0, min_width=0),
    ProjectColumn("Entreprise", lambda r: r.company_name, lambda r: french_key(r.company_name), width=140, min_width=82),
    ProjectColumn("Type", lambda r: label(r.type), lambda r: label(r.type), width=108, min_width=62),
    ProjectColumn("Statut", status_text, _status_key, width=140, min_width=78),
    ProjectColumn("Reçu le", lambda r: date_short(r.received_on), lambda r: r.received_on, width=80, min_width=80),
    ProjectColumn("Prescripteur", lambda r: r.prescriber_name, lambda r: french_key(r.prescriber_name), width=108, min_width=64),
    ProjectColumn("Mandataire", lambda r: r.mandatary_name, lambda r: french_key(r.mandatary_name), width=108, min_width=64),
    ProjectColumn("Emplois", _jobs, lambda r: (r.jobs_planned_created or 0) + (r.jobs_planned_maintained or 0),
                  "Emplois prévus : créés / maintenus", width=76, min_width=50),
    ProjectColumn("Créance avant", lambda r: date_short(r.claim_deadline), lambda r: r.claim_deadline or dt.date.max,
                  "Procédure collective de l'entreprise : date limite de déclaration de la créance "
                  "(en rouge à 15 jours ou moins, ou dépassée)", width=96, min_width=80),
)
TITLE_COLUMN = 1
# The title is what tells projects apart: it never narrows below this, the other columns give way first.
TITLE_MIN_WIDTH = 190
STATUS_COLUMN = 4
RECEIVED_COLUMN = 5
DEADLINE_COLUMN = len(COLUMNS) - 1


def column_widths(available: int) -> list[int]:
    """The width of each column for a view `available` pixels wide.

    The other columns keep their wanted width and the title takes the rest while the title gets at
    least TITLE_MIN_WIDTH; in a narrower window they give way together (each in proportion to what it
    can give, never below its `min_width`), and only below the sum of the minimums does the list scroll.
    """
    others = [i for i in range(len(COLUMNS)) if i != TITLE_COLUMN]
    wanted = sum(COLUMNS[i].width for i in others)
    widths = [c.width for c in COLUMNS]
    missing = wanted + TITLE_MIN_WIDTH - available
    if missing > 0:
        slack = sum(COLUMNS[i].width - COLUMNS[i].min_width for i in others)
        ratio = min(1.0, missing / slack) if slack else 0.0
        for i in others:
            widths[i] = COLUMNS[i].width - int((COLUMNS[i].width - COLUMNS[i].min_width) * ratio + 0.999)
    widths[TITLE_COLUMN] = max(TITLE_MIN_WIDTH, available - sum(widths[i] for i in others))
    return widths


class ProjectTableModel(QAbstractTableModel):
    def __init__(self, parent: Any, today: Callable[[], dt.date]):
        super().__init__(parent)
        self.rows: list[ProjectRow] = []
        self.today = today
        self._texts: dict[tuple[int, int], str] = {}
        self._sort: tuple[int, Qt.SortOrder] | None = None
        # Bumped when the rows change: the proxy's search cache keys on it.
        self.data_version = 0

    @property
    def sorting(self) -> tuple[int, Qt.SortOrder] | None:
        """The column and order the rows are sorted by (None: as they came)."""
        return self._sort

    def set_rows(self, rows: list[ProjectRow], sorted_by: tuple[int, Qt.SortOrder] | None = None) -> None:
        """Show `rows`; `sorted_by` says how the caller sorted them already (sort_projects on the
        worker): when that is still the list's sort, the GUI thread does not sort them again."""
        self.beginResetModel()
        self.rows = list(rows)
        self._texts = {}
        self.data_version += 1
        if self._sort is not None and sorted_by != self._sort:
            self._sort_rows(*self._sort)
        self.endResetModel()

    def row_at(self, row: int) -> ProjectRow:
        return self.rows[row]

    def row_of(self, project_id: str) -> int:
        for i, r in enumerate(self.rows):
            if r.id == project_id:
                return i
        return -1

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section].title
        if role == Qt.ItemDataRole.ToolTipRole:  # the whole title too, as a narrow column cuts it
            return COLUMNS[section].header_tip or COLUMNS[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        return self.cell(index.row(), index.column(), role)

    def cell(self, r: int, c: int, role: int) -> Any:
        """data() without a QModelIndex: the proxy calls it straight, painting stays cheap."""
        if role == DISPLAY:
            text = self._texts.get((r, c))
            if text is None:
                text = self._texts[(r, c)] = COLUMNS[c].text(self.rows[r])
            return text
        if role not in HANDLED_ROLES:
            return None
        row = self.rows[r]
        if role == SORT_ROLE:
            value = COLUMNS[c].key(row)
            return value.isoformat() if isinstance(value, dt.date) else value
        if role == ROW_ROLE:
            return row
        if c != DEADLINE_COLUMN and role == FOREGROUND:
            return None
        if role == FOREGROUND:
            return QBrush(QColor(WARNING)) if deadline_urgent(row.claim_deadline, self.today()) else None
        if c == DEADLINE_COLUMN and row.claim_deadline is not None:
            state = "délai dépassé" if row.claim_deadline < self.today() else "échéance"
            return f"{label(row.insolvency_procedure)} : déclaration de créance, {state} le {date_long(row.claim_deadline)}"
        if c in (1, 2):
            return f"{row.title}\n{row.company_name}"
        if c == STATUS_COLUMN:
            return status_tip(row)
        # A narrow window cuts cells with « … »: the tooltip gives the whole text.
        return self.cell(r, c, DISPLAY) or None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows themselves (one Python key per row), keeping the view's selection."""
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        old = {id(row): i for i, row in enumerate(self.rows)}
        persistent = self.persistentIndexList()
        before = [(p, self.rows[p.row()] if 0 <= p.row() < len(self.rows) else None) for p in persistent]
        self._sort = (column, order)
        self._sort_rows(column, order)
        self._texts = {}
        new = {id(row): i for i, row in enumerate(self.rows)}
        for p, row in before:
            if row is not None and id(row) in old:
                self.changePersistentIndex(p, self.index(new[id(row)], p.column()))
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order: Qt.SortOrder) -> None:
        self.rows = sort_projects(self.rows, column, order)


def sort_projects(rows: list[ProjectRow], column: int, order: Qt.SortOrder) -> list[ProjectRow]:
    """`rows` sorted as the list shows them by `column` (pure Python: any thread)."""
    key = COLUMNS[column].key
    # The id breaks ties so that equal keys always come out in the same order.
    return sorted(rows, key=lambda r: (key(r), r.number), reverse=order == Qt.SortOrder.DescendingOrder)


@dataclasses.dataclass(frozen=True)
class ProjectFilter:
    statuses: frozenset[str] = frozenset()
    type: str | None = None
    year: int | None = None
    prescriber_id: str | None = None
    text: str = ""

    def active(self) -> bool:
        return bool(self.statuses or self.type or self.year or self.prescriber_id or self.text.strip())


def haystack(r: ProjectRow) -> str:
    """What the free-text search looks into."""
    return fold(" ".join((r.id, r.title, r.company_name, r.company_siret or "", r.prescriber_name,
                          r.mandatary_name, label(r.type), label(r.status), status_tip(r))))


class ProjectFilterProxy(QAbstractProxyModel):
    """Filters by status, type, year received, prescriber and free text; sorting is the source's.

    A QSortFilterProxyModel would ask a Python `filterAcceptsRow` once per source row on every
    keystroke (about 4 µs each through the binding): 10,000 projects then cost too much. This proxy
    computes the visible rows in one Python pass and announces a layout change, which keeps the
    view's selection on the projects still shown.
    """

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.criteria = ProjectFilter()
        self._visible: list[int] = []  # proxy row → source row
        self._position: dict[int, int] = {}  # source row → proxy row
        self._haystacks: dict[str, str] = {}
        self._haystacks_for = -1
        self._kept_ids: list[tuple[QPersistentModelIndex, str | None]] = []
        self._model: ProjectTableModel  # set by setSourceModel, before any use

    # source ------------------------------------------------------------------------------------
    def setSourceModel(self, model: ProjectTableModel) -> None:  # type: ignore[override]  # noqa: N802 - Qt API
        self.beginResetModel()
        super().setSourceModel(model)
        self._model = model  # a Python reference: sourceModel() costs a binding call each time
        model.modelAboutToBeReset.connect(self.beginResetModel)
        model.modelReset.connect(self._source_reset)
        model.layoutAboutToBeChanged.connect(self._source_layout_about)
        model.layoutChanged.connect(self._source_layout_changed)
        self._compute()
        self.endResetModel()

    def source(self) -> ProjectTableModel:
        return self._model

    def _source_reset(self) -> None:
        self._compute()
        self.endResetModel()

    def _source_layout_about(self) -> None:
        self.layoutAboutToBeChanged.emit()
        # The source re-sorts: remember each persistent row (the selection) by its project.
        rows = self.source().rows
        self._kept_ids = [(p, rows[self._visible[p.row()]].id if 0 <= p.row() < len(self._visible) else None)
                          for p in self.persistentIndexList()]

    def _source_layout_changed(self) -> None:
        self._compute()
        if self._kept_ids:
            where = {r.id: i for i, r in enumerate(self.source().rows)}
            for p, pid in self._kept_ids:
                row = self._position.get(where.get(pid or "", -1), -1)
                self.changePersistentIndex(p, self.index(row, p.column()) if row >= 0 else QModelIndex())
        self._kept_ids = []
        self.layoutChanged.emit()

    # filtering ---------------------------------------------------------------------------------
    def set_filter(self, criteria: ProjectFilter) -> None:
        """Show only the projects matching `criteria`; the selection stays on those still shown."""
        self.layoutAboutToBeChanged.emit()
        kept = [(p, self._visible[p.row()] if 0 <= p.row() < len(self._visible) else -1)
                for p in self.persistentIndexList()]
        self.criteria = criteria
        self._compute()
        for p, src in kept:
            row = self._position.get(src, -1)
            self.changePersistentIndex(p, self.index(row, p.column()) if row >= 0 else QModelIndex())
        self.layoutChanged.emit()

    def _compute(self) -> None:
        model = self.source()
        rows = model.rows
        f = self.criteria
        needles = fold(f.text).split()
        # The folded text of every row is made at the first search, not at each reading of the rows
        # (10,000 projects fold in a third of a second that a list shown without search never needs).
        if needles and self._haystacks_for != model.data_version:
            self._haystacks = {r.id: haystack(r) for r in rows}
            self._haystacks_for = model.data_version
        hays = self._haystacks
        visible = []
        for i, r in enumerate(rows):
            if f.statuses and r.status not in f.statuses:
                continue
            if f.type and r.type != f.type:
                continue
            if f.year and r.received_on.year != f.year:
                continue
            if f.prescriber_id and r.prescriber_id != f.prescriber_id:
                continue
            if needles:
                hay = hays[r.id]
                if not all(n in hay for n in needles):
                    continue
            visible.append(i)
        self._visible = visible
        self._position = {src: row for row, src in enumerate(visible)}

    # the proxy's model API ---------------------------------------------------------------------
    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)

    def row_at(self, row: int) -> ProjectRow:
        return self.source().rows[self._visible[row]]

    def proxy_row_of(self, project_id: str) -> int:
        return self._position.get(self.source().row_of(project_id), -1)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008 - Qt API
        if parent.isValid() or not (0 <= row < len(self._visible) and 0 <= column < len(COLUMNS)):
            return QModelIndex()
        return self.createIndex(row, column)

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        return QModelIndex()

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:  # noqa: N802, B008 - Qt API
        return not parent.isValid() and bool(self._visible)

    def mapToSource(self, proxy_index: Index) -> QModelIndex:  # noqa: N802 - Qt API
        if not proxy_index.isValid() or not 0 <= proxy_index.row() < len(self._visible):
            return QModelIndex()
        return self.source().index(self._visible[proxy_index.row()], proxy_index.column())

    def mapFromSource(self, source_index: Index) -> QModelIndex:  # noqa: N802 - Qt API
        if not source_index.isValid():
            return QModelIndex()
        row = self._position.get(source_index.row(), -1)
        return self.createIndex(row, source_index.column()) if row >= 0 else QModelIndex()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row = index.row()
        if not 0 <= row < len(self._visible) or not index.isValid():
            return None
        return self._model.cell(self._visible[row], index.column(), role)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            return self.source().headerData(section, orientation, role)
        return None
