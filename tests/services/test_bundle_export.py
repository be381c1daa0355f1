"""The ASTREES bundle: contents, hashes, same bytes for the same data, cancel, no convention."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import sqlite3
import zipfile

import pytest

from alize_desktop.cli import main
from alize_desktop.db import open_database
from alize_desktop.formatting import money_csv
from alize_desktop.interchange.exporter import export_basin
from alize_desktop.paths import attachments_dir
from alize_desktop.services.export.bundle import BundleError, export_bundle, write_bundle
from alize_desktop.services.export.bundle_csv import TABLES, columns
from alize_desktop.services.progress import Cancelled

AS_OF = dt.date(2026, 11, 26)
SCAN = b"%PDF-1.4\n% scan signe de la convention\n%%EOF\n"


def _approved_in(data: dict, start: str, end: str) -> list[str]:
    meetings = sorted((mt for mt in data["meetings"] if start <= mt["date"] <= end), key=lambda mt: mt["date"])
    return list(dict.fromkeys(it["project_id"] for mt in meetings for it in mt["items"] if it["decision"] == "approved"))


@pytest.fixture(scope="module")
def bundle(_templates, tmp_path_factory):  # type: ignore[no-untyped-def]
    """One export of the demo basin, with a signed scan attached to one project and a bad one on another."""
    folder = tmp_path_factory.mktemp("bundle")
    db = folder / "demo.sqlite"
    shutil.copy(_templates["demo"], db)
    engine = open_database(db)
    data = export_basin(engine)
    engine.dispose()
    approved = _approved_in(data, "2025-01-01", AS_OF.isoformat())
    good, bad = approved[0], approved[1]
    scans = attachments_dir(db) / "conventions"
    scans.mkdir(parents=True)
    (scans / "signee.pdf").write_bytes(SCAN)
    (scans / "alteree.pdf").write_bytes(SCAN + b"modifie")
    con = sqlite3.connect(db)
    con.execute("UPDATE project SET signed_scan_path=?, signed_scan_sha256=? WHERE id=?",
                ("conventions/signee.pdf", hashlib.sha256(SCAN).hexdigest(), good))
    con.execute("UPDATE project SET signed_scan_path=?, signed_scan_sha256=? WHERE id=?",
                ("conventions/alteree.pdf", hashlib.sha256(SCAN).hexdigest(), bad))
    con.commit()
    con.close()
    calls: list[tuple[int, int, str]] = []
    out = folder / "paquet.zip"
    engine = open_database(db)
    result = write_bundle(engine, db, out, as_of=AS_OF, progress=lambda d, t, x: calls.append((d, t, x)) or True)
    engine.dispose()
    with zipfile.ZipFile(out) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
        infos = zf.infolist()
    return {"db": db, "out": out, "result": result, "members": members, "infos": infos, "data": data,
            "approved": approved, "good": good, "bad": bad, "calls": calls}


def test_manifest_lists_every_file_with_its_hash_and_size(bundle) -> None:  # type: ignore[no-untyped-def]
    members = bundle["members"]
    manifest = json.loads(members["manifest.json"])
    listed = {f["name"]: f for f in manifest["files"]}
    assert set(listed) == set(members) - {"manifest.json"}
    for name, payload in members.items():
        if name != "manifest.json":
            assert listed[name]["size"] == len(payload)
            assert listed[name]["sha256"] == hashlib.sha256(payload).hexdigest()
    assert manifest["program"]["version"] == "1.0.0"
    assert manifest["basin"] == "ALIZÉ Vallée de la Sorne"
    assert manifest["as_of"] == "2026-11-26"
    assert manifest["convention"] == {"id": "conv-2025", "start": "2025-01-01", "end": "2027-12-31", "running": True}
    assert [f["name"] for f in manifest["files"]] == sorted(listed)


def test_zip_is_deterministic_and_its_names_sorted(bundle, tmp_path) -> None:  # type: ignore[no-untyped-def]
    names = [i.filename for i in bundle["infos"]]
    assert names == sorted(names)
    assert {i.date_time for i in bundle["infos"]} == {(1980, 1, 1, 0, 0, 0)}
    again = tmp_path / "encore.zip"
    engine = open_database(bundle["db"])
    write_bundle(engine, bundle["db"], again, as_of=AS_OF)
    engine.dispose()
    assert again.read_bytes() == bundle["out"].read_bytes()
    assert not list(tmp_path.glob("*.part"))


def test_data_json_equals_export_json(bundle, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "data.json"
    assert main(["--db", str(bundle["db"]), "export", "--json", "-o", str(out)]) == 0
    expected = json.loads(out.read_text("utf-8"))
    got = json.loads(bundle["members"]["data.json"])
    expected.pop("exported_at"), got.pop("exported_at")
    assert got == expected
    text = bundle["members"]["data.json"].decode("utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=1) + "\n"


def test_report_json_equals_report_command(bundle, capsys) -> None:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert main(["--db", str(bundle["db"]), "report", "--json", "--as-of", "2026-11-26"]) == 0
    assert json.loads(bundle["members"]["report.json"]) == json.loads(capsys.readouterr().out)


def test_csv_tables_open_with_csv_module(bundle) -> None:  # type: ignore[no-untyped-def]
    data = bundle["data"]
    for table in TABLES:
        payload = bundle["members"][f"csv/{table}.csv"]
        assert payload.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(payload.decode("utf-8-sig"), newline=""), delimiter=";"))
        expected = [data["basin"]] if table == "basin" else data[table]
        assert len(rows) == len(expected), table
        assert list(rows[0]) == columns(table) if rows else True
    repayments = list(csv.DictReader(io.StringIO(bundle["members"]["csv/repayments.csv"].decode("utf-8-sig"),
                                                 newline=""), delimiter=";"))
    first = data["repayments"][0]
    assert repayments[0]["id"] == first["id"]
    assert repayments[0]["amount_cents"] == money_csv(first["amount_cents"])
    # Amounts of 1 000 € and more carry no thousands separator, so a spreadsheet reads numbers:
    # 1 250 000 cents come out as 12500,00, not 12 500,00.
    disbursements = list(csv.DictReader(io.StringIO(bundle["members"]["csv/disbursements.csv"].decode("utf-8-sig"),
                                                    newline=""), delimiter=";"))
    by_id = {d["id"]: d["amount_cents"] for d in disbursements}
    big = [d for d in data["disbursements"] if d["amount_cents"] >= 100_000]
    assert big, "the demo basin lends 1 000 € and more"
    for d in big:
        euros, cents = divmod(d["amount_cents"], 100)
        assert by_id[d["id"]] == f"{euros},{cents:02d}"
        assert "\u202f" not in by_id[d["id"]] and " " not in by_id[d["id"]]
    meetings = list(csv.DictReader(io.StringIO(bundle["members"]["csv/meetings.csv"].decode("utf-8-sig"),
                                               newline=""), delimiter=";"))
    assert json.loads(meetings[0]["items"]) == data["meetings"][0]["items"]
    partners = list(csv.DictReader(io.StringIO(bundle["members"]["csv/partners.csv"].decode("utf-8-sig"),
                                               newline=""), delimiter=";"))
    assert {p["active"] for p in partners} <= {"oui", "non"}


def test_documents_of_the_running_convention(bundle) -> None:  # type: ignore[no-untyped-def]
    members, manifest = bundle["members"], json.loads(bundle["members"]["manifest.json"])
    assert members["documents/convention-partenariat-conv-2025.pdf"].startswith(b"%PDF")
    assert members["documents/convention-operateur-conv-2025.pdf"].startswith(b"%PDF")
    # The signed scan stands for the generated convention; a scan whose hash changed does not.
    good, bad = bundle["good"], bundle["bad"]
    assert members[f"documents/cooperation/convention-cooperation-{good}-signee.pdf"] == SCAN
    assert f"documents/cooperation/convention-cooperation-{good}.pdf" not in members
    assert members[f"documents/cooperation/convention-cooperation-{bad}.pdf"].startswith(b"%PDF")
    assert any("empreinte différente" in w for w in manifest["warnings"])
    cooperation = [n for n in members if n.startswith("documents/cooperation/")]
    built_or_refused = len(cooperation) + sum("non jointe" in w for w in manifest["warnings"])
    assert built_or_refused >= len(bundle["approved"])
    meetings = [mt for mt in bundle["data"]["meetings"] if "2025-01-01" <= mt["date"] <= "2026-11-26"]
    minutes = [n for n in members if n.startswith("documents/proces-verbaux/")]
    assert len(minutes) == len(meetings)
    assert "documents/rapport-evaluation-conv-2025-2026-11-26.pdf" in members


def test_progress_moves_and_summary_is_french(bundle) -> None:  # type: ignore[no-untyped-def]
    calls = bundle["calls"]
    assert len(calls) > len(bundle["members"]) // 2
    assert calls[-1][0] == calls[-1][1]
    summary = bundle["result"].summary()
    assert summary.startswith(f"Paquet ASTREES écrit : {bundle['out']}")
    assert "chiffres au 26 novembre 2026" in summary


def test_cancel_leaves_nothing(demo_db, tmp_path) -> None:
    folder = tmp_path / "sortie"
    seen: list[str] = []

    def progress(done: int, total: int, text: str) -> bool:
        seen.append(text)
        # Stop in the middle of writing the zip, once its temporary file exists.
        return sum(t.startswith("Écriture") for t in seen) < 5 or not any(folder.glob(".paquet.zip.*.part"))

    engine = open_database(demo_db)
    with pytest.raises(Cancelled):
        write_bundle(engine, demo_db, folder / "paquet.zip", as_of=dt.date(2021, 6, 1), progress=progress)
    engine.dispose()
    assert seen[-1].startswith("Écriture")
    assert list(folder.iterdir()) == []


def test_no_running_convention_skips_report_with_a_note(demo_db, tmp_path) -> None:
    engine = open_database(demo_db)
    result = write_bundle(engine, demo_db, tmp_path / "p.zip", as_of=dt.date(2021, 6, 1))
    engine.dispose()
    with zipfile.ZipFile(tmp_path / "p.zip") as zf:
        names = zf.namelist()
        manifest = json.loads(zf.read("manifest.json"))
    assert "report.json" not in names and not [n for n in names if n.startswith("documents/")]
    assert manifest["convention"] is None
    assert manifest["notes"][0].startswith("report.json absent : aucune convention")
    assert result.convention is None


def test_empty_or_missing_database_is_refused(empty_db, tmp_path) -> None:
    with pytest.raises(BundleError, match="pas encore de bassin"):
        export_bundle(empty_db, tmp_path / "p.zip", as_of=AS_OF)
    with pytest.raises(BundleError, match="base introuvable"):
        export_bundle(tmp_path / "absente.sqlite", tmp_path / "p.zip", as_of=AS_OF)
    assert not (tmp_path / "absente.sqlite").exists()
    assert not list(tmp_path.glob("*p.zip*"))
