"""`alize-desktop export -o OUT.zip [--eml --to]` and `import bundle.zip` on a fresh database."""

from __future__ import annotations

import email
import json
import sqlite3
import zipfile
from email import policy

from alize_desktop.cli import main


def test_export_with_draft_then_import_on_a_fresh_database(demo_db, tmp_path, capsys) -> None:
    out, eml = tmp_path / "envoi" / "paquet.zip", tmp_path / "envoi" / "paquet.eml"
    rc = main(["--db", str(demo_db), "export", "-o", str(out), "--as-of", "2026-11-26",
               "--eml", str(eml), "--to", "donnees@astrees.example"])
    printed = capsys.readouterr().out
    assert rc == 0
    assert printed.startswith(f"Paquet ASTREES écrit : {out}")
    assert f"Brouillon de courriel pour donnees@astrees.example : {eml}" in printed
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg["X-Unsent"] == "1" and msg["To"] == "donnees@astrees.example"
    [att] = list(msg.iter_attachments())
    assert att.get_content_type() == "application/zip"
    assert att.get_content() == out.read_bytes()
    with zipfile.ZipFile(out) as zf:
        assert {"data.json", "manifest.json", "report.json", "csv/projects.csv"} <= set(zf.namelist())

    fresh = tmp_path / "neuve.sqlite"
    assert main(["--db", str(fresh), "import", str(out)]) == 0
    assert "Import terminé" in capsys.readouterr().out
    for db, name in ((demo_db, "a.json"), (fresh, "b.json")):
        assert main(["--db", str(db), "export", "--json", "-o", str(tmp_path / name)]) == 0
    a, b = (json.loads((tmp_path / n).read_text("utf-8")) for n in ("a.json", "b.json"))
    a.pop("exported_at"), b.pop("exported_at")
    assert a == b


def test_draft_without_address_is_refused_and_nothing_written(demo_db, tmp_path, capsys) -> None:
    out = tmp_path / "paquet.zip"
    rc = main(["--db", str(demo_db), "export", "-o", str(out), "--eml", str(tmp_path / "p.eml")])
    err = capsys.readouterr().err
    assert rc == 1
    assert "adresse de courriel d'ASTREES inconnue : indiquez --to ou renseignez-la sur la page Bassin" in err
    assert list(tmp_path.glob("p*")) == []


def test_draft_goes_to_the_astrees_address_of_the_settings(demo_db, tmp_path, capsys) -> None:
    con = sqlite3.connect(demo_db)
    con.execute("INSERT INTO app_setting(key, value) VALUES ('astrees_email', 'bassins@astrees.example')")
    con.commit()
    con.close()
    eml = tmp_path / "p.eml"
    # A date before the first convention keeps this export short: data, tables and manifest only.
    assert main(["--db", str(demo_db), "export", "-o", str(tmp_path / "p.zip"), "--as-of", "2021-06-01",
                 "--eml", str(eml)]) == 0
    assert "Note : report.json absent" in capsys.readouterr().out
    assert email.message_from_bytes(eml.read_bytes(), policy=policy.default)["To"] == "bassins@astrees.example"


def test_import_of_a_tampered_bundle_fails_in_french(demo_db, empty_db, tmp_path, capsys) -> None:
    out = tmp_path / "p.zip"
    assert main(["--db", str(demo_db), "export", "-o", str(out), "--as-of", "2021-06-01"]) == 0
    with zipfile.ZipFile(out) as src, zipfile.ZipFile(tmp_path / "t.zip", "w") as dst:
        for info in src.infolist():
            payload = src.read(info)
            dst.writestr(info, payload.replace(b"Sorne", b"Somme") if info.filename == "data.json" else payload)
    capsys.readouterr()
    assert main(["--db", str(empty_db), "import", str(tmp_path / "t.zip")]) == 1
    assert "« data.json » a été modifié depuis l'export" in capsys.readouterr().err
    con = sqlite3.connect(empty_db)
    assert con.execute("SELECT count(*) FROM basin").fetchone() == (0,)
    con.close()
