"""The `check` command: SQLite integrity, foreign keys, then the program's rules on the data.

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
from alize_desktop.rules.chronology import disbursement_problems
from alize_desktop.services.check_rules import check_rules


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
        with engine.connect() as conn:
            if not conn.exec_driver_sql("SELECT count(*) FROM basin").scalar():
                return ["la base ne contient pas encore de bassin (importez un fichier ou créez-le)"]
            # Set-based SQL over the whole base (seconds on twenty years of a network's data): the
            # fund's invariants, the cap, loan terms, the comités' votes, SIRET and IBAN keys, with
            # the dialogs' own sentences. The format's shape (types, enums, references) is what
            # the database's own constraints already hold.
            problems = check_rules(conn)
            # A disbursement before the comité that granted it, or before the signed convention.
            problems += [str(p) for p in disbursement_problems(export_basin(conn))]
    finally:
        engine.dispose()
    return problems
