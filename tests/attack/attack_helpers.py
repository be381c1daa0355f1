"""Helpers of the attack battery: a hostile or clumsy operator drives the command line and the services.

Every case asserts what the operator sees (one French sentence on stderr, exit status 1, no
traceback) and that nothing was lost: the database file and every other file keep their bytes.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import subprocess
import sys
from dataclasses import dataclass

DEMO_DAY = "2026-11-26"


@dataclass
class Outcome:
    code: int
    out: str
    err: str


def files_of(folder: pathlib.Path) -> dict[str, str]:
    """Every file under `folder` (relative name → SHA-256): what must not change."""
    found = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file() and not p.is_symlink():
            found[str(p.relative_to(folder))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return found


def run_process(*args: str | os.PathLike[str], env: dict[str, str] | None = None) -> Outcome:
    """Run the command line as the operator does (a real process)."""
    full_env = {**os.environ, "ALIZE_TODAY": DEMO_DAY, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    p = subprocess.run([sys.executable, "-m", "alize_desktop", *map(str, args)], capture_output=True,
                       text=True, env=full_env, timeout=300)
    return Outcome(p.returncode, p.stdout, p.stderr)


def assert_refused(result: Outcome, *words: str) -> None:
    """Exit 1, one French sentence on stderr naming what is wrong, no traceback."""
    assert result.code == 1, (result.out, result.err)
    assert "Traceback" not in result.err and "Error:" not in result.err, result.err
    assert result.err.startswith("alize-desktop : "), result.err
    for word in words:
        assert word in result.err, result.err


