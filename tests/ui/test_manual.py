"""Aide › Manuel: the French manual shipped in the package, opened by F1 at the page shown."""

from __future__ import annotations

from PySide6.QtCore import Qt

from alize_desktop.ui.pages import PAGES
from alize_desktop.ui.shell.manual import manual_file


def test_the_manual_has_a_section_for_each_page_and_the_yearly_cycle() -> None:
    html = manual_file().read_text("utf-8")
    for spec in PAGES:
        assert f'id="{spec.key}"' in html, spec.key
    assert 'id="cycle"' in html and "Le cycle de l'année" in html


def test_f1_opens_the_manual_at_the_page_shown(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    main_window.show_page("meetings")
    main_window.activateWindow()
    qtbot.keyClick(main_window, Qt.Key.Key_F1)
    manual = main_window.manual
    assert manual.isVisible() and manual.windowTitle() == "Manuel d'ALIZÉ Desktop"
    assert manual.browser.source().fragment() == "meetings"
    assert "Comités" in manual.browser.toPlainText() and "Pour" not in manual.windowTitle()
    assert main_window.manual_action.text() == "&Manuel" and main_window.manual_action.shortcut().toString() == "F1"
