"""The evaluation report (`report.json`, INTERCHANGE.md) built from a format v1 basin dict.

`build_report` returns the JSON document key for key, in the order of the specification.
The whole basin is read once and grouped by id, so the cost is linear in the size of the data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

from alize_desktop.rules.evaluation import (
    CONVENTION_YEARS,
    FollowUps,
    ReportError,
    decisions,
    delays,
    resources,
    select_convention,
    skills_days,
    year_figures,
)
from alize_desktop.rules.fund import (
    AGEING_BUCKETS,
    account_balances,
    ageing_bucket,
    allocate,
    days_late,
    loss_rate,
    outstanding,
    overdue_cents,
)
from alize_desktop.rules.schedule import actual_schedule

__all__ = ["ReportError", "build_report", "fund_figures", "report_as_text"]

DEFAULT_JOBS_TARGET_PER_YEAR = 75


def _sum_by_engagement(records: Any, as_of_iso: str) -> dict[str, int]:
    totals: dict[str, int] = defaultdict(int)
    for r in records:
        if r["date"] <= as_of_iso:
            totals[r["engagement_id"]] += int(r["amount_cents"])
    return totals


def fund_figures(data: Mapping[str, Any], as_of: date) -> tuple[dict[str, Any], list[dict]]:
    """The `fund` object and the `engagements` list of the report.

    Covers every repayable advance of the basin, whatever its convention; only the
    disbursements, repayments and write-offs dated on or before `as_of` count.
    """
    as_of_iso = as_of.isoformat()
    disbursements: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for d in data.get("disbursements", ()):
        if d["date"] <= as_of_iso:
            disbursements[d["engagement_id"]].append(d)
    repaid_by = _sum_by_engagement(data.get("repayments", ()), as_of_iso)
    written_by = _sum_by_engagement(data.get("write_offs", ()), as_of_iso)
    meeting_year = {m["id"]: m["date"][:4] for m in data.get("meetings", ())}

    totals = {"disbursed": 0, "repaid": 0, "written_off": 0, "outstanding": 0, "overdue": 0}
    ageing = dict.fromkeys(AGEING_BUCKETS, 0)
    cohorts: dict[str, list[int]] = {}  # year → [disbursed, written off]
    rows: list[dict[str, Any]] = []
    for e in data.get("engagements", ()):
        if e.get("kind") != "repayable_advance":
            continue
        eid = e["id"]
        own = disbursements.get(eid, [])
        disbursed = sum(int(d["amount_cents"]) for d in own)
        repaid = repaid_by.get(eid, 0)
        written = written_by.get(eid, 0)
        left = outstanding(disbursed, repaid, written)
        schedule = actual_schedule(e, own) or []
        paid = allocate(schedule, [repaid])
        overdue = overdue_cents(schedule, repaid, as_of, left)
        # Days late only mean something while an amount is overdue (a write-off can clear it).
        late = days_late(schedule, paid, as_of) if overdue > 0 else 0
        if overdue > 0:
            ageing[ageing_bucket(late)] += overdue
        totals["disbursed"] += disbursed
        totals["repaid"] += repaid
        totals["written_off"] += written
        totals["outstanding"] += left
        totals["overdue"] += overdue
        year = meeting_year.get(e.get("meeting_id"))
        if year is not None and disbursed > 0:
            cohort = cohorts.setdefault(year, [0, 0])
            cohort[0] += disbursed
            cohort[1] += written
        rows.append(
            {
                "id": eid,
                "outstanding_cents": left,
                "overdue_cents": overdue,
                "days_late": late,
                "schedule": [
                    {"due_on": i.due_on.isoformat(), "amount_cents": i.amount_cents, "paid_cents": p}
                    for i, p in zip(schedule, paid, strict=True)
                ],
            }
        )
    fund = {
        "disbursed_cents": totals["disbursed"],
        "repaid_cents": totals["repaid"],
        "written_off_cents": totals["written_off"],
        "outstanding_cents": totals["outstanding"],
        "overdue_cents": totals["overdue"],
        "ageing_cents": ageing,
        "loss_rate": loss_rate(totals["written_off"], totals["disbursed"]),
        "loss_rate_by_cohort": {year: loss_rate(w, d) for year, (d, w) in sorted(cohorts.items())},
    }
    return fund, rows


def _first_disbursement_by_project(data: Mapping[str, Any], as_of_iso: str) -> dict[str, str]:
    project_of = {e["id"]: e["project_id"] for e in data.get("engagements", ())}
    first: dict[str, str] = {}
    for d in data.get("disbursements", ()):
        if d["date"] > as_of_iso:
            continue
        pid = project_of.get(d["engagement_id"])
        if pid is not None and (pid not in first or d["date"] < first[pid]):
            first[pid] = d["date"]
    return first


def build_report(data: Mapping[str, Any], as_of: date, convention_id: str | None = None) -> dict[str, Any]:
    """The report.json of INTERCHANGE.md for `data` (a whole basin in format v1) on `as_of`.

    `convention_id` defaults to the convention running on `as_of`, else the latest one that
    started before it. Raises ReportError (French message) when the id is unknown or there is
    no convention to report on.
    """
    convention = select_convention(data.get("conventions") or [], as_of, convention_id)
    as_of_iso = as_of.isoformat()
    follow_ups = FollowUps(data.get("follow_ups") or [], as_of_iso)
    decided = decisions(data, as_of_iso)
    years = year_figures(data, convention, as_of, follow_ups, decided)
    fund, engagements = fund_figures(data, as_of)
    settings = (data.get("basin") or {}).get("settings") or {}
    per_year = settings.get("jobs_target_per_year")
    per_year = DEFAULT_JOBS_TARGET_PER_YEAR if per_year is None else int(per_year)
    return {
        "as_of": as_of_iso,
        "convention_id": convention["id"],
        "years": years,
        "jobs_created_total": sum(y["jobs_created"] for y in years),
        "jobs_maintained_total": sum(y["jobs_maintained"] for y in years),
        "jobs_target_total": per_year * CONVENTION_YEARS,
        "resources": resources(data, convention["id"]),
        "skills_days": skills_days(data, convention, as_of, follow_ups),
        "fund": fund,
        "accounts": account_balances(data, as_of),
        "delays_days": delays(
            data, convention, as_of, decided, _first_disbursement_by_project(data, as_of_iso)
        ),
        "engagements": engagements,
    }


def report_as_text(report: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    """The report's figures as a readable French plain-text table."""
    from alize_desktop.rules.report_text import render  # kept apart: presentation, not rules

    return render(report, data)
