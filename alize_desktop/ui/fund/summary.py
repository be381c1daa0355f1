"""Fonds › Synthèse: account balances, the fund against its critical size, loss rates against
the benchmark (overall and per approval-year cohort), and the revolving forecast."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from alize_desktop.formatting import date_long, date_short, integer, money, percent
from alize_desktop.services.fund.views import CRITICAL_SIZE_CENTS, FundView
from alize_desktop.ui.widgets.forms import date_edit, get_date, set_date
from alize_desktop.ui.widgets.kit_tables import UNSORTED, money_col, row_table
from alize_desktop.ui.widgets.kit_widgets import GOOD, WARN, FigureGrid
from alize_desktop.ui.widgets.table_model import Column


def _rate_colour(rate: float, benchmark: float) -> str:
    return WARN if rate > benchmark else GOOD


class SummaryPanel(QWidget):
    forecast_until_changed = Signal(object)  # dt.date | None (None: the next comité)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.benchmark = 0.06
        grid = QGridLayout(self)
        self.accounts_box = QGroupBox("Comptes")
        self.accounts = FigureGrid()
        for key, title in (("advances", "Fonds d'avances"), ("operating", "Fonctionnement"),
                           ("reimbursed", "Défraiement de l'opérateur"), ("room", "Reste possible")):
            self.accounts.add(key, title)
        QVBoxLayout(self.accounts_box).addWidget(self.accounts)
        grid.addWidget(self.accounts_box, 0, 0)

        self.fund_box = QGroupBox("Fonds d'avances remboursables")
        self.fund = FigureGrid()
        for key, title in (("disbursed", "Versé"), ("repaid", "Remboursé"), ("written_off", "Sinistré"),
                           ("outstanding", "Restant dû (encours)"), ("overdue", "Impayés"),
                           ("size", "Taille du fonds (trésorerie + encours)")):
            self.fund.add(key, title)
        fl = QVBoxLayout(self.fund_box)
        fl.addWidget(self.fund)
        self.size_note = QLabel()
        self.size_note.setObjectName("critical_size")
        self.size_note.setWordWrap(True)
        fl.addWidget(self.size_note)
        fl.addStretch()
        grid.addWidget(self.fund_box, 1, 0)

        self.loss_box = QGroupBox("Taux de sinistre")
        ll = QVBoxLayout(self.loss_box)
        self.loss = FigureGrid()
        self.loss.add("overall", "Taux global (sinistré / versé)")
        self.loss.add("benchmark", "Référence du programme")
        ll.addWidget(self.loss)
        self.cohorts = row_table((
            Column("Année d'agrément", lambda c: c.year),
            money_col("Versé", lambda c: c.disbursed_cents),
            money_col("Sinistré", lambda c: c.written_off_cents),
            Column("Taux", lambda c: percent(c.loss_rate, 2), lambda c: c.loss_rate, align_right=True,
                   colour=lambda c: _rate_colour(c.loss_rate, self.benchmark)),
        ), "cohorts_table", stretch_all=True, sort=UNSORTED)
        ll.addWidget(self.cohorts.view)
        grid.addWidget(self.loss_box, 0, 1, 2, 1)

        self.forecast_box = QGroupBox("Prévision pour le prochain comité d'agrément")
        fol = QVBoxLayout(self.forecast_box)
        row = QHBoxLayout()
        until_label = QLabel("Échéances attendues &jusqu'au :")
        row.addWidget(until_label)
        self.until = date_edit()
        until_label.setBuddy(self.until)
        self.until.setObjectName("forecast_until")
        row.addWidget(self.until)
        self.next_button = QPushButton("Prochain comité")
        self.next_button.setToolTip("Revenir à la date du prochain comité programmé")
        row.addWidget(self.next_button)
        row.addStretch()
        fol.addLayout(row)
        self.forecast = FigureGrid(columns=2)
        # Filled row by row: the left column builds the available amount, the right one qualifies it.
        for key, title in (("meeting", "Prochain comité"), ("overdue", "Impayés (non comptés)"),
                           ("balance", "Solde du fonds d'avances"),
                           ("to_disburse", "Reste à verser sur avances accordées"),
                           ("instalments", "+ échéances à encaisser"), ("after", "Disponible après ces versements"),
                           ("available", "= disponible pour le comité")):
            self.forecast.add(key, title)
        fol.addWidget(self.forecast)
        grid.addWidget(self.forecast_box, 2, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(1, 1)
        self._user_until: dt.date | None = None
        self.until.dateChanged.connect(self._until_edited)
        self.next_button.clicked.connect(self._reset_until)

    def _until_edited(self) -> None:
        if self.until.signalsBlocked():
            return
        self._user_until = get_date(self.until)
        self.forecast_until_changed.emit(self._user_until)

    def _reset_until(self) -> None:
        self._user_until = None
        self.forecast_until_changed.emit(None)

    def set_view(self, v: FundView) -> None:
        self.benchmark = v.benchmark
        self.accounts_box.setTitle(f"Comptes au {date_short(v.as_of)}")
        self.accounts.set("advances", money(v.advances_balance_cents), WARN if v.advances_balance_cents < 0 else None)
        self.accounts.set("operating", money(v.operating_balance_cents), WARN if v.operating_balance_cents < 0 else None)
        self.accounts.set("reimbursed", f"{money(v.reimbursed_this_year_cents)} en {v.as_of.year} "
                                        f"(plafond {money(v.reimbursement_cap_cents)})")
        self.accounts.set("room", money(max(0, v.reimbursement_cap_cents - v.reimbursed_this_year_cents)))
        for key in ("disbursed", "repaid", "written_off", "outstanding", "overdue"):
            self.fund.set(key, money(v.totals[key]), WARN if key == "overdue" and v.totals[key] else None)
        low, high = CRITICAL_SIZE_CENTS
        self.fund.set("size", money(v.fund_size_cents))
        span = f"{money(low)} – {money(high)}"
        if v.fund_size_cents < low:
            note, colour = f"En dessous de la taille critique ({span}) : il manque {money(low - v.fund_size_cents)}.", WARN
        elif v.fund_size_cents <= high:
            note, colour = f"Dans la fourchette de la taille critique ({span}).", GOOD
        else:
            note, colour = f"Au-dessus de la taille critique ({span}).", GOOD
        self.size_note.setText(note)
        self.size_note.setStyleSheet(f"color: {colour};")
        self.loss.set("overall", percent(v.loss_rate, 2), _rate_colour(v.loss_rate, v.benchmark))
        self.loss.set("benchmark", percent(v.benchmark, 0))
        self.cohorts.set_rows(v.cohorts)
        f = v.forecast
        self.until.blockSignals(True)
        set_date(self.until, f.until)
        self.until.blockSignals(False)
        self.forecast.set("meeting", date_long(f.next_meeting_on) if f.next_meeting_on else "aucun comité programmé")
        self.forecast.set("balance", money(f.balance_cents))
        self.forecast.set("instalments", f"{money(f.instalments_cents)} ({integer(f.instalment_count)} échéances)")
        self.forecast.set("available", money(f.available_cents), WARN if f.available_cents < 0 else GOOD)
        self.forecast.set("overdue", money(f.overdue_cents))
        self.forecast.set("to_disburse", money(f.to_disburse_cents))
        after = f.available_cents - f.to_disburse_cents
        self.forecast.set("after", money(after), WARN if after < 0 else None)
        self.forecast.values["available"].setStyleSheet(
            self.forecast.values["available"].styleSheet() + "font-weight: 600;")
        self.forecast.values["available"].setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
