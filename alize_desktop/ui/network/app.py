"""`alize-desktop network --db-url URL` without a sub-command: the « Réseau ALIZÉ » window."""

from __future__ import annotations

from alize_desktop.clock import Clock


def run_network_window(db_url: str | None, clock: Clock) -> int:
    from PySide6.QtWidgets import QMessageBox

    from alize_desktop.app import install_crash_handler, setup_logging
    from alize_desktop.network.db import NetworkDatabaseError, open_network
    from alize_desktop.ui.network.window import NetworkWindow
    from alize_desktop.ui.shell.application import create_application

    install_crash_handler(setup_logging())
    app = create_application()
    try:
        engine = open_network(db_url)
    except NetworkDatabaseError as exc:
        QMessageBox.critical(None, "Réseau ALIZÉ", f"La base du réseau ne peut pas être ouverte : {exc}.")
        return 1
    window = NetworkWindow(engine, clock)
    window.show()
    try:
        return app.exec()
    finally:
        engine.dispose()
