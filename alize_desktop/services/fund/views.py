"""What the Fonds page shows, as frozen rows: advances, schedules, movements, arrears,
insolvency deadlines, loss rates, the fund against its critical size and a revolving forecast.

Everything is read from the shared basin snapshot (services.basin_reader) and the figures computed
once per date (rules.figures), the same the evaluation report reads, so they never disagree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from bisect import bisect_right, insort
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from operator import attrgetter, itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from alize_desktop.basin import Snapshot
from alize_desktop.basin.convert import as_snapshot
from alize_desktop.basin.defaults import LOSS_RATE_BENCHMARK
from alize_desktop.basin.fair_sort import sorted_fairly
from alize_desktop.memory import long_lived
from alize_desktop.models.enums import label
from alize_desktop.rules.figures import AdvanceFigures, Figures, figures, schedule_of
from alize_desktop.rules.fund import (
    AGEING_BUCKETS,
    DEFAULT_REIMBURSEMENT_CAP_CENTS,
    REIMBURSEMENT_CATEGORY,
    ageing_bucket,
    allocate,
)
from alize_desktop.rules.schedule import Instalment, add_months
from alize_desktop.services.basin_reader import current_snapshot
from alize_desktop.services.common_money import AdvanceMovements
from alize_desktop.services.fund.entries import reimbursed_in, reimbursement_cap

CRITICAL_SIZE_CENTS = (40_000_000, 50_000_000)  # DOMAIN.md §5: 400 000–500 000 €
DEFAULT_BENCHMARK = LOSS_RATE_BENCHMARK
INSOLVENCY_CLAIM_MONTHS = 2
BUCKET_LABELS = {"1-30": "1 à 30 jours", "31-90": "31 à 90 jours", "91-180": "91 à 180 jours",
                 "181+": "plus de 180 jours"}
KIND_LABELS = {"receipt": "Encaissement", "expense": "Dépense", "disbursement": "Versement d'avance",
               "repayment": "Remboursement", "write_off": "Sinistre"}


@dataclasses.dataclass(frozen=True)
class InstalmentRow:
    number: int
    due_on: dt.date
    amount_cents: int
    paid_cents: int
    left_cents: int
    status: str  # French: Payée, Partiellement payée, Impayée, À venir


@dataclasses.dataclass(frozen=True)
class AdvanceRow:
    engagement_id: str
    project_id: str
    project_title: str
    company_id: str
    company_name: str
    approved_on: dt.date | None
    granted_cents: int
    disbursed_cents: int
    repaid_cents: int
    written_off_cents: int
    outstanding_cents: int
    overdue_cents: int
    days_late: int
    next_due_on: dt.date | None
    next_due_cents: int
    insolvency: str  # French label of the procedure, "" when none
    schedule: tuple[InstalmentRow, ...]

    @property
    def to_disburse_cents(self) -> int:
        return max(0, self.granted_cents - self.disbursed_cents)

    @property
    def state(self) -> str:
        """French summary used by the filter and the list."""
        if self.disbursed_cents == 0:
            return "Non versée"
        if self.outstanding_cents <= 0:
            return "Soldée"
        if self.overdue_cents > 0:
            return "En retard"
        return "En cours"

    @property
    def bucket(self) -> str:
        return BUCKET_LABELS[ageing_bucket(self.days_late)] if self.overdue_cents > 0 else ""


class MovementRow(NamedTuple):
    """One line of the ledger. `amount_cents` is the effect on the account (a write-off moves no money).

    Immutable like the other rows; a NamedTuple because a network basin's ledger has 260 000 lines.
    """

    kind: str
    id: str
    date: dt.date
    account: str  # advances | operating | "" for a write-off
    counterpart: str
    label: str
    amount_cents: int
    engagement_id: str | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def account_label(self) -> str:
        return label(self.account) if self.account else "Hors trésorerie"


@dataclasses.dataclass(frozen=True)
class InsolvencyRow:
    company_id: str
    company_name: str
    procedure: str
    judgment_on: dt.date | None
    published_on: dt.date | None
    claim_deadline: dt.date | None
    days_left: int | None  # negative once the deadline has passed
    outstanding_cents: int


@dataclasses.dataclass(frozen=True)
class CohortRow:
    year: str
    disbursed_cents: int
    written_off_cents: int
    loss_rate: float


@dataclasses.dataclass(frozen=True)
class Forecast:
    """Money available for the next comité: the advances balance plus what falls due before then."""

    until: dt.date
    next_meeting_on: dt.date | None
    balance_cents: int
    instalments_cents: int
    instalment_count: int
    overdue_cents: int  # not counted: arrears are uncertain
    to_disburse_cents: int  # approved but not yet paid out

    @property
    def available_cents(self) -> int:
        return self.balance_cents + self.instalments_cents


@dataclasses.dataclass(frozen=True)
class FundView:
    as_of: dt.date
    advances_balance_cents: int
    operating_balance_cents: int
    totals: dict[str, int]  # disbursed, repaid, written_off, outstanding, overdue
    ageing: dict[str, int]
    loss_rate: float
    benchmark: float
    cohorts: tuple[CohortRow, ...]
    fund_size_cents: int  # receipts(advances) − written off = cash + outstanding
    advances: tuple[AdvanceRow, ...]
    movements: tuple[MovementRow, ...]
    insolvencies: tuple[InsolvencyRow, ...]
    forecast: Forecast
    reimbursement_cap_cents: int
    reimbursed_this_year_cents: int
    partners: tuple[tuple[str, str], ...]  # (id, name), active first then by name

    @property
    def overdue(self) -> tuple[AdvanceRow, ...]:
        return tuple(sorted((a for a in self.advances if a.overdue_cents > 0), key=lambda a: -a.days_late))

    def advance(self, engagement_id: str) -> AdvanceRow | None:
        return next((a for a in self.advances if a.engagement_id == engagement_id), None)


class InstalmentRows(Sequence[InstalmentRow]):
    """An advance's schedule as rows, built when first read.

    The Fonds page lists thousands of advances but shows one schedule at a time: building every
    row of every schedule up front (300 000 on a network basin) is what froze the page.
    """

    __slots__ = ("_as_of", "_paid", "_rows", "_schedule")

    def __init__(self, schedule: Sequence[Instalment], paid: Sequence[int], as_of: dt.date) -> None:
        self._schedule, self._paid, self._as_of = schedule, paid, as_of
        self._rows: tuple[InstalmentRow, ...] | None = None

    def _all(self) -> tuple[InstalmentRow, ...]:
        if self._rows is None:
            self._rows = _instalments(self._schedule, self._paid, self._as_of)
        return self._rows

    def __len__(self) -> int:
        return len(self._schedule)

    def __getitem__(self, index):
        return self._all()[index]

    def __iter__(self) -> Iterator[InstalmentRow]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        return tuple(self) == tuple(other) if isinstance(other, Sequence) else NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return repr(self._all())


def _instalments(schedule: Sequence[Instalment], paid_cents: Sequence[int], as_of: dt.date) -> tuple[InstalmentRow, ...]:
    rows = []
    for k, (i, paid) in enumerate(zip(schedule, paid_cents, strict=True), start=1):
        due, amount = i.due_on, i.amount_cents
        if paid >= amount:
            status = "Payée"
        elif due <= as_of:
            status = "Impayée" if paid == 0 else "Partiellement payée, en retard"
        else:
            status = "À venir" if paid == 0 else "Partiellement payée"
        rows.append(InstalmentRow(k, due, amount, paid, amount - paid, status))
    return tuple(rows)


def _upcoming(a: AdvanceFigures) -> tuple[dt.date | None, int]:
    for i, paid in zip(a.schedule, a.paid, strict=True):
        if i.amount_cents - paid > 0:
            return i.due_on, i.amount_cents - paid
    return None, 0


def _advances(snap: Snapshot, fig: Figures) -> list[AdvanceRow]:
    project, company, meeting = snap.project, snap.company, snap.meeting
    out = []
    for a in fig.advances:
        e = a.engagement
        p = project.get(e.project_id)
        c = company.get(p.company_id) if p is not None else None
        mt = meeting.get(e.meeting_id) if e.meeting_id else None
        due_on, due_cents = _upcoming(a)
        insolvency = c.insolvency if c is not None else None
        out.append(AdvanceRow(
            e.id, p.id if p else "", p.title if p else "", c.id if c else "", c.name if c else "",
            mt.date if mt else None, e.amount_cents or 0, a.disbursed_cents, a.repaid_cents, a.written_off_cents,
            a.outstanding_cents, a.overdue_cents, a.days_late, due_on, due_cents,
            label(insolvency.procedure) if insolvency else "",
            InstalmentRows(a.schedule, a.paid, fig.as_of)))  # type: ignore[arg-type]
    return out


def movements_of(data: Snapshot | Mapping[str, Any]) -> list[MovementRow]:
    """Every movement of both accounts and of the advances, by date, kind and id."""
    snap = as_snapshot(data)
    found = snap.memo.get("movements")  # whatever the date: built once per snapshot
    if found is None:
        found = snap.memo["movements"] = tuple(_updated_movements(snap) or _movements(snap))
    return list(found)


def _updated_movements(snap: Snapshot) -> list[MovementRow] | None:
    """The ledger of the snapshot this one was derived from (Snapshot.with_entries), with the
    touched entries replaced: a repayment typed on Fonds does not rebuild 260 000 rows."""
    rows = snap.memo.get(("previous", "movements"))
    if rows is None:
        return None
    touched = snap.touched
    lists: dict[str, list[Any]] = {name: [] for name in ("receipts", "expenses", "disbursements", "repayments",
                                                         "write_offs")}
    ids = {(kind, i) for kind, i in touched}
    names = {i for _, i in ids}
    for name, kind in (("receipts", "receipt"), ("expenses", "expense"), ("disbursements", "disbursement"),
                       ("repayments", "repayment"), ("write_offs", "write_off")):
        if any(k == kind for k, _ in ids):
            lists[name] = [x for x in getattr(snap, name) if x.id in names and (kind, x.id) in ids]
    kept = [r for r in rows if r[1] not in names or (r[0], r[1]) not in ids]
    order = itemgetter(2, 0, 1)  # date, kind, id
    for r in _movements(snap, lists):  # a few rows: each inserted in place, no sort of the ledger
        insort(kept, r, key=order)
    return kept


def _movements(snap: Snapshot, only: Mapping[str, Sequence[Any]] | None = None) -> list[MovementRow]:
    """Ledger rows of the snapshot's entries (or of the entries `only` lists), by date, kind and id."""
    src: Mapping[str, Sequence[Any]] = only if only is not None else {
        name: getattr(snap, name) for name in ("receipts", "expenses", "disbursements", "repayments", "write_offs")}
    partner, project, company = snap.partner, snap.project, snap.company
    new = tuple.__new__

    def row(kind: str, id_: str, day: dt.date, account: str, counterpart: str, text: str, amount: int,
            eid: str | None = None) -> MovementRow:
        # str(): the page gets the plain code name, not the snapshot's enum member (Qt maps enums).
        return new(MovementRow, (kind, id_, day, str(account), counterpart, text, amount, eid))

    def name_of(partner_id: str | None) -> str:
        p = partner.get(partner_id) if partner_id else None
        return p.name if p else ""

    rows = [row("receipt", r.id, r.date, r.account, name_of(r.partner_id), "Versement du partenaire",
                r.amount_cents) for r in src["receipts"]]
    rows += [row("expense", x.id, x.date, x.account, label(x.category), x.label or "", -x.amount_cents)
             for x in src["expenses"]]
    advance_of: dict[str, tuple[str, str]] = {}
    for e in snap.engagements:
        p = project.get(e.project_id)
        c = company.get(p.company_id) if p is not None else None
        advance_of[e.id] = (c.name if c else "", p.title if p else "")
    unknown = ("", "")
    for d in src["disbursements"]:
        who, title = advance_of.get(d.engagement_id, unknown)
        rows.append(row("disbursement", d.id, d.date, "advances", who, title, -d.amount_cents, d.engagement_id))
    for rp in src["repayments"]:
        who, title = advance_of.get(rp.engagement_id, unknown)
        rows.append(row("repayment", rp.id, rp.date, "advances", who, title, rp.amount_cents, rp.engagement_id))
    for w in src["write_offs"]:
        who, title = advance_of.get(w.engagement_id, unknown)
        rows.append(row("write_off", w.id, w.date, "", who, f"{title} — {w.reason or ''}", -w.amount_cents,
                        w.engagement_id))
    return sorted_fairly(rows, key=itemgetter(2, 0, 1))  # date, kind, id (260 000 rows: see fair_sort)


def _insolvencies(snap: Snapshot, as_of: dt.date, advances: list[AdvanceRow]) -> list[InsolvencyRow]:
    owed: dict[str, int] = defaultdict(int)
    for a in advances:
        owed[a.company_id] += a.outstanding_cents
    out = []
    for c in snap.companies:
        ins = c.insolvency
        if not ins:
            continue
        published = ins.published_on
        deadline = add_months(published, INSOLVENCY_CLAIM_MONTHS) if published else None
        out.append(InsolvencyRow(c.id, c.name, label(ins.procedure), ins.judgment_on, published, deadline,
                                 (deadline - as_of).days if deadline else None, owed.get(c.id, 0)))
    out.sort(key=lambda r: r.claim_deadline or dt.date.max)
    return out


def next_meeting_after(data: Snapshot | Mapping[str, Any], day: dt.date) -> dt.date | None:
    later = [mt.date for mt in as_snapshot(data).meetings if mt.date > day]
    return min(later) if later else None


def _forecast(snap: Snapshot, fig: Figures, until: dt.date | None, balance: int,
              advances: list[AdvanceRow]) -> Forecast:
    as_of = fig.as_of
    meeting = next_meeting_after(snap, as_of)
    # Without a scheduled comité, look two months ahead (the usual spacing of meetings).
    end = until or meeting or add_months(as_of, 2)
    amount = count = 0
    due_on = attrgetter("due_on")
    for a in fig.advances:
        # Schedules are in due-date order: only the instalments falling in (as_of, end] are read.
        lo = bisect_right(a.schedule, as_of, key=due_on)
        hi = bisect_right(a.schedule, end, key=due_on)
        for k in range(lo, hi):
            left = a.schedule[k].amount_cents - a.paid[k]
            if left > 0:
                amount += left
                count += 1
    return Forecast(end, meeting, balance, amount, count, sum(a.overdue_cents for a in advances),
                    sum(a.to_disburse_cents for a in advances))


def fund_view(engine: Engine, as_of: dt.date, forecast_until: dt.date | None = None) -> FundView | None:
    """The whole fund as of a date; None when the database holds no basin yet."""
    snap = current_snapshot(engine)
    if snap.basin is None:
        return None
    key = ("fund_view", as_of, forecast_until)  # the page shows it again without any write between
    if key not in snap.memo:
        with long_lived():  # kept as long as the snapshot: out of the collector's scans (alize_desktop.memory)
            snap.memo[key] = fund_view_from_data(snap, as_of, forecast_until)
    return snap.memo[key]


def fund_view_from_data(data: Snapshot | Mapping[str, Any], as_of: dt.date,
                        forecast_until: dt.date | None = None) -> FundView:
    snap = as_snapshot(data)
    fig = figures(snap, as_of)
    fund = fig.fund
    balances = fig.balances
    advances = _advances(snap, fig)
    settings = snap.settings
    received = sum(r.amount_cents for r in snap.receipts if r.account == "advances" and r.date <= as_of)
    cohorts = tuple(CohortRow(year, fig.cohorts[year][0], fig.cohorts[year][1], rate)
                    for year, rate in fund["loss_rate_by_cohort"].items())
    cap = settings.operator_reimbursement_cap_cents
    cap = DEFAULT_REIMBURSEMENT_CAP_CENTS if cap is None else cap
    used = sum(x.amount_cents for x in snap.expenses
               if x.category == REIMBURSEMENT_CATEGORY and x.date.year == as_of.year)
    partners = sorted(snap.partners, key=lambda p: (not p.active, p.name.casefold()))
    return FundView(
        as_of=as_of,
        advances_balance_cents=balances["advances_cents"],
        operating_balance_cents=balances["operating_cents"],
        totals={k: fund[f"{k}_cents"] for k in ("disbursed", "repaid", "written_off", "outstanding", "overdue")},
        ageing={b: fund["ageing_cents"][b] for b in AGEING_BUCKETS},
        loss_rate=fund["loss_rate"],
        benchmark=settings.loss_rate_benchmark or DEFAULT_BENCHMARK,
        cohorts=cohorts,
        fund_size_cents=received - fund["written_off_cents"],
        advances=tuple(advances),
        movements=snap.memo.get("movements") or tuple(movements_of(snap)),
        insolvencies=tuple(_insolvencies(snap, as_of, advances)),
        forecast=_forecast(snap, fig, forecast_until, balances["advances_cents"], advances),
        reimbursement_cap_cents=cap,
        reimbursed_this_year_cents=used,
        partners=tuple((p.id, p.name) for p in partners),
    )


# --- what an entry dialog shows before saving ------------------------------------------------


@dataclasses.dataclass(frozen=True)
class AllocationLine:
    number: int
    due_on: dt.date
    amount_cents: int
    paid_before_cents: int
    this_cents: int

    @property
    def left_after_cents(self) -> int:
        return self.amount_cents - self.paid_before_cents - self.this_cents


@dataclasses.dataclass(frozen=True)
class AdvancePosition(AdvanceMovements):
    """An advance with every movement whatever its date: what a new entry is checked against."""

    engagement_id: str
    granted_cents: int
    disbursed_cents: int
    repaid_cents: int
    written_off_cents: int
    schedule: tuple[Instalment, ...]

    def allocation(self, amount_cents: int) -> list[AllocationLine]:
        """How a repayment of `amount_cents` would fill the instalments (oldest first)."""
        before = allocate(self.schedule, [self.repaid_cents])
        after = allocate(self.schedule, [self.repaid_cents + max(0, amount_cents)])
        return [AllocationLine(i.number, i.due_on, i.amount_cents, b, a - b)
                for i, b, a in zip(self.schedule, before, after, strict=True) if a > b]


def advance_position(engine: Engine, engagement_id: str) -> AdvancePosition | None:
    """The advance with all its movements (whatever their date), from the shared snapshot."""
    snap = current_snapshot(engine)
    e = snap.engagement.get(engagement_id)
    if e is None or e.kind != "repayable_advance":
        return None
    mv = snap.movements(e.id)
    try:
        schedule = schedule_of(snap, e, mv.disbursements)
    except ValueError:  # terms the import let through but the schedule cannot use: show no schedule
        schedule = ()
    return AdvancePosition(e.id, e.amount_cents or 0, sum(d.amount_cents for d in mv.disbursements),
                           sum(r.amount_cents for r in mv.repayments), sum(w.amount_cents for w in mv.write_offs),
                           tuple(schedule))


def reimbursement_status(engine: Engine, year: int) -> tuple[int, int]:
    """(yearly cap, operator reimbursements already booked that year)."""
    with Session(engine) as s:
        return reimbursement_cap(s), reimbursed_in(s, year)
