"""A network-size basin in format v1 for the benchmarks: 10,000 projects, 8,000 advances, 250,000 repayments.

Built on top of the demo basin (its partners, people, conventions and settings), then scaled with
synthetic companies, projects, meetings and advances that respect every import rule.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import random
from typing import Any

from alize_desktop.demo import generate_demo_basin
from alize_desktop.demo.numbers import make_siret
from alize_desktop.rules.schedule import Terms, add_months, build_schedule

TODAY = dt.date(2026, 11, 26)


def network_basin(projects: int = 10_000, advances: int = 8_000, repayments: int = 250_000,
                  seed: int = 7) -> dict[str, Any]:
    rng = random.Random(seed)
    data = generate_demo_basin(today=TODAY)
    members = [h["id"] for h in data["people"] if h["committee_member"] and h["active"]]
    partners = {p["id"]: p for p in data["partners"]}
    president = next(h["id"] for h in data["people"] if h["committee_member"] and h["active"]
                     and partners[h["partner_id"]]["kind"] == "company" and partners[h["partner_id"]]["active"])
    used: set[str] = {c["siret"] for c in data["companies"] if c.get("siret")}
    start = dt.date(2017, 1, 10)
    n_meetings = max(1, projects // 20)
    meetings = []
    for k in range(n_meetings):
        day = start + dt.timedelta(days=k * 3000 // n_meetings)
        meetings.append({"id": f"bm{k}", "date": day.isoformat(), "place": "Salle du conseil", "president_id": president,
                         "present": members, "excused": [], "quorum_override": None, "items": []})
    per_advance = max(1, repayments // advances)
    left = repayments
    terms = {"duration_months": 48, "deferral_months": 6, "period_months": 1, "annual_rate": 0.0, "first_due_on": None}
    for i in range(projects):
        meeting = meetings[i % n_meetings]
        mday = dt.date.fromisoformat(meeting["date"])
        cid, pid = f"bc{i}", f"bpr{i}"
        data["companies"].append({"id": cid, "name": f"Entreprise {i}", "siret": make_siret(rng, used), "legal_form": "SAS",
                                  "naf": "25.62B", "created_on": "2005-01-01", "headcount": 10 + i % 50,
                                  "address": f"{i} rue de l'Industrie", "manager": f"Dirigeant {i}", "insolvency": None})
        signed = mday + dt.timedelta(days=30)
        data["projects"].append({
            "id": pid, "company_id": cid, "title": f"Projet de développement {i}", "type": "development",
            "received_on": (mday - dt.timedelta(days=60)).isoformat(), "prescriber_id": members[i % len(members)],
            "diagnostic": "Diagnostic préalable", "complementary_diagnostic": None,
            "scores": {"quality": 3, "holder": 4, "impact": 3}, "jobs_planned_created": 3, "jobs_planned_maintained": 8,
            "status": "in_follow_up", "other_supports": [], "mandatary_id": members[(i + 1) % len(members)],
            "convention_signed_on": signed.isoformat()})
        meeting["items"].append({"project_id": pid, "position": len(meeting["items"]) + 1, "conflicts": [], "votes": None,
                                 "vote_totals": {"for": len(members), "against": 0, "abstain": 0},
                                 "decision": "approved", "notes": None})
        data["follow_ups"].append({"id": f"bf{i}", "project_id": pid, "date": add_months(signed, 6).isoformat(),
                                   "author_id": members[(i + 1) % len(members)], "jobs_created": 2, "jobs_maintained": 8,
                                   "skills_days_delivered": 3, "notes": None})
        if i < advances:
            eid, amount = f"be{i}", 4_800_000
            data["engagements"].append({"id": eid, "project_id": pid, "meeting_id": meeting["id"],
                                        "kind": "repayable_advance", "partner_id": None, "amount_cents": amount,
                                        "days": None, "description": None, "terms": dict(terms)})
            paid_on = signed + dt.timedelta(days=10)
            data["disbursements"].append({"id": f"bd{i}", "engagement_id": eid, "date": paid_on.isoformat(),
                                          "amount_cents": amount})
            schedule = build_schedule(amount, Terms.from_dict(terms), paid_on)
            count = min(per_advance if i < advances - 1 else left, len(schedule))
            for k, inst in enumerate(schedule[:count]):
                if inst.due_on > TODAY:
                    break
                data["repayments"].append({"id": f"brp{i}-{k}", "engagement_id": eid, "date": inst.due_on.isoformat(),
                                           "amount_cents": inst.amount_cents})
                left -= 1
    data["meetings"].extend(meetings)
    return data


def build_database(path: pathlib.Path, **sizes: int) -> dict[str, int]:
    """Create `path` with the network basin imported (validated like any import)."""
    from alize_desktop.db import open_database
    from alize_desktop.interchange.importer import import_basin

    for suffix in ("", "-wal", "-shm"):
        pathlib.Path(str(path) + suffix).unlink(missing_ok=True)
    engine = open_database(path)
    try:
        return import_basin(engine, network_basin(**sizes))
    finally:
        engine.dispose()
