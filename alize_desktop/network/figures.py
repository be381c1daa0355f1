"""A basin's figures for the network, computed by the basin's own rules (rules/report.py).

`basin_report` is exactly what the basin's `report --json` prints for the same date (the
per-advance `engagements` list left out: it stays in the basin's own report). The calendar-year
figures reuse the evaluation rules on calendar years; the cohort amounts are the ones behind the
report's `loss_rate_by_cohort`, so the network can add basins up before dividing.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from alize_desktop.rules.evaluation import FollowUps, Period, ReportError, decisions, year_figures
from alize_desktop.rules.report import build_report

DEFAULT_BENCHMARK = 0.06


def benchmark(data: Mapping[str, Any]) -> float:
    value = ((data.get("basin") or {}).get("settings") or {}).get("loss_rate_benchmark")
    return DEFAULT_BENCHMARK if value is None else float(value)


def basin_report(data: Mapping[str, Any], as_of: dt.date) -> dict[str, Any]:
    """The basin's own report on the running convention, without the per-advance list."""
    report = build_report(data, as_of, None)
    report.pop("engagements", None)
    return report


def basin_figures(data: Mapping[str, Any], as_of: dt.date) -> dict[str, Any]:
    """The key figures kept in network_basin_figures (the window's list) for the bundle's date."""
    try:
        report = basin_report(data, as_of)
    except ReportError as exc:
        return {"convention_id": None, "meetings": 0, "projects_examined": 0, "projects_approved": 0,
                "jobs_created": 0, "jobs_maintained": 0, "jobs_target": 0, "disbursed_cents": 0,
                "outstanding_cents": 0, "overdue_cents": 0, "written_off_cents": 0, "loss_rate": 0.0,
                "loss_rate_benchmark": benchmark(data), "problem": str(exc)}
    fund = report["fund"]
    return {
        "convention_id": report["convention_id"],
        "meetings": sum(y["meetings"] for y in report["years"]),
        "projects_examined": sum(y["projects_examined"] for y in report["years"]),
        "projects_approved": sum(y["projects_approved"] for y in report["years"]),
        "jobs_created": report["jobs_created_total"], "jobs_maintained": report["jobs_maintained_total"],
        "jobs_target": report["jobs_target_total"], "disbursed_cents": fund["disbursed_cents"],
        "outstanding_cents": fund["outstanding_cents"], "overdue_cents": fund["overdue_cents"],
        "written_off_cents": fund["written_off_cents"], "loss_rate": fund["loss_rate"],
        "loss_rate_benchmark": benchmark(data), "problem": None,
    }


def cohort_cents(data: Mapping[str, Any], as_of: dt.date) -> dict[str, list[int]]:
    """Cohort year → [disbursed, written off] in cents, as the report's loss_rate_by_cohort counts them."""
    iso = as_of.isoformat()
    meeting_year = {m["id"]: m["date"][:4] for m in data.get("meetings", ())}
    moved: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for column, table in ((0, "disbursements"), (1, "write_offs")):
        for x in data.get(table, ()):
            if x["date"] <= iso:
                moved[x["engagement_id"]][column] += int(x["amount_cents"])
    cohorts: dict[str, list[int]] = {}
    for e in data.get("engagements", ()):
        if e.get("kind") != "repayable_advance":
            continue
        year = meeting_year.get(e.get("meeting_id"))
        disbursed, written = moved.get(e["id"], (0, 0))
        if year is not None and disbursed > 0:
            row = cohorts.setdefault(year, [0, 0])
            row[0] += disbursed
            row[1] += written
    return dict(sorted(cohorts.items()))


def _first_year(data: Mapping[str, Any], as_of: dt.date) -> int:
    iso = as_of.isoformat()
    dates = [p["received_on"] for p in data.get("projects", ()) if p["received_on"] <= iso]
    dates += [m["date"] for m in data.get("meetings", ()) if m["date"] <= iso]
    dates += [c["start"] for c in data.get("conventions", ()) if c["start"] <= iso]
    return int(min(dates)[:4]) if dates else as_of.year


def calendar_years(data: Mapping[str, Any], as_of: dt.date) -> list[dict[str, Any]]:
    """Per calendar year up to as_of's: activity (the report's year rules) and fund movements."""
    iso = as_of.isoformat()
    follow_ups = FollowUps(data.get("follow_ups") or [], iso)
    decided = decisions(data, iso)
    first = _first_year(data, as_of)
    rows: list[dict[str, Any]] = []
    for start in range(first, as_of.year + 1, 3):  # a 3-year "convention" from 1 January: 3 calendar years
        for figures in year_figures(data, {"id": "", "start": f"{start}-01-01"}, as_of, follow_ups, decided):
            year = int(figures["start"][:4])
            if year > as_of.year:
                break
            period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
            rows.append({"year": year, "meetings": figures["meetings"],
                         "projects_received": 0,
                         "projects_examined": figures["projects_examined"],
                         "projects_approved": figures["projects_approved"],
                         "jobs_created": figures["jobs_created"], "jobs_maintained": figures["jobs_maintained"],
                         "skills_days_delivered": follow_ups.gained(period, as_of, "skills_days_delivered"),
                         "disbursed_cents": 0, "repaid_cents": 0, "written_off_cents": 0})
    index = {r["year"]: r for r in rows}
    for p in data.get("projects", ()):
        if p["received_on"] <= iso and int(p["received_on"][:4]) in index:
            index[int(p["received_on"][:4])]["projects_received"] += 1
    for table, field in (("disbursements", "disbursed_cents"), ("repayments", "repaid_cents"),
                         ("write_offs", "written_off_cents")):
        for x in data.get(table, ()):
            if x["date"] <= iso and int(x["date"][:4]) in index:
                index[int(x["date"][:4])][field] += int(x["amount_cents"])
    return rows
