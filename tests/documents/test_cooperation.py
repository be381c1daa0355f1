from __future__ import annotations

import datetime as dt

import pytest

from alize_desktop import formatting
from alize_desktop.documents import DocumentError, build_document
from alize_desktop.rules.schedule import Terms, build_schedule

from .conftest import money, norm


def _rows(principal: int, terms: dict, base: dt.date) -> list[str]:
    """Each schedule row as the annex prints it, computed here from the rules."""
    remaining = principal
    rows = []
    for i in build_schedule(principal, Terms.from_dict(terms), base):
        remaining -= i.principal_cents
        rows.append(
            f"{i.number} {norm(formatting.date_long(i.due_on))} {money(i.amount_cents)} {money(i.principal_cents)} "
            f"{money(i.interest_cents)} {money(remaining)}"
        )
    return rows


def _split(pages: list[str]) -> tuple[str, list[str]]:
    """The convention, then each annex."""
    text = " ".join(pages)
    parts = text.split("Annexe ")
    return parts[0], parts[1:]


def test_convention_facts_and_signatories(basin, build):
    pages = build("cooperation", basin, project_id="pr1")
    main, annexes = _split(pages)
    for fact in (
        "Dupont & Fils <SARL>",
        "73463288860580",
        "EURL",
        "25.62B",
        "Zone d'activités n°1, 57001",
        "Anne Da Silva",
        "Nouvelle ligne <A> & atelier",
        "Développement d'une entreprise existante",
    ):
        assert fact in main, fact
    assert f"Saint-Gobain <Pont> Appui qualité & méthodes 7 {money(455000)}" in main
    assert f"Essilor & Cie Appui commercial 5 {money(325000)}" in main
    assert f"Total 12 {money(780000)}" in main
    assert money(3000000) in main and money(4000000) in main
    # Follow-up plan from the signature date (15 April 2024).
    for label, day in (
        ("3 mois", "15 juillet 2024"),
        ("6 mois", "15 octobre 2024"),
        ("12 mois", "15 avril 2025"),
        ("18 mois", "15 octobre 2025"),
        ("24 mois (facultatif)", "15 avril 2026"),
    ):
        assert f"Compte rendu à {label} {day}" in main
    signatures = main[main.index("Exemplaires et paraphes") :]
    # Manager, president (Saint-Gobain's h1, who also signs for his company's skills),
    # Essilor's comité member, and the mandatary from the CCI.
    assert "établie en 5 exemplaires originaux, un pour chacun des signataires" in signatures
    assert "Chaque signataire paraphe chaque page" in signatures
    assert signatures.count("Signataire :") == 5
    for who in (
        "Anne Da Silva, Dirigeant",
        "Loïc Béranger, Directeur, Saint-Gobain <Pont>",
        "Agnès Da Silva, Directrice",
        "Étienne Dąbrowski, Chargé d'affaires",
        "Le mandataire du projet",
    ):
        assert who in signatures, who
    assert "le 15 avril 2024" in signatures
    assert len(annexes) == 2


def test_actual_schedule_of_a_disbursed_advance(basin, build):
    _, (advance, loan) = _split(build("cooperation", basin, project_id="pr1"))
    assert "Échéancier effectif" in advance and "31 mai 2024" in advance
    assert "mensuelle" in advance
    terms = basin["engagements"][2]["terms"]
    # Principal = the two disbursements; base = the first one.
    for row in _rows(2500000, terms, dt.date(2024, 5, 31)):
        assert row in advance, row
    # Worked by hand (rule §5.1): 12 monthly instalments of 25 000,00 € // 12 from 31 May + 7 months,
    # clipped to month ends; the last one takes the remainder.
    for row in (f"1 31 décembre 2024 {money(208333)} {money(208333)} {money(0)} {money(2291667)}",
                f"3 28 février 2025 {money(208333)} {money(208333)} {money(0)} {money(1875001)}",
                f"12 30 novembre 2025 {money(208337)} {money(208337)} {money(0)} {money(0)}"):
        assert row in advance, row
    # The operator's representative signs the annex too.
    assert "L'opérateur local" in advance and "Signataire : Hélène Périer" in advance
    assert advance.count("Signataire :") == 3
    # A subsidised loan is always projected, from the signature date.
    assert "Échéancier prévisionnel établi sur la base du 15 avril 2024" in loan
    assert "trimestrielle" in loan and "1,50 %" in loan
    for row in _rows(4000000, basin["engagements"][3]["terms"], dt.date(2024, 4, 15)):
        assert row in loan, row
    # Worked by hand: r = 1,5 % × 3 / 12 = 0,375 %, n = 8, A = P·r / (1 − (1 + r)^−8) = 5 084,74 €;
    # first interest 40 000 × 0,375 % = 150,00 €; first due date 15 April + 9 months.
    assert f"1 15 janvier 2025 {money(508474)} {money(493474)} {money(15000)} {money(3506526)}" in loan
    assert "Signataire : Hélène Périer" in loan


def test_projected_schedule_before_signature_uses_meeting_date(basin, build):
    main, (annex,) = _split(build("cooperation", basin, project_id="pr2"))
    assert "Échéancier prévisionnel établi sur la base du 10 mai 2024" in annex
    for row in _rows(1000000, basin["engagements"][4]["terms"], dt.date(2024, 5, 10)):
        assert row in annex
    # The mandatary (h1) signs for Saint-Gobain, which lends skills: no second block.
    signatures = main[main.index("Exemplaires et paraphes") :]
    assert signatures.count("Signataire :") == 3
    assert "Partenaire mettant des compétences à disposition ; mandataire du projet" in signatures
    assert "3 mois après la signature" in main


def test_first_due_on_gives_an_actual_schedule(basin, build):
    basin["engagements"][4]["terms"]["first_due_on"] = "2024-08-31"
    _, (annex,) = _split(build("cooperation", basin, project_id="pr2"))
    assert "Échéancier effectif" in annex and "31 août 2024" in annex
    assert f"2 30 novembre 2024 {money(250000)}" in annex


def test_refusals(basin, tmp_path):
    out = tmp_path / "x.pdf"
    with pytest.raises(DocumentError, match="n'a pas de mandataire"):
        build_document("cooperation", basin, out, project_id="pr3", as_of=dt.date(2026, 11, 26))
    with pytest.raises(DocumentError, match="n'est pas agréé"):
        build_document("cooperation", basin, out, project_id="pr4", as_of=dt.date(2026, 11, 26))
    with pytest.raises(DocumentError, match="projet inconnu"):
        build_document("cooperation", basin, out, project_id="zz", as_of=dt.date(2026, 11, 26))
    assert not out.exists()
