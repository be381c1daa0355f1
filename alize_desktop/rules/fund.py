"""The advance fund (DOMAIN.md §5 and §5.2): allocation, arrears, limits, balances, loss rate.

Pure functions over integer cents and the basin snapshot's records; no database, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from alize_desktop.basin import Snapshot, defaults
from alize_desktop.basin.convert import as_snapshot
from alize_desktop.formatting import money, round_half_up
from alize_desktop.rules.schedule import Instalment

AGEING_BUCKETS = ("1-30", "31-90", "91-180", "181+")
REIMBURSEMENT_CATEGORY = "operator_reimbursement"
DEFAULT_REIMBURSEMENT_CAP_CENTS = defaults.REIMBURSEMENT_CAP_CENTS


def allocate(schedule: Sequence[Instalment], repayments_amounts: Iterable[int]) -> list[int]:
    """Paid cents per instalment, repayments filling the oldest instalments first.

    Money is conserved up to the schedule total: the result sums to
    min(Σ repayments, Σ instalments). Any excess (which the repayment check refuses
    upstream) is not invented onto an instalment.
    """
    left = sum(repayments_amounts)
    n = len(schedule)
    if left <= 0:
        return [0] * n
    paid: list[int] = []
    for inst in schedule:
        amount = inst.amount_cents
        if left >= amount:
            paid.append(amount)
            left -= amount
        else:
            paid.append(left)  # the partly paid instalment, then nothing more
            paid.extend([0] * (n - len(paid)))
            break
    return paid


def due_cents(schedule: Sequence[Instalment], as_of: date) -> int:
    """Σ of the instalments due on or before `as_of`."""
    return sum(i.amount_cents for i in schedule if i.due_on <= as_of)


def overdue_cents(
    schedule: Sequence[Instalment],
    repaid_cents: int,
    as_of: date,
    outstanding_cents: int | None = None,
) -> int:
    """max(0, due − paid), capped by the outstanding amount when given.

    The cap matters after a write-off: what has been written off cannot still be overdue.
    """
    overdue = max(0, due_cents(schedule, as_of) - repaid_cents)
    if outstanding_cents is not None:
        overdue = min(overdue, max(0, outstanding_cents))
    return overdue


def days_late(schedule: Sequence[Instalment], paid: Sequence[int], as_of: date) -> int:
    """Days between `as_of` and the due date of the oldest instalment due but not fully paid.

    `paid` is the result of `allocate`. 0 when every instalment due by `as_of` is paid.
    """
    for inst, p in zip(schedule, paid, strict=True):
        if inst.due_on > as_of:
            break
        if p < inst.amount_cents:
            return (as_of - inst.due_on).days
    return 0


def ageing_bucket(days: int) -> str:
    """Bucket name of an advance's days late.

    An instalment due today and unpaid is overdue with 0 days late; it goes with "1-30" so that
    the buckets always add up to the overdue total.
    """
    if days <= 30:
        return "1-30"
    if days <= 90:
        return "31-90"
    if days <= 180:
        return "91-180"
    return "181+"


def outstanding(disbursed_cents: int, repaid_cents: int, written_off_cents: int) -> int:
    """disbursed − repaid − written off."""
    return disbursed_cents - repaid_cents - written_off_cents


def repayment_problem(outstanding_cents: int, amount_cents: int) -> str | None:
    """French reason to refuse a repayment, or None when it is acceptable."""
    if amount_cents <= 0:
        return "Le montant d'un remboursement doit être positif."
    if amount_cents > outstanding_cents:
        return (
            f"Remboursement refusé : {money(amount_cents)} dépasse le capital restant dû "
            f"({money(max(0, outstanding_cents))})."
        )
    return None


def write_off_problem(outstanding_cents: int, amount_cents: int) -> str | None:
    """French reason to refuse a write-off, or None when it is acceptable."""
    if amount_cents <= 0:
        return "Le montant d'un sinistre doit être positif."
    if amount_cents > outstanding_cents:
        return (
            f"Sinistre refusé : {money(amount_cents)} dépasse le capital restant dû "
            f"({money(max(0, outstanding_cents))})."
        )
    return None


def _year(value: date | str) -> int:
    return value.year if isinstance(value, date) else int(str(value)[:4])


def reimbursement_cap_problem(
    existing_expenses: Iterable[Mapping[str, Any]],
    new_expense: Mapping[str, Any],
    cap_cents: int = DEFAULT_REIMBURSEMENT_CAP_CENTS,
) -> str | None:
    """French reason to refuse an operator reimbursement beyond the yearly cap, else None.

    Only expenses of category `operator_reimbursement` of the new expense's calendar year
    count. An expense carrying the same id as the new one is ignored (an edit replaces it).
    """
    if new_expense.get("category") != REIMBURSEMENT_CATEGORY:
        return None
    year = _year(new_expense["date"])
    new_id = new_expense.get("id")
    already = sum(
        int(x["amount_cents"])
        for x in existing_expenses
        if x.get("category") == REIMBURSEMENT_CATEGORY
        and _year(x["date"]) == year
        and (new_id is None or x.get("id") != new_id)
    )
    amount = int(new_expense["amount_cents"])
    if already + amount > cap_cents:
        room = max(0, cap_cents - already)
        return (
            f"Défraiement refusé : le plafond annuel de {money(cap_cents)} serait dépassé en "
            f"{year} (déjà {money(already)}, reste possible {money(room)}, "
            f"demandé {money(amount)})."
        )
    return None


def account_balances(data: Snapshot | Mapping[str, Any], as_of: date) -> dict[str, int]:
    """Balances of the two accounts on `as_of` (everything dated on or before it).

    advances = receipts(advances) − disbursements + repayments;
    operating = receipts(operating) − expenses. An expense booked on the advances account
    (allowed by the format, never made in practice) is taken off that account.
    """
    snap = as_snapshot(data)
    bal = {"advances": 0, "operating": 0}
    for r in snap.receipts:
        if r.date <= as_of:
            bal[r.account] += r.amount_cents
    for x in snap.expenses:
        if x.date <= as_of:
            bal[x.account or "operating"] -= x.amount_cents
    bal["advances"] -= sum(d.amount_cents for d in snap.disbursements if d.date <= as_of)
    bal["advances"] += sum(p.amount_cents for p in snap.repayments if p.date <= as_of)
    return {"advances_cents": bal["advances"], "operating_cents": bal["operating"]}


def loss_rate(written_off_cents: int, disbursed_cents: int) -> float:
    """written off / disbursed, half-up to 4 decimals; 0.0 when nothing was disbursed."""
    if disbursed_cents <= 0:
        return 0.0
    return round_half_up(Decimal(written_off_cents) / Decimal(disbursed_cents), 4)
