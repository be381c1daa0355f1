"""Qt stays in the user interface: the command line and every non-UI package load without PySide6."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import alize_desktop

NON_UI = ("models", "services", "interchange", "documents", "rules", "migrations")


def test_non_ui_packages_never_import_qt() -> None:
    modules = ["alize_desktop.cli", "alize_desktop.db", "alize_desktop.formatting"]
    for pkg in NON_UI:
        path = [f"{alize_desktop.__path__[0]}/{pkg}"]
        modules += [f"alize_desktop.{pkg}.{m.name}" for m in pkgutil.iter_modules(path)
                    if not (pkg == "migrations" and m.name == "env")]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')))\n"
        "print(bad)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_cli_help_starts_without_qt_or_reportlab() -> None:
    code = (
        "import sys\nfrom alize_desktop.cli import build_parser\nbuild_parser()\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'PySide6', 'reportlab', 'alembic'}))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr
