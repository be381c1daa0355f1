"""The basin's facts as immutable typed records (one class per format v1 list).

Modelled on beancount's `core/data.py`: plain `NamedTuple`s, read by everything, never changed.
Dates are `datetime.date`, money integer cents, code names `StrEnum`s whose member names are their
values (so a member is equal to, hashes like and serialises as its code name: `label(kind)`,
`kind == "repayable_advance"` and `json.dumps` all keep working). A value outside the enumeration
(a hand-made test dict) is kept as the plain string rather than refused: refusing is the import's job.

NamedTuples rather than frozen dataclasses: a network-size basin holds 300 000 movements and a
tuple is built ten times faster than a frozen dataclass (whose `__init__` goes through
`object.__setattr__` for every field), with the same immutability.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import NamedTuple, TypeVar, overload


class EngagementKind(StrEnum):
    repayable_advance = "repayable_advance"
    subsidised_loan = "subsidised_loan"
    skills = "skills"
    in_kind = "in_kind"
    direct_funding = "direct_funding"


class PartnerKind(StrEnum):
    company = "company"
    territorial_actor = "territorial_actor"
    local_authority = "local_authority"
    state = "state"
    network_head = "network_head"


class ProjectStatus(StrEnum):
    received = "received"
    in_review = "in_review"
    scheduled = "scheduled"
    approved = "approved"
    adjourned = "adjourned"
    rejected = "rejected"
    convention_signed = "convention_signed"
    in_follow_up = "in_follow_up"
    closed = "closed"
    withdrawn = "withdrawn"


class Decision(StrEnum):
    approved = "approved"
    adjourned = "adjourned"
    rejected = "rejected"


class Account(StrEnum):
    advances = "advances"
    operating = "operating"


class ExpenseCategory(StrEnum):
    engineering = "engineering"
    operator_reimbursement = "operator_reimbursement"
    other = "other"


E = TypeVar("E", bound=StrEnum)


@overload
def code(enum: type[E], value: str) -> E | str: ...
@overload
def code(enum: type[E], value: None) -> None: ...
def code(enum: type[E], value: str | None) -> E | str | None:
    """The enum member of `value`, the plain string when it is not one, None for None."""
    if value is None:
        return None
    try:
        return enum(value)
    except ValueError:
        return value


# --- the basin itself ------------------------------------------------------------------------


class Settings(NamedTuple):
    """The basin's settings as stored; None means "the programme's default" (basin.defaults)."""

    quorum_fraction: float | None = None
    jobs_target_per_year: int | None = None
    examined_target_per_year: int | None = None
    approved_target_per_year: int | None = None
    budget_target_cents: int | None = None
    loss_rate_benchmark: float | None = None
    operator_reimbursement_cap_cents: int | None = None


class Operator(NamedTuple):
    name: str = ""
    siret: str | None = None
    address: str | None = None
    representative: str | None = None
    email: str | None = None


class BankAccount(NamedTuple):
    bank: str | None = None
    iban: str | None = None


class Basin(NamedTuple):
    name: str
    territory: str | None
    priority_criteria: tuple[str, ...]
    operator: Operator
    advances_account: BankAccount
    operating_account: BankAccount
    settings: Settings


# --- partners and conventions ----------------------------------------------------------------


class Convention(NamedTuple):
    id: str
    start: dt.date
    specific_objectives: str | None
    labour_market: str | None
    signed_on: dt.date | None


class Partner(NamedTuple):
    id: str
    kind: PartnerKind | str
    name: str
    siret: str | None
    address: str | None
    active: bool


class Person(NamedTuple):
    id: str
    partner_id: str
    first_name: str
    last_name: str
    role: str | None
    email: str | None
    phone: str | None
    committee_member: bool
    active: bool


class Commitment(NamedTuple):
    id: str
    convention_id: str
    partner_id: str
    year: int | None
    nature: str
    amount_cents: int | None
    days: int | None
    description: str | None


class Receipt(NamedTuple):
    id: str
    account: Account | str
    partner_id: str | None
    date: dt.date
    amount_cents: int


class SupportScheme(NamedTuple):
    id: str
    name: str
    kind: str


# --- companies, projects, follow-ups ----------------------------------------------------------


class Insolvency(NamedTuple):
    procedure: str
    judgment_on: dt.date | None
    published_on: dt.date | None


class Company(NamedTuple):
    id: str
    name: str
    siret: str | None
    legal_form: str | None
    naf: str | None
    created_on: dt.date | None
    headcount: int | None
    address: str | None
    manager: str | None
    insolvency: Insolvency | None


class Scores(NamedTuple):
    quality: int | None
    holder: int | None
    impact: int | None


class OtherSupport(NamedTuple):
    scheme_id: str
    amount_cents: int | None


class Project(NamedTuple):
    id: str
    company_id: str
    title: str
    type: str
    received_on: dt.date | None
    prescriber_id: str | None
    diagnostic: str | None
    complementary_diagnostic: str | None
    scores: Scores | None
    jobs_planned_created: int | None
    jobs_planned_maintained: int | None
    status: ProjectStatus | str
    other_supports: tuple[OtherSupport, ...]
    mandatary_id: str | None
    convention_signed_on: dt.date | None


class FollowUp(NamedTuple):
    id: str
    project_id: str
    date: dt.date
    author_id: str | None
    jobs_created: int | None
    jobs_maintained: int | None
    skills_days_delivered: int | None
    notes: str | None


# --- meetings ---------------------------------------------------------------------------------


class VoteTotals(NamedTuple):
    for_: int
    against: int
    abstain: int


class AgendaItem(NamedTuple):
    meeting_id: str
    project_id: str
    position: int | None
    conflicts: tuple[str, ...]
    votes: Mapping[str, str] | None  # person id → for | against | abstain, in the recorded order
    vote_totals: VoteTotals | None
    decision: Decision | str | None
    notes: str | None


class Meeting(NamedTuple):
    id: str
    date: dt.date
    place: str | None
    president_id: str | None
    present: tuple[str, ...]
    excused: tuple[str, ...]
    quorum_override: bool | None
    items: tuple[AgendaItem, ...]


# --- engagements and the advance fund ----------------------------------------------------------


class Terms(NamedTuple):
    """Repayment terms; same fields, same order as `rules.schedule.Terms` (`Terms(*t)` converts)."""

    duration_months: int
    deferral_months: int
    period_months: int
    annual_rate: float
    first_due_on: dt.date | None


class Engagement(NamedTuple):
    id: str
    project_id: str
    meeting_id: str | None
    kind: EngagementKind | str
    partner_id: str | None
    amount_cents: int | None
    days: int | None
    description: str | None
    terms: Terms | None


class Disbursement(NamedTuple):
    id: str
    engagement_id: str
    date: dt.date
    amount_cents: int


class Repayment(NamedTuple):
    id: str
    engagement_id: str
    date: dt.date
    amount_cents: int


class WriteOff(NamedTuple):
    id: str
    engagement_id: str
    date: dt.date
    amount_cents: int
    reason: str | None


class Expense(NamedTuple):
    id: str
    account: Account | str
    date: dt.date
    amount_cents: int
    category: ExpenseCategory | str
    label: str | None
