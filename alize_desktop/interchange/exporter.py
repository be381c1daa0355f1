"""Export of the whole basin as a format v1 dict (the plain data every non-UI consumer reads).

Rows are read with Core selects (tuples, no ORM objects) in insertion order, so a network-size
basin exports quickly and an imported document comes back in its own order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, Engine, select, text

from alize_desktop import models as m

from .validate import FORMAT, VERSION


def _iso(d: dt.date | None) -> str | None:
    return None if d is None else d.isoformat()


def _rows(conn: Connection, model: type[m.Base]) -> list[Any]:
    return list(conn.execute(select(model.__table__).order_by(text("rowid"))).mappings())


def export_basin(source: Engine | Connection, exported_at: dt.datetime | None = None) -> dict[str, Any]:
    """The whole basin in format v1. Raises LookupError when the database holds no basin yet."""
    if isinstance(source, Engine):
        with source.connect() as conn:
            return export_basin(conn, exported_at)
    conn = source
    basins = _rows(conn, m.Basin)
    if not basins:
        raise LookupError("la base ne contient pas encore de bassin (importez un fichier ou créez-le)")
    b = basins[0]
    stamp = (exported_at or dt.datetime.now().astimezone()).isoformat(timespec="seconds")
    out: dict[str, Any] = {
        "format": FORMAT, "version": VERSION, "exported_at": stamp,
        "basin": {
            "name": b["name"], "territory": b["territory"], "priority_criteria": list(b["priority_criteria"] or []),
            "operator": {"name": b["operator_name"], "siret": b["operator_siret"], "address": b["operator_address"],
                         "representative": b["operator_representative"], "email": b["operator_email"]},
            "accounts": {"advances": {"bank": b["advances_bank"], "iban": b["advances_iban"]},
                         "operating": {"bank": b["operating_bank"], "iban": b["operating_iban"]}},
            "settings": {k: b[k] for k in (
                "quorum_fraction", "jobs_target_per_year", "examined_target_per_year", "approved_target_per_year",
                "budget_target_cents", "loss_rate_benchmark", "operator_reimbursement_cap_cents")},
        },
    }
    out["conventions"] = [
        {"id": c["id"], "start": _iso(c["start"]), "specific_objectives": c["specific_objectives"],
         "labour_market": c["labour_market"], "signed_on": _iso(c["signed_on"])} for c in _rows(conn, m.Convention)]
    out["partners"] = [
        {"id": p["id"], "kind": p["kind"], "name": p["name"], "siret": p["siret"], "address": p["address"],
         "active": bool(p["active"])} for p in _rows(conn, m.Partner)]
    out["people"] = [
        {"id": h["id"], "partner_id": h["partner_id"], "first_name": h["first_name"], "last_name": h["last_name"],
         "role": h["role"], "email": h["email"], "phone": h["phone"], "committee_member": bool(h["committee_member"]),
         "active": bool(h["active"])} for h in _rows(conn, m.Person)]
    out["commitments"] = [
        {"id": k["id"], "convention_id": k["convention_id"], "partner_id": k["partner_id"], "year": k["year"],
         "nature": k["nature"], "amount_cents": k["amount_cents"], "days": k["days"], "description": k["description"]}
        for k in _rows(conn, m.Commitment)]
    out["receipts"] = [
        {"id": r["id"], "account": r["account"], "partner_id": r["partner_id"], "date": _iso(r["date"]),
         "amount_cents": r["amount_cents"]} for r in _rows(conn, m.Receipt)]
    out["support_schemes"] = [{"id": s["id"], "name": s["name"], "kind": s["kind"]}
                              for s in _rows(conn, m.SupportScheme)]
    out["companies"] = [_company(c) for c in _rows(conn, m.Company)]
    supports: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for s in sorted(_rows(conn, m.ProjectSupport), key=lambda s: (s["project_id"], s["position"])):
        supports[s["project_id"]].append({"scheme_id": s["scheme_id"], "amount_cents": s["amount_cents"]})
    out["projects"] = [_project(p, supports.get(p["id"], [])) for p in _rows(conn, m.Project)]
    out["meetings"] = _meetings(conn)
    out["engagements"] = [_engagement(e) for e in _rows(conn, m.Engagement)]
    for model, name in ((m.Disbursement, "disbursements"), (m.Repayment, "repayments")):
        out[name] = [{"id": x["id"], "engagement_id": x["engagement_id"], "date": _iso(x["date"]),
                      "amount_cents": x["amount_cents"]} for x in _rows(conn, model)]
    out["write_offs"] = [
        {"id": w["id"], "engagement_id": w["engagement_id"], "date": _iso(w["date"]),
         "amount_cents": w["amount_cents"], "reason": w["reason"]} for w in _rows(conn, m.WriteOff)]
    out["follow_ups"] = [
        {"id": f["id"], "project_id": f["project_id"], "date": _iso(f["date"]), "author_id": f["author_id"],
         "jobs_created": f["jobs_created"], "jobs_maintained": f["jobs_maintained"],
         "skills_days_delivered": f["skills_days_delivered"], "notes": f["notes"]}
        for f in _rows(conn, m.FollowUp)]
    out["expenses"] = [
        {"id": x["id"], "account": x["account"], "date": _iso(x["date"]), "amount_cents": x["amount_cents"],
         "category": x["category"], "label": x["label"]} for x in _rows(conn, m.Expense)]
    return out


def _company(c: Any) -> dict[str, Any]:
    insolvency = None
    if c["insolvency_procedure"]:
        insolvency = {"procedure": c["insolvency_procedure"], "judgment_on": _iso(c["insolvency_judgment_on"]),
                      "published_on": _iso(c["insolvency_published_on"])}
    return {"id": c["id"], "name": c["name"], "siret": c["siret"], "legal_form": c["legal_form"], "naf": c["naf"],
            "created_on": _iso(c["created_on"]), "headcount": c["headcount"], "address": c["address"],
            "manager": c["manager"], "insolvency": insolvency}


def _project(p: Any, supports: list[dict[str, Any]]) -> dict[str, Any]:
    scores = ({"quality": p["score_quality"], "holder": p["score_holder"], "impact": p["score_impact"]}
              if p["has_scores"] else None)
    return {"id": p["id"], "company_id": p["company_id"], "title": p["title"], "type": p["type"],
            "received_on": _iso(p["received_on"]), "prescriber_id": p["prescriber_id"],
            "diagnostic": p["diagnostic"], "complementary_diagnostic": p["complementary_diagnostic"],
            "scores": scores, "jobs_planned_created": p["jobs_planned_created"],
            "jobs_planned_maintained": p["jobs_planned_maintained"], "status": p["status"],
            "other_supports": supports, "mandatary_id": p["mandatary_id"],
            "convention_signed_on": _iso(p["convention_signed_on"])}


def _engagement(e: Any) -> dict[str, Any]:
    terms = None
    if e["duration_months"] is not None:
        terms = {"duration_months": e["duration_months"], "deferral_months": e["deferral_months"],
                 "period_months": e["period_months"], "annual_rate": e["annual_rate"] or 0.0,
                 "first_due_on": _iso(e["first_due_on"])}
    return {"id": e["id"], "project_id": e["project_id"], "meeting_id": e["meeting_id"], "kind": e["kind"],
            "partner_id": e["partner_id"], "amount_cents": e["amount_cents"], "days": e["days"],
            "description": e["description"], "terms": terms}


def _meetings(conn: Connection) -> list[dict[str, Any]]:
    attendance: dict[str, dict[str, list[str]]] = defaultdict(lambda: {"present": [], "excused": []})
    for a in sorted(_rows(conn, m.Attendance), key=lambda a: (a["meeting_id"], a["position"])):
        attendance[a["meeting_id"]][a["status"]].append(a["person_id"])
    votes: dict[int, dict[str, str]] = defaultdict(dict)
    for v in sorted(_rows(conn, m.ItemVote), key=lambda v: (v["item_pk"], v["position"])):
        votes[v["item_pk"]][v["person_id"]] = v["vote"]
    conflicts: dict[int, list[str]] = defaultdict(list)
    for c in sorted(_rows(conn, m.ItemConflict), key=lambda c: (c["item_pk"], c["position"])):
        conflicts[c["item_pk"]].append(c["person_id"])
    items: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for it in sorted(_rows(conn, m.AgendaItem), key=lambda i: (i["meeting_id"], i["position"], i["pk"])):
        totals = None
        if it["totals_for"] is not None:
            totals = {"for": it["totals_for"], "against": it["totals_against"], "abstain": it["totals_abstain"]}
        items[it["meeting_id"]].append({
            "project_id": it["project_id"], "position": it["position"], "conflicts": conflicts.get(it["pk"], []),
            "votes": dict(votes.get(it["pk"], {})) if it["votes_recorded"] else None, "vote_totals": totals,
            "decision": it["decision"], "notes": it["notes"]})
    return [{"id": mt["id"], "date": _iso(mt["date"]), "place": mt["place"], "president_id": mt["president_id"],
             "present": attendance[mt["id"]]["present"], "excused": attendance[mt["id"]]["excused"],
             "quorum_override": mt["quorum_override"], "items": items.get(mt["id"], [])}
            for mt in _rows(conn, m.Meeting)]
