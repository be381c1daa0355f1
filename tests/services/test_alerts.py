from __future__ import annotations

import copy
import datetime as dt

from alize_desktop.formatting import integer, money
from alize_desktop.rules.fund import account_balances
from alize_desktop.rules.report import fund_figures
from alize_desktop.services.evaluation.alerts import Alert, basin_alerts, compute_alerts

TODAY = dt.date(2026, 11, 26)


def kinds(alerts: list[Alert]) -> set[str]:
    return {a.kind for a in alerts}


def _quiet(data: dict) -> dict:
    """The demo with nothing to report: follow-ups and repayments up to date, a rich fund."""
    d = copy.deepcopy(data)
    d["projects"] = [dict(p, status="closed") if p["status"] in ("convention_signed", "in_follow_up") else p
                     for p in d["projects"]]
    d["companies"] = [dict(c, insolvency=None) for c in d["companies"]]
    _fund, rows = fund_figures(d, TODAY)
    for row in rows:  # repay exactly what is overdue today
        if row["overdue_cents"]:
            d["repayments"].append({"id": f"rq{row['id']}", "engagement_id": row["id"], "date": TODAY.isoformat(),
                                    "amount_cents": row["overdue_cents"]})
    d["receipts"].append({"id": "rbig", "account": "advances", "partner_id": None, "date": "2020-01-01",
                          "amount_cents": 100_000_000})
    d["expenses"] = [x for x in d["expenses"] if x["category"] != "operator_reimbursement"]
    d["conventions"].append({"id": "conv-next", "start": "2099-01-01", "specific_objectives": None,
                             "labour_market": None, "signed_on": None})
    return d


def test_quiet_basin_has_no_alert(demo_data):
    assert compute_alerts(_quiet(demo_data), TODAY) == []


def test_late_repayment_points_at_the_advance(demo_data):
    d = _quiet(demo_data)
    advance = next(e for e in d["engagements"] if e["kind"] == "repayable_advance"
                   and any(x["engagement_id"] == e["id"] for x in d["disbursements"]))
    d["repayments"] = [r for r in d["repayments"] if r["engagement_id"] != advance["id"]]
    _fund, rows = fund_figures(d, TODAY)
    row = next(r for r in rows if r["id"] == advance["id"])
    [alert] = compute_alerts(d, TODAY)
    assert (alert.kind, alert.page_key, alert.record_id) == ("repayment_late", "fund", advance["id"])
    assert money(row["overdue_cents"]) in alert.text and f"{integer(row['days_late'])} jours de retard" in alert.text
    assert alert.severity == ("critical" if row["days_late"] > 90 else "warning")


def test_overdue_follow_up_and_new_intervention_open_the_follow_up(demo_data):
    d = _quiet(demo_data)
    project = next(p for p in d["projects"] if p["status"] == "closed" and p.get("convention_signed_on"))
    project.update(status="in_follow_up", convention_signed_on="2026-05-10")
    d["follow_ups"] = [f for f in d["follow_ups"] if f["project_id"] != project["id"]]
    d["follow_ups"].append({"id": "fz", "project_id": project["id"], "date": "2026-08-12", "author_id": None,
                            "jobs_created": 1, "jobs_maintained": 0, "skills_days_delivered": 0,
                            "notes": "[Nouvelle intervention demandée] second prêt"})
    alerts = compute_alerts(d, TODAY)
    assert kinds(alerts) == {"follow_up_overdue", "new_intervention"}
    late = next(a for a in alerts if a.kind == "follow_up_overdue")
    assert (late.page_key, late.record_id) == ("follow_up", project["id"])
    assert "rapport de suivi du 6e mois en retard de 16 jours (attendu le 10 novembre 2026)" in late.text


def test_insolvency_claim_deadline_near_then_past(demo_data):
    d = _quiet(demo_data)
    _fund, rows = fund_figures(d, TODAY)
    owing = next(r for r in rows if r["outstanding_cents"] > 0)
    engagement = next(e for e in d["engagements"] if e["id"] == owing["id"])
    project = next(p for p in d["projects"] if p["id"] == engagement["project_id"])
    company = next(c for c in d["companies"] if c["id"] == project["company_id"])
    company["insolvency"] = {"procedure": "liquidation", "judgment_on": "2026-10-01", "published_on": "2026-10-06"}
    [alert] = compute_alerts(d, TODAY)
    assert (alert.kind, alert.page_key, alert.record_id) == ("insolvency_claim", "projects", project["id"])
    assert "déclarer la créance avant le 6 décembre 2026 (10 jours restants)" in alert.text
    def claims(day: dt.date) -> list[Alert]:
        return [a for a in compute_alerts(d, day) if a.kind == "insolvency_claim"]

    assert claims(dt.date(2026, 10, 20)) == []  # more than a month ahead: nothing yet
    [late] = claims(dt.date(2026, 12, 10))
    assert "délai de déclaration de créance dépassé depuis le 6 décembre 2026" in late.text


def test_basin_level_alerts(demo_data):
    d = _quiet(demo_data)
    d["conventions"] = [c for c in d["conventions"] if c["id"] != "conv-next"]
    running = max(d["conventions"], key=lambda c: c["start"])
    start = dt.date.fromisoformat(running["start"])
    end = start.replace(year=start.year + 3) - dt.timedelta(days=1)
    near_end = end - dt.timedelta(days=100)
    renewal = [a for a in compute_alerts(d, near_end) if a.kind == "convention_renewal"]
    assert [(a.page_key, a.record_id) for a in renewal] == [("conventions", running["id"])]
    assert "100 jours restants" in renewal[0].text
    companies = [p for p in d["partners"] if p["kind"] == "company"]
    for p in companies[3:]:
        p["active"] = False
    d["expenses"].append({"id": "xr", "account": "operating", "date": "2026-02-01", "amount_cents": 850_000,
                          "category": "operator_reimbursement", "label": "Défraiement"})
    d["receipts"] = [r for r in d["receipts"] if r["id"] != "rbig"]
    alerts = {a.kind: a for a in compute_alerts(d, TODAY)}
    assert (alerts["few_companies"].page_key, alerts["few_companies"].severity) == ("partners", "critical")
    assert "Seulement 3\u00a0entreprises partenaires actives : le programme en demande au moins" in alerts["few_companies"].text
    cap = alerts["reimbursement_cap"]
    assert cap.page_key == "fund" and money(850_000) in cap.text and "85 %" in cap.text
    balance = account_balances(d, TODAY)["advances_cents"]
    if balance < 40_000_000:
        assert money(balance) in alerts["fund_low"].text
    d["receipts"].append({"id": "rbig", "account": "advances", "partner_id": None, "date": "2020-01-01",
                          "amount_cents": 100_000_000})
    assert "fund_low" not in kinds(compute_alerts(d, TODAY))


def test_alerts_are_sorted_most_urgent_first_and_read_from_the_database(demo_engine):
    alerts = basin_alerts(demo_engine, TODAY)
    order = {"critical": 0, "warning": 1, "info": 2}
    assert [order[a.severity] for a in alerts] == sorted(order[a.severity] for a in alerts)
    assert all(a.page_key in {"follow_up", "fund", "projects", "conventions", "partners", "basin"} for a in alerts)
