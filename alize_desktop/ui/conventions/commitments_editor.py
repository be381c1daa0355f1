"""Commitments of one convention: partner × year × nature, with totals per partner, per kind and per
year, the resource profile against 40/20/25/15 % and the means against the reference budget."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import integer, money, percent
from alize_desktop.models.enums import COMMITMENT_NATURES, label
from alize_desktop.services.conventions import conventions as svc
from alize_desktop.services.uow import Changes
from alize_desktop.ui.conventions.commitment_dialog import CommitmentDialog
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_messages import confirmed
from alize_desktop.ui.widgets.kit_tables import current_row, row_table, select_record, stretch_columns
from alize_desktop.ui.widgets.kit_text import french_key
from alize_desktop.ui.widgets.kit_undo import apply_undoable
from alize_desktop.ui.widgets.kit_widgets import button, row_shortcuts, shortcut
from alize_desktop.ui.widgets.read_only import writes
from alize_desktop.ui.widgets.table_model import ROW_ROLE, Column

COLUMNS = [
    Column("Partenaire", lambda r: r.partner_name,
           tooltip=lambda r: f"{label(r.partner_kind)}\n{r.description or ''}".strip()),
    Column("Année", lambda r: str(r.year), sort=lambda r: r.year, align_right=True),
    Column("Nature", lambda r: label(r.nature), sort=lambda r: COMMITMENT_NATURES.index(r.nature)),
    Column("Montant", lambda r: money(r.amount_cents), sort=lambda r: r.amount_cents, align_right=True),
    Column("Jours", lambda r: integer(r.days) if r.days else "", sort=lambda r: r.days or 0, align_right=True),
    Column("Description", lambda r: r.description or ""),
]
NAME_WIDTH = 210
YEAR_HEADERS = ["Année 1", "Année 2", "Année 3", "Total"]
SHORT_YEARS = ["An 1", "An 2", "An 3", "Total"]


def _item(text: str, right: bool = False, bold: bool = False) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


def _fill(table: QTableWidget, headers: list[str], rows: list[list[str]], bold_last: bool = True) -> None:
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.setItem(r, c, _item(text, right=c > 0, bold=bold_last and r == len(rows) - 1))
    # Figures whole, the names take the width left (kit_columns.ColumnFitter, refitted on each reset).
    table._column_fitter.fit()  # type: ignore[attr-defined]


def _grid() -> QTableWidget:
    table = QTableWidget()
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 10)  # as the lists beside
    table.setTabKeyNavigation(False)
    table.setWordWrap(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    stretch_columns(table, 0)
    table._column_fitter.min_text = 150  # type: ignore[attr-defined]  # a partner's name stays readable; the figures scroll
    return table


class CommitmentsEditor(QWidget):
    def __init__(self, ctx: AppContext, when_loaded: Callable[[Callable[[], None]], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.when_loaded = when_loaded  # the page's: after a write, the page reloads through the bus
        self.convention: svc.ConventionRow | None = None
        self.rows: list[svc.CommitmentRow] = []
        self.totals: svc.Totals | None = None
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._list_side())
        splitter.addWidget(self._totals_side())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        outer.addWidget(splitter)

    # -- building ------------------------------------------------------------------------------

    def _list_side(self) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("commitments_search")
        self.search.setPlaceholderText("Rechercher un partenaire, une description…")
        self.search.setClearButtonEnabled(True)
        self.year_filter = QComboBox()
        self.year_filter.addItem("Toutes les années", None)
        for year in svc.YEARS:
            self.year_filter.addItem(f"Année {year}", year)
        self.nature_filter = QComboBox()
        self.nature_filter.addItem("Toutes natures", None)
        for code in COMMITMENT_NATURES:
            self.nature_filter.addItem(label(code), code)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.year_filter)
        filters.addWidget(self.nature_filter)
        lay.addLayout(filters)
        # Partner and Description share the width the figures leave (the shorter one whole first).
        listing = row_table(COLUMNS, "commitments_table", parent=self, record_list=True, stretch=(0, 5),
                            sort=(0, Qt.SortOrder.AscendingOrder))
        self.model, self.proxy, self.table = listing.model, listing.proxy, listing.view
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        lay.addWidget(self.table, 1)
        for w in (self.year_filter, self.nature_filter):
            w.currentIndexChanged.connect(self._apply_filters)
        self.search.textChanged.connect(self._apply_filters)
        buttons = QHBoxLayout()
        self.count_label = QLabel()
        self.count_label.setObjectName("commitments_count")
        buttons.addWidget(self.count_label, 1)
        self.add_button = writes(button("Ajouter…", "Ajouter un engagement de partenariat (Inser)", self.add,
                                 "add_commitment", buttons))
        self.edit_button = writes(button("Modifier…", "Modifier l'engagement choisi (Entrée)", self.edit,
                                  "edit_commitment", buttons))
        self.delete_button = writes(button("Supprimer", "Supprimer l'engagement choisi (Suppr)", self.delete,
                                    "delete_commitment", buttons))
        lay.addLayout(buttons)
        writes(shortcut(self.table, "Ins", self.add, context=Qt.ShortcutContext.WidgetShortcut))
        row_shortcuts(self.table, self.edit, self.delete)
        return box

    def _totals_side(self) -> QTabWidget:
        self.tabs = QTabWidget()
        self.tabs.setObjectName("totals_tabs")
        self.partner_totals = _grid()
        self.partner_totals.setObjectName("partner_totals")
        self.tabs.addTab(self.partner_totals, "Par partenaire")
        kinds = QWidget()
        kl = QVBoxLayout(kinds)
        self.kind_totals = _grid()
        self.kind_totals.setObjectName("kind_totals")
        self.nature_totals = _grid()
        self.nature_totals.setObjectName("nature_totals")
        kl.addWidget(QLabel("Par type de partenaire et par année"))
        kl.addWidget(self.kind_totals, 3)
        kl.addWidget(QLabel("Par nature et par année"))
        kl.addWidget(self.nature_totals, 2)
        self.tabs.addTab(kinds, "Par type")
        profile = QWidget()
        pl = QVBoxLayout(profile)
        self.means_label = QLabel()
        self.means_label.setObjectName("means_label")
        self.means_label.setWordWrap(True)
        pl.addWidget(self.means_label)
        self.profile_chart = QChartView()
        self.profile_chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.means_chart = QChartView()
        self.means_chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        pl.addWidget(self.profile_chart, 1)
        pl.addWidget(self.means_chart, 1)
        self.tabs.addTab(profile, "Profil et moyens")
        return self.tabs

    # -- reading -------------------------------------------------------------------------------

    def set_convention(self, convention: svc.ConventionRow | None, rows: Sequence[svc.CommitmentRow] = (),
                       budget_target_cents: int = 0) -> None:
        """Show `convention`'s commitments, `rows`, read by the page's load (nothing is read here);
        the commitment selected stays selected when it is still there."""
        rows = list(rows) if convention else []
        budget = budget_target_cents if convention else 0
        if self.totals is not None and (convention, rows, budget) == (self.convention, self.rows,
                                                                     self.totals.budget_target_cents):
            return  # a reload after a change elsewhere (a project signed): nothing here to repaint
        current = self.current()
        self.convention = convention
        self.rows = rows
        self.model.set_rows(self.rows)
        self.totals = svc.commitment_totals(self.rows, budget)
        self._apply_filters()
        self._show_totals(self.totals)
        if current is not None:
            self.select(current.id)
        self.setEnabled(self.convention is not None)

    def _apply_filters(self, *_: object) -> None:
        year, nature, text = self.year_filter.currentData(), self.nature_filter.currentData(), self.search.text()
        self.proxy.set_predicate(lambda r: (year is None or r.year == year) and (nature is None or r.nature == nature))
        self.proxy.set_search(text, lambda r: f"{r.partner_name} {r.description or ''} {label(r.partner_kind)}")
        shown = [self.proxy.index(i, 0).data(ROW_ROLE) for i in range(self.proxy.rowCount())]
        self.count_label.setText(f"{len(shown)} engagement{'s' if len(shown) > 1 else ''} — "
                                 f"{money(sum(r.amount_cents for r in shown))}")
        self._update_buttons()

    def _show_totals(self, t: svc.Totals) -> None:
        partners: dict[str, tuple[str, str]] = {r.partner_id: (r.partner_name, r.partner_kind) for r in self.rows}
        order = sorted(partners, key=lambda pid: (svc.PROFILE_KINDS.index(partners[pid][1])
                                                  if partners[pid][1] in svc.PROFILE_KINDS else 9,
                                                  french_key(partners[pid][0])))
        rows = [[partners[pid][0],
                 *[money(t.by_partner_year.get((pid, y), 0)) for y in svc.YEARS], money(t.by_partner[pid]),
                 integer(t.days_by_partner.get(pid, 0))] for pid in order]
        rows.append(["Total", *[money(t.by_year[y]) for y in svc.YEARS], money(t.grand_cents),
                     integer(sum(t.days_by_year.values()))])
        _fill(self.partner_totals, ["Partenaire", *SHORT_YEARS, "Jours"], rows)
        kinds = [k for k in (*svc.PROFILE_KINDS, *sorted(set(t.by_kind) - set(svc.PROFILE_KINDS))) if k]
        krows = [[label(k), *[money(t.by_kind_year.get((k, y), 0)) for y in svc.YEARS], money(t.by_kind.get(k, 0)),
                  percent(t.profile.get(k)) if k in svc.PROFILE_KINDS else "hors profil",
                  percent(svc.RESOURCE_PROFILE.get(k), 0) if k in svc.PROFILE_KINDS else ""] for k in kinds]
        krows.append(["Total", *[money(t.by_year[y]) for y in svc.YEARS], money(t.grand_cents), "", ""])
        _fill(self.kind_totals, ["Type", *SHORT_YEARS, "Part", "Cible"], krows)
        by_nature_year = {(r.nature, r.year): 0 for r in self.rows}
        for r in self.rows:
            by_nature_year[(r.nature, r.year)] += r.amount_cents
        nrows = [[label(n), *[money(by_nature_year.get((n, y), 0)) for y in svc.YEARS], money(t.by_nature[n])]
                 for n in COMMITMENT_NATURES]
        nrows.append(["Total", *[money(t.by_year[y]) for y in svc.YEARS], money(t.grand_cents)])
        _fill(self.nature_totals, ["Nature", *SHORT_YEARS], nrows)
        gap = t.grand_cents - t.budget_target_cents
        self.means_label.setText(
            f"Moyens engagés : {money(t.grand_cents)} sur {money(t.budget_target_cents)} de référence "
            f"({percent(t.budget_share)}) — "
            + (f"il manque {money(-gap)}." if gap < 0 else f"dépassement de {money(gap)}." if gap else "objectif atteint."))
        self._charts(t)

    def _charts(self, t: svc.Totals) -> None:
        chart = QChart()
        chart.setTitle("Profil des ressources : engagé et cible (%)")
        done, target = QBarSet("Engagé"), QBarSet("Cible")
        target.setColor(QColor("#b0b7c3"))
        for k in svc.PROFILE_KINDS:
            done.append(round(t.profile[k] * 100, 1))
            target.append(svc.RESOURCE_PROFILE[k] * 100)
        self._bars(chart, [done, target], ["Entreprises", "Acteurs", "Collectivités", "État, CDC"])
        self.profile_chart.setChart(chart)
        means = QChart()
        means.setTitle("Moyens engagés et référence (milliers d'euros)")
        engaged, reference = QBarSet("Engagé"), QBarSet("Référence")
        reference.setColor(QColor("#b0b7c3"))
        for y in svc.YEARS:
            engaged.append(t.by_year[y] / 100_000)
            reference.append(t.budget_target_cents / 3 / 100_000)
        engaged.append(t.grand_cents / 100_000)
        reference.append(t.budget_target_cents / 100_000)
        self._bars(means, [engaged, reference], YEAR_HEADERS)
        self.means_chart.setChart(means)

    @staticmethod
    def _bars(chart: QChart, sets: list[QBarSet], categories: list[str]) -> None:
        series = QBarSeries()
        for s in sets:
            series.append(s)
        chart.addSeries(series)
        x = QBarCategoryAxis()
        x.append(categories)
        font = x.labelsFont()
        font.setPointSizeF(font.pointSizeF() * 0.85)
        x.setLabelsFont(font)
        y = QValueAxis()
        y.setLabelFormat("%.0f")  # the unit is in the title: Qt mangles non-ASCII in this printf format
        top = max([s.at(i) for s in sets for i in range(s.count())] + [1.0])
        y.setRange(0, top * 1.1)
        y.setTickCount(3)
        y.applyNiceNumbers()
        chart.addAxis(x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(x)
        series.attachAxis(y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)

    def current(self) -> svc.CommitmentRow | None:
        return current_row(self.table)  # type: ignore[no-any-return]

    def select(self, commitment_id: str) -> None:
        select_record(self.table, commitment_id)

    def _update_buttons(self) -> None:
        selected = self.current() is not None
        self.edit_button.setEnabled(selected)
        self.delete_button.setEnabled(selected)

    # -- actions -------------------------------------------------------------------------------

    def add(self) -> None:
        if self.convention is None:
            return
        current = self.current()
        dialog = CommitmentDialog(self.ctx, self.convention, None, self, current.partner_id if current else None)
        if dialog.exec() and dialog.saved_id:
            saved = dialog.saved_id
            self.when_loaded(lambda: self.select(saved))  # once the page's reload holds it

    def edit(self) -> None:
        current = self.current()
        if self.convention is not None and current is not None:
            CommitmentDialog(self.ctx, self.convention, current, self).exec()

    def delete(self) -> None:
        k = self.current()
        if k is None:
            return
        question = (f"Supprimer l'engagement {label(k.nature).lower()} de « {k.partner_name} » "
                    f"pour l'année {k.year} ({money(k.amount_cents)}) ?")
        if not confirmed(self, "Supprimer l'engagement", question):
            return
        engine, values, kid = self.ctx.engine, k.values(), k.id
        apply_undoable(self, self.ctx, "suppression d'un engagement", lambda: svc.delete_commitment(engine, kid),
                       lambda: svc.create_commitment(engine, values, kid), Changes(conventions=True), "Engagements")
