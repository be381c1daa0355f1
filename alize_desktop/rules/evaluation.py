"""Evaluation figures of a convention (DOMAIN.md §6, INTERCHANGE.md report.json).

The year figures, jobs, resources, skills days and response delays, read from the typed basin
snapshot (`alize_desktop.basin`): dates are dates, money int cents, and the snapshot's indexes
make every function linear in the size of the basin.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from itertools import accumulate
from typing import Any, TypeVar

from alize_desktop.basin import Snapshot
from alize_desktop.basin import records as rec
from alize_desktop.basin.defaults import CONVENTION_YEARS
from alize_desktop.formatting import round_half_up
from alize_desktop.rules.schedule import add_months, to_date

RESOURCE_KINDS = ("company", "territorial_actor", "local_authority", "state")
__all__ = ["CONVENTION_YEARS", "RESOURCE_KINDS", "Period", "ReportError", "convention_period", "select_convention"]

C = TypeVar("C", rec.Convention, Mapping[str, Any])


class ReportError(ValueError):
    """The report cannot be produced (unknown convention, no convention); French message."""


@dataclass(frozen=True)
class Period:
    """A closed date interval [start, end]; `end` is the last day included."""

    start: date
    end: date

    def contains(self, day: date | str) -> bool:
        """Whether the day (a date, or an ISO string at the format v1 edge) falls within the period."""
        d = to_date(day)
        return self.start <= d <= self.end  # type: ignore[operator]


def _start(convention: rec.Convention | Mapping[str, Any]) -> date:
    if isinstance(convention, rec.Convention):
        return convention.start
    return to_date(convention["start"])  # type: ignore[return-value]


def _id(convention: rec.Convention | Mapping[str, Any]) -> str:
    return convention.id if isinstance(convention, rec.Convention) else convention["id"]


def period_from(start: date) -> Period:
    """The period of a convention starting on `start`: start → start + 3 years − 1 day."""
    return Period(start, add_months(start, 12 * CONVENTION_YEARS) - timedelta(days=1))


def convention_period(convention: rec.Convention | Mapping[str, Any]) -> Period:
    """start → start + 3 years − 1 day (a convention record, or a format v1 one)."""
    return period_from(_start(convention))


def year_periods(convention: rec.Convention | Mapping[str, Any]) -> list[Period]:
    """Year k = [start + (k−1) years, start + k years − 1 day], k = 1…3."""
    start = _start(convention)
    return [
        Period(add_months(start, 12 * (k - 1)), add_months(start, 12 * k) - timedelta(days=1))
        for k in range(1, CONVENTION_YEARS + 1)
    ]


def bundle_convention(conventions: Sequence[Mapping[str, Any]], as_of: date) -> dict[str, Any] | None:
    """The convention a bundle reports on, as its manifest states it (`id`, ISO `start` and `end`,
    `running` on `as_of`), or None when no convention has started: one wording of it for the
    basin's export and the network's sample bundles."""
    try:
        conv = select_convention(conventions, as_of)
    except ReportError:
        return None
    period = convention_period(conv)
    return {"id": conv["id"], "start": period.start.isoformat(), "end": period.end.isoformat(),
            "running": period.contains(as_of.isoformat())}


def select_convention(conventions: Sequence[C], as_of: date, convention_id: str | None = None) -> C:
    """The convention asked for; by default the one running on `as_of`, else the latest started.

    Raises ReportError when the id is unknown, when the basin has no convention, or when
    every convention starts after `as_of` (there is nothing to report on yet).
    """
    if not conventions:
        raise ReportError("Aucune convention de partenariat n'est enregistrée pour ce bassin.")
    if convention_id is not None:
        for conv in conventions:
            if _id(conv) == convention_id:
                return conv
        raise ReportError(f"Convention inconnue : « {convention_id} ».")
    running = [c for c in conventions if convention_period(c).contains(as_of)]
    if running:
        # Conventions do not overlap in practice; if they did, the most recent start wins.
        return max(running, key=_start)
    started = [c for c in conventions if _start(c) < as_of]
    if started:
        return max(started, key=_start)
    raise ReportError(
        f"Aucune convention n'a commencé au {as_of.isoformat()} : préciser la convention voulue."
    )


def median_lower(values: Sequence[int]) -> int | None:
    """Median; the lower middle value when the count is even; None when there is none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[(len(ordered) - 1) // 2]


class FollowUps:
    """Cumulative follow-up figures per project, dated on or before `as_of`."""

    def __init__(self, follow_ups: Sequence[rec.FollowUp], as_of: date) -> None:
        by_project: dict[str, list[tuple[date, int, rec.FollowUp]]] = defaultdict(list)
        for i, f in enumerate(follow_ups):
            if f.date <= as_of:
                by_project[f.project_id].append((f.date, i, f))
        # Sorted by date then list position: on the same date the later entry is the latest word.
        self.dates: dict[str, list[date]] = {}
        self.values: dict[str, list[rec.FollowUp]] = {}
        self._steps_memo: dict[str, tuple[list[date], list[int]]] = {}
        for pid, rows in by_project.items():
            rows.sort(key=lambda t: (t[0], t[1]))
            self.dates[pid] = [r[0] for r in rows]
            self.values[pid] = [r[2] for r in rows]

    def last_on_or_before(self, pid: str, day: date, field: str) -> int:
        """Last cumulative value dated ≤ day, 0 when none."""
        i = bisect_right(self.dates[pid], day)
        return int(getattr(self.values[pid][i - 1], field) or 0) if i else 0

    def last_before(self, pid: str, day: date, field: str) -> int:
        """Last cumulative value dated < day, 0 when none."""
        i = bisect_left(self.dates[pid], day)
        return int(getattr(self.values[pid][i - 1], field) or 0) if i else 0

    def _steps(self, field: str) -> tuple[list[date], list[int]]:
        """Every project's increments of a cumulative field, by date, and their running total.

        Σ over projects of "last value dated ≤ X" is the sum of the increments dated ≤ X (each
        project's increments add up to its last value), so a period's figure is two bisections
        instead of a pass over every project.
        """
        found = self._steps_memo.get(field)
        if found is None:
            steps: list[tuple[date, int]] = []
            for pid, values in self.values.items():
                before = 0
                for day, f in zip(self.dates[pid], values, strict=True):
                    value = int(getattr(f, field) or 0)
                    steps.append((day, value - before))
                    before = value
            steps.sort(key=lambda t: t[0])
            days = [d for d, _ in steps]
            totals = list(accumulate((v for _, v in steps), initial=0))
            found = self._steps_memo[field] = (days, totals)
        return found

    def gained(self, period: Period, as_of: date, field: str) -> int:
        """Σ over projects of (last ≤ min(end, as_of)) − (last < start)."""
        upper = min(period.end, as_of)
        lower = period.start
        if upper < lower:
            return 0
        days, totals = self._steps(field)
        return totals[bisect_right(days, upper)] - totals[bisect_left(days, lower)]

    def latest(self, pid: str, field: str) -> int:
        """Last cumulative value of a project, 0 when none."""
        vals = self.values.get(pid)
        return int(getattr(vals[-1], field) or 0) if vals else 0


def decisions(snap: Snapshot, as_of: date) -> list[tuple[date, str, str]]:
    """(meeting date, project id, decision) of every decided item dated ≤ as_of, by date."""
    out = []
    for m in snap.meetings:
        if m.date > as_of:
            continue
        for item in m.items:
            if item.decision:
                out.append((m.date, item.project_id, item.decision))
    out.sort(key=lambda t: t[0])
    return out


def year_figures(
    snap: Snapshot,
    convention: rec.Convention,
    as_of: date,
    follow_ups: FollowUps,
    decided: Sequence[tuple[date, str, str]],
) -> list[dict[str, Any]]:
    """The `years` list of the report."""
    meeting_dates = [m.date for m in snap.meetings if m.date <= as_of]
    days = [d for d, _pid, _dec in decided]  # `decided` is in date order: a period is a slice
    years = []
    for k, period in enumerate(year_periods(convention), start=1):
        lo, hi = period.start, period.end
        within = decided[bisect_left(days, lo):bisect_right(days, hi)]
        examined = {pid for _d, pid, _dec in within}
        approved = {pid for _d, pid, dec in within if dec == "approved"}
        years.append(
            {
                "year": k,
                "start": lo.isoformat(),
                "end": hi.isoformat(),
                "meetings": sum(1 for d in meeting_dates if lo <= d <= hi),
                "projects_examined": len(examined),
                "projects_approved": len(approved),
                "jobs_created": follow_ups.gained(period, as_of, "jobs_created"),
                "jobs_maintained": follow_ups.gained(period, as_of, "jobs_maintained"),
            }
        )
    return years


def resources(snap: Snapshot, convention_id: str) -> dict[str, dict[str, Any]]:
    """Commitments of the convention (every year) by partner kind, with half-up shares."""
    partner = snap.partner
    cents = dict.fromkeys(RESOURCE_KINDS, 0)
    for c in snap.commitments:
        if c.convention_id != convention_id:
            continue
        p = partner.get(c.partner_id)
        kind = p.kind if p is not None else None
        if kind in cents:  # network_head and unknown partners are left out by definition
            cents[kind] += int(c.amount_cents or 0)
    total = sum(cents.values())
    return {
        kind: {
            "cents": cents[kind],
            "share": round_half_up(Decimal(cents[kind]) / Decimal(total), 4) if total else 0.0,
        }
        for kind in RESOURCE_KINDS
    }


def skills_days(snap: Snapshot, convention: rec.Convention, as_of: date, follow_ups: FollowUps) -> dict[str, int]:
    """Days pledged (commitments), granted (approvals in the period) and delivered (follow-ups)."""
    period = convention_period(convention)
    pledged = sum(
        int(c.days or 0) for c in snap.commitments if c.convention_id == convention.id and c.nature == "skills"
    )
    meeting = snap.meeting
    granted = 0
    for e in snap.engagements:
        if e.kind != "skills":
            continue
        m = meeting.get(e.meeting_id) if e.meeting_id is not None else None
        if m is not None and m.date <= as_of and period.start <= m.date <= period.end:
            granted += int(e.days or 0)
    # Delivered: the definition sums the latest cumulative figure of every project
    # (like the jobs), not only those approved during this convention.
    delivered = sum(follow_ups.latest(pid, "skills_days_delivered") for pid in follow_ups.dates)
    return {"pledged": pledged, "granted": granted, "delivered": delivered}


def first_disbursement_by_project(snap: Snapshot, as_of: date) -> dict[str, date]:
    """The first disbursement dated ≤ as_of of each project's engagements."""
    engagement = snap.engagement
    first: dict[str, date] = {}
    for d in snap.disbursements:
        if d.date > as_of:
            continue
        e = engagement.get(d.engagement_id)
        if e is not None and (e.project_id not in first or d.date < first[e.project_id]):
            first[e.project_id] = d.date
    return first


def delays(
    snap: Snapshot,
    convention: rec.Convention,
    as_of: date,
    decided: Sequence[tuple[date, str, str]],
    first_disbursement: Mapping[str, date],
) -> dict[str, int | None]:
    """Median response delays over the projects received during the convention's period."""
    period = convention_period(convention)
    first_decision: dict[str, date] = {}
    first_approval: dict[str, date] = {}
    for d, pid, dec in decided:  # sorted by date: the first seen is the first in time
        if dec in ("approved", "rejected"):
            first_decision.setdefault(pid, d)
        if dec == "approved":
            first_approval.setdefault(pid, d)
    to_decision: list[int] = []
    to_signature: list[int] = []
    to_disbursement: list[int] = []
    for p in snap.projects:
        received = p.received_on
        if not received or received > as_of or not period.start <= received <= period.end:
            continue
        pid = p.id
        if pid in first_decision:
            to_decision.append((first_decision[pid] - received).days)
        signed = p.convention_signed_on
        if not signed or signed > as_of:
            continue
        if pid in first_approval:
            to_signature.append((signed - first_approval[pid]).days)
        disbursed = first_disbursement.get(pid)
        if disbursed is not None:
            to_disbursement.append((disbursed - signed).days)
    return {
        "receipt_to_decision": median_lower(to_decision),
        "decision_to_signature": median_lower(to_signature),
        "signature_to_disbursement": median_lower(to_disbursement),
    }
