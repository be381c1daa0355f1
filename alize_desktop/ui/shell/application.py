"""The QApplication with French translations of Qt's own dialogs and the program's identity."""

from __future__ import annotations

import sys

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from alize_desktop.resources_path import resource_path
from alize_desktop.ui.shell import collector

SWITCH_INTERVAL_S = 0.0002


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or ["alize-desktop"])
    app.setApplicationName("ALIZÉ Desktop")
    app.setOrganizationName("ALIZÉ")
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    # Qt's own file and colour dialogs, which qtbase_fr translates: a desktop's native dialog speaks
    # the desktop's language ("Folder", "Save") whatever the program asks.
    app.setAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs, True)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for name in ("qtbase_fr", "qt_fr"):
        tr = QTranslator(app)
        if tr.load(name, folder):
            app.installTranslator(tr)
    collector.install(app)  # cyclic garbage collected on the GUI thread only (see ui/collector.py)
    # While the database worker computes, every Python call Qt makes on the GUI thread (a cell's
    # text, a timer, a click, any virtual of a widget class written in Python) waits for the
    # interpreter lock, by default up to 5 ms each: a table painted during a load then took
    # hundreds of milliseconds. 0.2 ms bounds that wait (a chart's layout beside a busy worker:
    # 55 ms at 1 ms, 25 ms at 0.2 ms, 15 ms alone). The hand-overs cost the worker only while the
    # GUI thread is working; idle, it waits outside the lock. The runner also holds its next job
    # until the last result is painted (Runner._wait_painted).
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    icon = resource_path("icons", "alize.svg")
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    return app  # type: ignore[return-value]
