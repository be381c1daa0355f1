"""Alembic owns the schema: one head, upgrade from empty, models equal migrations, old files upgrade."""

from __future__ import annotations

import pathlib
import shutil
import sqlite3

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from alize_desktop import db
from alize_desktop.interchange.exporter import export_basin
from alize_desktop.migrations.config import alembic_config
from alize_desktop.models import Base

FROZEN = pathlib.Path(__file__).parent / "data" / "schema-0001-demo.sqlite"


def test_single_head_equals_schema_head() -> None:
    script = ScriptDirectory.from_config(alembic_config())
    assert script.get_heads() == [db.SCHEMA_HEAD]


def test_upgrade_from_empty_creates_every_table(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "new.sqlite"
    db.open_database(path).dispose()
    con = sqlite3.connect(path)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert set(Base.metadata.tables) <= tables
    assert db.current_revision(path) == db.SCHEMA_HEAD


def test_models_and_migrations_agree(empty_db: pathlib.Path) -> None:
    engine = db.make_engine(empty_db)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_frozen_older_database_upgrades_after_a_backup(tmp_path: pathlib.Path) -> None:
    """A file written by the first release (kept in tests/data) opens with its data intact."""
    path = tmp_path / "old.sqlite"
    shutil.copy(FROZEN, path)
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num = '0001'")
    con.commit()
    con.close()
    con = sqlite3.connect(path)
    projects_before = con.execute("SELECT COUNT(*) FROM project").fetchone()[0]
    con.close()
    engine = db.open_database(path)
    data = export_basin(engine)
    engine.dispose()
    assert data["basin"]["name"]
    assert len(data["projects"]) == projects_before > 10
    assert db.current_revision(path) == db.SCHEMA_HEAD
    backups = db.list_backups(path)
    assert len(backups) == 1 and "avant-migration" in backups[0].name
    assert db.current_revision(backups[0]) == "0001"  # the copy is the file as it was


def test_newer_database_is_refused(tmp_path: pathlib.Path, empty_db: pathlib.Path) -> None:
    con = sqlite3.connect(empty_db)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    try:
        db.open_database(empty_db)
    except db.DatabaseError as exc:
        assert "plus récente" in str(exc)
    else:  # pragma: no cover - the assertion below says what went wrong
        raise AssertionError("a database from a newer program was opened")
