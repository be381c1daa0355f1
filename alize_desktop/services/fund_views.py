"""What the Fonds page shows, as frozen rows: advances, schedules, movements, arrears,
insolvency deadlines, loss rates, the fund against its critical size and a revolving forecast.

Everything is read from the basin data dict (format v1) and computed by `rules.report.fund_figures`
and `rules.fund`, so the page, the evaluation report and the export never disagree.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.interchange.exporter import export_basin
from alize_desktop.models.enums import label
from alize_desktop.rules.fund import (
    AGEING_BUCKETS,
    DEFAULT_REIMBURSEMENT_CAP_CENTS,
    REIMBURSEMENT_CATEGORY,
    account_balances,
    ageing_bucket,
    allocate,
)
from alize_desktop.rules.report import fund_figures
from alize_desktop.rules.schedule import Instalment, actual_schedule, add_months
from alize_desktop.services.common_money import AdvanceMovements
from alize_desktop.services.fund import reimbursed_in, reimbursement_cap

CRITICAL_SIZE_CENTS = (40_000_000, 50_000_000)  # DOMAIN.md §5: 400 000–500 000 €
DEFAULT_BENCHMARK = 0.06
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


@dataclasses.dataclass(frozen=True)
class MovementRow:
    """One line of the ledger. `amount_cents` is the effect on the account (a write-off moves no money)."""

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


def _d(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _instalments(schedule: list[dict[str, Any]], as_of: dt.date) -> tuple[InstalmentRow, ...]:
    rows = []
    for k, i in enumerate(schedule, start=1):
        due = dt.date.fromisoformat(i["due_on"])
        amount, paid = i["amount_cents"], i["paid_cents"]
        if paid >= amount:
            status = "Payée"
        elif due <= as_of:
            status = "Impayée" if paid == 0 else "Partiellement payée, en retard"
        else:
            status = "À venir" if paid == 0 else "Partiellement payée"
        rows.append(InstalmentRow(k, due, amount, paid, amount - paid, status))
    return tuple(rows)


def _advances(data: Mapping[str, Any], as_of: dt.date, report_rows: list[dict]) -> list[AdvanceRow]:
    as_of_iso = as_of.isoformat()
    projects = {p["id"]: p for p in data["projects"]}
    companies = {c["id"]: c for c in data["companies"]}
    meetings = {mt["id"]: mt for mt in data["meetings"]}
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for name in ("disbursements", "repayments", "write_offs"):
        for x in data[name]:
            if x["date"] <= as_of_iso:
                sums[x["engagement_id"]][name] += x["amount_cents"]
    engagements = {e["id"]: e for e in data["engagements"]}
    out = []
    for r in report_rows:
        e = engagements[r["id"]]
        project = projects.get(e["project_id"], {})
        company = companies.get(project.get("company_id"), {})
        schedule = _instalments(r["schedule"], as_of)
        upcoming = next((i for i in schedule if i.left_cents > 0), None)
        insolvency = company.get("insolvency") or {}
        meeting = meetings.get(e.get("meeting_id"))
        s = sums[e["id"]]
        out.append(AdvanceRow(
            e["id"], project.get("id", ""), project.get("title", ""), company.get("id", ""),
            company.get("name", ""), _d(meeting["date"]) if meeting else None, e.get("amount_cents") or 0,
            s["disbursements"], s["repayments"], s["write_offs"], r["outstanding_cents"], r["overdue_cents"],
            r["days_late"], upcoming.due_on if upcoming else None, upcoming.left_cents if upcoming else 0,
            label(insolvency.get("procedure")) if insolvency else "", schedule))
    return out


def movements_of(data: Mapping[str, Any]) -> list[MovementRow]:
    partners = {p["id"]: p["name"] for p in data["partners"]}
    engagements = {e["id"]: e for e in data["engagements"]}
    projects = {p["id"]: p for p in data["projects"]}
    companies = {c["id"]: c["name"] for c in data["companies"]}

    def advance_of(eid: str) -> tuple[str, str]:
        project = projects.get(engagements.get(eid, {}).get("project_id"), {})
        return companies.get(project.get("company_id"), ""), project.get("title", "")

    rows = [MovementRow("receipt", r["id"], _d(r["date"]), r["account"],  # type: ignore[arg-type]
                        partners.get(r["partner_id"], ""), "Versement du partenaire", r["amount_cents"])
            for r in data["receipts"]]
    rows += [MovementRow("expense", x["id"], _d(x["date"]), x["account"], label(x["category"]),  # type: ignore[arg-type]
                         x.get("label") or "", -x["amount_cents"]) for x in data["expenses"]]
    for name, kind, sign in (("disbursements", "disbursement", -1), ("repayments", "repayment", 1),
                             ("write_offs", "write_off", 0)):
        for x in data[name]:
            company, title = advance_of(x["engagement_id"])
            text = title if kind != "write_off" else f"{title} — {x.get('reason') or ''}"
            account = "advances" if sign else ""
            amount = sign * x["amount_cents"] if sign else -x["amount_cents"]
            rows.append(MovementRow(kind, x["id"], _d(x["date"]), account, company, text,  # type: ignore[arg-type]
                                    amount, x["engagement_id"]))
    rows.sort(key=lambda r: (r.date, r.kind, r.id))
    return rows


def _insolvencies(data: Mapping[str, Any], as_of: dt.date, advances: list[AdvanceRow]) -> list[InsolvencyRow]:
    owed: dict[str, int] = defaultdict(int)
    for a in advances:
        owed[a.company_id] += a.outstanding_cents
    out = []
    for c in data["companies"]:
        ins = c.get("insolvency")
        if not ins:
            continue
        published = _d(ins.get("published_on"))
        deadline = add_months(published, INSOLVENCY_CLAIM_MONTHS) if published else None
        out.append(InsolvencyRow(c["id"], c["name"], label(ins.get("procedure")), _d(ins.get("judgment_on")),
                                 published, deadline, (deadline - as_of).days if deadline else None,
                                 owed.get(c["id"], 0)))
    out.sort(key=lambda r: r.claim_deadline or dt.date.max)
    return out


def next_meeting_after(data: Mapping[str, Any], day: dt.date) -> dt.date | None:
    later = sorted(mt["date"] for mt in data["meetings"] if mt["date"] > day.isoformat())
    return _d(later[0]) if later else None


def _forecast(data: Mapping[str, Any], as_of: dt.date, until: dt.date | None, balance: int,
              advances: list[AdvanceRow]) -> Forecast:
    meeting = next_meeting_after(data, as_of)
    # Without a scheduled comité, look two months ahead (the usual spacing of meetings).
    end = until or meeting or add_months(as_of, 2)
    amount = count = 0
    for a in advances:
        for i in a.schedule:
            if as_of < i.due_on <= end and i.left_cents > 0:
                amount += i.left_cents
                count += 1
    return Forecast(end, meeting, balance, amount, count, sum(a.overdue_cents for a in advances),
                    sum(a.to_disburse_cents for a in advances))


def fund_view(engine: Engine, as_of: dt.date, forecast_until: dt.date | None = None) -> FundView | None:
    """The whole fund as of a date; None when the database holds no basin yet."""
    try:
        data = export_basin(engine)
    except LookupError:
        return None
    return fund_view_from_data(data, as_of, forecast_until)


def fund_view_from_data(data: Mapping[str, Any], as_of: dt.date, forecast_until: dt.date | None = None) -> FundView:
    fund, rows = fund_figures(data, as_of)
    balances = account_balances(data, as_of)
    advances = _advances(data, as_of, rows)
    settings = data["basin"].get("settings") or {}
    as_of_iso = as_of.isoformat()
    received = sum(r["amount_cents"] for r in data["receipts"] if r["account"] == "advances" and r["date"] <= as_of_iso)
    by_year: dict[str, list[int]] = {}
    meeting_year = {mt["id"]: mt["date"][:4] for mt in data["meetings"]}
    meeting_of = {e["id"]: e.get("meeting_id") for e in data["engagements"]}
    for a in advances:
        year = meeting_year.get(meeting_of.get(a.engagement_id))
        if year is not None and a.disbursed_cents > 0:
            cohort = by_year.setdefault(year, [0, 0])
            cohort[0] += a.disbursed_cents
            cohort[1] += a.written_off_cents
    cohorts = tuple(CohortRow(year, by_year[year][0], by_year[year][1], rate) for year, rate in fund["loss_rate_by_cohort"].items())
    cap = settings.get("operator_reimbursement_cap_cents")
    cap = DEFAULT_REIMBURSEMENT_CAP_CENTS if cap is None else cap
    year_prefix = str(as_of.year)
    used = sum(x["amount_cents"] for x in data["expenses"]
               if x["category"] == REIMBURSEMENT_CATEGORY and x["date"][:4] == year_prefix)
    partners = sorted(data["partners"], key=lambda p: (not p.get("active", True), p["name"].casefold()))
    return FundView(
        as_of=as_of,
        advances_balance_cents=balances["advances_cents"],
        operating_balance_cents=balances["operating_cents"],
        totals={k: fund[f"{k}_cents"] for k in ("disbursed", "repaid", "written_off", "outstanding", "overdue")},
        ageing={b: fund["ageing_cents"][b] for b in AGEING_BUCKETS},
        loss_rate=fund["loss_rate"],
        benchmark=settings.get("loss_rate_benchmark", DEFAULT_BENCHMARK) or DEFAULT_BENCHMARK,
        cohorts=cohorts,
        fund_size_cents=received - fund["written_off_cents"],
        advances=tuple(advances),
        movements=tuple(movements_of(data)),
        insolvencies=tuple(_insolvencies(data, as_of, advances)),
        forecast=_forecast(data, as_of, forecast_until, balances["advances_cents"], advances),
        reimbursement_cap_cents=cap,
        reimbursed_this_year_cents=used,
        partners=tuple((p["id"], p["name"]) for p in partners),
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
    with Session(engine) as s:
        e = s.get(m.Engagement, engagement_id)
        if e is None or e.kind != "repayable_advance":
            return None
        sums = {}
        own = []
        for model in (m.Disbursement, m.Repayment, m.WriteOff):
            rows = s.execute(select(model.date, model.amount_cents).where(model.engagement_id == engagement_id)).all()
            sums[model] = sum(r.amount_cents for r in rows)
            if model is m.Disbursement:
                own = [{"date": r.date.isoformat(), "amount_cents": r.amount_cents} for r in rows]
        terms = None
        if e.duration_months is not None:
            terms = {"duration_months": e.duration_months, "deferral_months": e.deferral_months or 0,
                     "period_months": e.period_months, "annual_rate": e.annual_rate or 0.0,
                     "first_due_on": e.first_due_on.isoformat() if e.first_due_on else None}
        record = {"id": e.id, "kind": e.kind, "amount_cents": e.amount_cents or 0, "terms": terms}
        try:
            schedule = actual_schedule(record, own) or []
        except ValueError:  # terms the import let through but the schedule cannot use: show no schedule
            schedule = []
        return AdvancePosition(e.id, e.amount_cents or 0, sums[m.Disbursement], sums[m.Repayment],
                               sums[m.WriteOff], tuple(schedule))


def reimbursement_status(engine: Engine, year: int) -> tuple[int, int]:
    """(yearly cap, operator reimbursements already booked that year)."""
    with Session(engine) as s:
        return reimbursement_cap(s), reimbursed_in(s, year)
