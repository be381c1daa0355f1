"""Fonds › Impayés: advances in arrears with days late, ageing buckets, and the deadlines to
declare the fund's claim in a company's insolvency proceedings (publication + 2 months)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QVBoxLayout, QWidget

from alize_desktop.formatting import date_short, integer, money
from alize_desktop.rules.fund import AGEING_BUCKETS
from alize_desktop.services.fund.views import BUCKET_LABELS, FundView, InsolvencyRow
from alize_desktop.ui.widgets.kit_tables import UNSORTED, date_col, money_col
from alize_desktop.ui.widgets.kit_widgets import WARN, FigureGrid
from alize_desktop.ui.widgets.row_model import lazy_table
from alize_desktop.ui.widgets.table_model import Column

OVERDUE_COLUMNS = (
    Column("Entreprise", lambda a: a.company_name),
    Column("Projet", lambda a: a.project_title),
    money_col("Impayé", lambda a: a.overdue_cents, warn_if_positive=True),
    Column("Jours de retard", lambda a: integer(a.days_late), lambda a: a.days_late, align_right=True),
    Column("Ancienneté", lambda a: a.bucket, lambda a: a.days_late),
    money_col("Restant dû", lambda a: a.outstanding_cents),
    Column("Procédure collective", lambda a: a.insolvency or "—"),
)


def _delay(r: InsolvencyRow) -> str:
    if r.days_left is None:
        return "date de publication inconnue"
    if r.days_left < 0:
        return f"dépassée depuis {integer(-r.days_left)} j"
    if r.days_left == 0:
        return "aujourd'hui"
    return f"dans {integer(r.days_left)} j"


INSOLVENCY_COLUMNS = (
    Column("Entreprise", lambda r: r.company_name),
    Column("Procédure", lambda r: r.procedure),
    date_col("Jugement", lambda r: r.judgment_on),
    date_col("Publication", lambda r: r.published_on),
    date_col("Déclarer la créance avant le", lambda r: r.claim_deadline),
    Column("Délai", _delay, lambda r: r.days_left if r.days_left is not None else 10**6,
           colour=lambda r: WARN if r.days_left is not None and r.days_left <= 15 else None),
    money_col("Restant dû", lambda r: r.outstanding_cents),
)


class ArrearsPanel(QWidget):
    open_advance = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        lay = QVBoxLayout(self)
        top = QHBoxLayout()
        self.overdue_box = QGroupBox("Avances en retard")
        ol = QVBoxLayout(self.overdue_box)
        self.overdue = lazy_table(OVERDUE_COLUMNS, "overdue_table", stretch=(0, 1), sort=UNSORTED)
        ol.addWidget(self.overdue.view)
        top.addWidget(self.overdue_box, 3)
        self.ageing_box = QGroupBox("Ancienneté des impayés")
        al = QVBoxLayout(self.ageing_box)
        self.ageing = FigureGrid()
        for b in AGEING_BUCKETS:
            self.ageing.add(b, BUCKET_LABELS[b])
        self.ageing.add("total", "Total des impayés")
        self.ageing.add("count", "Avances en retard")
        al.addWidget(self.ageing)
        al.addStretch()
        top.addWidget(self.ageing_box, 1)
        lay.addLayout(top, 3)
        self.insolvency_box = QGroupBox("Procédures collectives : déclaration de la créance (publication + 2 mois)")
        il = QVBoxLayout(self.insolvency_box)
        self.insolvency = lazy_table(INSOLVENCY_COLUMNS, "insolvency_table", stretch=(0, 1), sort=UNSORTED)
        il.addWidget(self.insolvency.view)
        lay.addWidget(self.insolvency_box, 2)
        self.overdue.view.doubleClicked.connect(self._open)

    def _open(self) -> None:
        a = self.overdue.current()
        if a is not None:
            self.open_advance.emit(a.engagement_id)

    def set_view(self, view: FundView) -> None:
        self.overdue_box.setTitle(f"Avances en retard au {date_short(view.as_of)}")
        self.overdue.set_rows(view.overdue)
        for b in AGEING_BUCKETS:
            self.ageing.set(b, money(view.ageing[b]), WARN if view.ageing[b] else None)
        self.ageing.set("total", money(view.totals["overdue"]), WARN if view.totals["overdue"] else None)
        self.ageing.set("count", integer(len(view.overdue)))
        self.insolvency.set_rows(view.insolvencies)
