"""Import of a format v1 document into the database: validated first, written in one transaction."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import time
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.clock import wall_time_utc

from .problems import ImportRefused, Problem
from .validate import validate_basin

# Children before parents when emptying; the reverse when filling.
_DELETE_ORDER = (
    m.ItemVote, m.ItemConflict, m.AgendaItem, m.Attendance, m.Disbursement, m.Repayment, m.WriteOff,
    m.FollowUp, m.Engagement, m.Meeting, m.ProjectSupport, m.Project, m.Company, m.SupportScheme,
    m.Commitment, m.Receipt, m.Expense, m.Person, m.Partner, m.Convention, m.Basin,
)


class BasinExists(Exception):
    """The database already holds a basin and --replace was not asked."""


def _d(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


def has_basin(session: Session) -> bool:
    return session.execute(select(func.count()).select_from(m.Basin)).scalar_one() > 0


def import_basin(engine: Engine, data: Any, *, replace: bool = False, checked: bool = False) -> dict[str, int]:
    """Validate (unless the caller just did: `checked`) then write the whole basin in one
    transaction; returns the counts written.

    Raises ImportRefused (nothing written) or BasinExists.
    """
    problems = [] if checked else validate_basin(data)
    if problems:
        raise ImportRefused(problems)
    with Session(engine) as session, session.begin():
        if has_basin(session):
            if not replace:
                raise BasinExists(
                    "cette base contient déjà un bassin : utilisez --replace pour le remplacer "
                    "(une sauvegarde est faite avant)"
                )
            for model in _DELETE_ORDER:
                session.execute(delete(model))
        counts = _write(session, data)
        _pause_for_crash_test(engine)
        session.add(m.JournalEntry(
            at=wall_time_utc(), entity="basin", entity_id="1",
            action="replace" if replace else "import", changed={"counts": counts},
        ))
    return counts


def _pause_for_crash_test(engine: Engine) -> None:
    """Crash-safety test hook: with ALIZE_TEST_PAUSE_IN_IMPORT set, say so and wait inside the open
    transaction so that the test can kill the process mid-import (tests/test_db_safety.py)."""
    if not os.environ.get("ALIZE_TEST_PAUSE_IN_IMPORT"):
        return
    marker = pathlib.Path(str(engine.url.database) + ".import-in-progress")
    marker.write_text(str(os.getpid()))
    time.sleep(60)


def _insert(session: Session, model: type[m.Base], rows: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(model), rows)


def _write(session: Session, d: dict[str, Any]) -> dict[str, int]:
    b = d["basin"]
    op = b["operator"]
    acc = b.get("accounts") or {}
    st = b.get("settings") or {}
    adv, opg = acc.get("advances") or {}, acc.get("operating") or {}
    basin = dict(
        id=1, name=b["name"], territory=b.get("territory"),
        priority_criteria=list(b.get("priority_criteria") or []),
        operator_name=op["name"], operator_siret=op.get("siret"), operator_address=op.get("address"),
        operator_representative=op.get("representative"), operator_email=op.get("email"),
        advances_bank=adv.get("bank"), advances_iban=adv.get("iban"),
        operating_bank=opg.get("bank"), operating_iban=opg.get("iban"),
    )
    defaults = m.Basin.__table__.c
    for key in ("quorum_fraction", "jobs_target_per_year", "examined_target_per_year",
                "approved_target_per_year", "budget_target_cents", "loss_rate_benchmark",
                "operator_reimbursement_cap_cents"):
        basin[key] = st.get(key, defaults[key].default.arg)
    _insert(session, m.Basin, [basin])
    _insert(session, m.Convention, [
        dict(id=c["id"], start=_d(c["start"]), specific_objectives=c.get("specific_objectives"),
             labour_market=c.get("labour_market"), signed_on=_d(c.get("signed_on")))
        for c in d["conventions"]])
    _insert(session, m.Partner, [
        dict(id=p["id"], kind=p["kind"], name=p["name"], siret=p.get("siret"), address=p.get("address"),
             active=p.get("active", True)) for p in d["partners"]])
    _insert(session, m.Person, [
        dict(id=h["id"], partner_id=h["partner_id"], first_name=h["first_name"], last_name=h["last_name"],
             role=h.get("role"), email=h.get("email"), phone=h.get("phone"),
             committee_member=h.get("committee_member", False), active=h.get("active", True))
        for h in d["people"]])
    _insert(session, m.Commitment, [
        dict(id=k["id"], convention_id=k["convention_id"], partner_id=k["partner_id"], year=k["year"],
             nature=k["nature"], amount_cents=k["amount_cents"], days=k.get("days"),
             description=k.get("description")) for k in d["commitments"]])
    _insert(session, m.Receipt, [
        dict(id=r["id"], account=r["account"], partner_id=r.get("partner_id"), date=_d(r["date"]),
             amount_cents=r["amount_cents"]) for r in d["receipts"]])
    _insert(session, m.SupportScheme, [dict(id=s["id"], name=s["name"], kind=s["kind"]) for s in d["support_schemes"]])
    companies = []
    for c in d["companies"]:
        ins = c.get("insolvency") or {}
        companies.append(dict(
            id=c["id"], name=c["name"], siret=c.get("siret"), legal_form=c.get("legal_form"), naf=c.get("naf"),
            created_on=_d(c.get("created_on")), headcount=c.get("headcount"), address=c.get("address"),
            manager=c.get("manager"), insolvency_procedure=ins.get("procedure"),
            insolvency_judgment_on=_d(ins.get("judgment_on")), insolvency_published_on=_d(ins.get("published_on"))))
    _insert(session, m.Company, companies)
    projects, supports = [], []
    for p in d["projects"]:
        sc = p.get("scores")
        projects.append(dict(
            id=p["id"], company_id=p["company_id"], title=p["title"], type=p["type"],
            received_on=_d(p["received_on"]), prescriber_id=p.get("prescriber_id"),
            diagnostic=p.get("diagnostic"), complementary_diagnostic=p.get("complementary_diagnostic"),
            has_scores=sc is not None, score_quality=(sc or {}).get("quality"),
            score_holder=(sc or {}).get("holder"), score_impact=(sc or {}).get("impact"),
            jobs_planned_created=p.get("jobs_planned_created"),
            jobs_planned_maintained=p.get("jobs_planned_maintained"), status=p["status"],
            mandatary_id=p.get("mandatary_id"), convention_signed_on=_d(p.get("convention_signed_on"))))
        for j, s in enumerate(p.get("other_supports") or []):
            supports.append(dict(project_id=p["id"], scheme_id=s["scheme_id"],
                                 amount_cents=s.get("amount_cents"), position=j))
    _insert(session, m.Project, projects)
    _insert(session, m.ProjectSupport, supports)
    _write_meetings(session, d["meetings"])
    engagements = []
    for e in d["engagements"]:
        t = e.get("terms") or {}
        engagements.append(dict(
            id=e["id"], project_id=e["project_id"], meeting_id=e.get("meeting_id"), kind=e["kind"],
            partner_id=e.get("partner_id"), amount_cents=e.get("amount_cents"), days=e.get("days"),
            description=e.get("description"), duration_months=t.get("duration_months"),
            deferral_months=t.get("deferral_months"), period_months=t.get("period_months"),
            annual_rate=t.get("annual_rate", 0.0) if t else None, first_due_on=_d(t.get("first_due_on"))))
    _insert(session, m.Engagement, engagements)
    for model, name in ((m.Disbursement, "disbursements"), (m.Repayment, "repayments")):
        _insert(session, model, [dict(id=x["id"], engagement_id=x["engagement_id"], date=_d(x["date"]),
                                      amount_cents=x["amount_cents"]) for x in d[name]])
    _insert(session, m.WriteOff, [
        dict(id=w["id"], engagement_id=w["engagement_id"], date=_d(w["date"]), amount_cents=w["amount_cents"],
             reason=w.get("reason")) for w in d["write_offs"]])
    _insert(session, m.FollowUp, [
        dict(id=f["id"], project_id=f["project_id"], date=_d(f["date"]), author_id=f.get("author_id"),
             jobs_created=f.get("jobs_created", 0), jobs_maintained=f.get("jobs_maintained", 0),
             skills_days_delivered=f.get("skills_days_delivered", 0), notes=f.get("notes"))
        for f in d["follow_ups"]])
    _insert(session, m.Expense, [
        dict(id=x["id"], account=x["account"], date=_d(x["date"]), amount_cents=x["amount_cents"],
             category=x["category"], label=x.get("label")) for x in d["expenses"]])
    return {name: len(d[name]) for name in (
        "conventions", "partners", "people", "commitments", "receipts", "support_schemes", "companies",
        "projects", "meetings", "engagements", "disbursements", "repayments", "write_offs", "follow_ups",
        "expenses")}


def _write_meetings(session: Session, meetings: list[dict[str, Any]]) -> None:
    rows, attendance, items, votes, conflicts = [], [], [], [], []
    next_pk = (session.scalar(select(func.max(m.AgendaItem.pk))) or 0) + 1
    for mt in meetings:
        rows.append(dict(id=mt["id"], date=_d(mt["date"]), place=mt.get("place"),
                         president_id=mt.get("president_id"), quorum_override=mt.get("quorum_override")))
        pos = 0
        for status in ("present", "excused"):
            for h in mt.get(status) or []:
                attendance.append(dict(meeting_id=mt["id"], person_id=h, status=status, position=pos))
                pos += 1
        for it in mt.get("items") or []:
            totals = it.get("vote_totals")
            items.append(dict(
                pk=next_pk, meeting_id=mt["id"], project_id=it["project_id"], position=it["position"],
                decision=it.get("decision"), notes=it.get("notes"), votes_recorded=it.get("votes") is not None,
                totals_for=totals["for"] if totals else None,
                totals_against=totals["against"] if totals else None,
                totals_abstain=totals["abstain"] if totals else None))
            for j, (h, v) in enumerate((it.get("votes") or {}).items()):
                votes.append(dict(item_pk=next_pk, person_id=h, vote=v, position=j))
            for j, h in enumerate(it.get("conflicts") or []):
                conflicts.append(dict(item_pk=next_pk, person_id=h, position=j))
            next_pk += 1
    _insert(session, m.Meeting, rows)
    _insert(session, m.Attendance, attendance)
    _insert(session, m.AgendaItem, items)
    _insert(session, m.ItemVote, votes)
    _insert(session, m.ItemConflict, conflicts)


__all__ = ["BasinExists", "ImportRefused", "Problem", "has_basin", "import_basin"]
