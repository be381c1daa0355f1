"""A window that is not maximised (about 1066 × 700 pixels): the Conventions page does not widen the
window and cuts the annex label with « … » (whole text in the tooltip); the projects list keeps a
readable title column and does not scroll sideways."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QLabel

from alize_desktop.ui.projects.table_model import COLUMNS, TITLE_COLUMN, TITLE_MIN_WIDTH, column_widths
from alize_desktop.ui.widgets.kit_widgets import ElidedLabel

NARROW = (1066, 700)


def _settle(window) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        QApplication.processEvents()


def test_conventions_page_fits_a_narrow_window(main_window, settle) -> None:  # type: ignore[no-untyped-def]
    main_window.resize(*NARROW)
    page = main_window.show_page("conventions")
    settle(page)  # the annex label is painted from the page's load
    _settle(main_window)
    assert main_window.width() == NARROW[0]  # the page did not force the window wider
    label = page.findChild(QLabel, "annex2_label")
    assert isinstance(label, ElidedLabel)
    assert label.full_text().startswith("Annexe 2 : aucun PDF joint")
    shown = label.text()
    # What is painted fits the label: nothing clipped mid-letter; a cut text ends with « … ».
    assert label.fontMetrics().horizontalAdvance(shown) <= label.width()
    assert shown == label.full_text() or (shown.endswith("…") and label.full_text() in label.toolTip())
    assert "page de référence" in label.toolTip()
    assert label.geometry().right() < label.parentWidget().width()


def test_elided_label_cuts_and_tells_the_whole_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    label = ElidedLabel()
    qtbot.addWidget(label)
    label.set_full_text("Annexe 2 : cahier-des-charges-du-programme-ALIZE-version-definitive-2025.pdf")
    label.resize(120, 20)
    label.show()
    assert label.text().endswith("…") and label.text() != label.full_text()
    assert label.toolTip() == label.full_text()
    assert label.minimumSizeHint().width() < 120
    label.resize(2000, 20)
    assert label.text() == label.full_text() and label.toolTip() == ""


def test_projects_title_column_stays_readable_when_narrow(main_window, settle) -> None:  # type: ignore[no-untyped-def]
    main_window.resize(*NARROW)
    page = main_window.show_page("projects")
    settle(page)  # the list is read on the database worker
    _settle(main_window)
    view = page.view
    assert main_window.width() == NARROW[0]
    assert view.columnWidth(TITLE_COLUMN) >= TITLE_MIN_WIDTH
    assert view.horizontalScrollBar().maximum() == 0  # every column in view, no sideways scrolling
    for col, c in enumerate(COLUMNS):
        if col != TITLE_COLUMN:
            assert view.columnWidth(col) >= c.min_width, c.title
    # Dates stay whole.
    received = next(i for i, c in enumerate(COLUMNS) if c.title == "Reçu le")
    text = view.model().index(0, received).data()
    assert view.fontMetrics().horizontalAdvance(text) < view.columnWidth(received)
    # Maximised at 1366 pixels the other columns have their wanted width and the title the rest.
    main_window.resize(1366, 768)
    _settle(main_window)
    assert [view.columnWidth(i) for i in range(len(COLUMNS)) if i != TITLE_COLUMN] == \
        [c.width for i, c in enumerate(COLUMNS) if i != TITLE_COLUMN]
    assert view.columnWidth(TITLE_COLUMN) >= TITLE_MIN_WIDTH


def test_column_widths_give_way_before_the_title() -> None:
    wide = column_widths(1400)
    assert wide[TITLE_COLUMN] == 1400 - sum(c.width for i, c in enumerate(COLUMNS) if i != TITLE_COLUMN)
    narrow = column_widths(800)
    assert narrow[TITLE_COLUMN] >= TITLE_MIN_WIDTH and sum(narrow) <= 800
    assert all(narrow[i] >= c.min_width for i, c in enumerate(COLUMNS) if i != TITLE_COLUMN)
