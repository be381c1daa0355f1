"""Tableau de bord: the running convention year against its targets, the alerts that need the
operator, three charts, and the basin at a glance. An empty database shows the way to import."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import date_long, date_short, integer
from alize_desktop.services.changes import Changes
from alize_desktop.services.evaluation.overview import basin_overview
from alize_desktop.services.evaluation.view import (
    MEETINGS_TARGET,
    Dashboard,
    DashboardHistory,
    dashboard,
    dashboard_history,
)
from alize_desktop.ui.dashboard.alerts import AlertsPanel
from alize_desktop.ui.dashboard.charts import DashboardCharts
from alize_desktop.ui.pages.base import Page, heading, note
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.read_only import writes

# (key, French label) of the running year's figures; the targets come from the basin settings.
FIGURES = (("jobs_created", "Emplois créés"), ("jobs_maintained", "Emplois maintenus"),
           ("projects_examined", "Projets examinés"), ("projects_approved", "Projets agréés"),
           ("meetings", "Comités d'agrément réunis"))
TARGET_KEYS = {"jobs_created": "jobs_target_per_year", "projects_examined": "examined_target_per_year",
               "projects_approved": "approved_target_per_year"}


def _value_label(name: str) -> QLabel:
    lab = QLabel()
    lab.setObjectName(name)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return lab


class DashboardPage(Page):
    key = "dashboard"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        outer.addWidget(scroll)
        inner = QWidget()
        scroll.setWidget(inner)
        lay = QVBoxLayout(inner)
        self.title = heading("Tableau de bord")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # followed by the basin's name, user text
        lay.addWidget(self.title)
        self.empty = QWidget()
        el = QVBoxLayout(self.empty)
        el.addWidget(note("Cette base ne contient pas encore de bassin. Importez un fichier au format ALIZÉ "
                          "(menu Fichier › Importer…) ou ouvrez la démonstration."))
        self.import_button = writes(QPushButton("Importer un bassin…"))
        self.import_button.setToolTip("Importer un fichier data.json ou un paquet ASTREES (Ctrl+I)")
        self.import_button.clicked.connect(self._import)
        el.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        el.addStretch()
        lay.addWidget(self.empty)
        self.body = QWidget()
        bl = QVBoxLayout(self.body)
        bl.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self._build_year_box(), 3)
        self.alerts = AlertsPanel()
        self.alerts.open_record.connect(self.navigate.emit)
        top.addWidget(self.alerts, 4)
        bl.addLayout(top)
        self.charts = DashboardCharts()
        bl.addWidget(self.charts)
        facts = QHBoxLayout()
        self.basin_box = QGroupBox("Bassin")
        self.basin_form = QFormLayout(self.basin_box)
        self.conv_box = QGroupBox("Convention de partenariat en cours")
        self.conv_form = QFormLayout(self.conv_box)
        self.count_box = QGroupBox("Enregistrements")
        self.count_form = QFormLayout(self.count_box)
        for box in (self.basin_box, self.conv_box, self.count_box):
            facts.addWidget(box)
        bl.addLayout(facts)
        lay.addWidget(self.body)
        lay.addStretch()

    def _build_year_box(self) -> QGroupBox:
        self.year_box = QGroupBox("Année en cours")
        grid = QGridLayout(self.year_box)
        for col, text in enumerate(("", "Réalisé", "Objectif", "")):
            head = QLabel(text)
            head.setStyleSheet("font-weight: 600;")
            grid.addWidget(head, 0, col, alignment=Qt.AlignmentFlag.AlignRight if col in (1, 2) else
                           Qt.AlignmentFlag.AlignLeft)
        self.values: dict[str, QLabel] = {}
        self.targets: dict[str, QLabel] = {}
        self.bars: dict[str, QProgressBar] = {}
        for row, (key, text) in enumerate(FIGURES, start=1):
            grid.addWidget(QLabel(text), row, 0)
            self.values[key] = _value_label(f"figure_{key}")
            self.targets[key] = _value_label(f"target_{key}")
            bar = QProgressBar()
            bar.setTextVisible(False)
            bar.setMaximumHeight(10)
            bar.setMinimumWidth(80)
            self.bars[key] = bar
            grid.addWidget(self.values[key], row, 1)
            grid.addWidget(self.targets[key], row, 2)
            grid.addWidget(bar, row, 3)
        self.convention_jobs = QLabel()
        self.convention_jobs.setObjectName("figure_convention_jobs")
        self.convention_jobs.setWordWrap(True)
        grid.addWidget(self.convention_jobs, len(FIGURES) + 1, 0, 1, 4)
        grid.setColumnStretch(3, 1)
        return self.year_box

    def concerns(self, changes: Changes) -> bool:
        return True

    def _import(self) -> None:
        window = self.window()
        if hasattr(window, "import_basin"):
            window.import_basin()

    @staticmethod
    def _fill(form: QFormLayout, rows: list[tuple[str, str]]) -> None:
        while form.rowCount():
            form.removeRow(0)
        for label, value in rows:
            v = QLabel(value)
            v.setTextFormat(Qt.TextFormat.PlainText)  # user text is shown literally, never as HTML
            v.setWordWrap(True)
            form.addRow(label, v)

    @staticmethod
    def read(engine: Any, today: dt.date) -> tuple[dt.date, Any, Any]:
        """The figures: plain SQL, which an engine or db.PlainEngine (sqlite3 alone) serves alike."""
        ov = basin_overview(engine, today)
        if ov is None:
            return today, None, None
        return today, ov, dashboard(engine, today)

    # At start-up the figures are read before SQLAlchemy is imported (MainWindow.first_read).
    first_read = read

    def loader(self) -> Callable[[], Any]:
        engine, today = self.ctx.engine, self.ctx.clock.today()
        return lambda: self.read(engine, today)

    def show_loaded(self, loaded: tuple[dt.date, Any, Any]) -> None:
        """The figures first; the alerts and the history charts follow in a second read (on a
        network basin they need every advance's schedule, and the figures need none)."""
        today, ov, board = loaded
        self.empty.setVisible(ov is None)
        self.body.setVisible(ov is not None)
        if ov is None:
            self.title.setText("Tableau de bord")
            return
        self.title.setText(f"Tableau de bord — {ov.name}")
        self._show_year(board, today)
        self.charts.setVisible(board is not None)
        if board is not None:
            self.charts.show_figures(board)
        self._fill(self.basin_form, [("Bassin", ov.name), ("Territoire", ov.territory),
                                     ("Opérateur local", ov.operator_name),
                                     ("Représentant", ov.operator_representative or "—")])
        if ov.running is None:
            self._fill(self.conv_form, [("État", "Aucune convention en cours à ce jour")])
        else:
            r = ov.running
            self._fill(self.conv_form, [("Convention", r.id), ("Début", date_long(r.start)),
                                        ("Fin", date_long(r.end)), ("Année en cours", f"année {ov.running_year} sur 3"),
                                        ("Signée le", date_long(r.signed_on) if r.signed_on else "non signée")])
        labels = (("partners", "Partenaires"), ("active_companies", "Entreprises partenaires actives"),
                  ("people", "Représentants"), ("committee_members", "Membres actifs du comité"),
                  ("companies", "PME"), ("projects", "Projets"), ("meetings", "Comités d'agrément"),
                  ("engagements", "Moyens accordés"), ("follow_ups", "Rapports de suivi"))
        self._fill(self.count_form, [(lab, integer(ov.counts[k])) for k, lab in labels])
        self.begin_loading()  # the page is loaded once the alerts are there too
        # At start-up the figures came before the engine: the alerts, which read through the ORM,
        # wait for it.
        self.ctx.when_open(lambda: self._read_rest(today, with_history=board is not None))

    def _read_rest(self, today: dt.date, *, with_history: bool) -> None:
        engine = self.ctx.engine

        def rest() -> tuple[Any, Any]:
            # Imported here: the alerts read the follow-ups through the ORM, which the figures do not need.
            from alize_desktop.services.evaluation.alerts import basin_alerts

            return basin_alerts(engine, today), dashboard_history(engine, today) if with_history else None

        self.ctx.runner.query(self, rest, self._show_rest, self._load_failed, key="dashboard-rest")

    def _show_rest(self, rest: tuple[Any, DashboardHistory | None]) -> None:
        alerts, history = rest
        self.alerts.set_alerts(alerts)
        if history is not None:
            self.charts.show_history(history, done=self.end_loading)
        else:
            self.end_loading()

    def _show_year(self, board: Dashboard | None, today: dt.date) -> None:
        figures = board.year_figures if board else None
        if board is None or figures is None:
            self.year_box.setTitle("Année en cours — aucune convention en cours à ce jour")
            for key, _text in FIGURES:
                self.values[key].setText("—")
                self.targets[key].setText("")
                self.bars[key].setValue(0)
            self.convention_jobs.setText("")
            return
        report = board.summary
        start, end = dt.date.fromisoformat(figures["start"]), dt.date.fromisoformat(figures["end"])
        self.year_box.setTitle(f"Année {figures['year']} de la convention {report['convention_id']} "
                               f"({date_short(start)} – {date_short(end)})")
        for key, _text in FIGURES:
            value = int(figures[key])
            self.values[key].setText(integer(value))
            if key == "meetings":
                target = MEETINGS_TARGET[0]
                self.targets[key].setText(f"{MEETINGS_TARGET[0]} à {MEETINGS_TARGET[1]}")
            elif key in TARGET_KEYS:
                target = int(board.targets[TARGET_KEYS[key]])
                self.targets[key].setText(integer(target))
            else:
                target = 0
                self.targets[key].setText("—")
            self.bars[key].setVisible(target > 0)
            self.bars[key].setRange(0, max(target, 1))
            self.bars[key].setValue(min(value, target))
        elapsed = max(0, min((today - start).days + 1, (end - start).days + 1)) / ((end - start).days + 1)
        self.convention_jobs.setText(
            f"Emplois créés depuis le début de la convention : {integer(report['jobs_created_total'])} sur un "
            f"objectif de {integer(report['jobs_target_total'])}. Année écoulée à "
            f"{integer(round(elapsed * 100))} % : {integer(round(elapsed * board.jobs_per_year_target))} "
            "emplois attendus à ce jour pour l'année.")
