"""What every sidebar page shares: the context, refresh on change, and navigation to a record."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QLabel, QWidget

from alize_desktop.services.changes import Changes
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.date_field import DateField
from alize_desktop.ui.widgets.forms import follow_today
from alize_desktop.ui.widgets.read_only import freeze_fields, lock_marked, mark_read_only


class Page(QWidget):
    """Subclasses set `key` (objectName page_<key>) and either implement `reload()` (light pages
    that read little), or `loader()` and `show_loaded(data)`: `loader()` runs on the GUI thread,
    reads the widgets' state (dates, filters) and returns the work to do; that work runs on the
    database worker (ctx.runner), and `show_loaded(data)` paints its result on the GUI thread.

    `navigate.emit(page_key, record_id)` asks the window to open another page on a record.
    """

    key = ""
    is_form = False  # a page that is one form (Bassin): in a read-only window its fields are frozen
    navigate = Signal(str, str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName(f"page_{self.key}")
        if ctx.read_only:
            mark_read_only(self)  # what the page marks as writing (ui/widgets/read_only.py) is locked
        self._stale = True
        self._day = ctx.clock.today()  # the day the page last showed (see showEvent)
        self._after_load: list[Callable[[], None]] = []
        ctx.bus.changed.connect(self._on_changed)

    def concerns(self, changes: Changes) -> bool:
        """Whether a change affects what this page shows (default: anything)."""
        return True

    def _on_changed(self, changes: Changes) -> None:
        if self.concerns(changes):
            self._stale = True
            if self.isVisible():
                self.reload()
                self._stale = False

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt API
        super().showEvent(event)
        if self.ctx.read_only:
            lock_marked(self)  # buttons made before they had a parent in the page
            if self.is_form:
                freeze_fields(self)
        today = self.ctx.clock.today()
        if today != self._day:
            # Left open past midnight: dates that followed "today" move on, and every figure that
            # depends on the day (overdue, deadlines, alerts) is read again.
            self.day_changed(self._day, today)
            self._day = today
            self._stale = True
        if self._stale:
            self.reload()
            self._stale = False

    def day_changed(self, before: dt.date, today: dt.date) -> None:
        """The calendar moved on while the page was open; pages with an "as of" date move it along."""
        for edit in self.findChildren(DateField):
            follow_today(edit, before, today)

    def reload(self) -> None:
        """Read again from the database what the page shows (off the GUI thread when the page
        has a loader): a light busy state meanwhile, only the newest load is painted."""
        work = self.loader()
        if work is None:
            return
        self.begin_loading()
        self.ctx.runner.query(self, work, self._loaded, self._load_failed)

    def loader(self) -> Callable[[], Any] | None:
        """The database work of a reload (runs on the worker; never touch a widget in it)."""
        return None

    def show_loaded(self, data: Any) -> None:
        """Paint what `loader()`'s work returned (GUI thread)."""

    # The page shown at start-up may read its first load through sqlite3 alone, before SQLAlchemy
    # is imported and the engine made (MainWindow.first_read): `first_read(plain_engine, today)`,
    # a static method of the page class, returns what `show_loaded` paints, or is None (the page
    # then waits for the engine, as every other page does).
    first_read: Callable[[Any, dt.date], Any] | None = None

    def show_first(self, data: Any) -> None:
        """Paint the start-up read; the page is then fresh (it reads again on the next change)."""
        self._stale = False
        self._loaded(data)

    loading = False

    def when_loaded(self, action: Callable[[], None]) -> None:
        """Run `action` once the page shows fresh data (at once when no load is on its way):
        selecting a record that an alert points to must wait for the list that holds it."""
        if self.loading:
            self._after_load.append(action)
        else:
            action()

    def when_fresh(self, action: Callable[[], None]) -> None:
        """Run `action` once the page shows up-to-date data, reading again first when a change came
        while it was hidden: what `show_record` does before it selects a record."""
        if self._stale:
            self.reload()
            self._stale = False
        self.when_loaded(action)

    def begin_loading(self) -> None:
        """A light busy state (the busy cursor over the page) while its data is on the way."""
        self.loading = True
        self.setCursor(Qt.CursorShape.BusyCursor)

    def end_loading(self) -> None:
        self.loading = False
        self.unsetCursor()
        actions, self._after_load = self._after_load, []
        for action in actions:
            action()

    def _loaded(self, data: Any) -> None:
        self.loading = False
        self.show_loaded(data)  # may start a second load (the evaluation's figures)
        if not self.loading:
            self.end_loading()

    def _load_failed(self, exc: BaseException) -> None:
        self.end_loading()
        raise exc

    def show_record(self, record_id: str) -> None:
        """Select and open the record `record_id` (used by alerts and the project file)."""

    def focus_main(self) -> None:
        """Give the keyboard to the page's main list (its first visible one), so that after Ctrl+digit
        the arrows move in the list and Entrée opens the selected record."""
        for view in self.findChildren(QAbstractItemView):
            if view.isVisibleTo(self) and view.focusPolicy() != Qt.FocusPolicy.NoFocus:
                view.setFocus(Qt.FocusReason.ShortcutFocusReason)
                if not view.currentIndex().isValid() and view.model() is not None and view.model().rowCount():
                    view.setCurrentIndex(view.model().index(0, 0))
                return


def heading(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setStyleSheet("font-size: 16pt; font-weight: 600; margin-bottom: 6px;")
    return lab


def note(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setStyleSheet("color: #555;")
    return lab
