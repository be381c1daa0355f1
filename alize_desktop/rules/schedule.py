"""Repayment schedules (DOMAIN.md §5.1): terms, due dates, instalment amounts.

Everything here is pure: plain values in, plain values out. Money is integer cents;
the annuity of a subsidised loan is computed with Decimal and rounded half-up to the cent.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache
from typing import Any, NamedTuple

ALLOWED_PERIODS = (1, 3, 6, 12)


def to_date(value: date | str | None) -> date | None:
    """Accept a `date`, an ISO `YYYY-MM-DD` string (format v1) or None."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    # A table beats calendar.monthrange (which also computes a weekday): schedules of
    # thousands of advances call this hundreds of thousands of times per report.
    if month == 2 and calendar.isleap(year):
        return 29
    return _MONTH_DAYS[month - 1]


def add_months(d: date, months: int) -> date:
    """`d` plus `months` calendar months, clipped to the month's last day.

    31 January + 1 → 28 (or 29) February. Callers always add to one base date rather
    than chaining, so the clipping never makes later dates drift (31 Mar stays 31 Mar).
    """
    year, month0 = divmod(d.year * 12 + d.month - 1 + months, 12)
    day = d.day
    if day > 28:
        day = min(day, _days_in_month(year, month0 + 1))
    return date(year, month0 + 1, day)


@dataclass(frozen=True)
class Terms:
    """Repayment terms of a repayable advance or a subsidised loan (format v1 `terms`)."""

    duration_months: int
    deferral_months: int
    period_months: int
    annual_rate: float = 0.0
    first_due_on: date | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Terms:
        """Build from the format v1 `terms` object (dates as ISO strings, rate may be absent)."""
        rate = d.get("annual_rate")
        return cls(
            duration_months=int(d["duration_months"]),
            deferral_months=int(d.get("deferral_months") or 0),
            period_months=int(d["period_months"]),
            annual_rate=float(rate) if rate is not None else 0.0,
            first_due_on=to_date(d.get("first_due_on")),
        )

    @property
    def instalment_count(self) -> int:
        """n = (duration − deferral) / period; only meaningful when `terms_problems` is empty."""
        return (self.duration_months - self.deferral_months) // self.period_months


class Instalment(NamedTuple):
    """One line of a schedule; `amount_cents` = `principal_cents` + `interest_cents`.

    A NamedTuple: a network basin's report builds 300 000 of them.
    """

    number: int
    due_on: date
    amount_cents: int
    principal_cents: int
    interest_cents: int


def terms_problems(terms: Terms) -> list[str]:
    """Why the terms cannot be accepted, in French; an empty list when they are valid."""
    problems: list[str] = []
    if terms.duration_months < 0:
        problems.append("La durée ne peut pas être négative.")
    if terms.deferral_months < 0:
        problems.append("Le différé ne peut pas être négatif.")
    if terms.annual_rate < 0:
        problems.append("Le taux annuel ne peut pas être négatif.")
    if terms.period_months not in ALLOWED_PERIODS:
        problems.append(f"La périodicité doit être de 1, 3, 6 ou 12 mois (saisi : {terms.period_months}).")
    if terms.duration_months <= terms.deferral_months:
        problems.append(
            f"La durée ({terms.duration_months} mois, différé compris) doit être supérieure "
            f"au différé ({terms.deferral_months} mois)."
        )
    elif terms.period_months in ALLOWED_PERIODS:
        remaining = terms.duration_months - terms.deferral_months
        if remaining % terms.period_months:
            problems.append(
                f"La durée hors différé ({remaining} mois) doit être un multiple de la "
                f"périodicité ({terms.period_months} mois)."
            )
    return problems


def due_dates(terms: Terms, base_date: date | None) -> list[date]:
    """The n due dates, each computed from a single base date (never from the previous one)."""
    n = terms.instalment_count
    period = terms.period_months
    if terms.first_due_on is not None:
        first = terms.first_due_on
        return [add_months(first, (k - 1) * period) for k in range(1, n + 1)]
    if base_date is None:
        raise ValueError("Échéancier impossible : ni date de premier versement ni date de première échéance.")
    deferral = terms.deferral_months
    return [add_months(base_date, deferral + k * period) for k in range(1, n + 1)]


def _cents_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def build_schedule(principal_cents: int, terms: Terms, base_date: date | None) -> list[Instalment]:
    """The schedule of DOMAIN.md §5.1.

    `base_date` stands for the first disbursement (or the projected base date); it is ignored
    when `terms.first_due_on` is set. Raises ValueError (French) on invalid terms, a negative
    principal, or when no base date is available.
    """
    return list(shared_schedule(principal_cents, terms, base_date))


@lru_cache(maxsize=8192)
def shared_schedule(principal_cents: int, terms: Terms, base_date: date | None) -> tuple[Instalment, ...]:
    """`build_schedule` as an immutable tuple, computed once per (principal, terms, base date).

    Advances of a basin share their terms and amounts and are paid out on the days after a
    comité: a network basin's 8 000 schedules are a few hundred distinct ones.
    """
    if terms.first_due_on is not None:
        base_date = None  # ignored: one cache entry whatever base the caller had
    return tuple(_build(principal_cents, terms, base_date))


def _build(principal_cents: int, terms: Terms, base_date: date | None) -> list[Instalment]:
    problems = terms_problems(terms)
    if problems:
        raise ValueError("Conditions de remboursement invalides : " + " ".join(problems))
    if principal_cents < 0:
        raise ValueError("Le montant à rembourser ne peut pas être négatif.")
    dates = due_dates(terms, base_date)
    n = len(dates)
    if terms.annual_rate == 0:
        return _zero_rate(principal_cents, dates)
    return _annuity(principal_cents, terms, dates, n)


def _zero_rate(principal: int, dates: list[date]) -> list[Instalment]:
    n = len(dates)
    share = principal // n
    last = principal - (n - 1) * share  # the rounding remainder goes on the last instalment
    new = tuple.__new__
    out = [new(Instalment, (k, due, share, share, 0)) for k, due in enumerate(dates[:-1], start=1)]
    out.append(Instalment(n, dates[-1], last, last, 0))
    return out


def _annuity(principal: int, terms: Terms, dates: list[date], n: int) -> list[Instalment]:
    with localcontext() as ctx:
        ctx.prec = 40
        # str() keeps the rate as typed (0.015, not its binary approximation).
        r = Decimal(str(terms.annual_rate)) * terms.period_months / 12
        payment = _cents_half_up(Decimal(principal) * r / (1 - (1 + r) ** -n))
        remaining = principal
        out = []
        for k, due in enumerate(dates, start=1):
            interest = _cents_half_up(Decimal(remaining) * r)
            if k == n:
                part = remaining  # the last instalment clears whatever principal is left
            else:
                part = min(max(payment - interest, 0), remaining)
            remaining -= part
            out.append(Instalment(k, due, part + interest, part, interest))
    return out


# --- actual vs projected schedule of a format v1 engagement ---------------------------------


def _own(engagement: Mapping[str, Any], disbursements: Iterable[Mapping[str, Any]]) -> list:
    # Callers may pass either this engagement's disbursements or the whole list.
    eid = engagement.get("id")
    return [d for d in disbursements if d.get("engagement_id", eid) == eid]


def engagement_principal(engagement: Mapping[str, Any], disbursements: Iterable[Mapping[str, Any]]) -> int:
    """Principal of a schedule: the sum of the engagement's disbursements if any, else its amount."""
    own = _own(engagement, disbursements)
    if own:
        return sum(int(d["amount_cents"]) for d in own)
    return int(engagement["amount_cents"])


def actual_schedule(
    engagement: Mapping[str, Any], disbursements: Iterable[Mapping[str, Any]]
) -> list[Instalment] | None:
    """The actual schedule of a repayable advance, or None when it does not exist yet.

    It exists once the advance is disbursed (base = first disbursement date) or has
    `first_due_on`. A subsidised loan never has one (DOMAIN.md §5.1: its annex always prints a
    projected schedule), nor does an engagement without terms.
    """
    terms_d = engagement.get("terms")
    if engagement.get("kind") != "repayable_advance" or not terms_d:
        return None
    terms = Terms.from_dict(terms_d)
    own = _own(engagement, disbursements)
    if not own and terms.first_due_on is None:
        return None
    base = min((_disbursed_on(d) for d in own), default=None)
    principal = sum(int(d["amount_cents"]) for d in own) if own else int(engagement["amount_cents"])
    return build_schedule(principal, terms, base)


def _disbursed_on(disbursement: Mapping[str, Any]) -> date:
    day = to_date(disbursement["date"])
    if day is None:  # format v1 requires it; a hand-made dict may still lack it
        raise ValueError("Un décaissement sans date ne peut pas servir de base à l'échéancier.")
    return day


def projected_base_date(project: Mapping[str, Any], approving_meeting_date: date | str | None) -> date:
    """Stand-in for the first disbursement: the convention signature date, else the meeting date."""
    signed = to_date(project.get("convention_signed_on"))
    if signed is not None:
        return signed
    meeting = to_date(approving_meeting_date)
    if meeting is None:
        raise ValueError("Date de base inconnue : ni convention signée ni comité d'agrément.")
    return meeting


def projected_schedule(
    engagement: Mapping[str, Any],
    project: Mapping[str, Any],
    approving_meeting_date: date | str | None,
) -> list[Instalment]:
    """Projected schedule on the granted amount, based on `projected_base_date`."""
    terms = Terms.from_dict(engagement["terms"])
    base = None if terms.first_due_on else projected_base_date(project, approving_meeting_date)
    return build_schedule(int(engagement["amount_cents"]), terms, base)


# --- the same, over the typed records of a basin snapshot -------------------------------------


def schedule_tuple(engagement: Any, disbursements: Sequence[Any]) -> tuple[Instalment, ...]:
    """`advance_schedule` as a shared immutable tuple, () when the advance has none yet."""
    terms_r = engagement.terms
    if engagement.kind != "repayable_advance" or terms_r is None:
        return ()
    terms = Terms(*terms_r)
    if not disbursements and terms.first_due_on is None:
        return ()
    base = min((d.date for d in disbursements), default=None)
    principal = sum(d.amount_cents for d in disbursements) if disbursements else int(engagement.amount_cents or 0)
    return shared_schedule(principal, terms, base)


def advance_schedule(engagement: Any, disbursements: Sequence[Any]) -> list[Instalment] | None:
    """`actual_schedule` of a snapshot record (`basin.records.Engagement`) and its disbursements.

    `disbursements` are the ones that count (e.g. those dated on or before the report's date).
    """
    terms_r = engagement.terms
    if engagement.kind != "repayable_advance" or terms_r is None:
        return None
    terms = Terms(*terms_r)
    if not disbursements and terms.first_due_on is None:
        return None
    base = min((d.date for d in disbursements), default=None)
    principal = sum(d.amount_cents for d in disbursements) if disbursements else int(engagement.amount_cents or 0)
    return list(shared_schedule(principal, terms, base))
