"""The SQLite file: connection pragmas, schema migration at start-up, backups, integrity checks.

Alembic owns the schema. Opening a database compares its revision with SCHEMA_HEAD using plain
sqlite3 (cheap); only when they differ is Alembic imported, the file backed up, then upgraded in
one transaction (a failure leaves the file as it was). A file that holds tables but no ALIZÉ
revision belongs to another program and is never touched. Read-only commands (export, report,
document, check) use `open_readonly`: nothing is created, migrated or written.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from alize_desktop.backups import backup_dir, list_backups, new_backup_path, thin_backups

if TYPE_CHECKING:  # SQLAlchemy is imported when an engine is made: the window shows before it loads
    from sqlalchemy import Engine

# The newest migration. tests/test_migrations.py checks it equals Alembic's single head.
SCHEMA_HEAD = "0004"
# SQLite's own words for a file whose content is damaged (anything else is a fault of the disk,
# of the permissions or of a lock, which a restore would not cure).
_DAMAGE = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


class DatabaseError(Exception):
    """A database that cannot be used as it is (corrupt, newer than the program…)."""


def _set_pragmas(dbapi_connection: sqlite3.Connection, _record: object, *, foreign_keys: bool = True) -> None:
    """Every connection's pragmas (DESIGN.md); foreign keys are off only while a migration rebuilds tables."""
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _set_readonly_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    cur.execute("PRAGMA query_only=ON")
    cur.close()


def make_engine(path: pathlib.Path | str) -> Engine:
    """An engine on the file with the safety pragmas set on every connection."""
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    return engine


def _readonly_uri(path: pathlib.Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def connect_readonly(path: pathlib.Path) -> sqlite3.Connection:
    """A read-only connection. A WAL base on a medium nobody can write (read-only key, share,
    protected folder) cannot get its shared-memory file: it is then read as immutable, which is
    exact since nobody can change it there."""
    con = sqlite3.connect(_readonly_uri(path), uri=True, check_same_thread=False)
    try:
        con.execute("PRAGMA schema_version").fetchone()
        return con
    except sqlite3.OperationalError as exc:
        if "unable to open" not in str(exc).lower() or _writable_place(path):
            con.close()
            raise
    con.close()
    return sqlite3.connect(_readonly_uri(path) + "&immutable=1", uri=True, check_same_thread=False)


def _writable_place(path: pathlib.Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.resolve().parent, os.W_OK)


def is_damage(exc: sqlite3.Error) -> bool:
    """True when SQLite says the content is damaged (not a read-only file, a full or failing disk…)."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    if name:
        return name.startswith(_DAMAGE)
    text = str(exc).lower()
    return "malformed" in text or "not a database" in text


def fault_text(exc: BaseException, path: pathlib.Path) -> str:
    """A French sentence for a fault that is not damage (disk, permissions, lock)."""
    import errno

    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        name = "SQLITE_FULL"
    elif isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        name = "SQLITE_READONLY"
    if name.startswith("SQLITE_READONLY") or "readonly" in text or "read-only" in text:
        return (f"la base {path} est en lecture seule (fichier protégé ou support en lecture seule) : "
                "copiez-la dans un dossier où vous pouvez écrire")
    if name.startswith("SQLITE_FULL") or "disk is full" in text or "no space" in text:
        return f"le disque qui contient {path} est plein : libérez de la place puis recommencez"
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text or isinstance(exc, OSError):
        return (f"erreur de lecture ou d'écriture du disque sur {path} (le contenu de la base n'est pas en "
                "cause) : vérifiez le support (clé USB retirée, disque réseau) puis recommencez")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return f"la base {path} est occupée par un autre programme : fermez-le puis recommencez"
    if name.startswith("SQLITE_CANTOPEN") or "unable to open" in text:
        return f"la base {path} ne peut pas être ouverte : vérifiez le chemin et les droits du dossier"
    return f"la base {path} n'a pas pu être lue : vérifiez le fichier puis recommencez"


def _user_tables(con: sqlite3.Connection) -> set[str]:
    return {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                      "AND name NOT LIKE 'sqlite_%'")}


def _revision_of(con: sqlite3.Connection, path: pathlib.Path) -> str | None:
    tables = _user_tables(con)
    if "alembic_version" not in tables:
        if tables:
            raise DatabaseError(f"le fichier {path} n'est pas une base ALIZÉ (il contient les tables d'un autre "
                                "programme) : il n'a pas été modifié ; vérifiez le fichier choisi")
        return None
    rev = con.execute("SELECT version_num FROM alembic_version").fetchone()
    if rev is not None and "basin" not in tables and not _known_revision(rev[0]):
        # Alembic is common: another program's revision is not "a newer ALIZÉ".
        raise DatabaseError(f"le fichier {path} n'est pas une base ALIZÉ (il contient les tables d'un autre "
                            "programme) : il n'a pas été modifié ; vérifiez le fichier choisi")
    if rev is None and tables - {"alembic_version"}:
        raise DatabaseError(f"le fichier {path} n'est pas une base ALIZÉ complète : il n'a pas été modifié ; "
                            "vérifiez le fichier choisi")
    return rev[0] if rev else None


def current_revision(path: pathlib.Path) -> str | None:
    """The Alembic revision stored in the file, None for a new or empty file.

    Raises DatabaseError for a file that holds another program's tables.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    try:
        con = connect_readonly(path)
    except sqlite3.Error as exc:
        raise DatabaseError(fault_text(exc, path)) from None
    try:
        return _revision_of(con, path)
    except sqlite3.Error as exc:
        if is_damage(exc):
            raise DatabaseError(f"le fichier {path} n'est pas une base ALIZÉ lisible : restaurez une "
                                "sauvegarde ou choisissez un autre fichier") from None
        raise DatabaseError(fault_text(exc, path)) from None
    finally:
        con.close()


SQLITE_MAGIC = b"SQLite format 3\x00"


def not_a_database(path: pathlib.Path) -> str | None:
    """Why a non-empty file is not a SQLite database at all (a PDF, a JSON file…), None when it is one.

    Such a file is not a damaged base: it is the wrong file, and nothing must be offered to restore."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError:
        return None
    if not head or head == SQLITE_MAGIC:
        return None
    if list_backups(path):  # it was a base of ours, its first page is gone: damage, backups to restore
        return None
    return (f"le fichier {path} n'est pas une base de données (c'est un autre genre de fichier) : il n'a pas été "
            "modifié ; vérifiez le fichier choisi")


# quick_check verdicts begun early (start_quick_check), by absolute path: each is used once.
_early_checks: dict[str, tuple[threading.Thread, list[str | None]]] = {}


def start_quick_check(path: pathlib.Path | str) -> None:
    """Begin `quick_check(path)` on a thread now. SQLite reads the file without holding Python's
    interpreter lock, so the check of a large base (a tenth of a second for 25 MB) runs while Qt
    loads, and the window's opening (ui/shell/launcher.py) finds the verdict ready."""
    key = os.path.abspath(path)
    verdict: list[str | None] = []
    thread = threading.Thread(target=lambda: verdict.append(_quick_check_now(pathlib.Path(key))),
                              name="alize-quick-check", daemon=True)
    _early_checks[key] = (thread, verdict)
    thread.start()


def quick_check(path: pathlib.Path) -> str | None:
    """None when SQLite's quick_check passes, else its first complaint (the verdict of an early
    check of the same file when one was begun, see start_quick_check).

    Only damage counts: a read-only file, a failing disk or a lock is not damage (opening the file
    then says what is wrong), so that no one is told to restore a healthy base.
    """
    early = _early_checks.pop(os.path.abspath(path), None)
    if early is not None:
        thread, verdict = early
        thread.join()
        if verdict:
            return verdict[0]
    return _quick_check_now(path)


def _quick_check_now(path: pathlib.Path) -> str | None:
    if not path.exists() or not path.is_file() or not_a_database(path):
        return None
    try:
        con = connect_readonly(path)
        try:
            rows = con.execute("PRAGMA quick_check").fetchall()
        finally:
            con.close()
    except sqlite3.Error as exc:
        return str(exc) if is_damage(exc) else None
    first = rows[0][0] if rows else "no answer"
    return None if first == "ok" else first


def copy_and_check(path: pathlib.Path, copy: pathlib.Path, *, self_contained: bool = False) -> str:
    """Copy the database at `path` into the new file `copy` with SQLite's online backup (a
    consistent image even while the program writes) and return the copy's integrity verdict
    (« ok » when sound). `self_contained` leaves one file with no -wal beside it, for a copy that
    leaves the machine. Raises sqlite3.Error or OSError; the caller removes a failed copy."""
    src = connect_readonly(path)
    try:
        dst = sqlite3.connect(copy)
        try:
            src.backup(dst)
            if self_contained:
                dst.execute("PRAGMA journal_mode=DELETE")
            return str(dst.execute("PRAGMA integrity_check").fetchone()[0])
        finally:
            dst.close()
    finally:
        src.close()


def backup(path: pathlib.Path, reason: str = "manual", *, now: dt.datetime | None = None) -> pathlib.Path | None:
    """Copy the file with SQLite's online backup API, verify the copy, rename it atomically.

    Returns the backup's path (None when there is nothing to back up). Copies made before a
    replace or a migration are kept apart; the routine ones are thinned by age from `now`.
    Raises DatabaseError (and leaves no partial copy) when the copy cannot be made.
    """
    if not path.exists() or path.stat().st_size == 0:
        return None
    wrong = not_a_database(path)
    if wrong:
        raise DatabaseError(wrong)
    now = now or _clock_now()
    try:
        final = new_backup_path(path, reason, now)
    except OSError as exc:
        from alize_desktop.fileio import os_error_text

        raise DatabaseError(f"sauvegarde impossible, base non modifiée : "
                            f"{os_error_text(exc, backup_dir(path))}") from None
    tmp = final.with_name(final.name + ".tmp")
    try:
        verdict = copy_and_check(path, tmp)
        if verdict != "ok":
            raise DatabaseError(f"la copie de sauvegarde est défectueuse ({verdict}) : base non modifiée")
        os.replace(tmp, final)
    except (sqlite3.Error, OSError) as exc:
        _remove(tmp)
        if isinstance(exc, sqlite3.Error) and is_damage(exc):
            raise DatabaseError(f"le fichier {path} est endommagé : restaurez une sauvegarde") from None
        raise DatabaseError(f"sauvegarde impossible, base non modifiée : {fault_text(exc, path)}") from None
    except BaseException:
        _remove(tmp)
        raise
    thin_backups(path, now)
    return final


def _remove(tmp: pathlib.Path) -> None:
    for p in (tmp, pathlib.Path(str(tmp) + "-journal")):
        try:
            p.unlink(missing_ok=True)
        except OSError:
            pass


def _clock_now() -> dt.datetime:
    from alize_desktop.clock import program_now

    return program_now()


def restore(path: pathlib.Path, copy: pathlib.Path, *, now: dt.datetime | None = None) -> None:
    """Put a backup back in place of the (damaged) file; the damaged file is kept aside."""
    now = now or _clock_now()
    if path.exists():
        aside = path.with_name(path.name + ".damaged-" + now.strftime("%Y%m%d-%H%M%S"))
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


def _migration_engine(path: pathlib.Path) -> Engine:
    """An engine whose transactions really wrap DDL (pysqlite commits before DDL by itself), with
    foreign keys off while Alembic rebuilds tables: one migration is one transaction."""
    from sqlalchemy import create_engine, event

    engine = create_engine(f"sqlite:///{path}", future=True, connect_args={"isolation_level": None})

    def connect(dbapi_connection: sqlite3.Connection, record: object) -> None:
        _set_pragmas(dbapi_connection, record, foreign_keys=False)

    event.listen(engine, "connect", connect)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN IMMEDIATE"))
    return engine


def upgrade(path: pathlib.Path, engine: Engine | None = None) -> None:
    """Alembic upgrade to head in one transaction (foreign keys checked before it commits)."""
    from alembic import command

    from alize_desktop.migrations.config import alembic_config

    own = engine is None
    engine = engine or _migration_engine(path)
    try:
        with engine.begin() as connection:
            cfg = alembic_config(connection)
            command.upgrade(cfg, "head")
            problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise DatabaseError(f"la migration a trouvé des références brisées ({len(problems)}) : "
                                    "base non modifiée")
    finally:
        if own:
            engine.dispose()


def ready_to_open(path: pathlib.Path | str) -> bool:
    """Whether `open_database` would only make the engine: an existing, writable ALIZÉ file already
    at the current schema (no creation, no migration, nothing to refuse). Reads with sqlite3 only,
    so the window can show itself before SQLAlchemy is even imported."""
    path = pathlib.Path(path)
    if not path.is_file() or path.stat().st_size == 0 or not os.access(path, os.W_OK) or not_a_database(path):
        return False
    try:
        return current_revision(path) == SCHEMA_HEAD
    except (DatabaseError, sqlite3.Error, OSError):
        return False  # open_database says what is wrong


def open_database(path: pathlib.Path | str, *, backup_before_migration: bool = True,
                  quick_checked: bool = False) -> Engine:
    """Open (create if new) the database file at the current schema and return its engine.

    Raises DatabaseError when the file is damaged, belongs to another program, was written by a
    newer program or cannot be read or written (in French, saying what to do). `quick_checked`:
    the caller has just run `quick_check` itself (the window does, to offer a restore), so a large
    file is not read through twice.
    """
    path = pathlib.Path(path)
    if path.is_dir():
        raise DatabaseError(f"{path} est un dossier : indiquez le fichier de la base")
    if path.exists() and not path.is_file():
        raise DatabaseError(f"{path} n'est pas un fichier ordinaire (périphérique, tube…) : indiquez le fichier de la base")
    wrong = not_a_database(path) if path.is_file() else None
    if wrong:
        raise DatabaseError(wrong)
    problem = None if quick_checked else quick_check(path)
    if problem:
        raise DatabaseError(f"le fichier {path} est endommagé ({problem}) : restaurez une sauvegarde")
    rev = current_revision(path)
    try:
        if rev != SCHEMA_HEAD:
            if rev is not None and not _known_revision(rev):
                raise DatabaseError(
                    f"la base {path} a été écrite par une version plus récente du programme (schéma {rev})"
                )
            if rev is not None and backup_before_migration:
                backup(path, reason="avant-migration")
            path.parent.mkdir(parents=True, exist_ok=True)
            upgrade(path)
    except sqlite3.Error as exc:
        raise DatabaseError(fault_text(exc, path)) from None
    except OSError as exc:
        raise DatabaseError(fault_text(exc, path)) from None
    except Exception as exc:
        from sqlalchemy.exc import DBAPIError

        if isinstance(exc, DBAPIError) and isinstance(exc.orig, sqlite3.Error):
            raise DatabaseError(fault_text(exc.orig, path)) from None
        raise
    if not os.access(path, os.W_OK):
        raise DatabaseError(fault_text(sqlite3.OperationalError("readonly"), path))
    return make_engine(path)


def open_readonly(path: pathlib.Path | str) -> Engine:
    """The engine of an existing ALIZÉ database at the current schema, opened read-only.

    Nothing is created (a mistyped name stays an error), migrated or written; a file of another
    program is refused. Raises DatabaseError with a French sentence.
    """
    path = pathlib.Path(path)
    _check_readable(path)
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import QueuePool

    engine = create_engine(f"sqlite:///{path}", future=True, poolclass=QueuePool,
                           creator=lambda: connect_readonly(path))
    event.listen(engine, "connect", _set_readonly_pragmas)
    return engine


def _check_readable(path: pathlib.Path) -> None:
    """What opening a base read-only refuses, each time with a French sentence (DatabaseError)."""
    if path.is_dir():
        raise DatabaseError(f"{path} est un dossier : indiquez le fichier de la base (--db)")
    if not path.is_file():
        raise DatabaseError(f"base introuvable : {path} (vérifiez le nom donné à --db)")
    if path.stat().st_size == 0:
        raise DatabaseError(f"le fichier {path} est vide : ce n'est pas une base ALIZÉ")
    wrong = not_a_database(path)
    if wrong:
        raise DatabaseError(wrong)
    problem = quick_check(path)
    if problem:
        raise DatabaseError(f"le fichier {path} est endommagé ({problem}) : restaurez une sauvegarde")
    rev = current_revision(path)
    if rev is None:
        raise DatabaseError(f"le fichier {path} n'est pas une base ALIZÉ : vérifiez le nom donné à --db")
    if rev != SCHEMA_HEAD:
        if not _known_revision(rev):
            raise DatabaseError(
                f"la base {path} a été écrite par une version plus récente du programme (schéma {rev})")
        raise DatabaseError(f"la base {path} est d'une version antérieure du programme : ouvrez-la une fois "
                            "dans la fenêtre pour la mettre à jour (une sauvegarde est faite avant)")


def open_plain_readonly(path: pathlib.Path | str) -> PlainEngine:
    """`open_readonly`'s checks and refusals, but the reads go straight to sqlite3: for a command
    whose reads are all plain SQL (`document cooperation`, run many times a day), importing
    SQLAlchemy would cost more than setting the whole convention's text (benchmarks/document_speed.py)."""
    path = pathlib.Path(path)
    _check_readable(path)
    return PlainEngine(path)


class PlainResult:
    """The part of a SQLAlchemy result the plain-SQL readers use."""

    def __init__(self, cursor: sqlite3.Cursor):
        self._cursor = cursor

    def __iter__(self) -> Iterator[Any]:
        return iter(self._cursor)

    def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    def first(self) -> Any:
        return self._cursor.fetchone()

    def scalar(self) -> Any:
        row = self._cursor.fetchone()
        return None if row is None else row[0]


class PlainConnection:
    """The part of a SQLAlchemy connection the plain-SQL readers use (`exec_driver_sql`, and
    `connection.dbapi_connection` for basin.load), over one read-only sqlite3 connection."""

    def __init__(self, con: sqlite3.Connection):
        self.dbapi_connection = con
        self.connection = self  # SQLAlchemy's Connection.connection.dbapi_connection

    def exec_driver_sql(self, sql: str, params: Sequence[Any] = ()) -> PlainResult:
        return PlainResult(self.dbapi_connection.execute(sql, params))

    def __enter__(self) -> PlainConnection:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.dbapi_connection.close()


class PlainEngine:
    """A read-only "engine" whose `connect()` gives a PlainConnection: what the readers written in
    plain SQL (interchange.exporter, services.conventions.office_facts) accept beside an Engine."""

    def __init__(self, path: pathlib.Path):
        self.path = path

    def connect(self) -> PlainConnection:
        con = connect_readonly(self.path)
        _set_readonly_pragmas(con, None)
        return PlainConnection(con)

    def dispose(self) -> None:
        """Nothing is pooled: each connection is closed when its block ends."""


def is_read_only_refusal(exc: BaseException | None) -> bool:
    """Whether `exc` (SQLAlchemy's or sqlite3's, however wrapped) is SQLite refusing a write on a
    base opened read-only (open_readonly): "attempt to write a readonly database"."""
    seen = 0
    while exc is not None and seen < 8:
        if isinstance(exc, sqlite3.Error):
            code = getattr(exc, "sqlite_errorcode", None)
            if code is not None and code & 0xFF == sqlite3.SQLITE_READONLY:
                return True
            return "readonly database" in str(exc) or "query_only" in str(exc)
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__
        seen += 1
    return False


def _known_revision(rev: str) -> bool:
    from alize_desktop.migrations.config import known_revisions

    return rev in known_revisions()


__all__ = ["DatabaseError", "SCHEMA_HEAD", "backup", "backup_dir", "copy_and_check", "current_revision", "fault_text",
           "is_damage", "is_read_only_refusal", "list_backups", "make_engine", "open_database", "open_readonly",
           "quick_check", "ready_to_open", "restore", "upgrade"]
