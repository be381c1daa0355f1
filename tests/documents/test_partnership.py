from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfgen import canvas

from alize_desktop.documents import DocumentError, build_document
from alize_desktop.documents.partnership import build_partnership

from .conftest import money, norm, read_pages


def _main_part(pages: list[str]) -> str:
    """The convention itself: everything before Annex 1."""
    text = " ".join(pages)
    return text[: text.index("Annexe 1 — Budget prévisionnel")]


def _annex1(pages: list[str]) -> str:
    text = " ".join(pages)
    return text[text.index("Annexe 1 — Budget prévisionnel") : text.index("Annexe 2 — Cahier des charges")]


def test_every_party_is_named_and_signs_once(basin, build):
    pages = build("partnership", basin, convention_id="conv1")
    main = _main_part(pages)
    parties = [
        "Saint-Gobain <Pont>",
        "Essilor & Cie",
        "CCI Moselle",
        "Région Grand Est",
        "Caisse des Dépôts",
        "Parti & Cie",
        "Banque <Régionale>",
        "Opérateur & Co <Local>",
        "ASTREES",
    ]
    for name in parties:
        assert name in main
    # An inactive partner without commitment for this convention is not a party.
    assert "Ancien Partenaire Sans Engagement" not in main
    signatures = main[main.index("Exemplaires et paraphes") :]
    assert signatures.count("Signataire :") == len(parties)
    assert f"établie en {len(parties)} exemplaires originaux, un pour chacun des signataires" in main
    for name in parties:
        assert name in signatures
    # The representatives: an active comité member per partner, the operator's, ASTREES's.
    for person in (
        "Loïc Béranger, Directeur",
        "Agnès Da Silva, Directrice",
        "Hélène Périer",
        "Noël Lefèvre, Délégué général",
    ):
        assert person in signatures


def test_objectives_and_duration(basin, build):
    main = _main_part(build("partnership", basin, convention_id="conv1"))
    assert "75 emplois par an" in main and "225 emplois" in main
    assert "Objectifs <spécifiques> & publics éloignés" in main
    assert "Clauses d'insertion & alternance <inter-entreprises>" in main
    assert "du 1er mars 2024 au 28 février 2027" in main
    assert "Vallée <haute> & plateau" in main


def test_annex1_totals_are_the_sums(basin, build):
    annex = _annex1(build("partnership", basin, convention_id="conv1"))
    per_partner: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    per_year: dict[int, int] = defaultdict(int)
    names = {p["id"]: p["name"] for p in basin["partners"]}
    for k in basin["commitments"]:
        per_partner[names[k["partner_id"]]][k["year"]] += k["amount_cents"]
        per_year[k["year"]] += k["amount_cents"]
    for name, years in per_partner.items():
        row = (
            f"Total {name} " + " ".join(money(years[y]) for y in (1, 2, 3)) + " " + money(sum(years.values()))
        )
        assert row in annex, row
    grand = sum(per_year.values())
    assert "Total général " + " ".join(money(per_year[y]) for y in (1, 2, 3)) + " " + money(grand) in annex
    companies = 1500001 + 780094 + 500000 + 1200000 + 250000
    assert (
        f"Sous-total : Entreprises partenaires {money(1500001 + 1200000 + 250000)} {money(780094)} "
        f"{money(500000)} {money(companies)}" in annex
    )
    # Resource profile: four kinds, the network head left out.
    counted = grand - 500000
    assert f"Entreprises partenaires {money(companies)} " in annex
    assert f"Total {money(counted)} 100,0 % 100 %" in annex


def test_partner_totals_in_article5(basin, build):
    main = _main_part(build("partnership", basin, convention_id="conv1"))
    assert f"Total Saint-Gobain <Pont> {money(1500001 + 780094 + 500000)}" in main
    assert f"Total Essilor & Cie {money(1200000)}" in main


def test_page_numbers_and_reference_annex2(basin, build):
    pages = build("partnership", basin, convention_id="conv1")
    n = len(pages)
    for i, text in enumerate(pages, start=1):
        assert f"Page {i} / {n}" in text
    assert f"Page {n} / {n}" in pages[-1]
    annex2 = next(p for p in pages if "Annexe 2 — Cahier des charges" in p)
    assert "Aucun exemplaire n'a été joint" in annex2
    assert "75 emplois par an, soit 225" in annex2 and "auprès d'ASTREES" in annex2
    # Annex 3 is the operator convention, signed by its two parties.
    annex3 = " ".join(pages)[" ".join(pages).index("Annexe 3 — Convention d'opérateur local") :]
    assert annex3.count("Signataire :") == 2


def _attachment(path: Path, pages: int) -> Path:
    c = canvas.Canvas(str(path), invariant=1)
    for k in range(1, pages + 1):
        c.drawString(100, 700, f"CAHIER NATIONAL FEUILLET {k}")
        c.showPage()
    c.save()
    return path


def test_attached_annex2_is_inserted_and_counted(basin, tmp_path):
    annex = _attachment(tmp_path / "cdc.pdf", 3)
    out = tmp_path / "conv.pdf"
    build_partnership(basin, "conv1", out, annex2_pdf=annex)
    pages = read_pages(out)
    n = len(pages)
    cover = next(i for i, p in enumerate(pages) if "Annexe 2 — Cahier des charges" in p)
    assert "reproduit dans les 3 pages qui suivent" in pages[cover]
    for k in range(1, 4):
        assert f"CAHIER NATIONAL FEUILLET {k}" in pages[cover + k]
    # Our own pages are numbered in the whole bundle, the attached ones included.
    assert f"Page {cover + 1} / {n}" in pages[cover]
    assert f"Page {cover + 5} / {n}" in pages[cover + 4]
    assert f"Page {n} / {n}" in pages[-1]
    assert "Annexe 3 — Convention d'opérateur local" in pages[cover + 4]
    meta = PdfReader(out).metadata
    assert meta.title == "Convention de partenariat"
    assert meta.author == "Opérateur & Co <Local>"


def test_unreadable_annex2_is_refused(basin, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"pas un PDF")
    with pytest.raises(DocumentError, match="PDF joint"):
        build_partnership(basin, "conv1", tmp_path / "x.pdf", annex2_pdf=bad)
    assert not (tmp_path / "x.pdf").exists()


def test_unknown_convention(basin, tmp_path):
    with pytest.raises(DocumentError, match="convention de partenariat inconnue"):
        build_document("partnership", basin, tmp_path / "x.pdf", convention_id="nope", as_of=dt.date(2026, 11, 26))


def test_hostile_text_is_printed_literally(basin, build):
    text = " ".join(build("partnership", basin, convention_id="conv1"))
    assert "Bassin d'essai <Nord> & Sud" in text
    assert "&amp;" not in text and "&lt;" not in text


def test_no_network_head_recorded_names_astrees(basin, build):
    basin["partners"] = [p for p in basin["partners"] if p["kind"] != "network_head"]
    basin["people"] = [p for p in basin["people"] if p["partner_id"] != "p6"]
    basin["commitments"] = [k for k in basin["commitments"] if k["partner_id"] != "p6"]
    main = _main_part(build("partnership", basin, convention_id="conv1"))
    assert norm("La tête de réseau – L'association ASTREES, tête du réseau ALIZÉ, représentée par") in main
