"""Outputs onto the database, mistyped --db, lock file tricks, kept file modes."""

from __future__ import annotations

import os
import pathlib
import sqlite3
import stat

import pytest
from attack_helpers import assert_refused, files_of

COMPANIONS = ("", "-wal", "-shm", ".lock")


@pytest.mark.parametrize("suffix", COMPANIONS)
@pytest.mark.parametrize("command", [
    ["export", "--json", "-o"],
    ["export", "-o"],
    ["document", "partnership", "--convention", "conv-2025", "-o"],
    ["document", "agenda", "--meeting", "m-2026-12", "-o"],
])
def test_an_output_onto_the_database_or_its_companions_is_refused(
    cli, demo_db: pathlib.Path, command: list[str], suffix: str  # type: ignore[no-untyped-def]
) -> None:
    target = pathlib.Path(str(demo_db) + suffix)
    if not target.exists():
        target.write_bytes(b"")  # the companion exists, as it does while the window is open
    before = files_of(demo_db.parent)
    result = cli("--db", demo_db, *command, target)
    assert_refused(result, "rien n'a été écrit")
    assert files_of(demo_db.parent) == before


def test_an_output_through_another_name_of_the_database_is_refused(cli, demo_db: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    link = demo_db.with_name("autre-nom.sqlite")
    os.link(demo_db, link)  # a hard link: same file, other name
    sym = demo_db.with_name("lien.json")
    sym.symlink_to(demo_db)
    relative = demo_db.parent / "sous" / ".." / demo_db.name
    (demo_db.parent / "sous").mkdir()
    before = files_of(demo_db.parent)
    for target in (link, sym, relative):
        assert_refused(cli("--db", demo_db, "export", "--json", "-o", target), "base de données")
    assert files_of(demo_db.parent) == before


def test_an_output_into_the_backups_folder_is_refused(cli, demo_db: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop import db

    copy = db.backup(demo_db, reason="ouverture")
    assert copy is not None
    before = files_of(demo_db.parent)
    assert_refused(cli("--db", demo_db, "export", "--json", "-o", copy), "base de données")
    assert_refused(cli("--db", demo_db, "export", "--json", "-o", copy.parent / "nouveau.json"), "base")
    assert files_of(demo_db.parent) == before


def test_eml_and_zip_on_the_same_file_are_refused(cli, demo_db: pathlib.Path, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "paquet.zip"
    out.write_bytes(b"previous bundle")
    before = files_of(tmp_path)
    result = cli("--db", demo_db, "export", "-o", out, "--eml", out, "--to", "a@astrees.example")
    assert_refused(result, "même fichier")
    assert files_of(tmp_path) == before


def test_an_output_that_is_a_folder_is_one_sentence(cli, demo_db: pathlib.Path, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "dossier"
    folder.mkdir()
    for command in (["export", "--json", "-o"], ["export", "-o"],
                    ["document", "partnership", "--convention", "conv-2025", "-o"]):
        assert_refused(cli("--db", demo_db, *command, folder), "est un dossier")
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", [
    ["export", "--json", "-o", "OUT"], ["export", "-o", "OUT"], ["report"], ["report", "--json"],
    ["document", "partnership", "--convention", "conv-2025", "-o", "OUT"], ["check"],
])
def test_a_mistyped_db_creates_nothing(cli, tmp_path: pathlib.Path, command: list[str]) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "base-mal-tapee.sqlite"
    args = [str(tmp_path / "out.bin") if a == "OUT" else a for a in command]
    result = cli("--db", missing, *args)
    assert_refused(result, "introuvable")
    assert list(tmp_path.iterdir()) == []


def _foreign_sqlite(path: pathlib.Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE clients (id INTEGER PRIMARY KEY, nom TEXT)")
    con.execute("CREATE TABLE project (id TEXT)")  # a table named like one of ours
    con.execute("INSERT INTO clients (nom) VALUES ('Dupont')")
    con.commit()
    con.close()


@pytest.mark.parametrize("command", [["check"], ["report"], ["export", "--json", "-o", "OUT"],
                                     ["export", "-o", "OUT"], ["import", "IN"]])
def test_another_programs_sqlite_file_is_left_untouched(
    cli, tmp_path: pathlib.Path, demo_json: pathlib.Path, command: list[str]  # type: ignore[no-untyped-def]
) -> None:
    foreign = tmp_path / "compta.sqlite"
    _foreign_sqlite(foreign)
    before = files_of(tmp_path)
    args = [str(tmp_path / "out.bin") if a == "OUT" else str(demo_json) if a == "IN" else a for a in command]
    result = cli("--db", foreign, *args)
    assert_refused(result, "n'est pas une base ALIZÉ")
    after = files_of(tmp_path)
    after.pop("compta.sqlite.lock", None)  # the import took the lock (empty file) before looking
    assert after == before
    con = sqlite3.connect(foreign)
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    con.close()
    assert tables == {"clients", "project"}


def test_a_lock_file_that_is_a_symlink_is_never_followed(cli, demo_db: pathlib.Path, tmp_path: pathlib.Path,
                                                         demo_json: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    victim = tmp_path / "precieux.txt"
    victim.write_text("ne pas écraser", "utf-8")
    pathlib.Path(str(demo_db) + ".lock").symlink_to(victim)
    before = files_of(tmp_path)
    result = cli("--db", demo_db, "import", "--replace", demo_json)
    assert_refused(result, "lien symbolique")
    assert victim.read_text("utf-8") == "ne pas écraser"
    assert files_of(tmp_path) == before


def test_a_lock_path_that_is_a_folder_is_one_sentence(cli, demo_db: pathlib.Path, demo_json: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    pathlib.Path(str(demo_db) + ".lock").mkdir()
    before = files_of(demo_db.parent)
    assert_refused(cli("--db", demo_db, "import", "--replace", demo_json), "est un dossier")
    assert files_of(demo_db.parent) == before


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600])
def test_a_replaced_file_keeps_its_mode(cli, demo_db: pathlib.Path, tmp_path: pathlib.Path, mode: int) -> None:  # type: ignore[no-untyped-def]
    outputs = [(["export", "--json", "-o"], "data.json"),
               (["document", "partnership", "--convention", "conv-2025", "-o"], "c.pdf")]
    if mode == 0o640:  # the bundle takes seconds: once is enough
        outputs.append((["export", "-o"], "paquet.zip"))
    for command, name in outputs:
        target = tmp_path / name
        target.write_bytes(b"old")
        os.chmod(target, mode)
        result = cli("--db", demo_db, *command, target)
        assert result.code == 0, result.err
        assert stat.S_IMODE(target.stat().st_mode) == mode
        assert target.read_bytes() != b"old"


def test_a_new_output_gets_the_usual_mode_not_600(cli, demo_db: pathlib.Path, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    umask = os.umask(0o022)
    os.umask(umask)
    target = tmp_path / "neuf.json"
    assert cli("--db", demo_db, "export", "--json", "-o", target).code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_read_commands_never_write_the_database(cli, demo_db: pathlib.Path, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    before = demo_db.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    for args in (["check"], ["report"], ["report", "--json"], ["export", "--json", "-o", out / "d.json"],
                 ["export", "-o", out / "p.zip"]):
        assert cli("--db", demo_db, *args).code == 0
    assert demo_db.read_bytes() == before
    assert not pathlib.Path(str(demo_db) + ".lock").exists()


def test_another_programs_alembic_file_is_not_called_a_newer_alize(cli, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "autre.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE alembic_version (version_num TEXT)")
    con.execute("INSERT INTO alembic_version VALUES ('4f2a9c1b')")
    con.execute("CREATE TABLE factures (id INTEGER)")
    con.commit()
    con.close()
    before = other.read_bytes()
    for args in (["check"], ["report"]):
        result = cli("--db", other, *args)
        assert_refused(result, "n'est pas une base ALIZÉ")
        assert "plus récente" not in result.err
    assert other.read_bytes() == before


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "2201-01-01"])
def test_an_as_of_outside_the_sane_years_is_a_usage_error(demo_db: pathlib.Path, day: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    from alize_desktop.cli import main

    with pytest.raises(SystemExit) as done:
        main(["--db", str(demo_db), "report", "--as-of", day])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert "hors des années permises" in err and "Traceback" not in err


@pytest.mark.parametrize("device", ["/dev/null", "/dev/stdout"])
def test_an_output_onto_a_device_is_refused_and_the_device_kept(cli, demo_db: pathlib.Path, device: str) -> None:  # type: ignore[no-untyped-def]
    before = os.lstat(device)
    for command in (["export", "--json", "-o"], ["document", "operator", "--convention", "conv-2025", "-o"]):
        assert_refused(cli("--db", demo_db, *command, device), "pas un fichier ordinaire")
    after = os.lstat(device)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


def test_an_import_from_a_pipe_is_refused_at_once(cli, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "data.json"
    os.mkfifo(fifo)
    assert_refused(cli("--db", tmp_path / "b.sqlite", "import", fifo), "pas un fichier ordinaire")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data.json"]


def test_a_lock_path_that_is_a_pipe_is_refused(cli, demo_db: pathlib.Path, demo_json: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    os.mkfifo(str(demo_db) + ".lock")
    before = demo_db.read_bytes()
    assert_refused(cli("--db", demo_db, "import", "--replace", demo_json), "fichier ordinaire")
    assert demo_db.read_bytes() == before


def test_a_db_that_is_a_device_is_refused(cli, tmp_path: pathlib.Path, demo_json: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    assert_refused(cli("--db", "/dev/null", "report"), "/dev/null")
    assert_refused(cli("--db", "/dev/null", "import", demo_json), "pas un fichier de base")
    assert not pathlib.Path("/dev/null.lock").exists()


def test_an_output_through_a_symlink_writes_the_target_and_keeps_the_link(cli, demo_db: pathlib.Path,  # type: ignore[no-untyped-def]
                                                                          tmp_path: pathlib.Path) -> None:
    real = tmp_path / "vrai.json"
    real.write_text("ancien", "utf-8")
    link = tmp_path / "lien.json"
    link.symlink_to(real)
    assert cli("--db", demo_db, "export", "--json", "-o", link).code == 0
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_text("utf-8").startswith("{")


@pytest.mark.parametrize("command", [["check"], ["report"], ["import", "SELF"]])
def test_a_db_that_is_not_a_database_is_the_wrong_file_not_a_damaged_one(
    cli, tmp_path: pathlib.Path, demo_json: pathlib.Path, command: list[str]  # type: ignore[no-untyped-def]
) -> None:
    wrong = tmp_path / "rapport.pdf"
    wrong.write_bytes(b"%PDF-1.4 pas une base")
    target = demo_json if command == ["import", "SELF"] else None
    args = [str(target) if a == "SELF" else a for a in command]
    db_file = demo_json if target else wrong  # --db given the import's own source file
    before = files_of(tmp_path)
    result = cli("--db", db_file, *args)
    assert_refused(result, "n'est pas une base de données")
    assert "endommag" not in result.err
    after = files_of(tmp_path)
    after.pop(db_file.name + ".lock", None)
    assert after == before
