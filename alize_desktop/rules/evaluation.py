"""Evaluation figures of a convention (DOMAIN.md §6, INTERCHANGE.md report.json).

The year figures, jobs, resources, skills days and response delays. Inputs are the format v1
basin dict; every function first indexes what it needs by id so that a basin of tens of
thousands of records is read in linear time. ISO date strings compare like dates, so
filters on dates are done on the strings and parsing is kept for the few dates that need
arithmetic.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any

from alize_desktop.formatting import round_half_up
from alize_desktop.rules.schedule import add_months

RESOURCE_KINDS = ("company", "territorial_actor", "local_authority", "state")
CONVENTION_YEARS = 3


class ReportError(ValueError):
    """The report cannot be produced (unknown convention, no convention); French message."""


@dataclass(frozen=True)
class Period:
    """A closed date interval [start, end]; `end` is the last day included."""

    start: date
    end: date

    @cached_property
    def _bounds(self) -> tuple[str, str]:
        return self.start.isoformat(), self.end.isoformat()

    def contains(self, iso: str) -> bool:
        """Whether the ISO date string falls within the period."""
        lo, hi = self._bounds
        return lo <= iso <= hi


def convention_period(convention: Mapping[str, Any]) -> Period:
    """start → start + 3 years − 1 day."""
    start = date.fromisoformat(convention["start"])
    return Period(start, add_months(start, 12 * CONVENTION_YEARS) - timedelta(days=1))


def year_periods(convention: Mapping[str, Any]) -> list[Period]:
    """Year k = [start + (k−1) years, start + k years − 1 day], k = 1…3."""
    start = date.fromisoformat(convention["start"])
    return [
        Period(add_months(start, 12 * (k - 1)), add_months(start, 12 * k) - timedelta(days=1))
        for k in range(1, CONVENTION_YEARS + 1)
    ]


def select_convention(
    conventions: Sequence[Mapping[str, Any]], as_of: date, convention_id: str | None = None
) -> Mapping[str, Any]:
    """The convention asked for; by default the one running on `as_of`, else the latest started.

    Raises ReportError when the id is unknown, when the basin has no convention, or when
    every convention starts after `as_of` (there is nothing to report on yet).
    """
    if not conventions:
        raise ReportError("Aucune convention de partenariat n'est enregistrée pour ce bassin.")
    if convention_id is not None:
        for conv in conventions:
            if conv["id"] == convention_id:
                return conv
        raise ReportError(f"Convention inconnue : « {convention_id} ».")
    running = [c for c in conventions if convention_period(c).contains(as_of.isoformat())]
    if running:
        # Conventions do not overlap in practice; if they did, the most recent start wins.
        return max(running, key=lambda c: c["start"])
    started = [c for c in conventions if convention_period(c).start < as_of]
    if started:
        return max(started, key=lambda c: c["start"])
    raise ReportError(
        f"Aucune convention n'a commencé au {as_of.isoformat()} : préciser la convention voulue."
    )


def median_lower(values: Sequence[int]) -> int | None:
    """Median; the lower middle value when the count is even; None when there is none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


def _days(later: str, earlier: str) -> int:
    return (date.fromisoformat(later) - date.fromisoformat(earlier)).days


class FollowUps:
    """Cumulative follow-up figures per project, dated on or before `as_of`."""

    def __init__(self, follow_ups: Sequence[Mapping[str, Any]], as_of_iso: str) -> None:
        by_project: dict[str, list[tuple[str, int, Mapping[str, Any]]]] = defaultdict(list)
        for i, f in enumerate(follow_ups):
            if f["date"] <= as_of_iso:
                by_project[f["project_id"]].append((f["date"], i, f))
        # Sorted by date then list position: on the same date the later entry is the latest word.
        self.dates: dict[str, list[str]] = {}
        self.values: dict[str, list[Mapping[str, Any]]] = {}
        for pid, rows in by_project.items():
            rows.sort(key=lambda t: (t[0], t[1]))
            self.dates[pid] = [r[0] for r in rows]
            self.values[pid] = [r[2] for r in rows]

    def last_on_or_before(self, pid: str, iso: str, field: str) -> int:
        """Last cumulative value dated ≤ iso, 0 when none."""
        i = bisect_right(self.dates[pid], iso)
        return int(self.values[pid][i - 1].get(field) or 0) if i else 0

    def last_before(self, pid: str, iso: str, field: str) -> int:
        """Last cumulative value dated < iso, 0 when none."""
        i = bisect_left(self.dates[pid], iso)
        return int(self.values[pid][i - 1].get(field) or 0) if i else 0

    def gained(self, period: Period, as_of: date, field: str) -> int:
        """Σ over projects of (last ≤ min(end, as_of)) − (last < start)."""
        upper = min(period.end, as_of).isoformat()
        lower = period.start.isoformat()
        if upper < lower:
            return 0
        return sum(
            self.last_on_or_before(pid, upper, field) - self.last_before(pid, lower, field)
            for pid in self.dates
        )

    def latest(self, pid: str, field: str) -> int:
        """Last cumulative value of a project, 0 when none."""
        vals = self.values.get(pid)
        return int(vals[-1].get(field) or 0) if vals else 0


def decisions(data: Mapping[str, Any], as_of_iso: str) -> list[tuple[str, str, str]]:
    """(meeting date, project id, decision) of every decided item dated ≤ as_of, by date."""
    out = []
    for m in data.get("meetings", ()):
        if m["date"] > as_of_iso:
            continue
        for item in m.get("items") or ():
            if item.get("decision"):
                out.append((m["date"], item["project_id"], item["decision"]))
    out.sort(key=lambda t: t[0])
    return out


def year_figures(
    data: Mapping[str, Any],
    convention: Mapping[str, Any],
    as_of: date,
    follow_ups: FollowUps,
    decided: Sequence[tuple[str, str, str]],
) -> list[dict[str, Any]]:
    """The `years` list of the report."""
    as_of_iso = as_of.isoformat()
    meeting_dates = [m["date"] for m in data.get("meetings", ()) if m["date"] <= as_of_iso]
    years = []
    for k, period in enumerate(year_periods(convention), start=1):
        examined = {pid for d, pid, _ in decided if period.contains(d)}
        approved = {pid for d, pid, dec in decided if dec == "approved" and period.contains(d)}
        years.append(
            {
                "year": k,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "meetings": sum(1 for d in meeting_dates if period.contains(d)),
                "projects_examined": len(examined),
                "projects_approved": len(approved),
                "jobs_created": follow_ups.gained(period, as_of, "jobs_created"),
                "jobs_maintained": follow_ups.gained(period, as_of, "jobs_maintained"),
            }
        )
    return years


def resources(data: Mapping[str, Any], convention_id: str) -> dict[str, dict[str, Any]]:
    """Commitments of the convention (every year) by partner kind, with half-up shares."""
    kind_of = {p["id"]: p.get("kind") for p in data.get("partners", ())}
    cents = dict.fromkeys(RESOURCE_KINDS, 0)
    for c in data.get("commitments", ()):
        if c.get("convention_id") != convention_id:
            continue
        kind = kind_of.get(c.get("partner_id"))
        if kind in cents:  # network_head and unknown partners are left out by definition
            cents[kind] += int(c.get("amount_cents") or 0)
    total = sum(cents.values())
    return {
        kind: {
            "cents": cents[kind],
            "share": round_half_up(Decimal(cents[kind]) / Decimal(total), 4) if total else 0.0,
        }
        for kind in RESOURCE_KINDS
    }


def skills_days(
    data: Mapping[str, Any],
    convention: Mapping[str, Any],
    as_of: date,
    follow_ups: FollowUps,
) -> dict[str, int]:
    """Days pledged (commitments), granted (approvals in the period) and delivered (follow-ups)."""
    as_of_iso = as_of.isoformat()
    period = convention_period(convention)
    pledged = sum(
        int(c.get("days") or 0)
        for c in data.get("commitments", ())
        if c.get("convention_id") == convention["id"] and c.get("nature") == "skills"
    )
    meeting_date = {m["id"]: m["date"] for m in data.get("meetings", ())}
    granted = 0
    for e in data.get("engagements", ()):
        if e.get("kind") != "skills":
            continue
        d = meeting_date.get(e.get("meeting_id"))
        if d is not None and d <= as_of_iso and period.contains(d):
            granted += int(e.get("days") or 0)
    # Delivered: the definition sums the latest cumulative figure of every project
    # (like the jobs), not only those approved during this convention.
    delivered = sum(follow_ups.latest(pid, "skills_days_delivered") for pid in follow_ups.dates)
    return {"pledged": pledged, "granted": granted, "delivered": delivered}


def delays(
    data: Mapping[str, Any],
    convention: Mapping[str, Any],
    as_of: date,
    decided: Sequence[tuple[str, str, str]],
    first_disbursement_by_project: Mapping[str, str],
) -> dict[str, int | None]:
    """Median response delays over the projects received during the convention's period."""
    as_of_iso = as_of.isoformat()
    period = convention_period(convention)
    first_decision: dict[str, str] = {}
    first_approval: dict[str, str] = {}
    for d, pid, dec in decided:  # sorted by date: the first seen is the first in time
        if dec in ("approved", "rejected"):
            first_decision.setdefault(pid, d)
        if dec == "approved":
            first_approval.setdefault(pid, d)
    to_decision: list[int] = []
    to_signature: list[int] = []
    to_disbursement: list[int] = []
    for p in data.get("projects", ()):
        received = p.get("received_on")
        if not received or received > as_of_iso or not period.contains(received):
            continue
        pid = p["id"]
        if pid in first_decision:
            to_decision.append(_days(first_decision[pid], received))
        signed = p.get("convention_signed_on")
        if not signed or signed > as_of_iso:
            continue
        if pid in first_approval:
            to_signature.append(_days(signed, first_approval[pid]))
        disbursed = first_disbursement_by_project.get(pid)
        if disbursed is not None:
            to_disbursement.append(_days(disbursed, signed))
    return {
        "receipt_to_decision": median_lower(to_decision),
        "decision_to_signature": median_lower(to_signature),
        "signature_to_disbursement": median_lower(to_disbursement),
    }
