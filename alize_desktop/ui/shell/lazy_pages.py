"""The sidebar's pages, built the first time they are shown.

The window lists every page of the registry (ui/pages PAGES) at once, but a page's module is
imported and the page constructed only when the operator opens it, or when code reads
`window.pages[key]`: opening the program costs one page, not ten, and a page nobody opens today
reads nothing from the database.

Each sidebar row owns one slot of the window's QStackedWidget, an empty container until its page
is built into it (swapping widgets in a stack moves its current index and emits currentChanged
at the wrong time; filling a container does neither).
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from alize_desktop.ui.pages import PageSpec
from alize_desktop.ui.shell.context import AppContext

if TYPE_CHECKING:  # pages.base loads the widgets a page needs: not before the first page is built
    from alize_desktop.ui.pages.base import Page


def available(specs: tuple[PageSpec, ...]) -> list[PageSpec]:
    """The pages whose module exists in this checkout (found, not imported: importing is the cost)."""
    found = []
    for spec in specs:
        try:
            if importlib.util.find_spec(spec.module) is not None:
                found.append(spec)
        except ModuleNotFoundError:
            continue  # its package is not written yet
    return found


class LazyPages(Mapping[str, "Page"]):
    """key → Page, in sidebar order; reading a key builds that page (once)."""

    def __init__(self, specs: list[PageSpec], ctx: AppContext, stack: QStackedWidget,
                 on_built: Callable[[Page], None], ready: Callable[[], bool] = lambda: True):
        self.specs = {s.key: s for s in specs}
        self.keys_in_order = [s.key for s in specs]
        self.ctx, self.stack, self.on_built, self.ready = ctx, stack, on_built, ready
        self.slots: dict[str, QWidget] = {}
        self._built: dict[str, Page] = {}
        for key in self.keys_in_order:
            slot = QWidget()
            slot.setObjectName(f"slot_{key}")
            lay = QVBoxLayout(slot)
            lay.setContentsMargins(0, 0, 0, 0)
            self.slots[key] = slot
            stack.addWidget(slot)

    def __getitem__(self, key: str) -> Page:
        page = self._built.get(key)
        if page is None:
            if key not in self.specs:
                raise KeyError(key)  # a page that is not in the sidebar
            if not self.ready():  # a page reads the database: not before the window has opened it
                raise LookupError(f"page {key}: la base n'a pas pu être ouverte")
            page = self._built.get(key)  # opening the base builds the page shown
        return page if page is not None else self._build(key)

    def first(self, key: str, data: object) -> Page:
        """The page shown at start-up, built before the engine exists with what it read through
        sqlite3 alone (MainWindow.first_read): it shows `data` and does not read again."""
        return self._built.get(key) or self._build(key, data)

    _NOTHING = object()

    def _build(self, key: str, first: object = _NOTHING) -> Page:
        spec = self.specs[key]
        module = importlib.import_module(spec.module)
        page = getattr(module, spec.cls)(self.ctx)
        self._built[key] = page
        self.slots[key].layout().addWidget(page)
        self.on_built(page)
        if first is not self._NOTHING:
            page.show_first(first)
        if self.slots[key].isVisible():
            # Shown now, not at the layout's next turn of the event loop: its load is then queued
            # on the database worker before whatever the caller queues next (the opening's
            # backup, the title), and the operator sees the page's figures first.
            page.show()
        return page

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys_in_order)

    def __len__(self) -> int:
        return len(self.keys_in_order)

    def __contains__(self, key: object) -> bool:  # Mapping's own would build the page
        return key in self.specs

    def built(self) -> dict[str, Page]:
        """The pages constructed so far (nothing is built by asking)."""
        return dict(self._built)

    def index_of(self, key: str) -> int:
        return self.keys_in_order.index(key)

    def key_at(self, index: int) -> str:
        return self.keys_in_order[index] if 0 <= index < len(self.keys_in_order) else ""
