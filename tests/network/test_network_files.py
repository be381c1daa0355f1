"""The network report's files and the `network` command line, as the person at ASTREES sees them."""

from __future__ import annotations

import copy
import csv
import io
import json
import subprocess
import sys

from pypdf import PdfReader

from alize_desktop.cli import main as cli
from alize_desktop.network.report_csv import neutralise
from alize_desktop.network.sample import write_data_bundle
from tests.conftest import DEMO_TODAY


def _receive(url, *paths):
    return cli(["network", "--db-url", url, "receive", *map(str, paths)])


def test_receive_command_says_what_it_did_and_fails_on_a_refusal(network_url, bundles31, capsys, monkeypatch):
    monkeypatch.setenv("ALIZE_TODAY", DEMO_TODAY.isoformat())
    assert _receive(network_url, bundles31[1], bundles31[2]) == 0
    out = capsys.readouterr().out
    assert "bassin-01.zip reçu : bassin « Bassin d'essai n° 1 »" in out and "bassin-02.zip reçu" in out

    assert _receive(network_url, bundles31[2], bundles31[3]) == 1
    captured = capsys.readouterr()
    assert "bassin-03.zip reçu" in captured.out
    assert "bassin-02.zip refusé : paquet identique" in captured.err
    assert "alize-desktop : 1\u00a0paquet refusé sur 2" in captured.err

    assert cli(["network", "--db-url", network_url, "basins"]) == 0
    listing = capsys.readouterr().out.splitlines()
    assert [line.split(" — ")[0] for line in listing] == [f"Bassin d'essai n° {n}" for n in (1, 2, 3)]
    assert cli(["network", "--db-url", network_url, "receptions"]) == 0
    log = capsys.readouterr().out.splitlines()
    assert len(log) == 4 and "refusé (paquet identique" in log[1]


def test_report_json_csv_and_pdf(network_url, demo_basins, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("ALIZE_TODAY", DEMO_TODAY.isoformat())
    hostile = copy.deepcopy(demo_basins[4])
    hostile["basin"]["name"] = "=HYPERLINK(\"http://x\";\"Bassin\")"
    paths = [write_data_bundle(hostile, tmp_path / "hostile.zip", DEMO_TODAY),
             write_data_bundle(demo_basins[5], tmp_path / "b5.zip", DEMO_TODAY)]
    assert _receive(network_url, *paths) == 0
    capsys.readouterr()

    assert cli(["network", "--db-url", network_url, "report", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["as_of"] == DEMO_TODAY.isoformat() and report["basins_count"] == 2

    folder, pdf = tmp_path / "csv", tmp_path / "reseau.pdf"
    assert cli(["network", "--db-url", network_url, "report", "--csv", str(folder), "--pdf", str(pdf)]) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["reseau-annees.csv", "reseau-bassins.csv",
                                                        "reseau-fonds.csv", "reseau-ressources.csv"]
    raw = (folder / "reseau-bassins.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Bassin", "Identité", "SIRET de l'opérateur"]
    by_name = {r[0]: dict(zip(rows[0], r, strict=True)) for r in rows[1:]}
    assert "'=HYPERLINK(\"http://x\";\"Bassin\")" in by_name
    b5 = by_name["Bassin d'essai n° 5"]
    own = next(b for b in report["basins"] if b["name"] == "Bassin d'essai n° 5")["report"]
    cents = own["fund"]["disbursed_cents"]
    assert b5["Versé (€)"] == f"{cents // 100},{cents % 100:02d}"
    assert b5["Taux de sinistre"] == repr(own["fund"]["loss_rate"]).replace(".", ",")
    assert b5["Emplois créés"] == str(own["jobs_created_total"])

    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Rapport du réseau" in text and "Bassin d'essai n° 5" in text
    assert f"Page 1 / {len(reader.pages)}" in text
    assert "Taux de sinistre des bassins" in text and "Emplois créés et objectif de la convention" in text
    fonts = {f["/BaseFont"] for p in reader.pages for f in (p["/Resources"].get("/Font") or {}).values()}
    assert any("DejaVuSans" in str(f) for f in fonts)


def test_formula_cells_are_neutralised():
    assert [neutralise(t) for t in ("=1+1", "+33", "-2", "@SOMME", "\tx", "\rx", "Bassin")] == \
        ["'=1+1", "'+33", "'-2", "'@SOMME", "'\tx", "'\rx", "Bassin"]


def test_an_unreachable_server_is_one_french_sentence(capsys):
    status = cli(["network", "--db-url", "postgresql+psycopg://alize@127.0.0.1:1/reseau", "basins"])
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith("alize-desktop : base réseau inaccessible (")
    assert "vérifiez l'adresse, le serveur et les droits" in err and "Traceback" not in err


def test_the_network_command_line_starts_without_qt():
    code = ("import sys; from alize_desktop.cli import build_parser; "
            "a = build_parser().parse_args(['network', 'basins']); "
            "import alize_desktop.network.cli, alize_desktop.network.report, alize_desktop.network.reception; "
            "print('PySide6' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_basin_without_a_convention_yet_is_listed_with_the_reason(network_url, bundles31, tmp_path, capsys,
                                                                     monkeypatch):
    monkeypatch.setenv("ALIZE_TODAY", DEMO_TODAY.isoformat())
    assert _receive(network_url, bundles31[6]) == 0
    capsys.readouterr()
    pdf, folder = tmp_path / "r.pdf", tmp_path / "csv"
    assert cli(["network", "--db-url", network_url, "report", "--json", "--as-of", "2020-01-01",
                "--pdf", str(pdf), "--csv", str(folder)]) == 0
    report = json.loads(capsys.readouterr().out)
    [basin] = report["basins"]
    assert basin["report"] is None
    assert basin["problem"] == "Aucune convention n'a commencé au 2020-01-01 : préciser la convention voulue."
    assert report["network"]["running_conventions"]["basins_reported"] == 0
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())  # the cell wraps
    assert "Aucune convention n'a commencé au 2020-01-01" in text and "1 bassin, convention en cours" in text
    rows = list(csv.reader(io.StringIO((folder / "reseau-bassins.csv").read_text("utf-8-sig")), delimiter=";"))
    assert rows[1][-1] == basin["problem"]


def test_an_empty_network_says_so(network_url, capsys):
    assert cli(["network", "--db-url", network_url, "basins"]) == 0
    assert capsys.readouterr().out.startswith("Aucun bassin reçu pour l'instant")
    assert cli(["network", "--db-url", network_url, "receptions"]) == 0
    assert capsys.readouterr().out == "Aucune réception enregistrée pour l'instant.\n"


def test_the_report_command_leaves_the_collector_as_it_found_it(network_url, bundles31, capsys, monkeypatch):
    """In the window's process the GUI thread owns garbage collection (automatic collection off):
    the report pauses the collector for its many dicts and must not turn it back on, or it would
    start in any thread again, Qt's objects with it (a crash seen once in CI)."""
    import gc

    monkeypatch.setenv("ALIZE_TODAY", DEMO_TODAY.isoformat())
    assert _receive(network_url, bundles31[1]) == 0
    was = gc.isenabled()
    gc.disable()
    try:
        assert cli(["network", "--db-url", network_url, "report", "--json"]) == 0
        assert not gc.isenabled()
        gc.enable()
        assert cli(["network", "--db-url", network_url, "report", "--json"]) == 0
        assert gc.isenabled()  # the command line's own process keeps its collector
    finally:
        (gc.enable if was else gc.disable)()
    capsys.readouterr()
