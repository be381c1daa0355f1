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

from alize_desktop.basin import snapshot_from_v1
from alize_desktop.rules.evaluation import FollowUps, ReportError, decisions
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


def _gained_by_year(follow_ups: FollowUps, field: str) -> dict[int, int]:
    """Calendar year → Σ over projects of (last value ≤ 31 Dec) − (last value < 1 Jan).

    The report's year rule (`FollowUps.gained`) on calendar years, in one pass: a project's figure
    only moves in the years it has follow-ups, by its last value of the year minus the one before.
    """
    gained: dict[int, int] = defaultdict(int)
    for pid, dates in follow_ups.dates.items():
        previous = 0
        values = follow_ups.values[pid]
        for i, day in enumerate(dates):
            if i + 1 < len(dates) and dates[i + 1].year == day.year:
                continue  # not the year's last follow-up of this project
            value = int(getattr(values[i], field) or 0)
            gained[day.year] += value - previous
            previous = value
    return gained


YEAR_FIELDS = ("meetings", "projects_received", "projects_examined", "projects_approved", "jobs_created",
               "jobs_maintained", "skills_days_delivered", "disbursed_cents", "repaid_cents", "written_off_cents")


def calendar_years(data: Mapping[str, Any], as_of: dt.date) -> list[dict[str, Any]]:
    """Per calendar year up to as_of's: the report's year figures on calendar years, and fund movements.

    Meetings, projects examined and approved, jobs created and maintained follow the definitions of
    the report's `years` (only what is dated on or before as_of counts); tests check them against
    `rules.evaluation.year_figures` on calendar years.
    """
    iso = as_of.isoformat()
    rows = {y: {"year": y, **dict.fromkeys(YEAR_FIELDS, 0)} for y in range(_first_year(data, as_of), as_of.year + 1)}

    def add(day: str, field: str, amount: int = 1) -> None:
        row = rows.get(int(day[:4]))
        if row is not None and day <= iso:
            row[field] += amount

    for m in data.get("meetings", ()):
        add(m["date"], "meetings")
    for p in data.get("projects", ()):
        add(p["received_on"], "projects_received")
    examined: set[tuple[str, str]] = set()
    approved: set[tuple[str, str]] = set()
    snap = snapshot_from_v1(data)  # the basin's own typed records, read by its own rules
    for day, pid, decision in decisions(snap, as_of):  # distinct projects per year
        examined.add((str(day.year), pid))
        if decision == "approved":
            approved.add((str(day.year), pid))
    for text, _pid in examined:
        add(f"{text}-01-01", "projects_examined")
    for text, _pid in approved:
        add(f"{text}-01-01", "projects_approved")
    follow_ups = FollowUps(snap.follow_ups, as_of)
    for field in ("jobs_created", "jobs_maintained", "skills_days_delivered"):
        for year, amount in _gained_by_year(follow_ups, field).items():
            if year in rows:
                rows[year][field] += amount
    for table, field in (("disbursements", "disbursed_cents"), ("repayments", "repaid_cents"),
                         ("write_offs", "written_off_cents")):
        for x in data.get(table, ()):
            add(x["date"], field, int(x["amount_cents"]))
    return [rows[y] for y in sorted(rows)]
