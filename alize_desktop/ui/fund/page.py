"""Fonds: the operator's two accounts and the revolving advance fund.

A strip of figures as of a date (the balances, what is overdue), then four tabs: the advances
and their schedules, the arrears and insolvency deadlines, the ledger of movements, and a
synthesis (critical size, loss rates, forecast for the next comité).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from alize_desktop.formatting import money
from alize_desktop.services.fund.views import FundView, fund_view
from alize_desktop.services.uow import Changes
from alize_desktop.ui.fund.advances import AdvancesPanel
from alize_desktop.ui.fund.arrears import ArrearsPanel
from alize_desktop.ui.fund.movements import MovementsPanel, footer_text
from alize_desktop.ui.fund.summary import SummaryPanel
from alize_desktop.ui.pages.base import Page, heading, note
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.forms import as_of_edit, get_date
from alize_desktop.ui.widgets.kit_widgets import WARN
from alize_desktop.ui.widgets.row_model import order_rows


class FundPage(Page):
    key = "fund"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.forecast_until: dt.date | None = None
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(heading("Fonds"))
        top.addStretch()
        as_of_label = QLabel("Situat&ion au :")
        top.addWidget(as_of_label)
        self.as_of = as_of_edit(ctx.clock.today())
        as_of_label.setBuddy(self.as_of)
        self.as_of.setObjectName("as_of")
        # One way back to today: the field's own « Auj. » button (a second « Aujourd'hui » beside it
        # said the same thing twice on a 1366×768 screen).
        self.as_of.setToolTip("Les soldes, impayés et retards sont calculés à cette date (« Auj. » : la situation du jour)")
        top.addWidget(self.as_of)
        lay.addLayout(top)
        self.strip = QLabel()
        self.strip.setObjectName("balances")
        self.strip.setStyleSheet("font-size: 11pt; padding: 4px 0;")
        lay.addWidget(self.strip)
        self.empty = note("Cette base ne contient pas encore de bassin : importez-en un pour tenir ses comptes.")
        lay.addWidget(self.empty)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("fund_tabs")
        self.advances = AdvancesPanel(ctx)
        self.arrears = ArrearsPanel()
        self.movements = MovementsPanel(ctx)
        self.summary = SummaryPanel()
        self.tabs.addTab(self.advances, "Avances et échéanciers")
        self.tabs.addTab(self.arrears, "Impayés et procédures")
        self.tabs.addTab(self.movements, "Mouvements des comptes")
        self.tabs.addTab(self.summary, "Synthèse et prévision")
        lay.addWidget(self.tabs, 1)
        self.view = None
        self._asked: dict[int, object] = {}
        self.as_of.dateChanged.connect(lambda *_: self.reload())
        self.summary.forecast_until_changed.connect(self._forecast_until)
        self.advances.open_project.connect(lambda pid: self.navigate.emit("projects", pid))
        self.arrears.open_advance.connect(self.show_record)

    def concerns(self, changes: Changes) -> bool:
        return changes.fund or changes.projects or changes.partners or changes.meetings or changes.basin

    def _forecast_until(self, until: dt.date | None) -> None:
        self.forecast_until = until
        self.reload()

    def loader(self) -> Callable[[], tuple[FundView | None, list[int] | None, list[int] | None, str | None]]:
        as_of = get_date(self.as_of) or self.ctx.clock.today()
        engine, until = self.ctx.engine, self.forecast_until
        lists = [(panel.table.model.columns, panel.table.model.ordering()) for panel in (self.advances, self.movements)]
        self._asked = {id(self.advances): lists[0][1], id(self.movements): lists[1][1]}

        def work() -> tuple[FundView | None, list[int] | None, list[int] | None, str | None]:
            view = fund_view(engine, as_of, until)
            if view is None:
                return None, None, None, None
            # The lists' filter and sort, applied here on the worker: the GUI thread only swaps lists.
            (adv_cols, adv_how), (mov_cols, mov_how) = lists
            movements = order_rows(view.movements, mov_cols, mov_how)
            return (view, order_rows(view.advances, adv_cols, adv_how), movements,
                    footer_text(view.movements, movements))

        return work

    def show_loaded(self, data: tuple[FundView | None, list[int] | None, list[int] | None, str | None]) -> None:
        view, advances_order, movements_order, footer = data
        self.view = view
        self.empty.setVisible(view is None)
        self.tabs.setVisible(view is not None)
        self.strip.setVisible(view is not None)
        if view is None:
            return
        overdue = view.totals["overdue"]
        self.strip.setText(
            f"Fonds d'avances : <b>{money(view.advances_balance_cents)}</b> &nbsp;·&nbsp; "
            f"Fonctionnement : <b>{money(view.operating_balance_cents)}</b> &nbsp;·&nbsp; "
            f"Restant dû : <b>{money(view.totals['outstanding'])}</b> &nbsp;·&nbsp; "
            f"Impayés : <b style='color:{WARN if overdue else 'inherit'}'>{money(overdue)}</b>")
        self.advances.set_view(view, self._still(self.advances, advances_order))
        self.movements.set_view(view, self._still(self.movements, movements_order), footer)
        for panel in (self.arrears, self.summary):
            panel.set_view(view)

    def _still(self, panel: QWidget, order: list[int] | None) -> list[int] | None:
        """The order computed by the load, unless the operator changed the list's filter or sort
        while it ran (then the panel orders the rows itself)."""
        return order if order is not None and panel.table.model.ordering() == self._asked.get(id(panel)) else None

    def show_record(self, record_id: str) -> None:
        """An advance (e…) or a project (pr…): open its schedule; a movement id: show it in the ledger."""
        self.when_fresh(lambda: self._select(record_id))

    def _select(self, record_id: str) -> None:
        if self.advances.select(record_id):
            self.tabs.setCurrentWidget(self.advances)
        elif self.movements.table.select(lambda r: r.id == record_id):
            self.tabs.setCurrentWidget(self.movements)
