"""`document cooperation` reads plain SQL only and writes its signature fields in reportlab's own
pass: its process never imports SQLAlchemy nor pyHanko (each costs about as much as setting the
convention's whole text), and it writes the bytes the window builds through SQLAlchemy's engine
for the same project."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import subprocess
import sys

import pytest

from alize_desktop.db import DatabaseError, open_database, open_plain_readonly
from alize_desktop.services.conventions.document_options import document_bytes

ROOT = pathlib.Path(__file__).resolve().parents[2]
RUN = r"""
import json, sys
from alize_desktop.cli import main
code = main(sys.argv[1:])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "pyhanko", "pypdf"))
print(json.dumps({"code": code, "heavy": heavy[:3]}))
"""


def _signed_project(engine) -> str:  # type: ignore[no-untyped-def]
    with engine.connect() as conn:
        return str(conn.exec_driver_sql(
            "SELECT id FROM project WHERE mandatary_id IS NOT NULL ORDER BY rowid DESC LIMIT 1").scalar())


def test_the_command_imports_no_sqlalchemy_and_prints_the_windows_bytes(demo_db, tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = open_database(demo_db)
    project = _signed_project(engine)
    window = document_bytes(engine, demo_db, "cooperation", project_id=project, as_of=dt.date(2026, 11, 26))
    engine.dispose()
    out = tmp_path / "c.pdf"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ALIZE_TODAY": "2026-11-26"}
    proc = subprocess.run([sys.executable, "-c", RUN, "--db", str(demo_db), "document", "cooperation",
                           "--project", project, "-o", str(out)], capture_output=True, text=True, env=env, check=True)
    said = json.loads(proc.stdout.strip().splitlines()[-1])
    assert said == {"code": 0, "heavy": []}  # nor pyHanko: reportlab writes the signature fields
    assert out.read_bytes() == window


def test_the_plain_reader_refuses_what_open_readonly_refuses(tmp_path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "absent.sqlite"
    with pytest.raises(DatabaseError, match="base introuvable"):
        open_plain_readonly(missing)
    other = tmp_path / "other.sqlite"
    other.write_bytes(b"not a database at all" * 100)
    with pytest.raises(DatabaseError):
        open_plain_readonly(other)


def test_the_plain_reader_cannot_write(demo_db) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    with open_plain_readonly(demo_db).connect() as conn, pytest.raises(sqlite3.OperationalError):
        conn.exec_driver_sql("DELETE FROM project")
