"""Alembic environment of the network database (SQLite or PostgreSQL), its own version table."""

from __future__ import annotations

from typing import Any

from alembic import context

from alize_desktop.network.models import NetworkBase

VERSION_TABLE = "network_alembic_version"


def _run(connection: Any) -> None:
    context.configure(
        connection=connection,
        target_metadata=NetworkBase.metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():  # pragma: no cover - the program never migrates offline
    raise SystemExit("offline migrations are not supported")
_run(context.config.attributes["connection"])
