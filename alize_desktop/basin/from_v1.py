"""A snapshot from a format v1 document (the interchange edge, and the tests' hand-made dicts).

Lenient on purpose: a missing optional key reads as None or an empty list, as the rules used to
read the dict with `.get`; validating a document is `interchange.validate`'s job, not this one's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from . import records as r
from .snapshot import Snapshot


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _day(value: Any) -> dt.date:
    """A date the format requires (a hand-made dict without it fails here, by its key)."""
    day = _date(value)
    if day is None:
        raise ValueError("date manquante")
    return day


def _settings(raw: Mapping[str, Any] | None) -> r.Settings:
    raw = raw or {}
    return r.Settings(**{k: raw.get(k) for k in r.Settings._fields})


def basin_of(b: Mapping[str, Any] | None) -> r.Basin | None:
    if b is None:
        return None
    op = b.get("operator") or {}
    acc = b.get("accounts") or {}
    adv, opg = acc.get("advances") or {}, acc.get("operating") or {}
    return r.Basin(b.get("name", ""), b.get("territory"), tuple(b.get("priority_criteria") or ()),
                   r.Operator(op.get("name", ""), op.get("siret"), op.get("address"), op.get("representative"),
                              op.get("email")),
                   r.BankAccount(adv.get("bank"), adv.get("iban")), r.BankAccount(opg.get("bank"), opg.get("iban")),
                   _settings(b.get("settings")))


def _terms(t: Mapping[str, Any] | None) -> r.Terms | None:
    if not t:
        return None
    rate = t.get("annual_rate")
    return r.Terms(int(t["duration_months"]), int(t.get("deferral_months") or 0), int(t["period_months"]),
                   float(rate) if rate is not None else 0.0, _date(t.get("first_due_on")))


def _item(meeting_id: str, it: Mapping[str, Any]) -> r.AgendaItem:
    totals = it.get("vote_totals")
    votes = it.get("votes")
    return r.AgendaItem(meeting_id, it["project_id"], it.get("position"), tuple(it.get("conflicts") or ()),
                        dict(votes) if votes is not None else None,
                        r.VoteTotals(totals.get("for", 0), totals.get("against", 0), totals.get("abstain", 0))
                        if totals is not None else None,
                        r.code(r.Decision, it.get("decision")), it.get("notes"))


def _company(c: Mapping[str, Any]) -> r.Company:
    ins = c.get("insolvency")
    insolvency = (r.Insolvency(ins.get("procedure"), _date(ins.get("judgment_on")), _date(ins.get("published_on")))
                  if ins else None)
    return r.Company(c["id"], c.get("name", ""), c.get("siret"), c.get("legal_form"), c.get("naf"),
                     _date(c.get("created_on")), c.get("headcount"), c.get("address"), c.get("manager"), insolvency)


def _project(p: Mapping[str, Any]) -> r.Project:
    s = p.get("scores")
    return r.Project(
        p["id"], p.get("company_id", ""), p.get("title", ""), p.get("type", ""), _date(p.get("received_on")),
        p.get("prescriber_id"), p.get("diagnostic"), p.get("complementary_diagnostic"),
        r.Scores(s.get("quality"), s.get("holder"), s.get("impact")) if s else None,
        p.get("jobs_planned_created"), p.get("jobs_planned_maintained"), r.code(r.ProjectStatus, p.get("status", "")),
        tuple(r.OtherSupport(o["scheme_id"], o.get("amount_cents")) for o in p.get("other_supports") or ()),
        p.get("mandatary_id"), _date(p.get("convention_signed_on")))


def snapshot_from_v1(data: Mapping[str, Any]) -> Snapshot:
    """The snapshot of a format v1 document (whole basin), lists in the document's order."""
    g = data.get
    date = _day
    return Snapshot(
        basin_of(g("basin")),
        conventions=tuple(r.Convention(c["id"], date(c["start"]), c.get("specific_objectives"),
                                       c.get("labour_market"), _date(c.get("signed_on"))) for c in g("conventions") or ()),
        partners=tuple(r.Partner(p["id"], r.code(r.PartnerKind, p.get("kind")), p.get("name", ""),
                                 p.get("siret"), p.get("address"), bool(p.get("active", True)))
                       for p in g("partners") or ()),
        people=tuple(r.Person(h["id"], h.get("partner_id"), h.get("first_name", ""), h.get("last_name", ""),
                              h.get("role"), h.get("email"), h.get("phone"), bool(h.get("committee_member")),
                              bool(h.get("active", True))) for h in g("people") or ()),
        commitments=tuple(r.Commitment(k["id"], k.get("convention_id"), k.get("partner_id"), k.get("year"),
                                       k.get("nature"), k.get("amount_cents"), k.get("days"), k.get("description"))
                          for k in g("commitments") or ()),
        receipts=tuple(r.Receipt(x["id"], r.code(r.Account, x.get("account")), x.get("partner_id"),
                                 date(x["date"]), int(x["amount_cents"])) for x in g("receipts") or ()),
        support_schemes=tuple(r.SupportScheme(s["id"], s.get("name", ""), s.get("kind"))
                              for s in g("support_schemes") or ()),
        companies=tuple(_company(c) for c in g("companies") or ()),
        projects=tuple(_project(p) for p in g("projects") or ()),
        meetings=tuple(r.Meeting(m["id"], date(m["date"]), m.get("place"), m.get("president_id"),
                                 tuple(m.get("present") or ()), tuple(m.get("excused") or ()), m.get("quorum_override"),
                                 tuple(_item(m["id"], it) for it in m.get("items") or ()))
                       for m in g("meetings") or ()),
        engagements=tuple(r.Engagement(e["id"], e.get("project_id"), e.get("meeting_id"),
                                       r.code(r.EngagementKind, e.get("kind")), e.get("partner_id"),
                                       e.get("amount_cents"), e.get("days"), e.get("description"),
                                       _terms(e.get("terms"))) for e in g("engagements") or ()),
        disbursements=tuple(r.Disbursement(x.get("id", ""), x["engagement_id"], date(x["date"]),
                                           int(x["amount_cents"])) for x in g("disbursements") or ()),
        repayments=tuple(r.Repayment(x.get("id", ""), x["engagement_id"], date(x["date"]),
                                     int(x["amount_cents"])) for x in g("repayments") or ()),
        write_offs=tuple(r.WriteOff(x.get("id", ""), x["engagement_id"], date(x["date"]),
                                    int(x["amount_cents"]), x.get("reason")) for x in g("write_offs") or ()),
        follow_ups=tuple(r.FollowUp(f.get("id", ""), f["project_id"], date(f["date"]), f.get("author_id"),
                                    f.get("jobs_created"), f.get("jobs_maintained"), f.get("skills_days_delivered"),
                                    f.get("notes")) for f in g("follow_ups") or ()),
        expenses=tuple(r.Expense(x.get("id", ""), r.code(r.Account, x.get("account") or "operating"),
                                 date(x["date"]), int(x["amount_cents"]), r.code(r.ExpenseCategory, x.get("category")),
                                 x.get("label")) for x in g("expenses") or ()),
    )
