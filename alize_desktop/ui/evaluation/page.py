"""Évaluation: the report of a convention on a chosen date (DOMAIN.md §6), as tables and charts,
the generated findings, and the evaluation report PDF for the comité de pilotage and ASTREES."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import date_long, date_short, integer, money, percent
from alize_desktop.services.basin_reader import current_snapshot
from alize_desktop.services.evaluation.view import (
    MEETINGS_TARGET,
    Evaluation,
    ReportError,
    convention_choices,
    evaluate,
    load_data,
    resource_rows,
)
from alize_desktop.services.uow import Changes
from alize_desktop.ui.pages.base import Page, heading, note
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.charts import DONE, TARGET, bar_chart, replace_chart
from alize_desktop.ui.widgets.forms import as_of_edit, get_date, set_date
from alize_desktop.ui.widgets.kit_widgets import shortcut
from alize_desktop.ui.widgets.table_model import Column, RowTableModel

KINDS = {"company": "Entreprises partenaires", "territorial_actor": "Acteurs territoriaux",
         "local_authority": "Collectivités territoriales", "state": "État et Caisse des dépôts"}
AGEING = {"1-30": "dont 1 à 30 jours", "31-90": "dont 31 à 90 jours", "91-180": "dont 91 à 180 jours",
          "181+": "dont plus de 180 jours"}
DELAYS = {"receipt_to_decision": "Réception du dossier → décision du comité",
          "decision_to_signature": "Agrément → signature de la convention",
          "signature_to_disbursement": "Signature → premier décaissement"}


class FiguresTable(QTableView):
    """A small read-only table of already formatted figures (rows of strings)."""

    def __init__(self, name: str, headers: Sequence[str], right: Sequence[int] = ()):
        super().__init__()
        self.setObjectName(name)
        self.model_ = RowTableModel([Column(h, (lambda r, i=i: r[i]), align_right=i in right)
                                     for i, h in enumerate(headers)])
        self.setModel(self.model_)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(22)
        self.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.setAlternatingRowColors(True)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        self.model_.set_rows([tuple(r) for r in rows])
        height = self.horizontalHeader().height() + 22 * len(rows) + 4
        self.setMinimumHeight(min(height, 420))
        self.setMaximumHeight(max(height, 60) if len(rows) < 20 else 16_777_215)

    def texts(self) -> list[tuple[str, ...]]:
        return list(self.model_.rows)


class EvaluationPage(Page):
    key = "evaluation"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.evaluation: Evaluation | None = None
        self.findings_text: list[str] = []
        lay = QVBoxLayout(self)
        lay.addWidget(heading("Évaluation"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel("&Convention :"))
        self.convention = QComboBox()
        self.convention.setMinimumContentsLength(34)
        bar.itemAt(0).widget().setBuddy(self.convention)  # type: ignore[union-attr]
        bar.addWidget(self.convention)
        as_of_label = QLabel("&Situation au :")
        bar.addWidget(as_of_label)
        self.as_of = as_of_edit(ctx.clock.today())
        as_of_label.setBuddy(self.as_of)
        bar.addWidget(self.as_of)
        bar.addStretch()
        self.pdf_button = QPushButton("Rapport d'évaluation (PDF)")
        self.pdf_button.setToolTip("Prévisualiser, imprimer ou enregistrer le rapport d'évaluation (Ctrl+P)")
        self.pdf_button.clicked.connect(self.open_pdf)
        bar.addWidget(self.pdf_button)
        lay.addLayout(bar)
        self.message = note("")
        self.message.setObjectName("evaluation_message")
        lay.addWidget(self.message)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)
        self._build_tabs()
        self.convention.currentIndexChanged.connect(self._recompute)
        self.as_of.dateChanged.connect(self._recompute)
        shortcut(self, "Ctrl+P", self.open_pdf)

    def _tab(self, title: str) -> QGridLayout:
        page = QWidget()
        grid = QGridLayout(page)
        self.tabs.addTab(page, title)
        return grid

    def _build_tabs(self) -> None:
        g = self._tab("Activité et emplois")
        self.years = FiguresTable("years", ["Année", "Période", "Comités", "Examinés", "Agréés", "Emplois créés",
                                            "Emplois maintenus"], right=range(2, 7))
        g.addWidget(self.years, 0, 0)
        self.jobs_chart = bar_chart("evaluation_jobs", "Emplois créés par année, face à l'objectif", [], [])
        g.addWidget(self.jobs_chart, 1, 0)
        g = self._tab("Moyens des partenaires")
        self.resources = FiguresTable("resources", ["Nature de partenaire", "Montant engagé", "Part", "Profil",
                                                    "Écart"], right=(1, 2, 3, 4))
        self.skills = FiguresTable("skills", ["Jours de compétences", "Promis", "Accordés", "Réalisés"],
                                   right=(1, 2, 3))
        g.addWidget(self.resources, 0, 0)
        g.addWidget(self.skills, 1, 0)
        self.resources_chart = bar_chart("evaluation_resources", "Part des moyens face au profil (%)", [], [])
        g.addWidget(self.resources_chart, 0, 1, 3, 1)
        g.setColumnStretch(0, 3)
        g.setColumnStretch(1, 2)
        g.setRowStretch(2, 1)
        g = self._tab("Fonds et comptes")
        self.fund = FiguresTable("fund", ["Fonds d'avances remboursables", "Montant"], right=(1,))
        self.cohorts = FiguresTable("cohorts", ["Cohorte (année d'agrément)", "Taux de sinistre", "Référence"],
                                    right=(1, 2))
        self.accounts = FiguresTable("accounts", ["Comptes dédiés", "Solde"], right=(1,))
        g.addWidget(self.fund, 0, 0, 2, 1)
        g.addWidget(self.cohorts, 0, 1)
        g.addWidget(self.accounts, 1, 1)
        g.setRowStretch(2, 1)
        g = self._tab("Délais")
        self.delays = FiguresTable("delays", ["Étape", "Délai médian"], right=(1,))
        g.addWidget(self.delays, 0, 0)
        g.setRowStretch(1, 1)
        g = self._tab("Constats")
        self.findings = QLabel()
        self.findings.setObjectName("findings")
        self.findings.setTextFormat(Qt.TextFormat.PlainText)
        self.findings.setWordWrap(True)
        self.findings.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        g.addWidget(self.findings, 0, 0)
        g.setRowStretch(1, 1)

    # reading ---------------------------------------------------------------------------------
    def concerns(self, changes: Changes) -> bool:
        return True  # every record feeds some figure of the report

    def loader(self) -> Callable[[], Any]:
        engine = self.ctx.engine

        def work() -> tuple[Any, list[Any]]:
            # The basin's shared snapshot (the one the dashboard and the Fonds page read: loaded once,
            # and its figures computed once per date); the PDF reads the format v1 document itself.
            snap = current_snapshot(engine)
            return snap, convention_choices(snap)

        return work

    def show_loaded(self, loaded: tuple[Any, list[Any]]) -> None:
        data, choices = loaded
        current = self.convention.currentData()
        self.convention.blockSignals(True)
        self.as_of.blockSignals(True)
        self.convention.clear()
        for c in choices:
            self.convention.addItem(c.label, c.id)
        if current is None:
            today = self.ctx.clock.today()
            set_date(self.as_of, today)
            running = [c for c in choices if c.start <= today <= c.end] or [c for c in choices if c.start <= today]
            current = running[-1].id if running else (choices[-1].id if choices else None)
        self.convention.setCurrentIndex(max(0, self.convention.findData(current)))
        self.convention.blockSignals(False)
        self.as_of.blockSignals(False)
        self._data = data
        self._recompute()

    def select(self, convention_id: str, as_of: dt.date) -> None:
        """Show `convention_id` on `as_of` (used by tests and by other pages)."""
        self.convention.setCurrentIndex(self.convention.findData(convention_id))
        set_date(self.as_of, as_of)
        self._recompute()

    def show_record(self, record_id: str) -> None:
        self.when_fresh(lambda: self._show_convention(record_id))

    def _show_convention(self, record_id: str) -> None:
        index = self.convention.findData(record_id)
        if index >= 0:
            self.convention.setCurrentIndex(index)

    def _recompute(self, *_args: Any) -> None:
        data = getattr(self, "_data", None)
        conv = self.convention.currentData()
        as_of = get_date(self.as_of) or self.ctx.clock.today()
        self.evaluation = None
        if data is None or conv is None:
            self._clear("Aucune convention de partenariat n'est enregistrée : rien à évaluer pour l'instant.")
            return
        self.begin_loading()  # the figures are on their way: show_record waits for them
        self.ctx.runner.query(self, lambda: _evaluated(data, conv, as_of),
                              lambda result: self._evaluated(result, conv, as_of), self._evaluation_failed,
                              key="evaluate")

    def _evaluation_failed(self, exc: BaseException) -> None:
        self.end_loading()
        if not isinstance(exc, ReportError):
            raise exc
        self._clear(str(exc))

    def _evaluated(self, result: tuple[Evaluation, list[str]], conv: str, as_of: dt.date) -> None:
        self.evaluation, self.findings_text = result
        self._show_figures(conv, as_of)
        self.end_loading()

    def _show_figures(self, conv: str, as_of: dt.date) -> None:
        assert self.evaluation is not None
        self.pdf_button.setEnabled(True)
        self.tabs.setEnabled(True)
        self.message.setText(f"Chiffres de la convention {conv} au {date_long(as_of)}, comptant les faits datés "
                             "au plus tard ce jour-là (mêmes calculs que le paquet ASTREES).")
        self._fill(self.evaluation)

    def _clear(self, message: str) -> None:
        self.message.setText(message)
        self.pdf_button.setEnabled(False)
        self.tabs.setEnabled(False)
        for table in (self.years, self.resources, self.skills, self.fund, self.cohorts, self.accounts, self.delays):
            table.set_rows([])
        self.findings.setText("")

    def _fill(self, ev: Evaluation) -> None:
        r, t = ev.report, ev.targets
        years = r["years"]
        rows = [[f"Année {y['year']}", f"{date_short(_d(y['start']))} – {date_short(_d(y['end']))}",
                 integer(y["meetings"]), integer(y["projects_examined"]), integer(y["projects_approved"]),
                 integer(y["jobs_created"]), integer(y["jobs_maintained"])] for y in years]
        rows.append(["Total", "", integer(sum(y["meetings"] for y in years)),
                     integer(sum(y["projects_examined"] for y in years)),
                     integer(sum(y["projects_approved"] for y in years)),
                     integer(r["jobs_created_total"]), integer(r["jobs_maintained_total"])])
        rows.append(["Objectif annuel", "", f"{MEETINGS_TARGET[0]} à {MEETINGS_TARGET[1]}",
                     integer(int(t["examined_target_per_year"])), integer(int(t["approved_target_per_year"])),
                     integer(ev.jobs_per_year_target), ""])
        rows.append(["Objectif convention", "", "", "", "", integer(r["jobs_target_total"]), ""])
        self.years.set_rows(rows)
        self.jobs_chart = replace_chart(self.jobs_chart, bar_chart(
            "evaluation_jobs", "Emplois créés par année, face à l'objectif", [f"Année {y['year']}" for y in years],
            [("Emplois créés", [y["jobs_created"] for y in years], DONE),
             ("Objectif", [ev.jobs_per_year_target] * len(years), TARGET)]))
        res = resource_rows(r)
        total = sum(c for _k, c, _s, _p in res)
        self.resources.set_rows([[KINDS[k], money(c), percent(s, 2), percent(p, 0), _points(s - p)]
                                 for k, c, s, p in res] + [["Total", money(total), "", "", ""]])
        self.resources_chart = replace_chart(self.resources_chart, bar_chart(
            "evaluation_resources", "Part des moyens face au profil (%)", [KINDS[k].split(" ")[0] for k, *_ in res],
            [("Part réalisée", [round(s * 100, 2) for _k, _c, s, _p in res], DONE),
             ("Profil", [p * 100 for *_x, p in res], TARGET)]))
        sk = r["skills_days"]
        self.skills.set_rows([["Jours", integer(sk["pledged"]), integer(sk["granted"]), integer(sk["delivered"])]])
        f = r["fund"]
        bench = float(t["loss_rate_benchmark"])
        self.fund.set_rows([["Décaissé", money(f["disbursed_cents"])], ["Remboursé", money(f["repaid_cents"])],
                            ["Sinistré (abandonné)", money(f["written_off_cents"])],
                            ["Encours", money(f["outstanding_cents"])],
                            ["Échéances impayées", money(f["overdue_cents"])],
                            *([AGEING[k], money(v)] for k, v in f["ageing_cents"].items()),
                            ["Taux de sinistre", percent(f["loss_rate"], 2)],
                            ["Référence", percent(bench, 0)]])
        self.cohorts.set_rows([[year, percent(rate, 2), "au-dessus" if rate > bench else "dans la référence"]
                               for year, rate in f["loss_rate_by_cohort"].items()])
        acc = r["accounts"]
        self.accounts.set_rows([["Compte des avances", money(acc["advances_cents"])],
                                ["Compte de fonctionnement", money(acc["operating_cents"])]])
        self.delays.set_rows([[DELAYS[k], "—" if v is None else f"{integer(v)} jours"]
                              for k, v in r["delays_days"].items()])
        self.findings.setText("\n\n".join(f"• {s}" for s in self.findings_text))

    # the PDF ---------------------------------------------------------------------------------
    def pdf_bytes(self) -> bytes:
        """The evaluation report of the shown convention and date (the bytes `document evaluation`
        writes for them)."""
        assert self.evaluation is not None
        return _evaluation_pdf(self.ctx.engine, self.evaluation.report["convention_id"],
                               dt.date.fromisoformat(self.evaluation.report["as_of"]))

    def open_pdf(self) -> None:
        if self.evaluation is None:
            return
        from alize_desktop.ui.widgets.pdf_preview import preview_document

        r = self.evaluation.report
        engine, conv, as_of = self.ctx.engine, r["convention_id"], dt.date.fromisoformat(r["as_of"])
        preview_document(self, "Rapport d'évaluation", lambda: _evaluation_pdf(engine, conv, as_of),
                         f"rapport-evaluation-{r['convention_id']}-{r['as_of']}.pdf")


def _evaluated(data: Any, convention_id: str, as_of: dt.date) -> tuple[Evaluation, list[str]]:
    """The figures and the findings of one convention on one day (runs on the database worker)."""
    from alize_desktop.documents.evaluation import commentary  # reportlab loads on first use only

    ev = evaluate(data, convention_id, as_of)
    return ev, commentary(ev.report, ev.targets)


def _evaluation_pdf(engine: Any, convention_id: str, as_of: dt.date) -> bytes:
    """Built on the worker from the format v1 document, as the command line builds it."""
    import io

    from alize_desktop.documents.errors import DocumentError
    from alize_desktop.documents.evaluation import build_evaluation

    data = load_data(engine)
    if data is None:
        raise DocumentError("Aucun bassin n'est enregistré dans cette base.")
    out = io.BytesIO()
    build_evaluation(data, convention_id, out, as_of=as_of)
    return out.getvalue()


def _d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def _points(delta: float) -> str:
    if abs(delta) < 1e-9:
        return "—"
    return f"{'+' if delta > 0 else '−'}{integer(round(abs(delta) * 1000) / 10)} points"
