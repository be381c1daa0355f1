"""The main window: sidebar of pages, File and Help menus, keyboard shortcuts, undo/redo."""

from __future__ import annotations

import json
import pathlib

from PySide6.QtCore import QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)
from sqlalchemy import Engine

from alize_desktop import __version__
from alize_desktop.clock import Clock
from alize_desktop.lock import DatabaseLock
from alize_desktop.services.backup_copy import copy_reminder
from alize_desktop.services.evaluation.overview import basin_name
from alize_desktop.services.uow import Changes
from alize_desktop.ui.export.backup_copy_dialog import MENU_TEXT, save_backup_copy
from alize_desktop.ui.pages import PAGES
from alize_desktop.ui.pages.base import Page
from alize_desktop.ui.shell.context import AppContext, ChangeBus
from alize_desktop.ui.shell.lazy_pages import LazyPages, available
from alize_desktop.ui.widgets.kit_text import mnemonic_safe
from alize_desktop.ui.widgets.kit_undo import PageUndo, confirm_money_undo

RECENT_MAX = 8


class MainWindow(QMainWindow):
    open_requested = Signal(object)  # pathlib.Path of another database the operator chose

    def __init__(self, engine: Engine, db_path: pathlib.Path, lock: DatabaseLock | None = None, *, clock: Clock):
        super().__init__()
        self.setObjectName("main_window")
        self.lock = lock
        self.ctx = AppContext(engine=engine, db_path=pathlib.Path(db_path), bus=ChangeBus(self), undo=PageUndo(self),
                              clock=clock)
        self.undo_group: PageUndo = self.ctx.undo  # type: ignore[assignment]
        self.sidebar = QListWidget()
        self.sidebar.setObjectName("sidebar")
        self.sidebar.setFixedWidth(190)
        self.stack = QStackedWidget()
        central = QWidget()
        lay = QHBoxLayout(central)
        lay.addWidget(self.sidebar)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_pages()
        self.sidebar.currentRowChanged.connect(self._show_row)
        self.stack.currentChanged.connect(self._page_changed)
        self._build_menus()
        self.ctx.bus.changed.connect(lambda _c: self._update_title())
        self.undo_group.said.connect(self.say)
        self.ctx.bus.changed.connect(lambda _c: self._acknowledge_save())
        self._said_now = False
        self._update_title()
        self._fit_to_screen()
        self.sidebar.setCurrentRow(0)
        self._remember_recent(self.ctx.db_path)
        self.backup_reminder = QLabel()
        self.backup_reminder.setObjectName("backup_reminder")
        self.backup_reminder.setStyleSheet("color: #8a4b00;")
        self.backup_reminder.setToolTip("Fichier › Enregistrer une copie de sauvegarde… sur une clé USB ou un autre disque")
        self.statusBar().addPermanentWidget(self.backup_reminder)
        self._show_backup_reminder()

    def _fit_to_screen(self) -> None:
        """1280×800 where it fits; on a small screen (1366×768 laptops) the available area, so that
        nothing falls below the task bar."""
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        if screen is None or screen.width() <= 0:
            self.resize(1280, 800)
            return
        width = min(1280, screen.width() - 40)
        height = min(800, screen.height() - 60)
        self.resize(width, height)
        self.move(screen.x() + (screen.width() - width) // 2, screen.y() + (screen.height() - height) // 2)

    # pages -------------------------------------------------------------------------------------
    def _build_pages(self) -> None:
        """Every page in the sidebar at once; each built the first time it is shown (LazyPages)."""
        keys = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"]
        specs = available(PAGES)
        self.pages = LazyPages(specs, self.ctx, self.stack, lambda page: page.navigate.connect(self.navigate))
        for i, spec in enumerate(PAGES):
            if spec not in specs:
                continue  # page not built yet in this checkout: no placeholder is shown
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(f"{spec.title} (Ctrl+{keys[i]})")
            self.sidebar.addItem(item)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{keys[i]}"), self)
            shortcut.activated.connect(lambda key=spec.key: self._jump_to(key))

    def _show_row(self, row: int) -> None:
        key = self.pages.key_at(row)
        if key:
            self.pages[key]  # built into its slot before the slot is shown
        self.stack.setCurrentIndex(row)

    def show_page(self, key: str) -> Page | None:
        if key not in self.pages:
            return None
        page = self.pages[key]
        self.sidebar.setCurrentRow(self.pages.index_of(key))
        return page

    def _jump_to(self, key: str) -> None:
        page = self.show_page(key)
        if page is not None:
            page.focus_main()

    def navigate(self, key: str, record_id: str = "") -> None:
        page = self.show_page(key)
        if page is not None and record_id:
            page.show_record(record_id)

    def _page_changed(self, index: int) -> None:
        key = self.pages.key_at(index)
        self.undo_group.set_page(key)  # Ctrl+Z now acts on what this page did
        self._update_undo_actions()

    def _save_backup_copy(self) -> None:
        if save_backup_copy(self, self.ctx):
            self._show_backup_reminder()

    def _show_backup_reminder(self) -> None:
        """A lasting line in the status bar while no copy has left the machine for 30 days (a
        dialog at every opening would teach the operator to click it away)."""
        text = copy_reminder(self.ctx.engine, self.ctx.clock.today())
        self.backup_reminder.setText(text or "")
        self.backup_reminder.setVisible(text is not None)

    def say(self, text: str) -> None:
        """A short acknowledgement in the status bar (saved, undone, redone…)."""
        self.statusBar().showMessage(text, 8000)
        self._said_now = True
        QTimer.singleShot(0, self._forget_said)

    def _forget_said(self) -> None:
        self._said_now = False

    def _acknowledge_save(self) -> None:
        """Every write is acknowledged, even one that cannot be undone (a decision, a workflow step)."""
        if not self._said_now:
            self.say("Modification enregistrée.")

    def current_page(self) -> Page:
        return self.pages[self.pages.key_at(self.stack.currentIndex())]

    # menus -------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&Fichier")
        self._action(file_menu, "&Nouvelle base…", self.new_database, QKeySequence.StandardKey.New)
        self._action(file_menu, "&Ouvrir une base…", self.open_database, QKeySequence.StandardKey.Open)
        self.recent_menu = file_menu.addMenu("Fichiers &récents")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self._action(file_menu, MENU_TEXT, lambda: self._save_backup_copy())
        file_menu.addSeparator()
        self._action(file_menu, "&Importer un bassin…", self.import_basin, "Ctrl+I")
        self._action(file_menu, "&Exporter data.json…", self.export_json, "Ctrl+E")
        if "export" in self.pages:
            self._action(file_menu, "Exporter le &paquet ASTREES…", lambda: self.show_page("export"), "Ctrl+Shift+E")
        file_menu.addSeparator()
        self._action(file_menu, "&Quitter", self.close, "Ctrl+Q")  # the platform's Quit key may be empty
        edit = bar.addMenu("&Édition")
        # The window's own actions (not createUndoAction's) so that the text names the edit before it
        # runs, and undoing money asks first. One owner per key: Ctrl+Maj+Z and Ctrl+Y belong to Redo
        # only once each (QKeySequence.Redo already holds Ctrl+Maj+Z on Linux: "Ambiguous shortcut").
        self.undo_action = self._action(edit, "Annuler", self.undo, QKeySequence.StandardKey.Undo)
        self.redo_action = self._action(edit, "Rétablir", self.redo)
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for signal in (self.undo_group.canUndoChanged, self.undo_group.canRedoChanged,
                       self.undo_group.undoTextChanged, self.undo_group.redoTextChanged,
                       self.undo_group.indexChanged):
            signal.connect(lambda *_: self._update_undo_actions())
        self._update_undo_actions()
        help_menu = bar.addMenu("&Aide")
        self.manual_action = self._action(help_menu, "&Manuel", self.open_manual, "F1")
        self.manual_action.setToolTip("Le manuel, à la section de la page affichée (F1)")
        help_menu.addSeparator()
        self._action(help_menu, "À &propos d'ALIZÉ Desktop", self.about)

    def _update_undo_actions(self) -> None:
        group = self.undo_group
        page = self.sidebar.currentItem().text() if self.sidebar.currentItem() is not None else ""
        for act, can, text, verb, keys in (
                (self.undo_action, group.canUndo(), group.undoText(), "Annuler", "Ctrl+Z"),
                (self.redo_action, group.canRedo(), group.redoText(), "Rétablir", "Ctrl+Maj+Z ou Ctrl+Y")):
            act.setEnabled(can)
            act.setText(mnemonic_safe(f"{verb} : {text}") if can else verb)
            where = f" sur la page {page}" if page else ""
            act.setToolTip(f"{verb} : {text} ({keys})" if can else f"Rien à {verb.lower()}{where}")

    def undo(self) -> None:
        if not self.undo_group.canUndo():
            self.say("Rien à annuler sur cette page.")
            return
        if confirm_money_undo(self, self.undo_group.next_undo()):
            self.undo_group.undo()

    def redo(self) -> None:
        if not self.undo_group.canRedo():
            self.say("Rien à rétablir sur cette page.")
            return
        self.undo_group.redo()

    def _action(self, menu, text, slot, shortcut=None) -> QAction:  # type: ignore[no-untyped-def]
        act = QAction(text, self)
        if shortcut is not None:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(slot)
        menu.addAction(act)
        return act

    def _update_title(self) -> None:
        name = basin_name(self.ctx.engine) or "aucun bassin"
        self.setWindowTitle(f"ALIZÉ Desktop — {name} — {self.ctx.db_path.name}")  # titles read no mnemonic

    # files -------------------------------------------------------------------------------------
    def _remember_recent(self, path: pathlib.Path) -> None:
        settings = QSettings()
        recent = [p for p in json.loads(str(settings.value("recent", "[]"))) if p != str(path)]
        settings.setValue("recent", json.dumps([str(path), *recent][:RECENT_MAX]))

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = json.loads(str(QSettings().value("recent", "[]")))
        for p in recent:
            if p != str(self.ctx.db_path) and pathlib.Path(p).exists():
                self.recent_menu.addAction(mnemonic_safe(p), lambda p=p: self.switch_to(pathlib.Path(p)))
        if self.recent_menu.isEmpty():
            self.recent_menu.addAction("(aucun)").setEnabled(False)

    def new_database(self) -> None:
        name, _ = QFileDialog.getSaveFileName(self, "Nouvelle base", str(self.ctx.db_path.parent / "bassin.sqlite"),
                                              "Bases ALIZÉ (*.sqlite)")
        if name:
            path = pathlib.Path(name)
            if path.exists():
                QMessageBox.warning(self, "Nouvelle base", "Ce fichier existe déjà : choisissez « Ouvrir ».")
                return
            self.switch_to(path)

    def open_database(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Ouvrir une base", str(self.ctx.db_path.parent),
                                              "Bases ALIZÉ (*.sqlite);;Tous les fichiers (*)")
        if name:
            self.switch_to(pathlib.Path(name))

    def switch_to(self, path: pathlib.Path) -> None:
        """Ask for another database: the application's window registry (ui/launcher.py `Windows`)
        opens it in a new window, then closes this one; a window never builds its successor."""
        if path.resolve() != self.ctx.db_path.resolve():
            self.open_requested.emit(path)

    def import_basin(self) -> None:
        from alize_desktop.ui.export.import_dialog import run_import

        run_import(self)

    def export_json(self) -> None:
        from alize_desktop.ui.export.import_dialog import run_export_json

        run_export_json(self)

    def open_manual(self) -> None:
        from alize_desktop.ui.shell.manual import ManualWindow

        if getattr(self, "manual", None) is None:
            self.manual = ManualWindow(self)
        self.manual.show_section(self.current_page().key)

    def about(self) -> None:
        QMessageBox.about(
            self, "À propos d'ALIZÉ Desktop",
            f"<b>ALIZÉ Desktop</b> {__version__}<br>Le programme de bureau de l'opérateur local ALIZÉ : "
            "partenaires, projets, comités d'agrément, conventions, fonds d'avances, suivi et évaluation.<br><br>"
            f"Base : {self.ctx.db_path}",
        )

    def notify(self, changes: Changes) -> None:
        self.ctx.bus.emit(changes)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        from alize_desktop.ui.shell.worker import active_jobs, cancel_all_and_wait

        running = active_jobs()
        if running:
            answer = QMessageBox.question(
                self, "Opération en cours",
                "Une opération est en cours : " + ", ".join(running) + ".\n"
                "L'interrompre et fermer la fenêtre ? (Ce qu'elle écrivait est abandonné, rien n'est laissé à moitié.)",
            )
            if answer != QMessageBox.StandardButton.Yes:
                event.ignore()
                return
            cancel_all_and_wait()
        super().closeEvent(event)
        if event.isAccepted():
            self.ctx.runner.stop()  # what was queued finishes before the database closes
            self.ctx.engine.dispose()
            if self.lock is not None:
                self.lock.release()
                self.lock = None
