"""build_report against the shared example basin and its expected reports; speed on a large basin."""

from __future__ import annotations

import json
import pathlib
import random
import re
from datetime import date, timedelta
from typing import Any

import pytest

from alize_desktop.rules.report import build_report, report_as_text

SHARED = pathlib.Path(__file__).resolve().parents[2].parent / "shared"
EXAMPLES = SHARED / "examples"
NAME = re.compile(r"^(?P<basin>.+)\.report-(?P<as_of>\d{4}-\d{2}-\d{2})(?:-(?P<conv>.+))?\.json$")

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="shared/ folder absent")


def _expected_reports() -> list[pathlib.Path]:
    return sorted(EXAMPLES.glob("*.report-*.json")) if EXAMPLES.is_dir() else []


def test_there_are_expected_reports() -> None:
    assert _expected_reports(), f"no *.report-*.json in {EXAMPLES}"


@pytest.mark.parametrize("expected_path", _expected_reports(), ids=lambda p: p.name)
def test_example_report(expected_path: pathlib.Path) -> None:
    m = NAME.match(expected_path.name)
    assert m, expected_path.name
    data = json.loads((EXAMPLES / f"{m['basin']}.json").read_text(encoding="utf-8"))
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    got = build_report(data, date.fromisoformat(m["as_of"]), m["conv"])
    # Same keys in the same order, all the way down (json.dumps keeps dict order).
    assert json.dumps(got, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)
    assert report_as_text(got, data)


def _large_basin(projects: int = 10_000, advances: int = 8_000, repayments: int = 250_000) -> dict[str, Any]:
    rnd = random.Random(20240301)
    start = date(2020, 1, 1)
    day = [(start + timedelta(days=i)).isoformat() for i in range(4000)]
    meetings = [{"id": f"m{i}", "date": day[i * 5], "items": []} for i in range(600)]
    data: dict[str, Any] = {
        "basin": {"name": "Gros bassin", "settings": {}},
        "conventions": [{"id": "c1", "start": "2021-01-01"}, {"id": "c2", "start": "2024-01-01"}],
        "partners": [{"id": f"p{k}", "kind": k} for k in ("company", "state", "local_authority")],
        "commitments": [
            {
                "id": f"k{i}",
                "convention_id": "c2",
                "partner_id": "p" + rnd.choice(["company", "state"]),
                "nature": "skills",
                "amount_cents": 100_000,
                "days": 2,
            }
            for i in range(300)
        ],
        "receipts": [
            {
                "id": f"r{i}",
                "account": rnd.choice(["advances", "operating"]),
                "date": rnd.choice(day),
                "amount_cents": 1_000_000,
            }
            for i in range(500)
        ],
        "projects": [],
        "meetings": meetings,
        "engagements": [],
        "disbursements": [],
        "repayments": [],
        "write_offs": [],
        "follow_ups": [],
        "expenses": [],
    }
    for i in range(projects):
        m = rnd.randrange(len(meetings))
        received = day[max(0, m * 5 - 60)]
        signed = day[m * 5 + 30]
        data["projects"].append({"id": f"pr{i}", "received_on": received, "convention_signed_on": signed})
        meetings[m]["items"].append(
            {"project_id": f"pr{i}", "decision": rnd.choice(["approved", "rejected"])}
        )
        for j in range(4):
            data["follow_ups"].append(
                {
                    "id": f"f{i}-{j}",
                    "project_id": f"pr{i}",
                    "date": day[m * 5 + 90 * (j + 1)],
                    "jobs_created": j,
                    "jobs_maintained": 2 * j,
                    "skills_days_delivered": j,
                }
            )
        if i < advances:
            terms = {"duration_months": 36, "deferral_months": 6, "period_months": 1, "annual_rate": 0.0}
            data["engagements"].append(
                {
                    "id": f"e{i}",
                    "project_id": f"pr{i}",
                    "meeting_id": f"m{m}",
                    "kind": "repayable_advance",
                    "amount_cents": 3_000_000,
                    "terms": terms,
                }
            )
            data["disbursements"].append(
                {"id": f"d{i}", "engagement_id": f"e{i}", "date": signed, "amount_cents": 3_000_000}
            )
    for i in range(repayments):
        e = i % advances
        data["repayments"].append(
            {"id": f"rp{i}", "engagement_id": f"e{e}", "date": rnd.choice(day[2000:]), "amount_cents": 1_000}
        )
    return data


def test_large_basin_fund_totals_add_up() -> None:
    """Speed is measured in benchmarks/report_scale.py; here the sums over many advances must hold."""
    data = _large_basin(projects=2_000, advances=1_500, repayments=30_000)
    as_of = date(2025, 6, 30)
    report = build_report(data, as_of)
    assert len(report["engagements"]) == len(data["engagements"])
    repaid = sum(r["amount_cents"] for r in data["repayments"] if r["date"] <= as_of.isoformat())
    assert report["fund"]["repaid_cents"] == repaid
    assert report["fund"]["outstanding_cents"] == sum(e["outstanding_cents"] for e in report["engagements"])
