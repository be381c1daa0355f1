"""The command line contract: help at every level, exit statuses, French errors, nothing written on error."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

import pytest

from alize_desktop.cli import main
from alize_desktop.db import list_backups

CLI = [sys.executable, "-m", "alize_desktop"]


def run(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("level", [[], ["import"], ["export"], ["report"], ["document"], ["check"]])
def test_help_at_every_level(level: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main([*level, "--help"])
    assert done.value.code == 0
    assert "usage" in capsys.readouterr().out.lower()


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["import"])
    assert done.value.code == 2


def test_import_export_check_through_a_real_process(tmp_path: pathlib.Path, demo_data: dict) -> None:
    src = tmp_path / "in.json"
    src.write_text(json.dumps(demo_data, ensure_ascii=False), "utf-8")
    db = tmp_path / "b.sqlite"
    p = run("--db", str(db), "import", str(src))
    assert p.returncode == 0, p.stderr
    out = tmp_path / "out.json"
    assert run("--db", str(db), "export", "--json", "-o", str(out)).returncode == 0
    back = json.loads(out.read_text("utf-8"))
    assert back["projects"] == demo_data["projects"]
    p = run("--db", str(db), "check")
    assert p.returncode == 0 and "Base saine" in p.stdout


def test_refused_import_exits_1_with_the_record_named(tmp_path: pathlib.Path, demo_data: dict) -> None:
    bad = dict(demo_data)
    bad["projects"] = [dict(demo_data["projects"][0], company_id="c-inconnue"), *demo_data["projects"][1:]]
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(bad), "utf-8")
    db = tmp_path / "b.sqlite"
    code = main(["--db", str(db), "import", str(src)])
    assert code == 1
    assert main(["--db", str(db), "export", "--json", "-o", str(tmp_path / "x.json")]) == 1  # still no basin


def test_refusal_message_on_stderr(tmp_path: pathlib.Path) -> None:
    src = tmp_path / "broken.json"
    src.write_text("{ not json", "utf-8")
    p = run("--db", str(tmp_path / "b.sqlite"), "import", str(src))
    assert p.returncode == 1
    assert "JSON valide" in p.stderr


def test_replace_backs_the_file_up_first(tmp_path: pathlib.Path, demo_db: pathlib.Path, demo_data: dict) -> None:
    src = tmp_path / "in.json"
    changed = dict(demo_data, basin=dict(demo_data["basin"], name="Bassin remplacé"))
    src.write_text(json.dumps(changed, ensure_ascii=False), "utf-8")
    assert main(["--db", str(demo_db), "import", str(src)]) == 1  # refused without --replace
    assert main(["--db", str(demo_db), "import", "--replace", str(src)]) == 0
    assert list_backups(demo_db)
    out = tmp_path / "o.json"
    main(["--db", str(demo_db), "export", "--json", "-o", str(out)])
    assert json.loads(out.read_text("utf-8"))["basin"]["name"] == "Bassin remplacé"


def test_check_reports_a_broken_rule(demo_db: pathlib.Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    con = sqlite3.connect(demo_db)
    con.execute("UPDATE company SET siret = '12345678901234' WHERE rowid = 1")
    con.commit()
    con.close()
    assert main(["--db", str(demo_db), "check"]) == 1
    assert "SIRET" in capsys.readouterr().err


def test_usage_errors_are_french() -> None:
    p = run("import")
    assert p.returncode == 2
    assert "erreur : arguments obligatoires manquants" in p.stderr


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path: pathlib.Path, demo_db: pathlib.Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    cmd = f"{sys.executable} -m alize_desktop --db {demo_db} report --json --as-of 2026-11-26 | head -c 10"
    p = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, env=env, timeout=120)
    assert "Traceback" not in p.stderr and "BrokenPipe" not in p.stderr
