"""The application owns its windows: opening another database makes a new window, then closes
the one that asked; a file that cannot be opened leaves the asking window as it was."""

from __future__ import annotations

import shutil

from alize_desktop.ui.shell.launcher import windows_of_application


def test_opening_another_database_replaces_the_window(qtbot, main_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "autre.sqlite"
    shutil.copy(main_window.ctx.db_path, other)
    registry = windows_of_application()
    main_window.switch_to(other)
    successor = next(w for w in registry.windows if w.ctx.db_path == other)
    qtbot.addWidget(successor)
    assert not main_window.isVisible() and successor.isVisible()
    assert main_window not in registry.windows
    successor.close()


def test_a_database_that_cannot_open_leaves_the_window(qtbot, main_window, tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "pas-une-base.sqlite"
    broken.write_bytes(b"ceci n'est pas une base" * 100)
    main_window.switch_to(broken)  # refused with a French message (answered by the test guard)
    assert main_window.isVisible()
    assert all(w.ctx.db_path != broken for w in windows_of_application().windows)
