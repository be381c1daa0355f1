"""A network-size basin for the benchmarks: 10,000 projects, 8,000 advances, 250,000 repayments.

Projects are spread evenly over ten 3-year conventions (1999 → 2026), so the running convention
(started 2026-01-01) holds about a tenth of them, as a real basin's network history would. The
database is written with the importer's own Core writer, without the schema validation an import
runs (that is not what the benchmarks measure).
"""

from __future__ import annotations

import datetime as dt
import pathlib
import random
from typing import Any

AS_OF = dt.date(2026, 11, 26)
FIRST_YEAR, CONVENTIONS = 1999, 10


def _iso(d: dt.date) -> str:
    return d.isoformat()


def build_basin(n_projects: int, n_advances: int, n_repayments: int, seed: int = 9) -> dict[str, Any]:
    """A format v1 document of the requested size, consistent enough for the report and documents."""
    from alize_desktop.rules.schedule import add_months

    rnd = random.Random(seed)
    start = dt.date(FIRST_YEAR, 1, 1)
    span = (dt.date(2026, 10, 31) - start).days
    d: dict[str, Any] = {"format": "alize-basin", "version": 1, "exported_at": "2026-11-26T10:00:00+01:00"}
    d["basin"] = {"name": "ALIZÉ Réseau national (banc d'essai)", "territory": "Tous les bassins",
                  "priority_criteria": ["industrial_change"],
                  "operator": {"name": "Opérateur d'essai", "siret": None, "address": "1 rue de l'Essai",
                               "representative": "Camille Martin", "email": "operateur@essai.example"},
                  "accounts": {"advances": {"bank": "Banque", "iban": None},
                               "operating": {"bank": "Banque", "iban": None}}}
    d["conventions"] = [{"id": f"conv{k + 1}", "start": f"{FIRST_YEAR + 3 * k}-01-01", "specific_objectives": "…",
                         "labour_market": "…", "signed_on": f"{FIRST_YEAR + 3 * k - 1}-12-15"} for k in range(CONVENTIONS)]
    kinds = ["company"] * 24 + ["territorial_actor"] * 8 + ["local_authority"] * 8 + ["state"] * 4
    d["partners"] = [{"id": f"p{i + 1}", "kind": k, "name": f"Partenaire {i + 1}", "siret": None,
                      "address": None, "active": True} for i, k in enumerate(kinds)]
    d["people"] = [{"id": f"h{i + 1}", "partner_id": f"p{i % len(kinds) + 1}", "first_name": "Prénom",
                    "last_name": f"Membre {i + 1}", "role": None, "email": None, "phone": None,
                    "committee_member": i < 30, "active": True} for i in range(120)]
    d["commitments"] = [{"id": f"k{len(kinds) * c * 3 + j * 3 + y}", "convention_id": f"conv{c + 1}",
                         "partner_id": f"p{j + 1}", "year": y + 1, "nature": "money", "amount_cents": 1_000_000,
                         "days": None, "description": None}
                        for c in range(CONVENTIONS) for j in range(len(kinds)) for y in range(3)]
    d["receipts"] = [{"id": f"r{i + 1}", "account": "advances", "partner_id": f"p{i % 24 + 1}",
                      "date": f"{FIRST_YEAR + i // 40}-03-01", "amount_cents": 25_000_000} for i in range(1120)]
    d["support_schemes"] = [{"id": "s1", "name": "Prêt d'honneur", "kind": "honour_loan"}]
    received = sorted(start + dt.timedelta(days=rnd.randrange(span)) for _ in range(n_projects))
    d["companies"], d["projects"] = [], []
    for i, day in enumerate(received):
        d["companies"].append({"id": f"c{i + 1}", "name": f"PME {i + 1}", "siret": None, "legal_form": "SAS",
                               "naf": "25.62B", "created_on": "2001-05-02", "headcount": 12, "address": "…",
                               "manager": f"Dirigeant {i + 1}", "insolvency": None})
        d["projects"].append({"id": f"pr{i + 1}", "company_id": f"c{i + 1}", "title": f"Projet {i + 1}",
                              "type": "development", "received_on": _iso(day), "prescriber_id": "h1",
                              "diagnostic": "…", "complementary_diagnostic": None, "scores": None,
                              "jobs_planned_created": 5, "jobs_planned_maintained": 10, "status": "in_follow_up",
                              "other_supports": [], "mandatary_id": f"h{i % 30 + 1}", "convention_signed_on": None})
    # One comité a month; each project decided at the first one at least 20 days after receipt.
    months = [add_months(start, k) + dt.timedelta(days=14) for k in range(12 * 28)]
    items: dict[int, list[dict[str, Any]]] = {}
    approved: list[tuple[int, int]] = []
    mi = 0
    for i, day in enumerate(received):
        while months[mi] < day + dt.timedelta(days=20):
            mi += 1
        decision = "approved" if rnd.random() < 0.8 else "rejected"
        items.setdefault(mi, []).append({"project_id": f"pr{i + 1}", "position": len(items.get(mi, [])) + 1,
                                         "conflicts": [], "votes": None,
                                         "vote_totals": {"for": 12, "against": 1, "abstain": 0},
                                         "decision": decision, "notes": None})
        if decision == "approved":
            approved.append((i, mi))
            signed = months[mi] + dt.timedelta(days=30)
            d["projects"][i]["convention_signed_on"] = _iso(signed) if signed <= AS_OF else None
    d["meetings"] = [{"id": f"m{k + 1}", "date": _iso(months[k]), "place": "Salle du conseil", "president_id": "h1",
                      "present": [f"h{j + 1}" for j in range(20)], "excused": [], "quorum_override": None,
                      "items": its} for k, its in sorted(items.items()) if months[k] <= AS_OF]
    held = {int(mt["id"][1:]) - 1 for mt in d["meetings"]}
    loans = [(i, mi) for i, mi in approved if mi in held][:n_advances]
    d["engagements"], d["disbursements"], d["repayments"] = [], [], []
    for n, (i, mi) in enumerate(loans):
        paid_on = months[mi] + dt.timedelta(days=40)
        d["engagements"].append({"id": f"e{n + 1}", "project_id": f"pr{i + 1}", "meeting_id": f"m{mi + 1}",
                                 "kind": "repayable_advance", "partner_id": None, "amount_cents": 3_600_000,
                                 "days": None, "description": None,
                                 "terms": {"duration_months": 36, "deferral_months": 0, "period_months": 1,
                                           "annual_rate": 0.0, "first_due_on": None}})
        d["disbursements"].append({"id": f"d{n + 1}", "engagement_id": f"e{n + 1}", "date": _iso(paid_on),
                                   "amount_cents": 3_600_000})
        for k in range(36):  # monthly instalments paid on time, up to the requested count
            due = add_months(paid_on, k + 1)
            if due <= AS_OF and len(d["repayments"]) < n_repayments:
                d["repayments"].append({"id": f"rp{len(d['repayments']) + 1}", "engagement_id": f"e{n + 1}",
                                        "date": _iso(due), "amount_cents": 100_000})
    d["write_offs"] = []
    d["follow_ups"] = [{"id": f"f{n + 1}", "project_id": f"pr{i + 1}",
                        "date": _iso(months[mi] + dt.timedelta(days=200)), "author_id": "h2", "jobs_created": 3,
                        "jobs_maintained": 10, "skills_days_delivered": 0, "notes": None}
                       for n, (i, mi) in enumerate(approved) if months[mi] + dt.timedelta(days=200) <= AS_OF]
    d["expenses"] = [{"id": f"x{y + 1}", "account": "operating", "date": f"{FIRST_YEAR + y}-06-30",
                      "amount_cents": 900_000, "category": "operator_reimbursement", "label": "Défraiement"}
                     for y in range(28)]
    return d


def write_database(path: pathlib.Path, data: dict[str, Any]) -> None:
    from sqlalchemy.orm import Session

    from alize_desktop.db import open_database
    from alize_desktop.interchange.importer import _write  # Core insert() executemany per table

    engine = open_database(path)
    with Session(engine) as session, session.begin():
        _write(session, data)
    engine.dispose()


def build_in_child(path: pathlib.Path, projects: int = 10_000, advances: int = 8_000,
                   repayments: int = 250_000) -> None:
    """Build the database in a separate process.

    The measuring process must stay small: a child forked from a large parent starts with the
    parent's resident pages, which would inflate the child's peak memory (ru_maxrss) we report.
    """
    import subprocess
    import sys

    subprocess.run([sys.executable, __file__, str(path), str(projects), str(advances), str(repayments)], check=True)


if __name__ == "__main__":
    import sys
    import time

    target = pathlib.Path(sys.argv[1])
    sizes = [int(x) for x in sys.argv[2:5]] or [10_000, 8_000, 250_000]
    for old in target.parent.glob(target.name + "*"):
        old.unlink()
    t0 = time.perf_counter()
    basin = build_basin(*sizes)
    write_database(target, basin)
    print(f"database: {len(basin['projects'])} projects, {len(basin['engagements'])} advances, "
          f"{len(basin['repayments'])} repayments, written in {time.perf_counter() - t0:.1f} s")
