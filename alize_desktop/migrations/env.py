"""Alembic environment: batch mode for SQLite, foreign keys off while tables are rebuilt."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from alize_desktop.models import Base

target_metadata = Base.metadata


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    # SQLite rebuilds tables in batch mode; enforced foreign keys would cascade-delete children.
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


if context.is_offline_mode():  # pragma: no cover - the program never migrates offline
    raise SystemExit("offline migrations are not supported")
run_migrations_online()
