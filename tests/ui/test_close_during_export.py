"""Closing the window while the ASTREES bundle is written says so and offers to stop the export."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QApplication, QMessageBox

from alize_desktop.services.progress import Cancelled
from alize_desktop.ui.shell.worker import active_jobs


def test_closing_during_an_export_asks_and_can_stop_it(main_window, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    started, release = threading.Event(), threading.Event()

    def slow_bundle(*_a, progress=None, **_k):  # type: ignore[no-untyped-def]
        started.set()
        while not release.is_set():  # sleeps, not timed waits: those hang when the clock is faked
            time.sleep(0.02)
            if progress is not None and not progress(0, 1, "Écriture…"):
                raise Cancelled()
        return None

    monkeypatch.setattr("alize_desktop.ui.export.page.write_bundle", slow_bundle)
    page = main_window.show_page("export")
    page.folder.setText(str(tmp_path))
    page.export()
    qtbot.waitUntil(started.is_set, timeout=10_000)
    assert active_jobs()
    assert QApplication.activeModalWidget() is None  # the window is not blocked: its close button works
    asked: list[str] = []
    replies = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda _p, _t, text, *a, **k: (asked.append(text), replies.pop(0))[1]))
    main_window.close()
    assert main_window.isVisible() and "Export du paquet ASTREES" in asked[0] and "interrompre" in asked[0].lower()
    assert active_jobs()  # « Non »: the export goes on
    main_window.close()
    assert not main_window.isVisible() and not active_jobs()  # « Oui »: stopped, then closed
