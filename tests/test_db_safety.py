"""Data safety: pragmas, one instance per file, verified rotating backups, damage detection, crash atomicity."""

from __future__ import annotations

import datetime as dt
import json
import os
import pathlib
import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from sqlalchemy import text

from alize_desktop import db
from alize_desktop.lock import DatabaseLock, LockedError


def test_every_connection_has_the_safety_pragmas(demo_engine) -> None:  # type: ignore[no-untyped-def]
    with demo_engine.connect() as c:
        assert c.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert c.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL
        assert c.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_second_lock_is_refused_and_names_the_holder(empty_db: pathlib.Path) -> None:
    first = DatabaseLock(empty_db)
    first.acquire()
    try:
        with pytest.raises(LockedError) as refused:
            DatabaseLock(empty_db).acquire()
        assert f"processus {os.getpid()}" in str(refused.value)
    finally:
        first.release()
    DatabaseLock(empty_db).acquire()  # free again once released


def test_backups_are_verified_copies_thinned_by_age(demo_db: pathlib.Path) -> None:
    from alize_desktop import backups

    start = dt.datetime(2026, 1, 1, 9, 0)
    made = []
    for day in range(120):  # one opening of the window a day for four months
        copy = db.backup(demo_db, reason="ouverture", now=start + dt.timedelta(days=day))
        assert copy is not None
        made.append(copy)
    now = start + dt.timedelta(days=119)
    copies = db.list_backups(demo_db)
    kept_days = {(now - backups.made_at(c)).days for c in copies}
    assert set(range(7)) <= kept_days  # every day of the last week
    assert len(copies) < 7 + 5 + 5 + 2  # ... then one a week, then one a month: not all 120
    assert max(kept_days) > 60  # a copy of two months ago is still there
    con = sqlite3.connect(copies[0])
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("SELECT COUNT(*) FROM project").fetchone()[0] > 0
    con.close()


def test_a_copy_made_before_a_replace_survives_any_number_of_openings(demo_db: pathlib.Path) -> None:
    now = dt.datetime(2026, 11, 26, 10, 0)
    before_replace = db.backup(demo_db, reason="avant-remplacement", now=now)
    assert before_replace is not None
    for minute in range(40):  # the window opened forty times in the same hour
        db.backup(demo_db, reason="ouverture", now=now + dt.timedelta(minutes=minute + 1))
    assert before_replace.exists()
    assert before_replace in db.list_backups(demo_db)
    routine = [c for c in db.list_backups(demo_db) if "ouverture" in c.name]
    assert len(routine) < 40


def test_a_frozen_clock_never_overwrites_a_copy(demo_db: pathlib.Path) -> None:
    now = dt.datetime(2026, 11, 26, 10, 0)
    first = db.backup(demo_db, reason="avant-remplacement", now=now)
    second = db.backup(demo_db, reason="avant-remplacement", now=now)
    assert first != second and first is not None and second is not None
    assert first.exists() and second.exists()


def test_damage_is_detected_and_a_backup_restores(demo_db: pathlib.Path) -> None:
    copy = db.backup(demo_db, reason="test")
    assert copy is not None
    raw = bytearray(demo_db.read_bytes())
    raw[100:4096 * 3] = b"\xff" * (4096 * 3 - 100)  # wipe the header and first pages
    demo_db.write_bytes(bytes(raw))
    assert db.quick_check(demo_db) is not None
    with pytest.raises(db.DatabaseError):
        db.open_database(demo_db)
    db.restore(demo_db, copy)
    assert db.quick_check(demo_db) is None
    db.open_database(demo_db).dispose()


def test_sigkill_in_the_middle_of_an_import_leaves_the_database_unchanged(
    tmp_path: pathlib.Path, demo_db: pathlib.Path, demo_data: dict
) -> None:
    """A child process replaces the basin with a different one and is killed mid-transaction:
    the file must still hold exactly the basin it held before, record for record."""
    from alize_desktop.interchange.exporter import export_basin

    other = json.loads(json.dumps(demo_data))
    other["basin"]["name"] = "Bassin qui ne doit jamais apparaître"
    other["companies"] = [dict(c, name=c["name"] + " (remplacée)") for c in other["companies"]]
    other["repayments"] = other["repayments"][: len(other["repayments"]) // 2]
    src = tmp_path / "other.json"
    src.write_text(json.dumps(other, ensure_ascii=False), "utf-8")

    def snapshot() -> dict:
        engine = db.open_database(demo_db)
        try:
            data = export_basin(engine)
        finally:
            engine.dispose()
        data.pop("exported_at")
        return data

    before = snapshot()
    # The child deletes the basin, writes the other one, then waits inside the still open
    # transaction (ALIZE_TEST_PAUSE_IN_IMPORT) so that the kill lands before the commit.
    env = {**os.environ, "ALIZE_TEST_PAUSE_IN_IMPORT": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "alize_desktop", "--db", str(demo_db), "import", "--replace",
                             str(src)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    marker = demo_db.with_name(demo_db.name + ".import-in-progress")
    deadline = time.monotonic() + 60
    while not marker.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert marker.exists(), proc.stderr.read().decode() if proc.stderr else ""
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    marker.unlink(missing_ok=True)
    assert db.quick_check(demo_db) is None
    after = snapshot()
    assert after["basin"]["name"] == demo_data["basin"]["name"]
    assert after == before


def test_a_migration_that_fails_half_way_leaves_the_file_as_it_was(tmp_path: pathlib.Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """One transaction: the tables created before the failure are rolled back with it."""
    from alembic import command

    real = command.upgrade

    def upgrade_then_fail(cfg, revision):  # type: ignore[no-untyped-def]
        real(cfg, revision)
        raise RuntimeError("panne simulée après la création des tables")

    monkeypatch.setattr(command, "upgrade", upgrade_then_fail)
    path = tmp_path / "neuve.sqlite"
    with pytest.raises(RuntimeError):
        db.open_database(path)
    con = sqlite3.connect(path)
    tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    con.close()
    assert tables == []


def test_a_foreign_sqlite_file_is_never_migrated(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "autre.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE partner (id TEXT)")  # named like one of ours
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(db.DatabaseError, match="n'est pas une base ALIZÉ"):
        db.open_database(path)
    assert path.read_bytes() == before
    assert not db.backup_dir(path).exists()


def test_a_base_whose_first_bytes_are_gone_is_damage_when_backups_exist(demo_db: pathlib.Path) -> None:
    """A wiped header on a file that has backups is damage (the window offers them), not "another file"."""
    assert db.backup(demo_db, reason="test") is not None
    raw = bytearray(demo_db.read_bytes())
    raw[0:4096] = b"\x00" * 4096
    demo_db.write_bytes(bytes(raw))
    assert db.quick_check(demo_db) is not None
    with pytest.raises(db.DatabaseError, match="endommagé"):
        db.open_database(demo_db)


def test_the_check_begun_at_start_up_gives_its_verdict_once(demo_db: pathlib.Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """app.run_gui begins the damage check while Qt loads; the window's opening takes its verdict
    instead of reading the file again, and any later check reads the file again."""
    import threading

    raw = bytearray(demo_db.read_bytes())
    raw[100:4096 * 3] = b"\xff" * (4096 * 3 - 100)
    demo_db.write_bytes(bytes(raw))
    real = db._quick_check_now
    readers: list[str] = []

    def reading(path):  # type: ignore[no-untyped-def]
        readers.append(threading.current_thread().name)
        return real(path)

    monkeypatch.setattr(db, "_quick_check_now", reading)
    db.start_quick_check(demo_db)
    assert db.quick_check(demo_db) is not None
    assert readers == ["alize-quick-check"]  # read once, on the early thread
    assert db.quick_check(demo_db) is not None
    assert readers == ["alize-quick-check", threading.current_thread().name]
