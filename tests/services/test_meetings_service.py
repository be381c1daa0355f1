"""The comité services over the demo basin: every rule refused with its French reason, nothing
half-written, and the database exported as format v1 exactly as recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.interchange.exporter import export_basin
from alize_desktop.interchange.validate import validate_basin
from alize_desktop.services.meetings import engagements as eng
from alize_desktop.services.meetings import items, meetings
from alize_desktop.services.meetings.view import meeting_view, ready_projects, scheduled_projects
from alize_desktop.services.uow import RuleError

DAY = dt.date(2027, 1, 14)
EVENING = dt.datetime(2027, 1, 14, 19, 0, tzinfo=dt.UTC)



def _status(engine, project_id: str) -> str:
    with Session(engine) as s:
        return s.get(m.Project, project_id).status


def _journal(engine) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(m.JournalEntry))


@pytest.fixture
def meeting(demo_engine):
    _, mid = meetings.create_meeting(demo_engine, DAY, "Salle du conseil", "h1")
    return mid


def _members(engine, mid: str) -> list[str]:
    return [a.person.id for a in meeting_view(engine, mid).attendees]


@pytest.fixture
def ready(demo_engine) -> list[str]:
    """The two projects of the demo ready to be scheduled (in review), oldest receipt first."""
    ids = [p.id for p in ready_projects(demo_engine)]
    assert len(ids) >= 2
    return ids[:2]


def test_president_must_represent_an_active_company_partner(demo_engine):
    before = _journal(demo_engine)
    with pytest.raises(RuleError) as exc:
        meetings.create_meeting(demo_engine, DAY, "Salle", "h21")  # a CCI (territorial actor)
    assert "ne représente pas une entreprise partenaire" in exc.value.problems["president"]
    with pytest.raises(RuleError) as exc:
        meetings.create_meeting(demo_engine, DAY, "Salle", "h19")  # company p11 no longer active
    assert "n'est plus un partenaire actif" in exc.value.problems["president"]
    assert exc.value.problems["president"].endswith(" ne peut pas présider.")
    assert "son représentant" not in exc.value.problems["president"]
    with pytest.raises(RuleError) as exc:
        meetings.create_meeting(demo_engine, DAY, "Salle", "h2")  # Maëlle Rémy, no longer active
    assert exc.value.problems["president"] == "Maëlle Rémy ne représente plus Aciéries de la Sorne (fiche inactive)."
    with pytest.raises(RuleError) as exc:
        meetings.create_meeting(demo_engine, DAY, "  ", None)
    assert set(exc.value.problems) == {"place", "president"}
    assert _journal(demo_engine) == before
    assert len(meetings.list_meetings(demo_engine)) == 39


def test_quorum_arithmetic():
    assert meetings.quorum_required(17, 0.5) == 9
    assert meetings.quorum_required(16, 0.5) == 9
    assert meetings.quorum_required(10, 0.6) == 7
    assert meetings.quorum_required(0, 0.5) == 1


def test_agenda_schedules_and_restores_statuses(demo_engine, meeting, ready):
    a, b = ready
    waiting = next(iter(scheduled_projects(demo_engine)))  # on the planned 10 December agenda
    items.add_to_agenda(demo_engine, meeting, b)
    items.add_to_agenda(demo_engine, meeting, a)
    assert _status(demo_engine, a) == "scheduled"
    assert scheduled_projects(demo_engine)[a] == (meeting, DAY)
    with pytest.raises(RuleError, match="déjà à l'ordre du jour"):
        items.add_to_agenda(demo_engine, meeting, a)
    with pytest.raises(RuleError, match="Inscrit à un comité"):
        items.add_to_agenda(demo_engine, meeting, waiting)
    items.reorder_agenda(demo_engine, meeting, [a, b])
    assert [(i.position, i.project.id) for i in meeting_view(demo_engine, meeting).items] == [(1, a), (2, b)]
    items.remove_from_agenda(demo_engine, meeting, a)
    assert _status(demo_engine, a) == "in_review"
    assert [(i.position, i.project.id) for i in meeting_view(demo_engine, meeting).items] == [(1, b)]


def test_an_adjourned_project_goes_back_to_adjourned(demo_engine, meeting, ready):
    pr73 = ready[0]
    items.add_to_agenda(demo_engine, meeting, pr73)
    ids = _members(demo_engine, meeting)
    items.set_attendance(demo_engine, meeting, dict.fromkeys(ids[:9], "present"))
    items.set_vote_totals(demo_engine, meeting, pr73, 3, 4, 2)
    items.set_decision(demo_engine, meeting, pr73, "adjourned", today=DAY)
    assert _status(demo_engine, pr73) == "adjourned"
    _, later = meetings.create_meeting(demo_engine, dt.date(2027, 2, 11), "Mairie", "h4")
    items.add_to_agenda(demo_engine, later, pr73)
    assert _status(demo_engine, pr73) == "scheduled"
    # The earlier decision is locked now that the project is on a later agenda.
    with pytest.raises(RuleError, match="réinscrit"):
        items.set_decision(demo_engine, meeting, pr73, None, today=DAY)
    items.remove_from_agenda(demo_engine, later, pr73)
    assert _status(demo_engine, pr73) == "adjourned"
    meetings.delete_meeting(demo_engine, later)
    with pytest.raises(RuleError, match="déjà pris des décisions"):
        meetings.delete_meeting(demo_engine, meeting)


def test_votes_conflicts_totals_and_decisions_are_checked(demo_engine, meeting, ready):
    pr73, pr75 = ready
    items.add_to_agenda(demo_engine, meeting, pr73)
    items.add_to_agenda(demo_engine, meeting, pr75)
    ids = _members(demo_engine, meeting)
    items.set_attendance(demo_engine, meeting, dict.fromkeys(ids[:5], "present"))
    assert not meeting_view(demo_engine, meeting).quorum.reached  # 5 of 17
    items.set_conflict(demo_engine, meeting, pr73, ids[0], True)
    with pytest.raises(RuleError) as exc:
        items.set_vote(demo_engine, meeting, pr73, ids[0], "for")
    # Neutral wording: the member may be a woman or a man (never « il ne… » nor « présent : »).
    names = {a.person.id: a.person.name for a in meeting_view(demo_engine, meeting).attendees}
    assert exc.value.problems["votes"] == f"{names[ids[0]]} est en conflit d'intérêts sur ce projet : ne vote pas."
    with pytest.raises(RuleError) as exc:
        items.set_vote(demo_engine, meeting, pr73, ids[6], "for")
    assert exc.value.problems["votes"] == f"{names[ids[6]]} n'est pas présent(e) : ne peut pas voter."
    for h, v in zip(ids[1:5], ("for", "for", "against", "abstain"), strict=True):
        items.set_vote(demo_engine, meeting, pr73, h, v)
    with pytest.raises(RuleError) as exc:
        items.set_decision(demo_engine, meeting, pr73, "approved", today=DAY)
    assert "Quorum non atteint" in exc.value.problems["decision"]
    assert _status(demo_engine, pr73) == "scheduled"
    items.set_quorum_override(demo_engine, meeting, "Séance maintenue : urgence de trésorerie")
    items.set_decision(demo_engine, meeting, pr73, "approved", today=DAY)
    assert _status(demo_engine, pr73) == "approved"
    with pytest.raises(RuleError, match="motif de dérogation"):
        items.set_quorum_override(demo_engine, meeting, "")
    # Marking absent a member who voted on a decided item is refused, naming the project.
    with pytest.raises(RuleError) as exc:
        items.set_attendance(demo_engine, meeting, {ids[1]: "excused"})
    assert exc.value.problems["attendance"].endswith(f"{names[ids[1]]} n'est pas présent(e) : ne peut pas voter.")
    # A show of hands: never more votes than the 5 present members.
    with pytest.raises(RuleError) as exc:
        items.set_vote_totals(demo_engine, meeting, pr75, 4, 1, 1)
    assert exc.value.problems["totals"].startswith("6 voix pour 5\u00a0votants possibles")
    items.set_vote_totals(demo_engine, meeting, pr75, 2, 2, 1)
    with pytest.raises(RuleError) as exc:
        items.set_decision(demo_engine, meeting, pr75, "approved", today=DAY)
    assert "plus de voix pour que contre" in exc.value.problems["decision"]
    items.set_decision(demo_engine, meeting, pr75, "rejected", today=DAY)
    assert _status(demo_engine, pr75) == "rejected"
    # Switching to votes per member converts nothing back; to totals converts the votes.
    items.set_vote_mode(demo_engine, meeting, pr73, by_member=False)
    assert meeting_view(demo_engine, meeting).item(pr73).totals == (2, 1, 1)
    # Exported at the close of that day's session, as the office would (the test lives on DAY).
    assert validate_basin(export_basin(demo_engine, EVENING)) == []


def test_engagements_and_mandatary(demo_engine, meeting, ready):
    pr73 = ready[0]
    items.add_to_agenda(demo_engine, meeting, pr73)
    ids = _members(demo_engine, meeting)
    items.set_attendance(demo_engine, meeting, dict.fromkeys(ids[:10], "present"))
    advance = eng.EngagementInput("repayable_advance", amount_cents=2_000_000, duration_months=36,
                                  deferral_months=6, period_months=3)
    with pytest.raises(RuleError, match="une fois le projet agréé"):
        eng.add_engagement(demo_engine, meeting, pr73, advance)
    for h in ids[:10]:
        items.set_vote(demo_engine, meeting, pr73, h, "for")
    items.set_decision(demo_engine, meeting, pr73, "approved", today=DAY)
    with pytest.raises(RuleError) as exc:
        eng.add_engagement(demo_engine, meeting, pr73, eng.EngagementInput(
            "repayable_advance", amount_cents=2_000_000, duration_months=36, deferral_months=6, period_months=12))
    assert "multiple de la périodicité" in exc.value.problems["terms"]
    with pytest.raises(RuleError) as exc:
        eng.add_engagement(demo_engine, meeting, pr73, eng.EngagementInput(
            "subsidised_loan", amount_cents=1_000_000, duration_months=24, deferral_months=0, period_months=3,
            annual_rate=0.0))
    assert "taux annuel supérieur à 0" in exc.value.problems["rate"]
    with pytest.raises(RuleError) as exc:
        eng.add_engagement(demo_engine, meeting, pr73, eng.EngagementInput("skills", amount_cents=300_000))
    assert set(exc.value.problems) == {"partner", "days"}
    _, e_adv = eng.add_engagement(demo_engine, meeting, pr73, advance)
    _, e_sk = eng.add_engagement(demo_engine, meeting, pr73, eng.EngagementInput(
        "skills", partner_id="p3", amount_cents=480_000, days=8, description="Appui méthodes"))
    sched = eng.preview(advance, DAY)
    assert len(sched) == 10 and sched[0].due_on == dt.date(2027, 10, 14)
    assert sum(i.amount_cents for i in sched) == 2_000_000
    with pytest.raises(RuleError, match="supprimez-les d'abord"):
        items.set_decision(demo_engine, meeting, pr73, "adjourned", today=DAY)
    with pytest.raises(RuleError) as exc:
        eng.set_mandatary(demo_engine, meeting, pr73, "h3")  # not a comité member
    assert "n'est pas un membre actif du comité" in exc.value.problems["mandatary"]
    eng.set_mandatary(demo_engine, meeting, pr73, "h5")
    data = export_basin(demo_engine)
    assert [e for e in data["engagements"] if e["meeting_id"] == meeting] == [
        {"id": e_adv, "project_id": pr73, "meeting_id": meeting, "kind": "repayable_advance", "partner_id": None,
         "amount_cents": 2_000_000, "days": None, "description": None,
         "terms": {"duration_months": 36, "deferral_months": 6, "period_months": 3, "annual_rate": 0.0,
                   "first_due_on": None}},
        {"id": e_sk, "project_id": pr73, "meeting_id": meeting, "kind": "skills", "partner_id": "p3",
         "amount_cents": 480_000, "days": 8, "description": "Appui méthodes", "terms": None},
    ]
    assert next(p for p in data["projects"] if p["id"] == pr73)["mandatary_id"] == "h5"
    eng.delete_engagement(demo_engine, e_sk)
    assert len([e for e in export_basin(demo_engine)["engagements"] if e["meeting_id"] == meeting]) == 1


def test_delete_meeting_without_decision_restores_projects(demo_engine):
    waiting = scheduled_projects(demo_engine)
    planned = {mid for mid, _ in waiting.values()}
    assert len(planned) == 1  # the planned 10 December meeting
    planned_id = planned.pop()
    before = {p["id"]: p["status"] for p in export_basin(demo_engine)["projects"]}
    meetings.delete_meeting(demo_engine, planned_id)
    after = {p["id"]: p["status"] for p in export_basin(demo_engine)["projects"]}
    assert {after[p] for p in waiting} == {"in_review"}
    assert {k: v for k, v in after.items() if k not in waiting} == {k: v for k, v in before.items() if k not in waiting}
    assert planned_id not in [r.id for r in meetings.list_meetings(demo_engine)]
    # Exported at the close of that day's session, as the office would (the test lives on DAY).
    assert validate_basin(export_basin(demo_engine, EVENING)) == []


def test_the_pipeline_counts_are_the_lengths_of_the_two_lists(demo_engine, meeting, ready):  # type: ignore[no-untyped-def]
    """Comités shows two numbers counted in SQL: always the rows the agenda builder would list."""
    from alize_desktop.services.meetings.view import pipeline_counts

    def counts() -> tuple[int, int]:
        with Session(demo_engine) as s:
            return pipeline_counts(s)

    before = counts()
    assert before == (len(ready_projects(demo_engine)), len(scheduled_projects(demo_engine)))
    items.add_to_agenda(demo_engine, meeting, ready[0])  # one project moves from ready to waiting
    assert counts() == (before[0] - 1, before[1] + 1)
    assert counts() == (len(ready_projects(demo_engine)), len(scheduled_projects(demo_engine)))
