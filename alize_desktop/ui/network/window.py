"""The « Réseau ALIZÉ » window: every basin with its last bundle, period, figures and flags.

Late basins (no bundle for the last quarter, relative to the clock's day) and outliers (loss rate
above the benchmark, jobs far behind target) are flagged in their row and counted above the
list. Charts: jobs created against target and loss rates, per basin. « Recevoir des paquets… »
receives off the GUI thread; « Ouvrir le bassin (lecture seule) » rebuilds the basin's last bundle
into a temporary base and opens it in the normal main window, read-only.
"""

from __future__ import annotations

import pathlib
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from alize_desktop.clock import Clock
from alize_desktop.formatting import count, date_short, integer, money, percent
from alize_desktop.network.overview import BasinRow, basin_overview
from alize_desktop.network.reception import ReceptionOutcome, receive_bundle
from alize_desktop.services.progress import step
from alize_desktop.ui.shell.worker import run_with_progress
from alize_desktop.ui.widgets.charts import DONE, TARGET, bar_chart, replace_chart
from alize_desktop.ui.widgets.kit_tables import row_table
from alize_desktop.ui.widgets.kit_widgets import fit_to_screen
from alize_desktop.ui.widgets.table_model import Column

WARN = "#b03a2e"
OPEN_TEXT = "Ouvrir le bassin (lecture seule)"


def chart_labels(names: list[str], width: int = 24) -> list[str]:
    """Short, distinct chart labels (a bar axis merges equal labels): the start and the end of a
    long name — basins' names often differ only at the end — the whole name being in the list."""
    out: list[str] = []
    for name in names:
        label = name if len(name) <= width else f"{name[: width // 2 - 1]}…{name[-(width // 2):]}"
        base, n = label, 2
        while label in out:
            label, n = f"{base} ({n})", n + 1
        out.append(label)
    return out


def _columns() -> list[Column]:
    return [
        Column("Bassin", lambda r: r.name),
        Column("Dernier paquet", lambda r: date_short(r.exported_at.astimezone().date()), lambda r: r.exported_at),
        Column("Reçu par", lambda r: r.received_by),
        Column("Chiffres au", lambda r: date_short(r.as_of), lambda r: r.as_of,
               colour=lambda r: WARN if r.late else None),
        Column("Convention", lambda r: "—" if r.period_start is None else
               f"{date_short(r.period_start)} → {date_short(r.period_end)}", lambda r: r.period_start or ""),
        Column("Agréés", lambda r: integer(r.projects_approved), lambda r: r.projects_approved, align_right=True),
        Column("Emplois créés / objectif", lambda r: f"{integer(r.jobs_created)} / {integer(r.jobs_target)}",
               lambda r: r.jobs_created, align_right=True, colour=lambda r: WARN if r.jobs_behind else None),
        Column("Restant dû", lambda r: money(r.outstanding_cents), lambda r: r.outstanding_cents, align_right=True),
        Column("Sinistre", lambda r: percent(r.loss_rate, 2), lambda r: r.loss_rate, align_right=True,
               colour=lambda r: WARN if r.high_loss else None),
        Column("Alertes", lambda r: " ; ".join(r.flags) or (r.problem or ""),
               lambda r: len(r.flags), colour=lambda r: WARN if r.flags else None),
    ]


class NetworkWindow(QMainWindow):
    def __init__(self, engine: Engine, clock: Clock, parent: QWidget | None = None):
        super().__init__(parent)
        self.engine, self.clock = engine, clock
        self.setObjectName("network_window")
        self.setWindowTitle("Réseau ALIZÉ")
        fit_to_screen(self, 1280, 800)
        self.rows: list[BasinRow] = []
        self.last_outcomes: list[ReceptionOutcome] = []
        self.basin_windows: list[Any] = []  # basins opened read-only from here
        self._build_actions()
        central = QWidget()
        layout = QVBoxLayout(central)
        self.summary = QLabel()
        self.summary.setObjectName("network_summary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = row_table(_columns(), "network_basins", parent=self, stretch=(0, len(_columns()) - 1),
                               sort=(0, Qt.SortOrder.AscendingOrder))
        self.table.view.doubleClicked.connect(lambda _i: self.open_basin())
        self.table.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.view.customContextMenuRequested.connect(self._context_menu)
        split.addWidget(self.table.view)
        charts = QWidget()
        self.charts_layout = QHBoxLayout(charts)
        self.jobs_chart = bar_chart("network_jobs_chart", "Emplois créés et objectif", [], [])
        self.loss_chart = bar_chart("network_loss_chart", "Taux de sinistre (%)", [], [])
        self.charts_layout.addWidget(self.jobs_chart)
        self.charts_layout.addWidget(self.loss_chart)
        split.addWidget(charts)
        self.log = QPlainTextEdit()
        self.log.setObjectName("network_reception_log")
        self.log.setReadOnly(True)
        self.log.setMaximumHeight(110)
        self.log.setPlaceholderText("Les réceptions de paquets s'inscrivent ici.")
        split.addWidget(self.log)
        layout.addWidget(split)
        self.setCentralWidget(central)
        self.reload()

    def _build_actions(self) -> None:
        bar = QToolBar("Réseau")
        bar.setObjectName("network_toolbar")
        self.addToolBar(bar)
        self.receive_action = QAction("Recevoir des paquets…", self)
        self.receive_action.setShortcut(QKeySequence("Ctrl+R"))
        self.receive_action.setToolTip("Recevoir les paquets .zip des bassins (Ctrl+R)")
        self.receive_action.triggered.connect(self.ask_bundles)
        self.open_action = QAction(OPEN_TEXT, self)
        self.open_action.setShortcut(QKeySequence("Ctrl+O"))
        self.open_action.setToolTip("Ouvrir le bassin choisi dans ses pages habituelles, en lecture seule "
                                    "(Ctrl+O ou double clic)")
        self.open_action.triggered.connect(self.open_basin)
        self.pdf_action = QAction("Rapport du réseau (PDF)…", self)
        self.pdf_action.setShortcut(QKeySequence("Ctrl+P"))
        self.pdf_action.setToolTip("Aperçu, impression et enregistrement du rapport du réseau (Ctrl+P)")
        self.pdf_action.triggered.connect(self.preview_report)
        quit_action = QAction("Quitter", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        for action in (self.receive_action, self.open_action, self.pdf_action, quit_action):
            bar.addAction(action)
            self.addAction(action)

    # -- reading ---------------------------------------------------------------------------------

    def reload(self) -> None:
        self.rows = basin_overview(self.engine, self.clock.today())
        self.table.set_rows(self.rows)
        late = sum(r.late for r in self.rows)
        outliers = sum(r.high_loss or r.jobs_behind for r in self.rows)
        if not self.rows:
            self.summary.setText("Aucun bassin reçu : « Recevoir des paquets… » (Ctrl+R) range les paquets .zip "
                                 "envoyés par les bassins.")
        else:
            self.summary.setText(f"{count(len(self.rows), 'bassin')} au {date_short(self.clock.today())} : {late} en retard "
                                 f"(pas de paquet depuis un trimestre), {outliers} hors norme (sinistre au-dessus "
                                 "de la référence ou emplois loin de l'objectif).")
        self._charts()

    def _charts(self) -> None:
        names = chart_labels([r.name for r in self.rows])
        jobs = bar_chart("network_jobs_chart", "Emplois créés et objectif de la convention", names,
                         [("Emplois créés", [r.jobs_created for r in self.rows], DONE),
                          ("Objectif", [r.jobs_target for r in self.rows], TARGET)])
        benchmarks = sorted({r.loss_rate_benchmark for r in self.rows}) or [0.06]
        reference = " / ".join(percent(b, 0) for b in benchmarks)
        loss = bar_chart("network_loss_chart", f"Taux de sinistre (%), référence {reference}", names,
                         [("Taux de sinistre", [100 * r.loss_rate for r in self.rows], DONE)], "%.1f")
        for view in (jobs, loss):
            view.chart().legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        self.jobs_chart = replace_chart(self.jobs_chart, jobs)
        self.loss_chart = replace_chart(self.loss_chart, loss)

    # -- receiving -------------------------------------------------------------------------------

    def ask_bundles(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Recevoir des paquets de bassins", "",
                                                "Paquets ALIZÉ (*.zip)")
        if names:
            self.receive([pathlib.Path(n) for n in names])

    def receive(self, paths: list[pathlib.Path]) -> None:
        engine, clock = self.engine, self.clock

        def task(progress: Any) -> list[ReceptionOutcome]:
            outcomes = []
            for i, path in enumerate(paths):
                step(progress, i, len(paths), f"Réception de {path.name}…")
                outcomes.append(receive_bundle(engine, path, clock=clock))
            return outcomes

        run_with_progress(self, "Réception des paquets", task, self._received)

    def _received(self, outcomes: list[ReceptionOutcome]) -> None:
        self.last_outcomes = outcomes
        for outcome in outcomes:
            self.log.appendPlainText(outcome.message)
        self.reload()
        refused = [o for o in outcomes if not o.accepted]
        if refused:
            QMessageBox.warning(self, "Paquets refusés",
                                f"{count(len(refused), 'paquet refusé')} sur {len(outcomes)}, rien n'a été changé pour "
                                "eux :\n\n" + "\n".join(o.message for o in refused))

    # -- a basin, the report ---------------------------------------------------------------------

    def _context_menu(self, pos: Any) -> None:
        index = self.table.view.indexAt(pos)
        if not index.isValid():
            return
        self.table.view.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction(OPEN_TEXT, self.open_basin)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        menu.popup(self.table.view.viewport().mapToGlobal(pos))

    def open_basin(self) -> None:
        """The chosen basin's last bundle rebuilt into a temporary base (off the GUI thread: a
        20-year basin takes a few seconds), then shown in the normal main window, read-only."""
        row = self.table.current()
        if row is None:
            QMessageBox.information(self, "Ouvrir le bassin", "Choisissez d'abord un bassin dans la liste.")
            return
        from alize_desktop.network.basin_copy import BasinCopyError, build_basin_copy

        engine, key = self.engine, row.id

        def task(progress: Any) -> Any:
            step(progress, 0, 1, f"Copie du bassin « {row.name} »…")
            return build_basin_copy(engine, key)

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, BasinCopyError):
                raise exc
            QMessageBox.warning(self, "Ouvrir le bassin", str(exc))

        run_with_progress(self, "Ouverture du bassin", task, self._show_copy, failed)

    def _show_copy(self, copy: Any) -> None:
        from alize_desktop.ui.shell.launcher import windows_of_application

        origin = f"réseau ALIZÉ, paquet du {date_short(copy.exported_at.astimezone().date())}"
        window = windows_of_application(self.clock).open_read_only(copy, origin, self)
        if window is not None:
            self.basin_windows.append(window)
            window.destroyed.connect(lambda _o=None, w=window: self._forget_basin(w))
            window.show()

    def _forget_basin(self, window: Any) -> None:
        if window in self.basin_windows:
            self.basin_windows.remove(window)

    def preview_report(self) -> None:
        from alize_desktop.network.report import build_network_report
        from alize_desktop.network.report_pdf import network_pdf
        from alize_desktop.ui.widgets.pdf_preview import PdfPreviewDialog

        engine, today = self.engine, self.clock.today()

        def task(progress: Any) -> bytes:
            step(progress, 0, 2, "Chiffres des bassins…")
            report = build_network_report(engine, today)
            step(progress, 1, 2, "Mise en page…")
            return network_pdf(report)

        def show(pdf: bytes) -> None:
            self.pdf_dialog = PdfPreviewDialog(self, "Rapport du réseau", pdf,
                                               f"rapport-du-reseau-{today.isoformat()}.pdf")
            self.pdf_dialog.show()

        run_with_progress(self, "Rapport du réseau", task, show)
