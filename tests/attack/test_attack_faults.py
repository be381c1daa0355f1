"""Faults: a full disk, a read-only medium, a failing disk, unexpected errors. One French sentence,
exit 1, no traceback, no SQL parameter on screen, no half file left, the base unchanged."""

from __future__ import annotations

import errno
import os
import pathlib
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator

import pytest
from attack_helpers import assert_refused, files_of

from alize_desktop import db


def _mount(folder: pathlib.Path, size: str) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                              capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _umount(folder: pathlib.Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], capture_output=True, timeout=20)


@pytest.fixture
def small_disk(tmp_path: pathlib.Path) -> Iterator[pathlib.Path]:
    """A 1 MB file system (tmpfs) where the machine allows mounting one, else the test is simulated."""
    folder = tmp_path / "petit-disque"
    if not _mount(folder, "1m"):
        pytest.skip("no tmpfs here: test_a_simulated_full_disk covers the same paths")
    yield folder
    _umount(folder)


@pytest.fixture
def read_only_disk(tmp_path: pathlib.Path, demo_db: pathlib.Path) -> Iterator[pathlib.Path]:
    """A read-only medium (a tmpfs remounted read-only) holding a healthy base in WAL mode."""
    folder = tmp_path / "cle-protegee"
    if not _mount(folder, "20m"):
        pytest.skip("no tmpfs here")
    shutil.copy(demo_db, folder / "base.sqlite")
    con = sqlite3.connect(folder / "base.sqlite")
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    done = subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True, timeout=20)
    if done.returncode != 0:
        _umount(folder)
        pytest.skip("cannot remount read-only here")
    yield folder / "base.sqlite"
    _umount(folder)


def test_a_full_disk_leaves_no_half_file(cli, small_disk: pathlib.Path, demo_db: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    kept = small_disk / "existant.json"
    kept.write_text("à garder", "utf-8")
    result = cli("--db", demo_db, "export", "-o", small_disk / "paquet.zip")  # 3 MB on a 1 MB disk
    assert_refused(result, "disque est plein")
    assert sorted(p.name for p in small_disk.iterdir()) == ["existant.json"]  # no half zip, no .part
    filler = small_disk / "remplissage"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)  # fill what is left, then replace the existing file
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    result = cli("--db", demo_db, "export", "--json", "-o", kept)
    assert_refused(result, "disque est plein")
    assert kept.read_text("utf-8") == "à garder"
    assert sorted(p.name for p in small_disk.iterdir()) == ["existant.json", "remplissage"]


def test_an_import_onto_a_full_disk_changes_nothing(cli, small_disk: pathlib.Path, demo_json: pathlib.Path,
                                                     demo_db: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    base = small_disk / "base.sqlite"
    shutil.copy(demo_db, base)  # 0.5 MB of the 1 MB: the replacing basin and its backup cannot fit
    (small_disk / "remplissage").write_bytes(b"\0" * 300_000)
    before = base.read_bytes()
    result = cli("--db", base, "import", "--replace", demo_json)
    assert_refused(result, "plein")
    assert "endommag" not in result.err
    con = sqlite3.connect(base)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()
    assert sqlite3.connect(base).execute("SELECT name FROM basin").fetchone() is not None
    del before


def test_a_simulated_full_disk(cli, demo_db: pathlib.Path, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop import fileio

    def full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fileio.os, "fsync", full)
    target = tmp_path / "data.json"
    target.write_text("ancien", "utf-8")
    result = cli("--db", demo_db, "export", "--json", "-o", target)
    assert_refused(result, "disque est plein", str(target))
    assert target.read_text("utf-8") == "ancien"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".part")) == []


def test_a_healthy_read_only_base_is_read_not_called_damaged(cli, read_only_disk: pathlib.Path, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    assert db.quick_check(read_only_disk) is None
    assert cli("--db", read_only_disk, "check").code == 0
    assert cli("--db", read_only_disk, "report", "--json").code == 0
    assert cli("--db", read_only_disk, "export", "--json", "-o", tmp_path / "d.json").code == 0
    result = cli("--db", read_only_disk, "import", "--replace", tmp_path / "d.json")
    assert_refused(result, "lecture seule")
    assert "endommag" not in result.err
    with pytest.raises(db.DatabaseError, match="lecture seule") as refused:
        db.open_database(read_only_disk)
    assert "endommag" not in str(refused.value)


def test_an_output_onto_a_read_only_medium(cli, read_only_disk: pathlib.Path, demo_db: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    before = files_of(read_only_disk.parent)
    for args in (["export", "--json", "-o"], ["export", "-o"]):
        assert_refused(cli("--db", demo_db, *args, read_only_disk.parent / "sortie.bin"), "lecture seule")
    assert files_of(read_only_disk.parent) == before


class _FailingConnection:
    """A read connection whose page copy fails as a dying disk does."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self.real = real

    def backup(self, *_args: object, **_kw: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    def close(self) -> None:
        self.real.close()


def test_disk_io_error_during_a_backup_is_not_damage_and_leaves_no_temporary(
    demo_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = db.connect_readonly
    monkeypatch.setattr(db, "connect_readonly", lambda path: _FailingConnection(real(path)))
    before = demo_db.read_bytes()
    with pytest.raises(db.DatabaseError) as failed:
        db.backup(demo_db, reason="ouverture")
    assert "disque" in str(failed.value) and "endommag" not in str(failed.value)
    folder = db.backup_dir(demo_db)
    assert [p.name for p in folder.rglob("*") if p.is_file()] == []  # no 0-byte temporary
    assert demo_db.read_bytes() == before


def test_disk_io_error_is_not_reported_as_damage(demo_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def failing(_path: pathlib.Path) -> sqlite3.Connection:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(db, "connect_readonly", failing)
    assert db.quick_check(demo_db) is None  # not damage: no restore is offered for a failing cable


@pytest.mark.parametrize("error", [
    RuntimeError("IBAN FR7630001007941234567890185 de M. Dupont"),
    RecursionError("maximum recursion depth exceeded"),
    OverflowError("date value out of range"),
    UnicodeEncodeError("utf-8", "\ud800", 0, 1, "surrogates not allowed"),
    MemoryError(),
    ValueError("Dupont"),
], ids=["runtime", "recursion", "overflow", "unicode", "memory", "value"])
def test_the_top_level_guard_never_shows_a_traceback_or_data(
    cli, demo_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch, error: BaseException  # type: ignore[no-untyped-def]
) -> None:
    from alize_desktop import cli as cli_module

    def boom(_args: object) -> int:
        raise error

    monkeypatch.setattr(cli_module, "_report", boom)
    before = demo_db.read_bytes()
    result = cli("--db", demo_db, "report")
    assert_refused(result, "rien n'a été")
    assert "FR76" not in result.err and "Dupont" not in result.err
    assert demo_db.read_bytes() == before


def test_sql_parameters_never_reach_the_screen(cli, demo_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import OperationalError

    from alize_desktop import cli as cli_module

    def boom(_args: object) -> int:
        raise OperationalError("UPDATE basin SET advances_iban=?", ("FR7630001007941234567890185",),
                               sqlite3.OperationalError("database is locked"))

    monkeypatch.setattr(cli_module, "_report", boom)
    result = cli("--db", demo_db, "report")
    assert_refused(result, "occupée")
    assert "FR76" not in result.err and "UPDATE" not in result.err


def test_the_guard_logs_the_type_not_the_text(cli, demo_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop import cli as cli_module
    from alize_desktop.paths import log_dir

    def boom(_args: object) -> int:
        raise KeyError("secret-personnel")

    monkeypatch.setattr(cli_module, "_report", boom)
    result = cli("--db", demo_db, "report")
    assert_refused(result, "journal")
    log = (log_dir() / "alize-desktop.log").read_text("utf-8")
    assert "KeyError" in log and "secret-personnel" not in log


def test_a_bad_alize_today_is_one_sentence(cli, demo_db: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("ALIZE_TODAY", "hier")
    assert_refused(cli("--db", demo_db, "report"), "ALIZE_TODAY")
