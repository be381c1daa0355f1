from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus import Spacer

from alize_desktop.documents.blocks import data_table, esc, plain
from alize_desktop.documents.engine import write_pdf

from .conftest import read_pages

EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "examples" / "example-basin.json"


def test_esc_keeps_user_text_literal():
    assert esc("Dupont & Fils <SARL>") == "Dupont &amp; Fils &lt;SARL&gt;"
    assert esc("a\nb") == "a<br/>b"
    assert esc(None) == ""


def test_split_table_repeats_its_header_and_only_dejavu_is_embedded():
    rows = [[str(i), esc(f"Ligne <{i}> & co")] for i in range(200)]
    buffer = io.BytesIO()
    story = [plain("Dupont & Fils <SARL>\nseconde ligne"), data_table(["Numéro", "Libellé"], rows, [20, 80])]
    write_pdf(story, buffer, title="Essai", basin_name="Bassin <B>")
    pages = read_pages(buffer.getvalue())
    assert len(pages) > 2
    for text in pages:
        assert "Numéro Libellé" in text
    assert "Dupont & Fils <SARL>" in pages[0] and "Ligne <199> & co" in pages[-1]
    assert "Bassin <B>" in pages[1]
    fonts = set()
    for page in PdfReader(io.BytesIO(buffer.getvalue())).pages:
        for font in page["/Resources"]["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVuSans" in f for f in fonts), fonts


_SCRIPT = """
import datetime as dt, json, sys
from alize_desktop.documents import build_document
data = json.load(open(sys.argv[1], encoding="utf-8"))
options = {"annex2_pdf": sys.argv[6]} if len(sys.argv) > 6 else {}
build_document(sys.argv[2], data, sys.argv[3], **{sys.argv[4]: sys.argv[5]}, **options, as_of=dt.date(2026, 11, 26))
"""


@pytest.mark.parametrize(
    ("kind", "key", "value", "annex"),
    [
        ("partnership", "convention_id", "conv1", False),
        ("partnership", "convention_id", "conv1", True),
        ("cooperation", "project_id", "pr1", False),
    ],
)
def test_same_data_same_bytes_across_processes(basin, tmp_path, kind, key, value, annex):
    data = tmp_path / "data.json"
    data.write_text(json.dumps(basin), encoding="utf-8")
    extra = []
    if annex:
        attached = tmp_path / "cdc.pdf"
        write_pdf([plain("Cahier des charges")], attached, title="Cahier", basin_name="")
        extra = [str(attached)]
    digests = []
    for seed in ("1", "2"):
        out = tmp_path / f"{kind}-{seed}.pdf"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        command = [sys.executable, "-c", _SCRIPT, str(data), kind, str(out), key, value, *extra]
        subprocess.run(command, check=True, env=env)
        digests.append(hashlib.sha256(out.read_bytes()).hexdigest())
    assert digests[0] == digests[1]
    # invariant=1: reportlab writes a fixed date, never the time of the build.
    meta = PdfReader(out).metadata
    assert meta["/CreationDate"] == meta["/ModDate"] == "D:20000101000000+00'00'"


@pytest.mark.skipif(not EXAMPLE.exists(), reason="the shared example basin is not beside the repository")
def test_example_basin_documents(tmp_path):
    from alize_desktop.documents import build_document

    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    build_document("partnership", data, tmp_path / "p.pdf", convention_id="conv-2024", as_of=dt.date(2026, 11, 26))
    text = " ".join(read_pages(tmp_path / "p.pdf"))
    assert "Saint-Gobain <Pont>" in text and "Essilor & Cie" in text
    build_document("cooperation", data, tmp_path / "c.pdf", project_id="pr1", as_of=dt.date(2026, 11, 26))
    assert "Dupont & Fils <SARL>" in " ".join(read_pages(tmp_path / "c.pdf"))


def test_long_date_writes_1er_for_the_first_of_a_month():
    import datetime as dt

    from alize_desktop.documents.facts import long_date

    assert long_date("2024-03-01") == "1er mars 2024"
    assert long_date(dt.date(2026, 11, 26)) == "26 novembre 2026"
    assert long_date(dt.date(2024, 3, 11)) == "11 mars 2024"
    assert long_date(None) == "" and long_date("") == ""


def test_alize_is_not_printed_twice_when_the_basin_name_says_it():
    from alize_desktop.documents.facts import alize_label, programme_line

    sorne = {"basin": {"name": "ALIZÉ Vallée de la Sorne"}}
    orne = {"basin": {"name": "Bassin de l'Orne"}}
    assert alize_label("Comité d'agrément", sorne) == "Comité d'agrément — ALIZÉ Vallée de la Sorne"
    assert alize_label("Comité d'agrément", orne) == "Comité d'agrément ALIZÉ — Bassin de l'Orne"
    assert programme_line(sorne) == "ALIZÉ Vallée de la Sorne"
    assert programme_line(orne) == "Programme ALIZÉ — Bassin de l'Orne"


def test_kept_rows_are_never_cut_by_a_page_break(tmp_path):
    # 30 groups of 4 rows: with `keep`, every page starts on a group's first row.
    rows = [[f"G{g}", f"ligne {i}"] for g in range(30) for i in range(4)]
    table = data_table(["Groupe", "Ligne"], rows, [40, 40], keep=[(4 * g, 4 * g + 3) for g in range(30)])
    write_pdf([Spacer(1, 500), table], tmp_path / "k.pdf", title="Essai", basin_name="Bassin")
    pages = read_pages(tmp_path / "k.pdf")
    assert len(pages) > 1
    for text in pages[1:]:
        first = text.split("Groupe Ligne", 1)[1].split()[:3]
        assert first[1:] == ["ligne", "0"], first


def test_a_character_the_fonts_cannot_draw_is_printed_as_its_code_not_lost(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.documents.blocks import esc

    assert esc("Atelier 中 & Fils") == "Atelier [U+4E2D] &amp; Fils"  # named, never silently dropped
    assert esc("Dąbrowski, Nguyễn, Œuvre") == "Dąbrowski, Nguyễn, Œuvre"
