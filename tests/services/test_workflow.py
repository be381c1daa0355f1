"""The project workflow (DOMAIN.md §3): allowed transitions, refusals with their French reason and
nothing written, the meeting-side functions, the journal."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.services.projects import projects as ps
from alize_desktop.services.projects import workflow as wf
from alize_desktop.services.uow import RuleError, unit_of_work

TODAY = dt.date(2026, 11, 26)


def _status(engine, pid: str) -> str:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return s.get(m.Project, pid).status


def _set(engine, pid: str, **values) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as s, s.begin():
        p = s.get(m.Project, pid)
        for k, v in values.items():
            setattr(p, k, v)


def _one(engine, status: str) -> str:  # type: ignore[no-untyped-def]
    """A demo project in `status` (the demo's ids move as it grows: never hard-code them)."""
    return next(r.id for r in ps.list_projects(engine) if r.status == status)


def _new_project(engine, **over) -> str:  # type: ignore[no-untyped-def]
    values = ps.ProjectValues(company_id="c1", title="Projet test", received_on=TODAY, prescriber_id="h1")
    pid, _ = ps.create_project(engine, dataclasses.replace(values, **over), TODAY)
    return pid


def test_allowed_transitions_follow_the_domain() -> None:
    assert wf.allowed_transitions("received") == ["in_review", "withdrawn"]
    assert wf.allowed_transitions("adjourned") == ["scheduled", "withdrawn"]
    assert wf.allowed_transitions("approved") == ["convention_signed", "withdrawn"]
    for final in ("closed", "rejected", "withdrawn"):
        assert wf.allowed_transitions(final) == []
    for status in ("received", "in_review", "scheduled", "adjourned", "approved", "convention_signed", "in_follow_up"):
        assert "withdrawn" in wf.allowed_transitions(status)


def test_in_review_needs_a_diagnostic(demo_engine) -> None:  # type: ignore[no-untyped-def]
    pid = _new_project(demo_engine)
    with pytest.raises(RuleError) as err:
        wf.transition(demo_engine, pid, "in_review", TODAY)
    assert "diagnostic préalable" in str(err.value)
    assert _status(demo_engine, pid) == "received"
    assert "diagnostic préalable" in (wf.blockers(demo_engine, pid, TODAY)["in_review"] or "")
    ps.update_project(demo_engine, pid, dataclasses.replace(ps.get_project_values(demo_engine, pid),
                                                            diagnostic="Marché porteur"), TODAY)
    changes = wf.transition(demo_engine, pid, "in_review", TODAY)
    assert changes.projects and _status(demo_engine, pid) == "in_review"
    with Session(demo_engine) as s:
        entry = s.scalars(select(m.JournalEntry).where(m.JournalEntry.entity_id == pid,
                                                       m.JournalEntry.action == "status")).one()
        assert entry.changed == {"status": ["received", "in_review"]}


def test_meeting_steps_are_refused_from_the_project_page(demo_engine) -> None:  # type: ignore[no-untyped-def]
    pid = _one(demo_engine, "in_review")
    with pytest.raises(RuleError, match="séance du comité"):
        wf.transition(demo_engine, pid, "scheduled", TODAY)
    with pytest.raises(RuleError, match="ne peut pas passer"):
        wf.transition(demo_engine, pid, "closed", TODAY)
    assert _status(demo_engine, pid) == "in_review"


def test_signature_needs_a_mandatary_and_a_date(demo_engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pid = _one(demo_engine, "approved")
    _set(demo_engine, pid, mandatary_id=None)
    with pytest.raises(RuleError) as err:
        wf.transition(demo_engine, pid, "convention_signed", TODAY)
    assert "mandataire" in err.value.problems["mandatary_id"].lower()
    assert "obligatoire" in err.value.problems["signed_on"]
    with pytest.raises(RuleError) as err:
        wf.transition(demo_engine, pid, "convention_signed", TODAY, signed_on=dt.date(2024, 1, 1), mandatary_id="h1")
    assert "avant l'agrément" in err.value.problems["signed_on"]
    with pytest.raises(RuleError) as err:
        wf.transition(demo_engine, pid, "convention_signed", TODAY, signed_on=TODAY, mandatary_id="h3")
    assert "membre actif" in err.value.problems["mandatary_id"]
    assert _status(demo_engine, pid) == "approved"

    scan = tmp_path / "convention signée.pdf"
    scan.write_bytes(b"%PDF-1.4 signed")
    wf.transition(demo_engine, pid, "convention_signed", TODAY, signed_on=TODAY, mandatary_id="h1",
                  scan_path=str(scan))
    with Session(demo_engine) as s:
        p = s.get(m.Project, pid)
        assert (p.status, p.convention_signed_on, p.mandatary_id) == ("convention_signed", TODAY, "h1")
        assert p.signed_scan_path == str(scan)
        assert p.signed_scan_sha256 == hashlib.sha256(b"%PDF-1.4 signed").hexdigest()


def test_closing_waits_eighteen_months_after_signature(demo_engine) -> None:  # type: ignore[no-untyped-def]
    pid = _one(demo_engine, "in_follow_up")
    _set(demo_engine, pid, convention_signed_on=dt.date(2025, 5, 31))
    with pytest.raises(RuleError, match="30 novembre 2026"):
        wf.transition(demo_engine, pid, "closed", TODAY)
    wf.transition(demo_engine, pid, "closed", dt.date(2026, 11, 30))
    assert _status(demo_engine, pid) == "closed"


def test_withdrawal_from_open_states_only(demo_engine) -> None:  # type: ignore[no-untyped-def]
    scheduled = _one(demo_engine, "scheduled")
    wf.transition(demo_engine, scheduled, "withdrawn", TODAY, reason="Le porteur renonce")
    assert _status(demo_engine, scheduled) == "withdrawn"
    with Session(demo_engine) as s:
        entry = s.scalars(select(m.JournalEntry).where(m.JournalEntry.entity_id == scheduled)).one()
        assert entry.changed == {"status": ["scheduled", "withdrawn"], "reason": "Le porteur renonce"}
    for pid in (_one(demo_engine, "closed"), _one(demo_engine, "rejected"), scheduled):
        with pytest.raises(RuleError, match="ne change plus"):
            wf.transition(demo_engine, pid, "withdrawn", TODAY)


def test_meeting_functions_run_in_the_callers_transaction(demo_engine) -> None:  # type: ignore[no-untyped-def]
    pid = _one(demo_engine, "in_review")
    with unit_of_work(demo_engine) as s:
        wf.schedule(s, pid)
    assert _status(demo_engine, pid) == "scheduled"
    with unit_of_work(demo_engine) as s:
        wf.apply_decision(s, pid, "approved", mandatary_id="h4")
    with Session(demo_engine) as s:
        assert (s.get(m.Project, pid).status, s.get(m.Project, pid).mandatary_id) == ("approved", "h4")
    with unit_of_work(demo_engine) as s:
        wf.apply_decision(s, pid, None)  # the decision typed in error is cleared
    assert _status(demo_engine, pid) == "scheduled"
    with unit_of_work(demo_engine) as s:
        wf.unschedule(s, pid)
    assert _status(demo_engine, pid) == "in_review"
    with pytest.raises(RuleError), unit_of_work(demo_engine) as s:
        wf.apply_decision(s, pid, "approved")  # never examined: no decision
    # A refusal inside the meeting's transaction rolls the whole of it back.
    with pytest.raises(RuleError), unit_of_work(demo_engine) as s:
        wf.schedule(s, pid)
        wf.apply_decision(s, pid, "maybe")
    assert _status(demo_engine, pid) == "in_review"
