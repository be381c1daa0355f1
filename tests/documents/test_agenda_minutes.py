"""The agenda pack and the minutes read back with pypdf: every project, company, prescriber, the
president, present members, conflicts, votes, engagements, mandataires; same data, same bytes."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from alize_desktop.documents.agenda import build_agenda
from alize_desktop.documents.errors import DocumentError
from alize_desktop.documents.minutes import build_minutes

from .conftest import money, read_pages

DEMO_DAY = dt.date(2026, 11, 26)


def _pdf(builder, data, meeting_id, **kw) -> bytes:
    out = io.BytesIO()
    builder(data, meeting_id, out, **{"as_of": DEMO_DAY, **kw})
    return out.getvalue()


@pytest.fixture
def meeting_data(basin):
    """m2 with a conflict, votes per member, a quorum override, and an adjourned third item."""
    m2 = basin["meetings"][1]
    m2["present"] = ["h1", "h2", "h3"]
    m2["excused"] = ["h4", "h5"]
    m2["quorum_override"] = "Réunion maintenue <urgence> & trésorerie"
    m2["items"][1].update(conflicts=["h3"], votes={"h1": "for", "h2": "against"}, vote_totals=None,
                          decision="approved", notes="Sous réserve du <bilan> & du prévisionnel")
    m2["items"].append({"project_id": "pr4", "position": 3, "conflicts": [], "votes": None,
                        "vote_totals": {"for": 1, "against": 1, "abstain": 1}, "decision": "adjourned", "notes": None})
    m2["items"][1]["votes"] = {"h1": "for", "h2": "for"}
    basin["projects"][3]["status"] = "adjourned"
    return basin


def test_agenda_pack(meeting_data):
    pages = read_pages(_pdf(build_agenda, meeting_data, "m2", extras={"pr2": "Avance de 10 000 € & appui <RH>"}))
    assert len(pages) == 4  # cover + one page per project
    cover = pages[0]
    for fact in ("Dossier de séance du comité d'agrément", "Bassin d'essai <Nord> & Sud", "10 mai 2024", "Mairie",
                 "Agnès Da Silva (Directrice, Essilor & Cie)", "Ordre du jour"):
        assert fact in cover, fact
    for company, title in (("Ateliers Ørsted", "Reprise de l'atelier"), ("Ateliers Ørsted", "Projet sans mandataire"),
                           ("Ateliers Ørsted", "Projet à l'étude")):
        assert company in cover and title in cover
    assert "Point n° 1 — Ateliers Ørsted" in pages[1] and "« Reprise de l'atelier »" in pages[1]
    assert "Agnès Da Silva (Directrice, Essilor & Cie)" in pages[1]  # the prescriber
    assert "Avance de 10 000 € & appui <RH>" in pages[1]
    assert "Moyens demandés non renseignés" in pages[2]
    assert "Qualité du projet 4 / 5" in pages[1] and "Total 12 / 15" in pages[1]
    assert "Reprise d'entreprise" in pages[1] and "18259388957245" in pages[1]
    assert "Page 1 / 4" in cover and "Page 4 / 4" in pages[3]


def test_minutes(meeting_data):
    text = " ".join(read_pages(_pdf(build_minutes, meeting_data, "m2")))
    for fact in ("Procès-verbal du comité d'agrément", "Séance du 10 mai 2024", "Membres présents (3)",
                 "Loïc Béranger Saint-Gobain <Pont> Directeur", "Étienne Dąbrowski", "Membres excusés (2)",
                 "Zoé Müller", "Maëlle Le Goff"):
        assert fact in text, fact
    assert "3 membres présents sur 6 membres actifs du comité" in text
    assert "n'est pas atteint" in text and "Réunion maintenue <urgence> & trésorerie" in text
    point1 = text[text.index("Point n° 1"):text.index("Point n° 2")]
    assert "Vote à main levée : 3 pour, 0 contre, 0 abstention." in point1
    assert "Décision du comité : Projet agréé" in point1
    assert f"Avance remboursable Fonds d'avances ALIZÉ (Opérateur & Co <Local>) Avance 12 mois au total, " \
           f"échéances trimestrielles, taux 0 % {money(1000000)}" in point1
    assert f"Mise à disposition de compétences Saint-Gobain <Pont> Appui 2 {money(100000)}" in point1
    assert "Mandataire Loïc Béranger (Directeur, Saint-Gobain <Pont>)" in point1
    point2 = text[text.index("Point n° 2"):text.index("Point n° 3")]
    assert "n'a pas pris part au vote : Étienne Dąbrowski" in point2
    assert "Vote nominatif : 2 pour, 0 contre, 0 abstention." in point2
    assert "Loïc Béranger Pour Agnès Da Silva Pour" in point2
    assert "Mandataire non encore désigné" in point2
    assert "Sous réserve du <bilan> & du prévisionnel" in point2
    point3 = text[text.index("Point n° 3"):]
    assert "Décision du comité : Projet ajourné" in point3 and "Moyens accordés" not in point3
    closing = text[text.index("Clôture"):]
    assert "Le président de séance" in closing and "Agnès Da Silva, Directrice, Essilor & Cie" in closing
    # Signed in the commune of the operator's seat, not in the meeting room ("Mairie").
    assert "Fait à Metz, le 10 mai 2024" in closing and "(s)" not in text
    # Minutes are signed, not "approved": the contract mention belongs to the conventions.
    assert "Lu et approuvé" not in closing and "Signature :" in closing


def test_same_data_same_bytes_and_refusals(meeting_data):
    assert _pdf(build_minutes, meeting_data, "m2") == _pdf(build_minutes, meeting_data, "m2")
    assert _pdf(build_agenda, meeting_data, "m1") == _pdf(build_agenda, meeting_data, "m1")
    with pytest.raises(DocumentError, match="comité d'agrément inconnu"):
        _pdf(build_minutes, meeting_data, "m9")


def test_from_the_demo_database(demo_engine, demo_data, tmp_path):
    """The command line gathers the means requested (office-only) from the database for the agenda."""
    from sqlalchemy import update
    from sqlalchemy.orm import Session

    from alize_desktop import models as m
    from alize_desktop.cli import main

    planned = next(mt for mt in demo_data["meetings"] if mt["items"] and not any(i["decision"] for i in mt["items"]))
    project = planned["items"][0]["project_id"]
    with Session(demo_engine) as s, s.begin():
        s.execute(update(m.Project).where(m.Project.id == project).values(means_requested="Prêt de 40 000 €"))
    demo_engine.dispose()
    out = tmp_path / "agenda.pdf"
    assert main(["--db", str(tmp_path / "demo.sqlite"), "document", "agenda", "--meeting", planned["id"],
                 "-o", str(out)]) == 0
    pages = read_pages(out.read_bytes())
    page = next(p for p in pages if "Point n° 1 —" in p)
    assert "Moyens demandés Prêt de 40 000 €" in page
    held = demo_data["meetings"][-3]
    text = " ".join(read_pages(_pdf(build_minutes, demo_data, held["id"], db_path=None)))
    people = {h["id"]: f"{h['first_name']} {h['last_name']}" for h in demo_data["people"]}
    for pid in held["present"]:
        assert people[pid] in text
    assert "est atteint" in text
