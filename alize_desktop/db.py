"""The SQLite file: connection pragmas, schema migration at start-up, backups, integrity checks.

Alembic owns the schema. Opening a database compares its revision with SCHEMA_HEAD using plain
sqlite3 (cheap); only when they differ is Alembic imported, the file backed up, then upgraded.
"""

from __future__ import annotations

import os
import pathlib
import sqlite3

from sqlalchemy import Engine, create_engine, event

from alize_desktop.clock import wall_time_utc

# The newest migration. tests/test_migrations.py checks it equals Alembic's single head.
SCHEMA_HEAD = "0003"
BACKUPS_KEPT = 10


class DatabaseError(Exception):
    """A database that cannot be used as it is (corrupt, newer than the program…)."""


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def make_engine(path: pathlib.Path | str) -> Engine:
    """An engine on the file with the safety pragmas set on every connection."""
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


def current_revision(path: pathlib.Path) -> str | None:
    """The Alembic revision stored in the file, None for a new or empty file."""
    if not path.exists() or path.stat().st_size == 0:
        return None
    con = sqlite3.connect(path)
    try:
        row = con.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone()
        if row is None:
            return None
        rev = con.execute("SELECT version_num FROM alembic_version").fetchone()
        return rev[0] if rev else None
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(f"le fichier {path} n'est pas une base ALIZÉ lisible : {exc}") from exc
    finally:
        con.close()


def quick_check(path: pathlib.Path) -> str | None:
    """None when SQLite's quick_check passes, else its first complaint."""
    if not path.exists():
        return None
    try:
        con = sqlite3.connect(path)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    first = rows[0][0] if rows else "no answer"
    return None if first == "ok" else first


def backup_dir(path: pathlib.Path) -> pathlib.Path:
    return path.with_name(path.name + ".backups")


def backup(path: pathlib.Path, reason: str = "manual", keep: int = BACKUPS_KEPT) -> pathlib.Path | None:
    """Copy the file with SQLite's online backup API, verify the copy, rename it atomically.

    Returns the backup's path (None when there is nothing to back up). Keeps the newest `keep`.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    folder = backup_dir(path)
    folder.mkdir(exist_ok=True)
    stamp = wall_time_utc().astimezone().strftime("%Y%m%d-%H%M%S-%f")
    final = folder / f"{path.stem}-{stamp}-{reason}.sqlite"
    tmp = final.with_suffix(".tmp")
    src = sqlite3.connect(path)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)
        verdict = dst.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dst.close()
        src.close()
    if verdict != "ok":
        tmp.unlink(missing_ok=True)
        raise DatabaseError(f"la copie de sauvegarde est défectueuse ({verdict}) : base non modifiée")
    os.replace(tmp, final)
    _rotate(folder, keep)
    return final


def _rotate(folder: pathlib.Path, keep: int) -> None:
    copies = sorted(folder.glob("*.sqlite"), key=lambda p: p.stat().st_mtime)
    for old in copies[:-keep] if keep else copies:
        old.unlink(missing_ok=True)


def list_backups(path: pathlib.Path) -> list[pathlib.Path]:
    """Backups of the file, newest first."""
    folder = backup_dir(path)
    if not folder.exists():
        return []
    return sorted(folder.glob("*.sqlite"), key=lambda p: p.stat().st_mtime, reverse=True)


def restore(path: pathlib.Path, copy: pathlib.Path) -> None:
    """Put a backup back in place of the (damaged) file; the damaged file is kept aside."""
    if path.exists():
        aside = path.with_name(path.name + ".damaged-" + wall_time_utc().astimezone().strftime("%Y%m%d-%H%M%S"))
        os.replace(path, aside)
    for suffix in ("-wal", "-shm"):
        pathlib.Path(str(path) + suffix).unlink(missing_ok=True)
    tmp = path.with_name(path.name + ".restoring")
    src = sqlite3.connect(copy)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    os.replace(tmp, path)


def upgrade(path: pathlib.Path, engine: Engine | None = None) -> None:
    """Alembic upgrade to head (foreign keys off during batch operations, checked after)."""
    from alembic import command

    from alize_desktop.migrations.config import alembic_config

    own = engine is None
    engine = engine or make_engine(path)
    try:
        with engine.begin() as connection:
            cfg = alembic_config(connection)
            command.upgrade(cfg, "head")
        with engine.connect() as connection:
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise DatabaseError(f"la migration a laissé des références brisées : {problems[:3]}")
    finally:
        if own:
            engine.dispose()


def open_database(path: pathlib.Path | str, *, backup_before_migration: bool = True) -> Engine:
    """Open (create if new) the database file at the current schema and return its engine.

    Raises DatabaseError when the file is damaged or was written by a newer program.
    """
    path = pathlib.Path(path)
    problem = quick_check(path)
    if problem:
        raise DatabaseError(f"le fichier {path} est endommagé ({problem}) : restaurez une sauvegarde")
    rev = current_revision(path)
    if rev != SCHEMA_HEAD:
        if rev is not None and not _known_revision(rev):
            raise DatabaseError(
                f"la base {path} a été écrite par une version plus récente du programme (schéma {rev})"
            )
        if rev is not None and backup_before_migration:
            backup(path, reason="avant-migration")
        path.parent.mkdir(parents=True, exist_ok=True)
        upgrade(path)
    return make_engine(path)


def _known_revision(rev: str) -> bool:
    from alize_desktop.migrations.config import known_revisions

    return rev in known_revisions()


