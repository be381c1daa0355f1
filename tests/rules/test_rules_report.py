"""The evaluation report (INTERCHANGE.md report.json) on small hand-computed basins."""

from __future__ import annotations

import copy
from datetime import date
from typing import Any

from alize_desktop.formatting import money
from alize_desktop.rules.evaluation import median_lower
from alize_desktop.rules.report import build_report, report_as_text

TERMS_12 = {
    "duration_months": 12,
    "deferral_months": 0,
    "period_months": 1,
    "annual_rate": 0.0,
    "first_due_on": None,
}
TERMS_10 = {**TERMS_12, "duration_months": 10}


def _commit(
    id_: str, partner: str, nature: str, cents: int, days: int | None = None, conv: str = "c1"
) -> dict:
    return {
        "id": id_,
        "convention_id": conv,
        "partner_id": partner,
        "year": 1,
        "nature": nature,
        "amount_cents": cents,
        "days": days,
        "description": "",
    }


def _project(id_: str, received: str, signed: str | None) -> dict:
    return {"id": id_, "company_id": "co1", "received_on": received, "convention_signed_on": signed}


def _item(project: str, decision: str | None) -> dict:
    return {
        "project_id": project,
        "position": 1,
        "conflicts": [],
        "votes": None,
        "vote_totals": {"for": 3, "against": 0, "abstain": 0},
        "decision": decision,
    }


def _eng(
    id_: str,
    project: str,
    meeting: str,
    kind: str,
    cents: int,
    days: int | None = None,
    terms: dict | None = None,
) -> dict:
    return {
        "id": id_,
        "project_id": project,
        "meeting_id": meeting,
        "kind": kind,
        "partner_id": None,
        "amount_cents": cents,
        "days": days,
        "description": "",
        "terms": terms,
    }


def _money(kind: str, id_: str, eng: str, day: str, cents: int) -> dict:
    return {"id": id_, "engagement_id": eng, "date": day, "amount_cents": cents}


def _follow(id_: str, project: str, day: str, created: int, maintained: int, skills: int) -> dict:
    return {
        "id": id_,
        "project_id": project,
        "date": day,
        "author_id": "h1",
        "jobs_created": created,
        "jobs_maintained": maintained,
        "skills_days_delivered": skills,
    }


def basin() -> dict[str, Any]:
    """Convention c1 from 1 March 2021; c2 from 1 March 2024. See the tests for the arithmetic."""
    e1_repaid = [
        "2021-06-11",
        "2021-07-11",
        "2021-08-11",
        "2021-09-11",
        "2021-10-11",
        "2021-11-11",
        "2021-12-11",
        "2022-01-11",
    ]
    return {
        "basin": {
            "name": "Bassin d'essai",
            "settings": {"jobs_target_per_year": 70, "loss_rate_benchmark": 0.06},
        },
        "conventions": [{"id": "c1", "start": "2021-03-01"}, {"id": "c2", "start": "2024-03-01"}],
        "partners": [
            {"id": "p1", "kind": "company"},
            {"id": "p2", "kind": "territorial_actor"},
            {"id": "p3", "kind": "local_authority"},
            {"id": "p4", "kind": "state"},
            {"id": "p5", "kind": "network_head"},
        ],
        "commitments": [
            _commit("k1", "p1", "money", 300_00),
            _commit("k2", "p1", "skills", 100_00, days=2),
            _commit("k3", "p2", "in_kind", 100_00),
            _commit("k4", "p3", "money", 200_00),
            _commit("k5", "p5", "money", 1_000_00),  # network head: left out
            _commit("k6", "p1", "skills", 999_00, days=50, conv="c2"),  # other convention
            _commit("k7", "p2", "skills", 0, days=4),
        ],
        "receipts": [
            {
                "id": "r1",
                "account": "advances",
                "partner_id": "p1",
                "date": "2021-04-01",
                "amount_cents": 500_000,
            },
            {
                "id": "r2",
                "account": "operating",
                "partner_id": "p3",
                "date": "2021-04-01",
                "amount_cents": 80_000,
            },
        ],
        "companies": [{"id": "co1", "name": "Dupont & Fils <SARL>"}],
        "projects": [
            _project("pr1", "2021-03-10", "2021-05-01"),
            _project("pr2", "2021-03-20", "2021-07-11"),
            _project("pr3", "2021-04-10", None),
            _project("pr4", "2020-12-01", None),
            _project("pr9", "2020-01-10", "2020-03-01"),
        ],
        "meetings": [
            {
                "id": "m1",
                "date": "2021-04-01",
                "items": [_item("pr1", "approved"), _item("pr2", "adjourned")],
            },
            {"id": "m2", "date": "2021-06-01", "items": [_item("pr2", "approved"), _item("pr3", "rejected")]},
            {"id": "m3", "date": "2022-05-01", "items": []},
            {"id": "m4", "date": "2026-01-01", "items": [_item("pr4", "approved")]},
            {"id": "m0", "date": "2020-02-01", "items": [_item("pr9", "approved")]},
        ],
        "engagements": [
            _eng("e1", "pr1", "m1", "repayable_advance", 120_000, terms=TERMS_12),
            _eng("e2", "pr1", "m1", "skills", 300_00, days=3),
            _eng("e3", "pr2", "m2", "repayable_advance", 50_000, terms=TERMS_10),
            _eng("e4", "pr2", "m2", "skills", 500_00, days=5),
            _eng("e5", "pr2", "m2", "subsidised_loan", 400_000, terms={**TERMS_12, "annual_rate": 0.015}),
            _eng("e6", "pr4", "m4", "repayable_advance", 70_000, terms=TERMS_12),
        ],
        "disbursements": [
            _money("d", "d1", "e1", "2021-05-11", 60_000),
            _money("d", "d2", "e1", "2021-08-01", 60_000),
            _money("d", "d3", "e3", "2021-08-01", 50_000),
        ],
        "repayments": [_money("r", f"rp{i}", "e1", d, 10_000) for i, d in enumerate(e1_repaid)]
        + [_money("r", "rq1", "e3", "2021-09-01", 5_000), _money("r", "rq2", "e3", "2021-10-05", 5_000)],
        "write_offs": [{"id": "w1", "engagement_id": "e3", "date": "2022-03-01", "amount_cents": 20_000}],
        "follow_ups": [
            _follow("f1", "pr1", "2021-09-01", 2, 10, 1),
            _follow("f2", "pr1", "2023-06-01", 5, 12, 4),
            _follow("f3", "pr2", "2021-10-01", 1, 3, 1),
            _follow("f4", "pr2", "2021-12-01", 3, 3, 2),
            _follow("f9", "pr9", "2020-06-01", 4, 1, 0),
        ],
        "expenses": [
            {
                "id": "x1",
                "account": "operating",
                "date": "2021-06-30",
                "amount_cents": 20_000,
                "category": "operator_reimbursement",
            },
        ],
    }


def _eng_row(report: dict, eid: str) -> dict:
    return next(e for e in report["engagements"] if e["id"] == eid)


def test_key_order_is_the_specification_order() -> None:
    r = build_report(basin(), date(2022, 1, 11))
    assert list(r) == [
        "as_of",
        "convention_id",
        "years",
        "jobs_created_total",
        "jobs_maintained_total",
        "jobs_target_total",
        "resources",
        "skills_days",
        "fund",
        "accounts",
        "delays_days",
        "engagements",
    ]
    assert list(r["fund"]) == [
        "disbursed_cents",
        "repaid_cents",
        "written_off_cents",
        "outstanding_cents",
        "overdue_cents",
        "ageing_cents",
        "loss_rate",
        "loss_rate_by_cohort",
    ]
    assert list(r["years"][0]) == [
        "year",
        "start",
        "end",
        "meetings",
        "projects_examined",
        "projects_approved",
        "jobs_created",
        "jobs_maintained",
    ]
    assert list(r["resources"]) == ["company", "territorial_actor", "local_authority", "state"]
    assert r["as_of"] == "2022-01-11" and r["convention_id"] == "c1"
    assert r["jobs_target_total"] == 210


def test_years_meetings_and_decisions() -> None:
    r = build_report(basin(), date(2023, 12, 31))
    years = r["years"]
    assert [(y["start"], y["end"]) for y in years] == [
        ("2021-03-01", "2022-02-28"),
        ("2022-03-01", "2023-02-28"),
        ("2023-03-01", "2024-02-29"),
    ]
    # Year 1: m1, m2; pr2 adjourned then approved is one project; pr3 rejected is examined.
    assert [(y["meetings"], y["projects_examined"], y["projects_approved"]) for y in years] == [
        (2, 3, 2),
        (1, 0, 0),
        (0, 0, 0),
    ]


def test_jobs_from_cumulative_follow_ups_with_a_year_without_follow_up() -> None:
    r = build_report(basin(), date(2023, 12, 31))
    # Y1: pr1 2−0, pr2 3−0, pr9 4−4 (reported before the convention) → 5 created, 13 maintained.
    # Y2: no follow-up at all → 0. Y3: pr1 5−2 = 3 created, 12−10 = 2 maintained.
    assert [(y["jobs_created"], y["jobs_maintained"]) for y in r["years"]] == [(5, 13), (0, 0), (3, 2)]
    assert (r["jobs_created_total"], r["jobs_maintained_total"]) == (8, 15)
    # Before pr1's 2023 follow-up, year 3 has nothing yet.
    early = build_report(basin(), date(2023, 5, 31))
    assert early["years"][2]["jobs_created"] == 0 and early["jobs_created_total"] == 5


def test_resources_by_partner_kind() -> None:
    res = build_report(basin(), date(2022, 1, 11))["resources"]
    # total of the four kinds = 700 €; the network head's 1 000 € is left out.
    assert res == {
        "company": {"cents": 400_00, "share": 0.5714},
        "territorial_actor": {"cents": 100_00, "share": 0.1429},
        "local_authority": {"cents": 200_00, "share": 0.2857},
        "state": {"cents": 0, "share": 0.0},
    }


def test_resource_shares_round_half_up_and_empty_total() -> None:
    data = basin()
    data["commitments"] = [_commit("k1", "p1", "money", 1), _commit("k2", "p4", "money", 31)]
    res = build_report(data, date(2022, 1, 11))["resources"]
    assert res["company"]["share"] == 0.0313  # 1/32 = 0.03125 → half-up
    assert res["state"]["share"] == 0.9688
    data["commitments"] = []
    res = build_report(data, date(2022, 1, 11))["resources"]
    assert all(v == {"cents": 0, "share": 0.0} for v in res.values())


def test_skills_days() -> None:
    r = build_report(basin(), date(2023, 12, 31))
    # pledged 2 + 4 (c1 skills commitments); granted 3 + 5 (approvals in c1's period);
    # delivered: last cumulative per project: pr1 4 + pr2 2 + pr9 0.
    assert r["skills_days"] == {"pledged": 6, "granted": 8, "delivered": 6}


def test_fund_two_tranches_and_repayment_on_the_due_day() -> None:
    r = build_report(basin(), date(2022, 1, 11))
    e1 = _eng_row(r, "e1")
    # Base = first tranche (11 May 2021); principal = both tranches; 8 instalments due and paid,
    # the 8th repaid on its very due day.
    assert [s["due_on"] for s in e1["schedule"][:2]] == ["2021-06-11", "2021-07-11"]
    assert [s["amount_cents"] for s in e1["schedule"]] == [10_000] * 12
    assert [s["paid_cents"] for s in e1["schedule"]] == [10_000] * 8 + [0] * 4
    assert (e1["outstanding_cents"], e1["overdue_cents"], e1["days_late"]) == (40_000, 0, 0)


def test_fund_before_the_second_tranche() -> None:
    r = build_report(basin(), date(2021, 6, 30))
    e1 = _eng_row(r, "e1")
    assert sum(s["amount_cents"] for s in e1["schedule"]) == 60_000
    assert [s["paid_cents"] for s in e1["schedule"][:3]] == [5_000, 5_000, 0]
    assert e1["outstanding_cents"] == 50_000
    assert _eng_row(r, "e3")["schedule"] == []
    assert r["fund"]["disbursed_cents"] == 60_000


def test_fund_arrears_ageing_and_undisbursed_advance() -> None:
    r = build_report(basin(), date(2022, 1, 11))
    e3 = _eng_row(r, "e3")
    # Due 1 Sep → 1 Jan: 25 000; repaid 10 000; oldest not fully paid: 1 Nov 2021 → 71 days.
    assert (e3["outstanding_cents"], e3["overdue_cents"], e3["days_late"]) == (40_000, 15_000, 71)
    assert [e["id"] for e in r["engagements"]] == ["e1", "e3", "e6"]  # no subsidised loan
    assert _eng_row(r, "e6") == {
        "id": "e6",
        "outstanding_cents": 0,
        "overdue_cents": 0,
        "days_late": 0,
        "schedule": [],
    }
    assert r["fund"] == {
        "disbursed_cents": 170_000,
        "repaid_cents": 90_000,
        "written_off_cents": 0,
        "outstanding_cents": 80_000,
        "overdue_cents": 15_000,
        "ageing_cents": {"1-30": 0, "31-90": 15_000, "91-180": 0, "181+": 0},
        "loss_rate": 0.0,
        "loss_rate_by_cohort": {"2021": 0.0},
    }


def test_partial_write_off() -> None:
    r = build_report(basin(), date(2022, 3, 31))
    e3 = _eng_row(r, "e3")
    # Due: 7 × 5 000 = 35 000; repaid 10 000; written off 20 000 → outstanding 20 000,
    # overdue min(20 000, 25 000) = 20 000, 150 days late (since 1 Nov 2021).
    assert (e3["outstanding_cents"], e3["overdue_cents"], e3["days_late"]) == (20_000, 20_000, 150)
    # e1: 10 due (100 000), 80 000 repaid → 20 000 overdue since 11 Feb 2022: 48 days.
    e1 = _eng_row(r, "e1")
    assert (e1["overdue_cents"], e1["days_late"]) == (20_000, 48)
    fund = r["fund"]
    assert fund["written_off_cents"] == 20_000
    assert fund["ageing_cents"] == {"1-30": 0, "31-90": 20_000, "91-180": 20_000, "181+": 0}
    assert fund["loss_rate"] == 0.1176  # 20 000 / 170 000
    assert fund["loss_rate_by_cohort"] == {"2021": 0.1176}


def test_accounts() -> None:
    r = build_report(basin(), date(2022, 1, 11))
    assert r["accounts"] == {
        "advances_cents": 500_000 - 170_000 + 90_000,
        "operating_cents": 80_000 - 20_000,
    }


def test_delays_with_even_count_median() -> None:
    r = build_report(basin(), date(2022, 1, 11))
    # receipt → first approval/rejection: pr1 22, pr2 73 (the adjournment does not count), pr3 52;
    # approval → signature: pr1 30, pr2 40 → lower middle 30; signature → first disbursement: pr1 10.
    # pr4 and pr9 were received before the convention.
    assert r["delays_days"] == {
        "receipt_to_decision": 52,
        "decision_to_signature": 30,
        "signature_to_disbursement": 10,
    }
    assert median_lower([10, 40, 20, 30]) == 20
    assert median_lower([7]) == 7
    assert median_lower([]) is None


def test_delays_are_null_when_there_is_none() -> None:
    r = build_report(basin(), date(2027, 1, 1))  # convention c2: no project received
    assert r["convention_id"] == "c2"
    assert r["delays_days"] == {
        "receipt_to_decision": None,
        "decision_to_signature": None,
        "signature_to_disbursement": None,
    }


def test_nothing_after_as_of_counts() -> None:
    data = basin()
    later = copy.deepcopy(data)
    later["repayments"].append(_money("r", "late", "e3", "2022-01-12", 5_000))
    later["follow_ups"].append(_follow("late", "pr3", "2022-01-12", 9, 9, 9))
    later["meetings"].append({"id": "late", "date": "2022-01-12", "items": [_item("pr3", "approved")]})
    later["expenses"].append({**data["expenses"][0], "id": "late", "date": "2022-01-12"})
    assert build_report(later, date(2022, 1, 11)) == build_report(data, date(2022, 1, 11))


def test_report_as_text() -> None:
    data = basin()
    r = build_report(data, date(2022, 3, 31))
    text = report_as_text(r, data)
    assert "Bassin d'essai" in text
    assert "31 mars 2022" in text and "1er mars 2021" in text
    assert money(r["fund"]["disbursed_cents"]) in text
    assert money(r["accounts"]["advances_cents"]) in text
    assert "57,1 %" in text  # share of the companies
    assert "11,76 %" in text  # loss rate
    assert "Dupont & Fils <SARL>" in text
    none = report_as_text(build_report(data, date(2027, 1, 1)), data)
    assert "—" in none
