"""Opening the network database: a SQLite file by default, a PostgreSQL server given a URL.

The URL is SQLAlchemy's: `sqlite:///chemin/reseau.sqlite`, or `postgresql+psycopg://user@host/base`
(psycopg 3; a plain `postgresql://` or `postgres://` URL is read as psycopg 3 too). A bare file path
is taken as a SQLite file. The network's own Alembic history is applied at every opening, on
either engine, inside one transaction (PostgreSQL rolls a failed migration back whole).
"""

from __future__ import annotations

import pathlib
import sqlite3

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from alize_desktop.paths import data_dir

HERE = pathlib.Path(__file__).resolve().parent
HEAD = "n0001"


class NetworkDatabaseError(Exception):
    """The network database cannot be opened; French message saying what to do."""


def default_url() -> str:
    return f"sqlite:///{data_dir() / 'reseau.sqlite'}"


def normalise_url(text: str) -> str:
    """The SQLAlchemy URL for what the operator typed (a URL, or a SQLite file path)."""
    text = text.strip()
    for prefix in ("postgres://", "postgresql://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix):]
    if "://" not in text:
        return f"sqlite:///{pathlib.Path(text).expanduser().resolve()}"
    return text


def _sqlite_pragmas(dbapi_connection: sqlite3.Connection, _record: object) -> None:
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_network_engine(url: str) -> Engine:
    try:
        parsed = make_url(normalise_url(url))
    except ArgumentError:
        raise NetworkDatabaseError(f"adresse de base réseau illisible « {url} » : donnez un fichier .sqlite "
                                   "ou une adresse postgresql+psycopg://utilisateur@serveur/base") from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database:
            pathlib.Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise NetworkDatabaseError(f"moteur « {parsed.get_backend_name()} » non pris en charge : "
                                   "utilisez SQLite ou PostgreSQL")
    return create_engine(parsed.set(drivername="postgresql+psycopg"), pool_pre_ping=True)


def upgrade(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(HERE / "migrations"))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_network(url: str | None = None) -> Engine:
    """The migrated network database; raises NetworkDatabaseError with a French message."""
    engine = make_network_engine(url or default_url())
    try:
        upgrade(engine)
    except OperationalError as exc:
        engine.dispose()
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        raise NetworkDatabaseError(f"base réseau inaccessible ({reason}) : vérifiez l'adresse, "
                                   "le serveur et les droits") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        raise NetworkDatabaseError(f"base réseau inutilisable ({exc.__class__.__name__}) : "
                                   "vérifiez qu'il s'agit bien d'une base du réseau ALIZÉ") from None
    return engine
