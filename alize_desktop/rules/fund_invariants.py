"""The advance fund's invariants, each written once (DOMAIN.md §5): the dialog's service, the
import and `check` call these functions and show the same French sentence.

- chronology: taken in date order (on one day, disbursements before repayments before write-offs),
  no repayment or write-off may exceed what the advance still owes at that moment;
- the disbursements of an advance never exceed the granted amount;
- the operator's reimbursements stay within the yearly cap.

Pure functions over plain values: a `Movement` is built from a database row, a snapshot record
or a format v1 entry alike. Each message names the record and says what to do.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import NamedTuple

from alize_desktop.basin.defaults import REIMBURSEMENT_CAP_CENTS
from alize_desktop.formatting import date_long, money

ORDER = {"disbursement": 0, "repayment": 1, "write_off": 2}
_WHAT = {"repayment": ("Remboursement", "le remboursement"), "write_off": ("Sinistre", "le sinistre")}


class Movement(NamedTuple):
    """One disbursement, repayment or write-off of an advance."""

    kind: str  # disbursement | repayment | write_off
    id: str
    engagement_id: str
    date: date
    amount_cents: int


def beyond_owed_message(kind: str, movement_id: str, engagement_id: str, day: date, amount_cents: int,
                        owed_cents: int) -> str:
    """The one sentence for a repayment or write-off beyond what the advance owes on its date."""
    title, what = _WHAT[kind]
    return (f"{title} refusé : {what} « {movement_id} » de {money(amount_cents)} du {date_long(day)} dépasse "
            f"le capital restant dû de l'avance « {engagement_id} » à cette date ({money(max(0, owed_cents))}) ; "
            f"corrigez son montant ou sa date, ou enregistrez d'abord le versement qui le précède.")


def chronology_problems(movements: Iterable[Movement]) -> list[tuple[Movement, str]]:
    """The first movement of each advance that its chronology refuses, with the sentence, by advance."""
    by_advance: dict[str, list[Movement]] = defaultdict(list)
    for mv in movements:
        by_advance[mv.engagement_id].append(mv)
    out = []
    for moves in by_advance.values():
        found = first_beyond_owed(moves)
        if found is not None:
            out.append(found)
    return out


def first_beyond_owed(movements: Sequence[Movement]) -> tuple[Movement, str] | None:
    """Of one advance's movements, the first repayment or write-off beyond what is owed, if any."""
    owed = 0
    for mv in sorted(movements, key=lambda m: (m.date, ORDER[m.kind], m.id)):
        if mv.kind == "disbursement":
            owed += mv.amount_cents
        elif mv.amount_cents > owed:
            return mv, beyond_owed_message(mv.kind, mv.id, mv.engagement_id, mv.date, mv.amount_cents, owed)
        else:
            owed -= mv.amount_cents
    return None


def chronology_problem(movements: Sequence[Movement]) -> str | None:
    """The sentence refusing one advance's movements, or None when they can coexist."""
    found = first_beyond_owed(movements)
    return found[1] if found else None


def over_granted_message(engagement_id: str, disbursed_cents: int, granted_cents: int) -> str:
    """The one sentence for disbursements beyond the granted amount."""
    return (f"Versements de l'avance « {engagement_id} » refusés : {money(disbursed_cents)} versés dépassent "
            f"le montant accordé ({money(granted_cents)}) ; corrigez le montant d'un versement ou celui accordé "
            f"par le comité.")


def reimbursement_cap_message(expense_id: str | None, year: int, already_cents: int, amount_cents: int,
                              cap_cents: int) -> str:
    """The one sentence for an operator reimbursement beyond the yearly cap."""
    room = max(0, cap_cents - already_cents)
    which = f" « {expense_id} »" if expense_id else ""
    return (f"Défraiement{which} refusé : le plafond annuel de {money(cap_cents)} serait dépassé en {year} "
            f"(déjà {money(already_cents)}, reste possible {money(room)}, demandé {money(amount_cents)}) ; "
            f"réduisez le montant ou relevez le plafond dans les réglages du bassin.")


class Reimbursement(NamedTuple):
    """An expense of category operator_reimbursement."""

    id: str
    date: date
    amount_cents: int


def reimbursement_cap_problems(reimbursements: Iterable[Reimbursement],
                               cap_cents: int | None = None) -> list[tuple[Reimbursement, str]]:
    """The first reimbursement of each calendar year that takes the year beyond the cap, in the
    order given (the order they were booked), with the sentence."""
    cap = REIMBURSEMENT_CAP_CENTS if cap_cents is None else cap_cents
    per_year: dict[int, int] = defaultdict(int)
    refused: set[int] = set()
    out = []
    for x in reimbursements:
        year = x.date.year
        if year in refused:
            continue
        if per_year[year] + x.amount_cents > cap:
            out.append((x, reimbursement_cap_message(x.id, year, per_year[year], x.amount_cents, cap)))
            refused.add(year)  # one sentence per year is enough
        per_year[year] += x.amount_cents
    return out
