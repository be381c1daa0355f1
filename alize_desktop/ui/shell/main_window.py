"""The main window: sidebar of pages, File and Help menus, keyboard shortcuts, undo/redo."""

from __future__ import annotations

import datetime as dt
import importlib
import json
import pathlib
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
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

from alize_desktop import __version__
from alize_desktop.clock import Clock
from alize_desktop.lock import Releasable
from alize_desktop.services.changes import Changes
from alize_desktop.ui.pages import PAGES, PageSpec
from alize_desktop.ui.shell.context import AppContext, ChangeBus
from alize_desktop.ui.shell.lazy_pages import LazyPages, available
from alize_desktop.ui.shell.read_only_window import show_read_only
from alize_desktop.ui.widgets.kit_text import mnemonic_safe
from alize_desktop.ui.widgets.kit_undo import PageUndo
from alize_desktop.ui.widgets.read_only import writes

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from alize_desktop.ui.pages.base import Page

RECENT_MAX = 8
_A_DAY = dt.date(2000, 1, 1)
# File › the copy that leaves the machine (ui/export/backup_copy_dialog.py, loaded when chosen).
MENU_TEXT = "Enregistrer une &copie de sauvegarde…"


def warm_imports(page_module: str | None) -> None:
    """Import what building the first page needs (runs on the worker, inside the runner's
    `long_lived`: modules live as long as the program, out of the collector's walks)."""
    import alize_desktop.ui.pages.base  # noqa: F401
    from alize_desktop import formatting

    if page_module:
        importlib.import_module(page_module)
    # babel reads the French locale's data on its first number, amount and date (40 ms):
    # here, not when the first page paints its figures on the GUI thread.
    formatting.integer(1.5)
    formatting.percent(0.5)
    formatting.date_long(_A_DAY)


def warm_engine() -> None:
    """SQLAlchemy's core and its SQLite dialect (200 ms), which making the engine needs."""
    import sqlalchemy.dialects.sqlite  # noqa: F401 - loaded by the first create_engine otherwise


def first_read(spec: PageSpec | None, plain: Any, today: dt.date) -> Any:
    """On the worker, as soon as the window's shell is on screen: the first page's module and, when
    the page can read through sqlite3 alone (`Page.first_read`) and the file was found ready
    (checked, at the current schema: `plain` is then its db.PlainEngine), its first load. The
    operator sees the figures before SQLAlchemy is even imported. `_NOT_READ` otherwise."""
    warm_imports(spec.module if spec else None)
    if spec is None or plain is None:
        return _NOT_READ
    read = getattr(getattr(sys.modules[spec.module], spec.cls, None), "first_read", None)
    return _NOT_READ if read is None else read(plain, today)


_NOT_READ = object()


def warm_mapped_tables() -> None:
    """SQLAlchemy's ORM and the mapped tables (models/__init__ imports them on first use): after
    the first page's figures, which do not need them, before the first service that does."""
    import alize_desktop.models as models

    models.Base  # noqa: B018 - the first use imports them all


class MainWindow(QMainWindow):
    open_requested = Signal(object)  # pathlib.Path of another database the operator chose

    def __init__(self, engine: Engine | None, db_path: pathlib.Path, lock: Releasable | None = None, *,
                 clock: Clock, opener: Callable[[], Engine] | None = None, read_only_origin: str | None = None):
        """`engine`, or `opener`, which makes it once the window is on screen (start-up shows the
        window shell first, ui/shell/launcher.py); pages are built only once the engine exists.
        `read_only_origin` (« réseau ALIZÉ, paquet du … ») opens a network basin's copy read-only."""
        super().__init__()
        self.setObjectName("main_window")
        self.lock = lock  # the file's lock, or a network basin's temporary copy: released on closing
        self.ctx = AppContext(engine=engine, db_path=pathlib.Path(db_path), bus=ChangeBus(self),  # type: ignore[arg-type]
                              undo=PageUndo(self), clock=clock, read_only=read_only_origin is not None,
                              read_only_origin=read_only_origin or "")
        self.undo_group: PageUndo = self.ctx.undo  # type: ignore[assignment]
        self._opener = opener
        self.open_failed: str | None = None  # the French reason, when the deferred opening failed
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
        self.setWindowTitle(f"ALIZÉ Desktop — {self._where()}")  # the basin's name once read
        self._fit_to_screen()
        self.backup_reminder = QLabel()
        self.backup_reminder.setObjectName("backup_reminder")
        self.backup_reminder.setStyleSheet("color: #8a4b00;")
        self.backup_reminder.setToolTip("Fichier › Enregistrer une copie de sauvegarde… sur une clé USB ou un autre disque")
        self.backup_reminder.setVisible(False)
        self.statusBar().addPermanentWidget(self.backup_reminder)
        self.sidebar.setCurrentRow(0)
        if not self.ctx.read_only:  # a network basin's temporary copy is no file of the office's
            self._remember_recent(self.ctx.db_path)
        if engine is not None:
            self._opened()
        else:
            self._open_after_paint = True
            QTimer.singleShot(3000, self, self.ensure_open)  # a window never painted (hidden) opens anyway

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and getattr(self, "_open_after_paint", False):
            self._open_after_paint = False  # the shell is on screen: now the first page, then the base
            if self.is_open():  # opened already (ensure_open, before the first paint)
                return super().event(event)
            # On the database worker: the first page's module and, through sqlite3 alone, its first
            # load (first_read); then SQLAlchemy (_open_soon), and the engine is made on the GUI thread.
            key = self.pages.key_at(self.sidebar.currentRow())
            first, today = self.pages.specs.get(key), self.ctx.clock.today()
            plain = getattr(self._opener, "plain", None)  # the checked file's sqlite3-only reader
            self.ctx.runner.query(self, lambda: first_read(first, plain, today),
                                  lambda data: self._show_first(key, data), lambda _e: self._open_soon(),
                                  key="first-read")
        return super().event(event)

    def _show_first(self, key: str, data: Any) -> None:
        try:
            if data is not _NOT_READ and not self.is_open() and self.pages.key_at(self.stack.currentIndex()) == key:
                self.pages.first(key, data)
        finally:
            self._open_soon()  # whatever the first page did, the base is opened

    def _open_soon(self) -> None:
        """SQLAlchemy imported on the worker, then the engine made (ensure_open)."""
        if not self.is_open():
            self.ctx.runner.query(self, warm_engine, lambda _r: self.ensure_open(), lambda _e: self.ensure_open(),
                                  key="open")

    # opening -----------------------------------------------------------------------------------
    def is_open(self) -> bool:
        return self.ctx.engine is not None

    def ensure_open(self) -> bool:
        """Make the engine (migrating the file, with its backup first) if not done yet; build and
        show the current page. False (the window closes after saying why) when the file cannot be
        used. Code that reads `pages[key]` early gets here synchronously."""
        if self.ctx.engine is not None:
            return True
        if self.open_failed is not None or self._opener is None:
            return False
        from alize_desktop import db as dbmod

        try:
            self.ctx.engine = self._opener()
        except dbmod.DatabaseError as exc:
            self.open_failed = str(exc)
            QMessageBox.critical(self, "Base inutilisable", str(exc))
            QTimer.singleShot(0, self, self.close)
            return False
        self._opened()
        return True

    def _opened(self) -> None:
        key = self.pages.key_at(self.sidebar.currentRow())
        if key:
            self.pages[key]  # the first page, now that it can read (its module was loaded on the worker)
        self.ctx.opened()  # what the first page, shown before the engine, left for it (the alerts)
        self.ctx.runner.query(self, warm_mapped_tables, lambda _r: None, key="mapped-tables")
        self._update_title()
        self._show_backup_reminder()
        if self.ctx.read_only:
            show_read_only(self)
        if self._opener is not None:
            self._backup_at_opening()

    def _backup_at_opening(self) -> None:
        """The routine copy taken at each opening, on the database worker after the first page's
        load: no write of ours can come before it (the worker runs in order), and the window is
        on screen meanwhile. A migration's own copy was taken before the migration, by the opener."""
        from alize_desktop import db as dbmod

        path = self.ctx.db_path

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, dbmod.DatabaseError):
                raise exc
            QMessageBox.warning(self, "Sauvegarde d'ouverture impossible",
                                f"La copie de sauvegarde faite à l'ouverture a échoué : {exc}. Enregistrez une "
                                "copie de sauvegarde (menu Fichier) avant de saisir.")

        self.ctx.runner.query(self, lambda: dbmod.backup(path, reason="ouverture"), lambda _copy: None, failed,
                              key="opening-backup")

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
        self.pages = LazyPages(specs, self.ctx, self.stack, lambda page: page.navigate.connect(self.navigate),
                               self.ensure_open)
        for i, spec in enumerate(PAGES):
            if spec not in specs:
                continue  # page not built yet in this checkout: no placeholder is shown
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(f"{spec.title} (Ctrl+{keys[i]})")
            self.sidebar.addItem(item)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{keys[i]}"), self)
            shortcut.activated.connect(lambda key=spec.key: self._jump_to(key))
        # « Voir le projet » and the alerts lead to another page: Alt+← leads back, as in a browser.
        self._came_from: list[str] = []
        back = QShortcut(QKeySequence("Alt+Left"), self)
        back.activated.connect(self.go_back)

    def _show_row(self, row: int) -> None:
        """A click in the sidebar: a page already loaded is built at once; the first time, its
        module is imported on the database worker (the click returns at once), then the page is
        built into its slot if the operator still looks at it. Code reading `pages[key]` builds
        synchronously."""
        key = self.pages.key_at(row)
        if key and self.is_open() and key not in self.pages.built():
            module = self.pages.specs[key].module
            if module in sys.modules:
                self.pages[key]  # built into its slot before the slot is shown
            else:
                self.ctx.runner.query(self, lambda: importlib.import_module(module),
                                      lambda _m: self._build_if_shown(key), lambda _e: self._build_if_shown(key),
                                      key=f"import-{key}")
        self.stack.setCurrentIndex(row)

    def _build_if_shown(self, key: str) -> None:
        if self.pages.key_at(self.stack.currentIndex()) == key:
            self.pages[key]  # an import error, if any, is raised here on the GUI thread

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
        here = self.pages.key_at(self.stack.currentIndex())
        page = self.show_page(key)
        if page is not None and here and here != key:
            self._came_from = [*self._came_from[-9:], here]
            spec = self.pages.specs.get(here)
            self.say(f"Alt+← : revenir à la page {spec.title if spec else here}")
        if page is not None and record_id:
            page.show_record(record_id)

    def go_back(self) -> None:
        """Back to the page a link came from (« Voir le projet », an alert…)."""
        if self._came_from:
            self.show_page(self._came_from.pop())

    def _page_changed(self, index: int) -> None:
        key = self.pages.key_at(index)
        self.undo_group.set_page(key)  # Ctrl+Z now acts on what this page did
        self._update_undo_actions()

    def _save_backup_copy(self) -> None:
        from alize_desktop.ui.export.backup_copy_dialog import save_backup_copy

        if self.ensure_open() and save_backup_copy(self, self.ctx):
            self._show_backup_reminder()

    def _show_backup_reminder(self) -> None:
        """A lasting line in the status bar while no copy has left the machine for 30 days (a
        dialog at every opening would teach the operator to click it away). Read on the worker."""
        if self.ctx.read_only:  # a network basin's copy: the office that owns it keeps its backups
            return
        from alize_desktop.services.backup_copy import copy_reminder

        engine, today = self.ctx.engine, self.ctx.clock.today()

        def show(text: str | None) -> None:
            self.backup_reminder.setText(text or "")
            self.backup_reminder.setVisible(text is not None)

        self.ctx.runner.query(self, lambda: copy_reminder(engine, today), show, key="backup-reminder")

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
        writes(self._action(file_menu, MENU_TEXT, lambda: self._save_backup_copy()))
        file_menu.addSeparator()
        writes(self._action(file_menu, "&Importer un bassin…", self.import_basin, "Ctrl+I"))
        self._action(file_menu, "&Exporter data.json…", self.export_json, "Ctrl+E")
        if "export" in self.pages:
            self._action(file_menu, "Exporter le &paquet ASTREES…", lambda: self.show_page("export"), "Ctrl+Shift+E")
        file_menu.addSeparator()
        self._action(file_menu, "&Quitter", self.close, "Ctrl+Q")  # the platform's Quit key may be empty
        edit = bar.addMenu("&Édition")
        # The window's own actions (not createUndoAction's) so that the text names the edit before it
        # runs, and undoing money asks first. One owner per key: Ctrl+Maj+Z and Ctrl+Y belong to Redo
        # only once each (QKeySequence.Redo already holds Ctrl+Maj+Z on Linux: "Ambiguous shortcut").
        self.undo_action = writes(self._action(edit, "Annuler", self.undo, QKeySequence.StandardKey.Undo))
        self.redo_action = writes(self._action(edit, "Rétablir", self.redo))
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
        self.undo_group.undo()  # the one undo path: it asks before taking money out (kit_undo.PageUndo)

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

    def _where(self) -> str:
        """What the title says of the base: its file, or that it is a network basin's read-only copy."""
        return f"lecture seule ({self.ctx.read_only_origin})" if self.ctx.read_only else self.ctx.db_path.name

    def _update_title(self) -> None:
        """The basin's name in the title, read on the worker (titles read no mnemonic)."""
        from alize_desktop.services.evaluation.overview import basin_name

        engine = self.ctx.engine
        where = self._where()

        def show(name: Any) -> None:
            self.setWindowTitle(f"ALIZÉ Desktop — {name or 'aucun bassin'} — {where}")

        self.ctx.runner.query(self, lambda: basin_name(engine), show, key="title")

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
            if self.ctx.engine is not None:
                self.ctx.engine.dispose()
            if self.lock is not None:
                self.lock.release()
                self.lock = None
