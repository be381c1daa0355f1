"""What every page receives: the database, the change bus and the undo stack."""

from __future__ import annotations

import dataclasses
import pathlib
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoGroup, QUndoStack

from alize_desktop.clock import Clock, clock_from_environment
from alize_desktop.services.changes import Changes
from alize_desktop.ui.shell.runner import Runner

if TYPE_CHECKING:  # the window's shell shows before SQLAlchemy is imported
    from sqlalchemy import Engine


class ChangeBus(QObject):
    """One signal for the whole program: a service changed something; pages refresh what they show."""

    changed = Signal(object)  # Changes

    def emit(self, changes: Changes) -> None:
        self.changed.emit(changes)


@dataclasses.dataclass
class AppContext:
    engine: Engine
    db_path: pathlib.Path
    bus: ChangeBus
    # The window's kit_undo.PageUndo (one stack per page); a plain QUndoStack in tests of one page.
    undo: QUndoStack | QUndoGroup
    # The one source of "today" for every page and dialog: read it at the moment a date is needed
    # (never keep the day in a widget), so a window left open past midnight moves on by itself.
    clock: Clock = dataclasses.field(default_factory=clock_from_environment)
    # The one database worker for page loads and service calls (ui/runner.py); created after the
    # bus so that the service's Changes it returns reach the pages.
    runner: Runner = dataclasses.field(default=None)  # type: ignore[assignment]
    # A basin opened from the network (ui/widgets/read_only.py): nothing in the window writes, and
    # `read_only_origin` says where the copy comes from ("réseau ALIZÉ, paquet du 26/11/2026").
    read_only: bool = False
    read_only_origin: str = ""

    def __post_init__(self) -> None:
        if self.runner is None:
            self.runner = Runner(self.bus)
        self._on_open: list[Callable[[], None]] = []

    def when_open(self, action: Callable[[], None]) -> None:
        """Run `action` once the engine exists (at once when it does): the first page shows what it
        read through sqlite3 alone before the engine is made (MainWindow.first_read)."""
        if self.engine is not None:
            action()
        else:
            self._on_open.append(action)

    def opened(self) -> None:
        """The window made the engine: what waited for it runs, in the order it was asked."""
        actions, self._on_open = self._on_open, []
        for action in actions:
            action()
