"""Companies, projects and support schemes services: validation in French, nothing half-saved, journal,
the insolvency claim deadline and the project file in time order."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.services.projects import companies as cs
from alize_desktop.services.projects import projects as ps
from alize_desktop.services.projects.project_file import project_file
from alize_desktop.services.uow import RuleError

TODAY = dt.date(2026, 11, 26)
VALID_SIRET = "73282932000074"


def _count(engine, model) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def _journal(engine, entity_id: str) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return [(e.entity, e.action) for e in s.scalars(select(m.JournalEntry).where(m.JournalEntry.entity_id == entity_id))]


def test_company_created_normalised_and_journaled(demo_engine) -> None:  # type: ignore[no-untyped-def]
    cid, changes = cs.create_company(demo_engine, cs.CompanyValues(
        name="  Dupont & Fils <SARL> ", siret="732 829 320 00074", naf="25.62b", legal_form="SARL",
        headcount=12), TODAY)
    row = cs.get_company(demo_engine, cid)
    assert (row.name, row.values.siret, row.values.naf, row.values.headcount) == \
        ("Dupont & Fils <SARL>", VALID_SIRET, "25.62B", 12)
    assert changes.projects and _journal(demo_engine, cid) == [("company", "create")]


@pytest.mark.parametrize(("values", "field", "message"), [
    (cs.CompanyValues(name="X", siret="73282932000075"), "siret", "clé de contrôle"),
    (cs.CompanyValues(name="X", siret="1234"), "siret", "14 chiffres"),
    (cs.CompanyValues(name=" "), "name", "obligatoire"),
    (cs.CompanyValues(name="X", naf="2562B"), "naf", "NN.NNL"),
    (cs.CompanyValues(name="X", insolvency_procedure="liquidation"), "insolvency_judgment_on", "jugement"),
    (cs.CompanyValues(name="X", insolvency_judgment_on=dt.date(2026, 1, 5)), "insolvency_procedure", "procédure"),
    (cs.CompanyValues(name="X", insolvency_procedure="safeguard", insolvency_judgment_on=dt.date(2026, 3, 1),
                      insolvency_published_on=dt.date(2026, 2, 1)), "insolvency_published_on", "précéder"),
])
def test_invalid_company_refused_whole(demo_engine, values, field, message) -> None:  # type: ignore[no-untyped-def]
    before = _count(demo_engine, m.Company)
    with pytest.raises(RuleError) as err:
        cs.create_company(demo_engine, values, TODAY)
    assert message in err.value.problems[field]
    assert _count(demo_engine, m.Company) == before


def test_duplicate_siret_refused(demo_engine) -> None:  # type: ignore[no-untyped-def]
    with Session(demo_engine) as s:
        name, siret = s.execute(select(m.Company.name, m.Company.siret).where(m.Company.id == "c26")).one()
    with pytest.raises(RuleError) as err:
        cs.create_company(demo_engine, cs.CompanyValues(name="Copie", siret=siret), TODAY)
    assert name in err.value.problems["siret"]


def test_claim_deadline_clips_to_month_end_and_turns_urgent() -> None:
    assert cs.claim_deadline("liquidation", dt.date(2026, 12, 31)) == dt.date(2027, 2, 28)
    assert cs.claim_deadline("receivership", dt.date(2026, 3, 25)) == dt.date(2026, 5, 25)
    assert cs.claim_deadline(None, dt.date(2026, 3, 25)) is None
    deadline = dt.date(2026, 12, 11)
    assert cs.deadline_urgent(deadline, dt.date(2026, 11, 26))  # 15 days ahead
    assert not cs.deadline_urgent(deadline, dt.date(2026, 11, 25))  # 16 days ahead
    assert cs.deadline_urgent(deadline, dt.date(2027, 1, 1))  # past
    text = cs.insolvency_text("receivership", dt.date(2026, 3, 15), dt.date(2026, 3, 25), TODAY)
    assert "Redressement judiciaire" in text and "expiré le 25 mai 2026" in text


def _one(engine, status: str) -> str:  # type: ignore[no-untyped-def]
    """A demo project in `status` (the demo's ids move as it grows: never hard-code them)."""
    return next(r.id for r in ps.list_projects(engine) if r.status == status)


def _values(**over) -> ps.ProjectValues:  # type: ignore[no-untyped-def]
    base = ps.ProjectValues(company_id="c1", title="Nouvel atelier", type="takeover", received_on=TODAY,
                            prescriber_id="h1", supports=(ps.SupportLine("s1", 1_500_000),
                                                          ps.SupportLine("s3", None)))
    return dataclasses.replace(base, **over)


def test_project_created_with_supports_and_listed(demo_engine) -> None:  # type: ignore[no-untyped-def]
    pid, _ = ps.create_project(demo_engine, _values(means_requested="Un acheteur senior 10 jours"), TODAY)
    got = ps.get_project_values(demo_engine, pid)
    assert got.supports == (ps.SupportLine("s1", 1_500_000), ps.SupportLine("s3", None))
    assert got.means_requested == "Un acheteur senior 10 jours"
    row = next(r for r in ps.list_projects(demo_engine) if r.id == pid)
    assert (row.status, row.type, row.prescriber_name) == ("received", "takeover", "Pascal Le Gall")
    assert _journal(demo_engine, pid) == [("project", "create")]


@pytest.mark.parametrize(("over", "field", "message"), [
    ({"title": "  "}, "title", "titre"),
    ({"company_id": ""}, "company_id", "entreprise"),
    ({"company_id": "c999"}, "company_id", "inconnue"),
    ({"prescriber_id": "h999"}, "prescriber_id", "inconnu"),
    ({"prescriber_id": "h3"}, "prescriber_id", "membre du comité"),
    ({"prescriber_id": "h2"}, "prescriber_id", "plus actif"),
    ({"received_on": dt.date(2026, 12, 1)}, "received_on", "futur"),
    ({"score_quality": 6}, "score_quality", "1 à 5"),
    ({"supports": (ps.SupportLine("s1", 1), ps.SupportLine("s1", 2))}, "supports", "déjà"),
])
def test_invalid_project_refused_whole(demo_engine, over, field, message) -> None:  # type: ignore[no-untyped-def]
    before = (_count(demo_engine, m.Project), _count(demo_engine, m.ProjectSupport))
    with pytest.raises(RuleError) as err:
        ps.create_project(demo_engine, _values(**over), TODAY)
    assert message in err.value.problems[field]
    assert (_count(demo_engine, m.Project), _count(demo_engine, m.ProjectSupport)) == before


def test_update_journals_only_what_changed_and_keeps_inactive_prescriber(demo_engine) -> None:  # type: ignore[no-untyped-def]
    pid = _one(demo_engine, "in_review")
    with Session(demo_engine) as s, s.begin():
        s.get(m.Project, pid).prescriber_id = "h2"  # prescribed before h2 left the comité
    before = ps.get_project_values(demo_engine, pid)
    impact = (before.score_impact or 0) % 5 + 1  # a different note, whatever the demo holds
    ps.update_project(demo_engine, pid, dataclasses.replace(before, title="Atelier agrandi", score_impact=impact),
                      TODAY)
    after = ps.get_project_values(demo_engine, pid)
    assert (after.title, after.score_impact, after.prescriber_id) == ("Atelier agrandi", impact, "h2")
    with Session(demo_engine) as s:
        entry = s.scalars(select(m.JournalEntry).where(m.JournalEntry.entity_id == pid)).one()
        assert set(entry.changed) == {"title", "score_impact"}
        assert s.get(m.Project, pid).has_scores


def test_delete_only_a_mistaken_entry(demo_engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError, match="comité"):
        ps.delete_project(demo_engine, _one(demo_engine, "scheduled"))
    pid, _ = ps.create_project(demo_engine, _values(), TODAY)
    ps.delete_project(demo_engine, pid)
    with Session(demo_engine) as s:
        assert s.get(m.Project, pid) is None
        assert s.scalar(select(func.count()).select_from(m.ProjectSupport)
                        .where(m.ProjectSupport.project_id == pid)) == 0
    with pytest.raises(RuleError, match="porte"):
        cs.delete_company(demo_engine, "c1")


def test_support_schemes_register(demo_engine) -> None:  # type: ignore[no-untyped-def]
    sid, _ = ps.save_scheme(demo_engine, None, "France Active garantie", "guarantee")
    with pytest.raises(RuleError) as err:
        ps.save_scheme(demo_engine, None, "france active GARANTIE", "guarantee")
    assert "déjà" in err.value.problems["name"]
    ps.save_scheme(demo_engine, sid, "France Active Lorraine", "guarantee")
    assert any(x.name == "France Active Lorraine" and x.uses == 0 for x in ps.list_schemes(demo_engine))
    with pytest.raises(RuleError, match="mobilisé"):
        ps.delete_scheme(demo_engine, "s3")
    ps.delete_scheme(demo_engine, sid)
    assert sid not in {x.id for x in ps.list_schemes(demo_engine)}


def test_project_file_in_time_order(demo_engine, demo_data) -> None:  # type: ignore[no-untyped-def]
    pid = next(p["id"] for p in demo_data["projects"] if p["status"] == "closed" and p["convention_signed_on"]
               and any(f["project_id"] == p["id"] for f in demo_data["follow_ups"]))
    # The expected figures come from the format v1 export, so the test follows the demo's data.
    item = next(it for mt in demo_data["meetings"] for it in mt["items"]
                if it["project_id"] == pid and it["decision"] == "approved")
    votes = list((item["votes"] or {}).values())
    counts = (votes.count("for"), votes.count("against"), votes.count("abstain")) if item["votes"] is not None \
        else tuple(item["vote_totals"][k] for k in ("for", "against", "abstain"))
    granted = sum(e["amount_cents"] or 0 for e in demo_data["engagements"] if e["project_id"] == pid)
    f = project_file(demo_engine, pid, TODAY)
    kinds = [e.kind for e in f.events]
    assert kinds[:2] == ["receipt", "diagnostic"] and "meeting" in kinds and "signature" in kinds
    assert [e.date for e in f.events] == sorted(e.date for e in f.events)
    meeting = next(e for e in f.events if e.kind == "meeting")
    assert "Agréé" in meeting.title
    assert f"Votes : {counts[0]} pour, {counts[1]} contre, {counts[2]}\u00a0abstention{'s' if counts[2] > 1 else ''}" in meeting.detail
    assert kinds.index("meeting") < kinds.index("engagement") < kinds.index("signature") < kinds.index("follow_up")
    assert f.granted_cents == granted and f.has_convention


def test_list_gives_a_scheduled_project_its_pending_meeting(demo_engine) -> None:  # type: ignore[no-untyped-def]
    """An adjourned project put on a later agenda: the list shows the later (undecided) meeting."""
    pid = _one(demo_engine, "scheduled")
    with Session(demo_engine) as s:
        pending = s.scalar(select(m.Meeting.date).join(m.AgendaItem, m.AgendaItem.meeting_id == m.Meeting.id)
                           .where(m.AgendaItem.project_id == pid, m.AgendaItem.decision.is_(None)))
        earlier = s.scalar(select(m.Meeting.id).where(m.Meeting.date < pending).order_by(m.Meeting.date.desc()))
        assert earlier is not None
        s.add(m.AgendaItem(meeting_id=earlier, project_id=pid, position=99, decision="adjourned"))
        s.commit()
    rows = {r.id: r for r in ps.list_projects(demo_engine)}
    assert rows[pid].meeting_on == pending
    assert all(r.meeting_on is None for r in rows.values() if r.status != "scheduled")
