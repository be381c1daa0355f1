"""Every button, tool button, menu entry and context-menu entry of every page of the demo basin,
clicked with the first row of each list selected and with nothing selected: no click may raise.

Modal dialogs open and are closed at once (Annuler), message boxes answer their safe choice (see
tests/conftest.py), context menus are not shown but their entries are triggered one by one, and
windows a click opened (previews, the project file) are closed before the next click.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable, Iterator

import pytest
from PySide6 import QtPrintSupport, QtWidgets
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QMenu,
    QTabWidget,
    QToolButton,
    QWidget,
)
from shiboken6 import isValid

from alize_desktop.ui.shell.worker import active_jobs

PROGRESS_LOG = os.environ.get("ALIZE_CLICK_LOG", "")  # one line per click, to find a click that hangs

# Entries whose whole point is to leave the window (they are tested on their own elsewhere).
SKIPPED_ACTIONS = {"&Quitter"}
# What a failure shows the operator instead of a traceback: never expected from a plain click.
CRASH_WORDS = ("Erreur inattendue", "Une erreur a empêché", "Traceback", "TypeError", "AttributeError",
               "KeyError", "ValueError", "IndexError", "NameError")


def _dialog_classes() -> Iterator[type]:
    for module in (QtWidgets, QtPrintSupport):
        for name in dir(module):
            cls = getattr(module, name)
            if isinstance(cls, type) and issubclass(cls, QDialog) and cls is not QtWidgets.QMessageBox:
                yield cls


@pytest.fixture
def harness(main_window, qtbot, monkeypatch, _no_modal_dialog_blocks):  # type: ignore[no-untyped-def]
    errors: list[str] = []
    menus: list[QMenu] = []
    where = {"now": ""}

    def hook(exc_type, exc, tb) -> None:  # type: ignore[no-untyped-def]
        errors.append(f"{where['now']}: {''.join(traceback.format_exception(exc_type, exc, tb))}")

    monkeypatch.setattr(sys, "excepthook", hook)

    def fake_exec(self: QDialog, *args: object) -> int:
        self.show()
        QApplication.processEvents()
        QDialog.done(self, int(QDialog.DialogCode.Rejected))  # bypass a reject() that asks
        return int(QDialog.DialogCode.Rejected)

    for cls in _dialog_classes():
        monkeypatch.setattr(cls, "exec", fake_exec)
    monkeypatch.setattr(QtWidgets.QMessageBox, "about", staticmethod(lambda *a, **k: None))
    monkeypatch.setattr(QMenu, "exec", lambda self, *a, **k: (menus.append(self), None)[1])
    monkeypatch.setattr(QMenu, "popup", lambda self, *a, **k: menus.append(self))

    earlier = set(QApplication.topLevelWidgets())  # windows other tests left behind are not ours

    def opened(keep: tuple[QWidget, ...]) -> list[QWidget]:
        # What the click read on the database worker (a status change's check, the reports a form
        # opens on) comes back before its windows are looked for.
        qtbot.waitUntil(lambda: not active_jobs() and not main_window.ctx.runner.busy(), timeout=30_000)
        QApplication.processEvents()
        return [w for w in QApplication.topLevelWidgets()
                if w is not main_window and w.isVisible() and not isinstance(w, QMenu) and w not in keep
                and w not in earlier]

    def close(windows: list[QWidget]) -> None:
        for w in windows:
            if not isValid(w):  # closed by its own button, deleted on close
                continue
            if isinstance(w, QDialog):
                QDialog.done(w, int(QDialog.DialogCode.Rejected))
            else:
                w.close()
        QApplication.processEvents()

    def run(label: str, action: Callable[[], object], depth: int = 0, keep: tuple[QWidget, ...] = ()) -> None:
        where["now"] = label
        if PROGRESS_LOG:
            with open(PROGRESS_LOG, "a", encoding="utf-8") as log:
                log.write(label + "\n")
        before = len(_no_modal_dialog_blocks)
        try:
            action()
        except Exception:  # noqa: BLE001 - collected, reported at the end
            errors.append(f"{label}: {traceback.format_exc()}")
        windows = opened(keep)
        for text in _no_modal_dialog_blocks[before:]:
            if any(word in text for word in CRASH_WORDS):
                errors.append(f"{label}: message « {text} »")
        for w in windows:
            if not isValid(w):
                continue
            if not w.windowTitle().strip():
                errors.append(f"{label}: a window without a title opened ({type(w).__name__})")
            if depth == 0:  # a window the click opened (a preview, the project file): its buttons too
                for b in [b for b in w.findChildren(QAbstractButton) if b.isVisibleTo(w)]:
                    if isValid(w) and isValid(b) and w.isVisible() and b.isVisibleTo(w) and b.isEnabled() and getattr(b, "menu", lambda: None)() is None:
                        run(f"{label} › {w.windowTitle()} › {b.text() or b.toolTip()}", b.click, 1, (w,))
        close(windows)

    return main_window, errors, menus, run


def _trigger_menu(menu: QMenu, label: str, run: Callable[[str, Callable[[], object]], None]) -> None:
    menu.aboutToShow.emit()  # menus filled on demand (Fichiers récents)
    for act in list(menu.actions()):
        if act.isSeparator() or not act.isEnabled() or act.text() in SKIPPED_ACTIONS:
            continue
        if act.menu() is not None:
            _trigger_menu(act.menu(), f"{label} › {act.text()}", run)  # type: ignore[arg-type]
            continue
        run(f"{label} › {act.text()}", act.trigger)


def _entry_paths(menu: QMenu, prefix: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
    """The index path of every enabled entry of `menu` and of its submenus."""
    paths: list[tuple[int, ...]] = []
    for i, act in enumerate(menu.actions()):
        if act.isSeparator() or not act.isEnabled():
            continue
        if act.menu() is not None:
            paths += _entry_paths(act.menu(), (*prefix, i))  # type: ignore[arg-type]
        else:
            paths.append((*prefix, i))
    return paths


def _views(page: QWidget) -> list[QAbstractItemView]:
    return [v for v in page.findChildren(QAbstractItemView) if v.isVisibleTo(page) and v.model() is not None]


def _select_first_rows(page: QWidget, select: bool) -> None:
    for view in _views(page):
        model, selection = view.model(), view.selectionModel()
        if selection is None:
            continue
        if select and model.rowCount() > 0:
            view.setCurrentIndex(model.index(0, 0))
            selection.select(model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                             | QItemSelectionModel.SelectionFlag.Rows)
        elif not select:
            selection.clearSelection()
            selection.setCurrentIndex(model.index(-1, -1), QItemSelectionModel.SelectionFlag.Clear)


def _tab_states(page: QWidget) -> list[tuple[QTabWidget | None, int, str]]:
    """Each tab of each tab widget of the page in turn (the page as it is when it has none)."""
    tabs = [t for t in page.findChildren(QTabWidget) if t.isVisibleTo(page)]
    states: list[tuple[QTabWidget | None, int, str]] = [(t, i, t.tabText(i)) for t in tabs for i in range(t.count())]
    return states or [(None, 0, "")]


def _click_all(page: QWidget, label: str, run, menus: list[QMenu],  # type: ignore[no-untyped-def]
               prepare: Callable[[], object]) -> int:
    """Click each button and menu entry shown in the state `prepare()` puts the page in; the state is
    put back before every click, since a click may open another screen or tab."""
    clicked = 0
    prepare()
    buttons = [b for b in page.findChildren(QAbstractButton) if b.isVisibleTo(page)]
    for b in buttons:
        prepare()
        if not b.isVisibleTo(page) or not b.isEnabled():
            continue
        text = b.text() or b.toolTip() or b.objectName()
        has_menu = getattr(b, "menu", lambda: None)()
        if has_menu is not None:
            _trigger_menu(has_menu, f"{label} › {text}", run)
            continue
        if isinstance(b, QToolButton) and b.defaultAction() is not None:
            run(f"{label} › {text}", b.defaultAction().trigger)
        else:
            run(f"{label} › {text}", b.click)
        clicked += 1
    prepare()
    for view in _views(page):
        name = view.objectName() or type(view).__name__
        if view.contextMenuPolicy() == Qt.ContextMenuPolicy.CustomContextMenu:
            # As the operator does: right-click, choose one entry; the menu is asked for again each time.
            def request(v: QAbstractItemView = view) -> QMenu | None:
                menus.clear()
                prepare()
                v.customContextMenuRequested.emit(QPoint(4, 4))
                return menus[-1] if menus else None

            run(f"{label} › menu de {name}", request)
            first = request()
            for path in _entry_paths(first) if first is not None else []:
                def choose(path: tuple[int, ...] = path) -> None:
                    menu = request()
                    assert menu is not None, "the context menu did not open again"
                    for i in path[:-1]:
                        title = menu.actions()[i].text()  # a submenu, found by its title among the children
                        menu = next(m for m in menu.findChildren(QMenu) if m.title() == title)
                    menu.actions()[path[-1]].trigger()

                run(f"{label} › menu de {name} › {path}", choose)
        for act in view.actions():
            if isinstance(act, QAction) and act.isEnabled() and not act.isSeparator():
                prepare()
                run(f"{label} › {name} › {act.text()}", act.trigger)
    return clicked


def _meeting_states(window, run, menus, settle) -> int:  # type: ignore[no-untyped-def]
    """Comités: a held meeting selected in the list, then the meeting screen of a held meeting (its
    PDFs) and of the next one (the agenda), where most of the meeting's buttons live. The list and
    the screen are read on the database worker: each state waits for them, as the operator does."""
    from alize_desktop.ui.meetings.page import ALL_YEARS

    page = window.show_page("meetings")
    settle(page)
    page.year.setCurrentIndex(page.year.findText(ALL_YEARS))
    held = next(r for r in page.rows if r.decided)
    coming = next(r for r in page.rows if not r.decided)

    def held_selected() -> None:
        window.show_page("meetings")
        page.show_list()
        settle(page)
        page.year.setCurrentIndex(page.year.findText(ALL_YEARS))
        page.select(held.id)

    clicked = _click_all(page, "meetings (comité tenu)", run, menus, held_selected)
    for row, name in ((held, "écran du comité tenu"), (coming, "écran du prochain comité")):
        for select in (False, True):
            def on_screen(row=row, select=select) -> None:  # type: ignore[no-untyped-def]
                window.show_page("meetings")
                if page.stack.currentWidget() is not page.meeting_screen or page.meeting_screen.meeting_id != row.id:
                    page.show_record(row.id)
                settle(page)
                _select_first_rows(page, select)

            clicked += _click_all(page, f"meetings / {name}{' (sélection)' if select else ''}", run, menus, on_screen)
    held_selected()
    return clicked


def test_every_button_and_menu_entry_of_every_page(harness, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    window, errors, menus, run = harness
    clicked = _meeting_states(window, run, menus, settle)
    for key in list(window.pages):
        for select in (False, True):
            page = window.show_page(key)
            assert page is not None
            QApplication.processEvents()
            for tab_widget, index, tab in _tab_states(page):
                def prepare(key=key, tab_widget=tab_widget, index=index, select=select) -> None:  # type: ignore[no-untyped-def]
                    window.show_page(key)
                    qtbot.waitUntil(lambda: not window.ctx.runner.busy(), timeout=30_000)  # the page's rows
                    if tab_widget is not None:
                        tab_widget.setCurrentIndex(index)
                    _select_first_rows(window.pages[key], select)
                    # What the selection reads (the workflow buttons' reasons) before the buttons are clicked.
                    qtbot.waitUntil(lambda: not window.ctx.runner.busy(), timeout=30_000)

                label = f"{key}{' / ' + tab if tab else ''}{' (sélection)' if select else ''}"
                clicked += _click_all(page, label, run, menus, prepare)
        for menu_action in window.menuBar().actions():
            if menu_action.menu() is not None and (key == "dashboard" or menu_action.text() != "&Fichier"):
                _trigger_menu(menu_action.menu(), f"{key} › {menu_action.text()}", run)  # type: ignore[arg-type]
    assert clicked > 130, f"only {clicked} buttons clicked: the walk missed pages"
    assert not errors, "\n\n".join(errors)
