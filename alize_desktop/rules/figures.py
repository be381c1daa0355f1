"""Figures computed once per snapshot and date, shared by the report, the Fonds page, the alerts
and the dashboard (no reader rebuilds the whole report to get one figure).

`figures(snapshot, as_of)` is memoised in the snapshot (`Snapshot.memo`): the dashboard, its
alerts, the Fonds page and the Évaluation page asking for the same day get the same object. A
schedule depends only on the advance's terms and on the disbursements that count, which grow
with the date; it is memoised by (advance, number of disbursements counted), so that the
report of another date, or an advance's position, reuses it.

Everything returned is shared: read it, never change it.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from datetime import date
from functools import cached_property
from typing import Any, NamedTuple

from alize_desktop.basin import Snapshot
from alize_desktop.basin import records as rec
from alize_desktop.memory import long_lived
from alize_desktop.rules.evaluation import FollowUps, decisions, first_disbursement_by_project
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
from alize_desktop.rules.schedule import Instalment, schedule_tuple


class AdvanceFigures(NamedTuple):
    """One repayable advance on a date: only movements dated on or before it count."""

    engagement: rec.Engagement
    disbursed_cents: int
    repaid_cents: int
    written_off_cents: int
    outstanding_cents: int
    overdue_cents: int
    days_late: int
    schedule: tuple[Instalment, ...]
    paid: tuple[int, ...]  # per instalment, repayments filling the oldest first


def schedule_of(snap: Snapshot, engagement: rec.Engagement, counted: tuple[rec.Disbursement, ...]) -> tuple[Instalment, ...]:
    """The actual schedule on these disbursements (empty when none exists yet), memoised."""
    key = ("schedule", engagement.id, len(counted))
    memo = snap.memo
    found = memo.get(key)
    if found is None:
        found = memo[key] = schedule_tuple(engagement, counted)
    return found


def advance_figures(snap: Snapshot, engagement: rec.Engagement, as_of: date) -> AdvanceFigures:
    mv = snap.movements(engagement.id)
    own = tuple(d for d in mv.disbursements if d.date <= as_of)
    disbursed = sum(d.amount_cents for d in own)
    repaid = sum(p.amount_cents for p in mv.repayments if p.date <= as_of)
    written = sum(w.amount_cents for w in mv.write_offs if w.date <= as_of)
    left = outstanding(disbursed, repaid, written)
    schedule = schedule_of(snap, engagement, own)
    paid = allocate(schedule, [repaid])
    overdue = overdue_cents(schedule, repaid, as_of, left)
    # Days late only mean something while an amount is overdue (a write-off can clear it).
    late = days_late(schedule, paid, as_of) if overdue > 0 else 0
    return AdvanceFigures(engagement, disbursed, repaid, written, left, overdue, late, schedule, tuple(paid))


def _year(d: date) -> str:
    return f"{d.year:04d}"


class Figures:
    """The figures of one snapshot on one date; each computed on first use, then kept."""

    def __init__(self, snap: Snapshot, as_of: date) -> None:
        # A weak reference: the snapshot keeps its figures (memo), and a cycle would leave both
        # to the cyclic collector, which never scans them (alize_desktop.memory).
        self._snapshot = weakref.ref(snap)
        self.as_of = as_of
        self._reports: dict[str | None, dict[str, Any]] = {}
        self.summaries: dict[str | None, dict[str, Any]] = {}  # rules.report.summary_of, by convention

    @property
    def snapshot(self) -> Snapshot:
        snap = self._snapshot()
        if snap is None:
            raise RuntimeError("Ces chiffres portent sur un état du bassin qui n'est plus chargé.")
        return snap

    @cached_property
    def advances(self) -> tuple[AdvanceFigures, ...]:
        """Every repayable advance of the basin, whatever its convention, in document order."""
        snap, as_of = self.snapshot, self.as_of
        memo = snap.memo
        out = []
        with long_lived():  # 300 000 instalments, kept as long as the snapshot
            for e in snap.advances:
                # Memoised per advance: after a write, only the advances it touched are computed
                # again (Snapshot.with_entries carries the others over).
                key = ("advance", e.id, as_of)
                found = memo.get(key)
                if found is None:
                    found = memo[key] = advance_figures(snap, e, as_of)
                out.append(found)
        return tuple(out)

    @cached_property
    def follow_ups(self) -> FollowUps:
        """Follow-up figures dated on or before the date (every convention's report reads them)."""
        return FollowUps(self.snapshot.follow_ups, self.as_of)

    @cached_property
    def decided(self) -> list[tuple[date, str, str]]:
        """Decisions dated on or before the date, by date."""
        return decisions(self.snapshot, self.as_of)

    @cached_property
    def first_disbursement(self) -> dict[str, date]:
        return first_disbursement_by_project(self.snapshot, self.as_of)

    @cached_property
    def advance(self) -> dict[str, AdvanceFigures]:
        return {a.engagement.id: a for a in self.advances}

    @cached_property
    def balances(self) -> dict[str, int]:
        return account_balances(self.snapshot, self.as_of)

    @cached_property
    def cohorts(self) -> dict[str, tuple[int, int]]:
        """Approval year → (disbursed, written off), advances with a disbursement only, by year."""
        meeting = self.snapshot.meeting
        out: dict[str, list[int]] = {}
        for a in self.advances:
            m = meeting.get(a.engagement.meeting_id) if a.engagement.meeting_id else None
            if m is not None and a.disbursed_cents > 0:
                cohort = out.setdefault(_year(m.date), [0, 0])
                cohort[0] += a.disbursed_cents
                cohort[1] += a.written_off_cents
        return {year: (d, w) for year, (d, w) in sorted(out.items())}

    @cached_property
    def fund(self) -> dict[str, Any]:
        """The report's `fund` object."""
        totals: defaultdict[str, int] = defaultdict(int)
        ageing = dict.fromkeys(AGEING_BUCKETS, 0)
        for a in self.advances:
            if a.overdue_cents > 0:
                ageing[ageing_bucket(a.days_late)] += a.overdue_cents
            totals["disbursed"] += a.disbursed_cents
            totals["repaid"] += a.repaid_cents
            totals["written_off"] += a.written_off_cents
            totals["outstanding"] += a.outstanding_cents
            totals["overdue"] += a.overdue_cents
        return {
            "disbursed_cents": totals["disbursed"],
            "repaid_cents": totals["repaid"],
            "written_off_cents": totals["written_off"],
            "outstanding_cents": totals["outstanding"],
            "overdue_cents": totals["overdue"],
            "ageing_cents": ageing,
            "loss_rate": loss_rate(totals["written_off"], totals["disbursed"]),
            "loss_rate_by_cohort": {year: loss_rate(w, d) for year, (d, w) in self.cohorts.items()},
        }

    @cached_property
    def engagement_rows(self) -> list[dict[str, Any]]:
        """The report's `engagements` list."""
        rows = []
        iso: dict[date, str] = {}  # shared schedules share their due dates: each written once
        # Advances with the same shared schedule and the same payments get the same (read-only)
        # list of instalments: a network basin's 288 000 lines are a few thousand distinct ones.
        shared: dict[tuple[int, tuple[int, ...]], list[dict[str, Any]]] = {}
        for a in self.advances:
            key = (id(a.schedule), a.paid)
            lines = shared.get(key)
            if lines is None:
                lines = shared[key] = []
                for i, p in zip(a.schedule, a.paid, strict=True):
                    day = iso.get(i.due_on)
                    if day is None:
                        day = iso[i.due_on] = i.due_on.isoformat()
                    lines.append({"due_on": day, "amount_cents": i.amount_cents, "paid_cents": p})
            rows.append({
                "id": a.engagement.id,
                "outstanding_cents": a.outstanding_cents,
                "overdue_cents": a.overdue_cents,
                "days_late": a.days_late,
                "schedule": lines,
            })
        return rows

    def report(self, convention_id: str | None = None) -> dict[str, Any]:
        """report.json for a convention (default: the one running on the date), memoised."""
        found = self._reports.get(convention_id)
        if found is None:
            from alize_desktop.rules.report import report_of  # the report's assembly reads these figures

            found = self._reports[convention_id] = report_of(self, convention_id)
        return found


def figures(snap: Snapshot, as_of: date) -> Figures:
    """The shared figures of `snap` on `as_of`."""
    key = ("figures", as_of)
    found = snap.memo.get(key)
    if found is None:
        found = snap.memo[key] = Figures(snap, as_of)
    return found
