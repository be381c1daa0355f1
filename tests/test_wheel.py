"""The wheel carries resources/ (fonts, texts), the JSON schema and the migrations, and its console
script runs from a fresh virtual environment."""

from __future__ import annotations

import pathlib
import subprocess
import sys
import sysconfig
import zipfile

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_wheel_installs_in_a_fresh_venv_and_runs(tmp_path: pathlib.Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path / "dist"),
         str(ROOT)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert build.returncode == 0, build.stderr[-2000:]
    wheel = next((tmp_path / "dist").glob("alize_desktop-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "alize_desktop/resources/fonts/DejaVuSans.ttf" in names
    assert "alize_desktop/interchange/schema.json" in names
    assert any(n.startswith("alize_desktop/migrations/versions/0001") for n in names)

    venv = tmp_path / "venv"
    made = subprocess.run([sys.executable, "-m", "venv", str(venv)], capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr[-2000:]
    vpy = venv / "bin" / "python"
    inst = subprocess.run([str(vpy), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                          capture_output=True, text=True, timeout=300)
    assert inst.returncode == 0, inst.stderr[-2000:]
    # The dependencies (PySide6, reportlab…) are those of this interpreter: point the venv at them,
    # without running their .pth files, so that this checkout's editable install stays out.
    site = pathlib.Path(subprocess.run([str(vpy), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                       capture_output=True, text=True).stdout.strip())
    (site / "outer-dependencies.pth").write_text(
        "\n".join(dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])) + "\n")
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}
    where = subprocess.run([str(vpy), "-c", "import alize_desktop, sys; from alize_desktop.resources_path import "
                            "resource_path; print(alize_desktop.__file__); print(resource_path('fonts', "
                            "'DejaVuSans.ttf').exists())"], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert where.returncode == 0, where.stderr[-2000:]
    location, font = where.stdout.splitlines()
    assert location.startswith(str(site)) and font == "True"
    run = subprocess.run([str(venv / "bin" / "alize-desktop"), "--help"], capture_output=True, text=True,
                         cwd=tmp_path, env=env, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "usage : alize-desktop" in run.stdout
