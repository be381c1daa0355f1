"""The `check` command: SQLite integrity, foreign keys, then every rule of format v1 on the data."""

from __future__ import annotations

import pathlib
import sqlite3

from alize_desktop.db import open_database
from alize_desktop.interchange.exporter import export_basin
from alize_desktop.interchange.validate import validate_basin


def check_database(path: pathlib.Path) -> list[str]:
    """Problems in French; [] for a healthy database."""
    if not path.exists():
        return [f"fichier introuvable : {path}"]
    con = sqlite3.connect(path)
    try:
        verdict = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        fks = con.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [f"fichier illisible : {exc}"]
    finally:
        con.close()
    problems = [] if verdict == ["ok"] else [f"intégrité SQLite : {v}" for v in verdict[:10]]
    problems += [f"référence brisée : table {t}, ligne {row}, vers {parent}" for t, row, parent, _ in fks[:20]]
    if problems:
        return problems
    engine = open_database(path)
    try:
        data = export_basin(engine)
    except LookupError as exc:
        return [str(exc)]
    finally:
        engine.dispose()
    return [str(p) for p in validate_basin(data)]
