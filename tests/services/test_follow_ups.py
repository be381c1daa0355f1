from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.services.projects.follow_ups import (
    NEW_INTERVENTION_MARKER,
    add_follow_up,
    close_project,
    delete_follow_up,
    follow_up_plan,
    followed_projects,
    project_reports,
    reopen_project,
    update_follow_up,
    workload,
)
from alize_desktop.services.uow import RuleError, unit_of_work

TODAY = dt.date(2026, 11, 26)


def signed_project(engine, signed_on: dt.date = dt.date(2026, 10, 1), mandatary: str | None = None) -> str:
    """A project of the demo just signed on `signed_on`, without any report (the demo evolves: no fixed id)."""
    with unit_of_work(engine) as s:
        p = s.scalars(select(m.Project).where(m.Project.status == "in_follow_up").order_by(m.Project.id)).first()
        for f in s.scalars(select(m.FollowUp).where(m.FollowUp.project_id == p.id)):
            s.delete(f)
        p.status, p.convention_signed_on = "convention_signed", signed_on
        if mandatary:
            p.mandatary_id = mandatary
        return p.id


def member(engine) -> str:
    with Session(engine) as s:
        return s.scalars(select(m.Person.id).where(m.Person.committee_member, m.Person.active)
                         .order_by(m.Person.id)).first()


def with_report(engine, signed_on: dt.date, day: dt.date, created: int = 2, maintained: int = 3) -> str:
    pid = signed_project(engine, signed_on)
    add_follow_up(engine, pid, date=day, author_id=member(engine), jobs_created=created,
                  jobs_maintained=maintained, skills_days_delivered=0, today=TODAY)
    return pid


def _count(engine, model) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(model))


def _status(engine, project_id: str) -> str:
    with Session(engine) as s:
        return s.get(m.Project, project_id).status


def test_plan_months_from_signature_with_month_end_clipping():
    plan = follow_up_plan(dt.date(2025, 11, 30), [], dt.date(2026, 3, 1))
    assert [(s.month, s.due_on) for s in plan] == [
        (3, dt.date(2026, 2, 28)), (6, dt.date(2026, 5, 30)), (12, dt.date(2026, 11, 30)),
        (18, dt.date(2027, 5, 30)), (24, dt.date(2027, 11, 30))]
    assert [s.state for s in plan] == ["overdue", "upcoming", "upcoming", "upcoming", "optional"]


def test_plan_late_report_catches_up_and_early_report_counts_once():
    signed = dt.date(2025, 1, 10)
    # Nothing until month 7: that report brings months 3 and 6 up to date.
    plan = follow_up_plan(signed, [dt.date(2025, 8, 1)], dt.date(2025, 12, 20))
    assert [s.state for s in plan[:3]] == ["done", "done", "due"]
    # Two reports in the first month: only the first one fulfils month 3.
    plan = follow_up_plan(signed, [dt.date(2025, 2, 1), dt.date(2025, 2, 2)], dt.date(2025, 3, 1))
    assert [s.state for s in plan[:2]] == ["done", "upcoming"]
    assert plan[0].report_on == dt.date(2025, 2, 1)


def test_first_report_moves_project_into_follow_up(demo_engine):
    pid = signed_project(demo_engine)
    author = member(demo_engine)
    with pytest.raises(RuleError) as err:  # an author is required
        add_follow_up(demo_engine, pid, date=dt.date(2026, 11, 20), author_id=None, jobs_created=1,
                      jobs_maintained=2, skills_days_delivered=0, today=TODAY)
    assert "membres du comité" in err.value.problems["author"]
    saved = add_follow_up(demo_engine, pid, date=dt.date(2026, 11, 20), author_id=author, jobs_created=1,
                          jobs_maintained=2, skills_days_delivered=3, notes="Visite <atelier> & bureau", today=TODAY)
    assert saved.previous_status == "convention_signed" and saved.changes.projects
    assert _status(demo_engine, pid) == "in_follow_up"
    [row] = project_reports(demo_engine, pid)
    assert (row.jobs_created, row.jobs_maintained, row.skills_days_delivered) == (1, 2, 3)
    assert row.notes == "Visite <atelier> & bureau"
    with Session(demo_engine) as s:
        actions = s.execute(select(m.JournalEntry.entity, m.JournalEntry.action)
                            .where(m.JournalEntry.entity_id.in_([saved.id, pid]))).all()
    assert ("follow_up", "create") in actions and ("project", "update") in actions
    # Deleting the only report takes the project back where it was.
    delete_follow_up(demo_engine, saved.id)
    assert _status(demo_engine, pid) == "convention_signed"


def test_cumulative_figures_never_go_down(demo_engine):
    pid = with_report(demo_engine, dt.date(2026, 5, 31), dt.date(2026, 8, 31))
    author = member(demo_engine)
    first = project_reports(demo_engine, pid)[0]
    before = _count(demo_engine, m.FollowUp)
    with pytest.raises(RuleError) as err:
        add_follow_up(demo_engine, pid, date=dt.date(2026, 11, 25), author_id=author, jobs_created=1,
                      jobs_maintained=3, skills_days_delivered=0, today=TODAY)
    assert err.value.problems == {"jobs_created": "Les chiffres sont cumulés depuis l'agrément : au moins 2 "
                                                  "emplois créés, comme au rapport du 31 août 2026."}
    assert _count(demo_engine, m.FollowUp) == before
    with pytest.raises(RuleError) as err:
        add_follow_up(demo_engine, pid, date=dt.date(2026, 12, 25), author_id=author, jobs_created=3,
                      jobs_maintained=3, skills_days_delivered=0, today=TODAY)
    assert "futur" in err.value.problems["date"]
    with pytest.raises(RuleError) as err:
        add_follow_up(demo_engine, pid, date=dt.date(2026, 1, 5), author_id=author, jobs_created=0,
                      jobs_maintained=0, skills_days_delivered=0, today=TODAY)
    assert "signature de la convention, le 31 mai 2026" in err.value.problems["date"]
    # A report typed between two others may not exceed the later one.
    saved = add_follow_up(demo_engine, pid, date=dt.date(2026, 11, 25), author_id=author, jobs_created=6,
                          jobs_maintained=3, skills_days_delivered=1, today=TODAY)
    with pytest.raises(RuleError) as err:
        update_follow_up(demo_engine, first.id, date=dt.date(2026, 8, 31), author_id=author, jobs_created=7,
                         jobs_maintained=3, skills_days_delivered=0, today=TODAY)
    assert "au plus 6 emplois créés" in err.value.problems["jobs_created"]
    assert _count(demo_engine, m.FollowUp) == before + 1
    delete_follow_up(demo_engine, saved.id)
    assert _count(demo_engine, m.FollowUp) == before


def test_new_intervention_request_is_a_marked_report(demo_engine):
    pid = with_report(demo_engine, dt.date(2026, 5, 31), dt.date(2026, 8, 31))
    saved = add_follow_up(demo_engine, pid, date=TODAY, author_id=member(demo_engine), jobs_created=2,
                          jobs_maintained=3, skills_days_delivered=0, notes="Besoin d'un second prêt",
                          new_intervention=True, today=TODAY)
    with Session(demo_engine) as s:
        assert s.get(m.FollowUp, saved.id).notes == f"{NEW_INTERVENTION_MARKER} Besoin d'un second prêt"
    row = project_reports(demo_engine, pid)[-1]
    assert row.new_intervention and row.notes == "Besoin d'un second prêt"
    project = next(p for p in followed_projects(demo_engine, TODAY) if p.id == pid)
    assert project.new_intervention


def test_closing_after_eighteen_months_only(demo_engine):
    pid = with_report(demo_engine, dt.date(2025, 7, 8), dt.date(2025, 10, 10))
    with pytest.raises(RuleError) as err:
        close_project(demo_engine, pid, TODAY)
    assert str(err.value) == ("Le suivi dure au moins 18 mois après la signature du 8 juillet 2025 : "
                              "clôture possible à partir du 8 janvier 2027.")
    later = dt.date(2027, 1, 20)
    with pytest.raises(RuleError, match="18e mois n'est pas encore saisi"):
        close_project(demo_engine, pid, later)
    add_follow_up(demo_engine, pid, date=dt.date(2027, 1, 15), author_id=member(demo_engine), jobs_created=9,
                  jobs_maintained=20, skills_days_delivered=10, today=later)
    saved = close_project(demo_engine, pid, later)
    assert saved.previous_status == "in_follow_up" and _status(demo_engine, pid) == "closed"
    reopen_project(demo_engine, pid)
    assert _status(demo_engine, pid) == "in_follow_up"


def test_workload_per_mandataire(demo_engine):
    signed_project(demo_engine, dt.date(2026, 5, 1))  # month 6 falls on 1 November: overdue on TODAY
    projects = followed_projects(demo_engine, TODAY)
    assert projects and all(p.status in ("convention_signed", "in_follow_up") for p in projects)
    rows = workload(projects)
    assert sum(w.projects for w in rows) == len(projects)
    assert sum(w.overdue for w in rows) == sum(p.overdue for p in projects) >= 1
    assert rows[0].overdue >= 1  # the most overdue mandataire comes first
    for w in rows:
        mine = [p for p in projects if (p.mandatary_id or "") == w.person_id]
        assert (w.projects, w.due, w.overdue) == (len(mine), sum(p.due for p in mine), sum(p.overdue for p in mine))
