"""The wheel carries resources/ (fonts, texts), the JSON schema and the migrations."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_wheel_installs_and_runs(tmp_path: pathlib.Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"),
         str(ROOT)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("alize_desktop-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "alize_desktop/resources/fonts/DejaVuSans.ttf" in names
    assert "alize_desktop/interchange/schema.json" in names
    assert any(n.startswith("alize_desktop/migrations/versions/0001") for n in names)
    target = tmp_path / "site"
    inst = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(target), str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert inst.returncode == 0, inst.stderr[-2000:]
    # Run from the installed copy (PYTHONPATH first), outside the checkout.
    code = ("import alize_desktop, sys; from alize_desktop.resources_path import resource_path;"
            "print(alize_desktop.__file__); print(resource_path('fonts', 'DejaVuSans.ttf').exists());"
            "from alize_desktop.cli import main; sys.exit(main(['--help']))")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                         cwd=tmp_path, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    assert lines[0].startswith(str(target))
    assert lines[1] == "True"
    assert "alize-desktop" in run.stdout
