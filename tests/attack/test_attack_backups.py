"""Backups a mistake can always be recovered from, and the copy that leaves the machine."""

from __future__ import annotations

import datetime as dt
import pathlib
import sqlite3
import subprocess

import pytest
from attack_helpers import assert_refused, files_of

from alize_desktop import backups, db
from alize_desktop.services.backup_copy import CopyFailed, copy_reminder, last_external_copy, save_copy

NOW = dt.datetime(2026, 11, 26, 10, 0).astimezone()


def test_a_mistaken_replace_stays_recoverable_after_many_openings(
    cli, demo_db: pathlib.Path, demo_json: pathlib.Path, tmp_path: pathlib.Path  # type: ignore[no-untyped-def]
) -> None:
    """The scenario of the issue: import --replace by mistake, then the window opened again and again."""
    con = sqlite3.connect(demo_db)
    con.execute("UPDATE basin SET name = 'Le vrai bassin'")
    con.commit()
    con.close()
    assert cli("--db", demo_db, "import", "--replace", demo_json).code == 0
    for day in range(60):  # two months of daily openings, each making a routine copy
        db.backup(demo_db, reason="ouverture", now=NOW + dt.timedelta(days=day, minutes=1))
    real = [c for c in db.list_backups(demo_db)
            if sqlite3.connect(c).execute("SELECT name FROM basin").fetchone()[0] == "Le vrai bassin"]
    assert real, "the only copy of the real basin was rotated away"
    assert all(c.parent.name == backups.PROTECTED_FOLDER for c in real)


def test_thinning_keeps_the_newest_then_one_a_day_then_one_a_week() -> None:
    base = dt.datetime(2026, 1, 1, 12, 0)
    names = [pathlib.Path(f"b-{(base + dt.timedelta(hours=6 * i)).strftime('%Y%m%d-%H%M%S')}-000000-ouverture.sqlite")
             for i in range(4 * 120)]  # four copies a day for four months
    copies = sorted(names, key=backups.made_at, reverse=True)
    now = base + dt.timedelta(days=120)
    kept = backups.routine_to_keep(copies, now)
    ages = sorted((now - backups.made_at(c)).days for c in kept)
    assert set(copies[: backups.NEWEST_KEPT]) <= kept
    assert len([a for a in ages if a < 7]) >= 7  # one a day for the last week (plus the newest few)
    weekly = [a for a in ages if 7 <= a < 35]
    assert 3 <= len(weekly) <= 6
    assert len(kept) < 30
    assert max(ages) >= 85  # one a month further back (January's newest copy)


def test_thinning_takes_now_from_the_clock_not_the_calendar(demo_db: pathlib.Path) -> None:
    """A copy dated by a frozen clock far in the past is thinned against that clock's now."""
    long_ago = dt.datetime(2001, 5, 1, 9, 0)
    for day in range(30):
        db.backup(demo_db, reason="ouverture", now=long_ago + dt.timedelta(days=day))
    ages = [(long_ago + dt.timedelta(days=29) - backups.made_at(c)).days for c in db.list_backups(demo_db)]
    assert min(ages) == 0 and 0 < len(ages) < 30


def test_save_copy_to_a_folder_is_a_verified_standalone_base(demo_engine, demo_db: pathlib.Path,  # type: ignore[no-untyped-def]
                                                             tmp_path: pathlib.Path) -> None:
    key = tmp_path / "cle"
    key.mkdir()
    result = save_copy(demo_engine, demo_db, key, now=NOW)
    assert result.path.parent == key and result.path.name.startswith("demo-copie-2026-11-26")
    con = sqlite3.connect(result.path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert con.execute("SELECT COUNT(*) FROM project").fetchone()[0] > 0
    con.close()
    assert sorted(p.name for p in key.iterdir()) == [result.path.name]  # no temporary left
    assert not result.left_the_machine and "même disque" in result.summary()
    assert last_external_copy(demo_engine) is None  # a copy on the same disk does not reset the reminder


@pytest.mark.parametrize("target", ["", "-wal", ".lock", ".backups/x.sqlite"])
def test_save_copy_never_overwrites_the_base(demo_engine, demo_db: pathlib.Path, target: str) -> None:  # type: ignore[no-untyped-def]
    db.backup(demo_db, reason="ouverture", now=NOW)
    before = files_of(demo_db.parent)
    with pytest.raises(CopyFailed, match="base de données elle-même"):
        save_copy(demo_engine, demo_db, pathlib.Path(str(demo_db) + target), now=NOW)
    assert files_of(demo_db.parent) == before


def test_save_copy_to_a_missing_key_is_one_sentence(demo_engine, demo_db: pathlib.Path, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CopyFailed, match="branchez la clé"):
        save_copy(demo_engine, demo_db, tmp_path / "cle-retiree" / "copie.sqlite", now=NOW)


def test_a_copy_on_another_device_resets_the_reminder(demo_engine, demo_db: pathlib.Path, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    today = dt.date(2026, 11, 26)
    assert copy_reminder(demo_engine, today + dt.timedelta(days=400)) is not None  # an old base, never copied
    key = tmp_path / "cle-usb"
    key.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(key)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("no tmpfs here to stand for a USB key")
    try:
        result = save_copy(demo_engine, demo_db, key, now=NOW)
        assert result.left_the_machine
        assert last_external_copy(demo_engine) == today
        assert copy_reminder(demo_engine, today + dt.timedelta(days=29)) is None
        text = copy_reminder(demo_engine, today + dt.timedelta(days=31))
        assert text is not None and "26 novembre 2026" in text and "Enregistrer une copie de sauvegarde" in text
    finally:
        subprocess.run(["umount", "-l", str(key)], capture_output=True)


def test_the_dialog_saves_a_copy_and_reminds(ctx, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.export import backup_copy_dialog as dialog
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(dialog.QFileDialog, "getExistingDirectory", lambda *a, **k: str(tmp_path))
    monkeypatch.setattr(dialog.QMessageBox, "information", lambda _p, title, text: shown.append(("info", text)))
    monkeypatch.setattr(dialog.QMessageBox, "warning", lambda _p, title, text: shown.append(("warning", text)))
    assert dialog.save_backup_copy(None, ctx)
    assert shown[-1][0] == "info" and "Copie de sauvegarde enregistrée et vérifiée" in shown[-1][1]
    assert [p for p in tmp_path.iterdir() if p.name.endswith(".sqlite")]
    monkeypatch.setattr(dialog.QFileDialog, "getExistingDirectory", lambda *a, **k: str(ctx.db_path.parent))
    monkeypatch.setattr(dialog, "save_copy", lambda *a, **k: (_ for _ in ()).throw(CopyFailed("disque plein")))
    assert not dialog.save_backup_copy(None, ctx)
    assert shown[-1] == ("warning", "La copie n'a pas été enregistrée : disque plein.")
    monkeypatch.setattr(dialog, "copy_reminder", lambda engine, today: "Aucune copie…")
    assert dialog.remind_backup_copy(None, ctx) == "Aucune copie…"
    assert shown[-1] == ("info", "Aucune copie…")


def test_a_lock_symlinked_to_a_file_elsewhere_is_never_followed(
    cli, demo_db: pathlib.Path, demo_json: pathlib.Path, tmp_path_factory: pytest.TempPathFactory  # type: ignore[no-untyped-def]
) -> None:
    elsewhere = tmp_path_factory.mktemp("ailleurs") / "configuration.txt"  # another folder, as /etc would be
    elsewhere.write_text("réglages précieux", "utf-8")
    pathlib.Path(str(demo_db) + ".lock").symlink_to(elsewhere)
    assert_refused(cli("--db", demo_db, "import", "--replace", demo_json), "lien symbolique")
    assert elsewhere.read_text("utf-8") == "réglages précieux"


def test_text_rule_for_dialogs_names_the_label() -> None:
    from alize_desktop.rules.text import clean_text_problem

    assert clean_text_problem("Scierie du Val", "name", "Nom") is None
    assert clean_text_problem(None, "name", "Nom") is None
    assert clean_text_problem("P" * 201, "name", "Nom") == "Nom : texte trop long (201 caractères, au plus 200) : raccourcissez-le."
    assert clean_text_problem("ligne 1\nligne 2", "notes", "Notes") is None
    assert "retour à la ligne" in (clean_text_problem("a\nb", "name", "Nom") or "")
