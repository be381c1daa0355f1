"""The `check` command: SQLite integrity, foreign keys, then every rule of format v1 on the data.

The file is only read: a mistyped name, another program's SQLite file or an older base is
refused (DatabaseError), never created, migrated or given tables.
"""

from __future__ import annotations

import pathlib
import sqlite3

from alize_desktop.db import (
    DatabaseError,
    connect_readonly,
    fault_text,
    is_damage,
    not_a_database,
    open_readonly,
)
from alize_desktop.interchange.exporter import export_basin
from alize_desktop.interchange.validate import validate_basin


def check_database(path: pathlib.Path) -> list[str]:
    """Problems in French; [] for a healthy database. Raises DatabaseError for a file that is not
    an ALIZÉ base at the current schema (or cannot be read)."""
    if not path.exists():
        raise DatabaseError(f"base introuvable : {path} (vérifiez le nom donné à --db)")
    if path.is_dir():
        raise DatabaseError(f"{path} est un dossier : indiquez le fichier de la base (--db)")
    wrong = not_a_database(path)
    if wrong:
        raise DatabaseError(wrong)
    try:
        con = connect_readonly(path)
    except sqlite3.Error as exc:
        raise DatabaseError(fault_text(exc, path)) from None
    try:
        verdict = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
        fks = con.execute("PRAGMA foreign_key_check").fetchall()
    except sqlite3.Error as exc:
        if is_damage(exc):
            return [f"fichier illisible : {exc}"]
        raise DatabaseError(fault_text(exc, path)) from None
    finally:
        con.close()
    problems = [] if verdict == ["ok"] else [f"intégrité SQLite : {v}" for v in verdict[:10]]
    problems += [f"référence brisée : table {t}, ligne {row}, vers {parent}" for t, row, parent, _ in fks[:20]]
    if problems:
        return problems
    engine = open_readonly(path)
    try:
        data = export_basin(engine)
    except LookupError as exc:
        return [str(exc)]
    finally:
        engine.dispose()
    return [str(p) for p in validate_basin(data)]
