"""Writes on the two accounts and the advance fund: disbursements, repayments, write-offs,
receipts, expenses, and the deletion of a wrongly typed entry.

Each call is one transaction, journaled, and refused with RuleError({field: French message})
when a rule of DOMAIN.md §5 would be broken. The fund's chronology and the yearly
reimbursement cap are the rules of `rules.fund_invariants`, the ones the import and `check` apply,
with the same sentences: in date order, disbursements first on a given day, no repayment or
write-off may exceed what is outstanding at that moment. A database written
through these services therefore always exports a document that imports again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select, text
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.formatting import date_long, money
from alize_desktop.models.enums import ACCOUNTS, EXPENSE_CATEGORIES, label
from alize_desktop.rules.fund import DEFAULT_REIMBURSEMENT_CAP_CENTS, REIMBURSEMENT_CATEGORY
from alize_desktop.rules.fund_invariants import Movement, Reimbursement, reimbursement_cap_problems
from alize_desktop.rules.fund_invariants import chronology_problem as invariant_chronology
from alize_desktop.services.uow import Changes, RuleError, journal, unit_of_work

# Entry kinds, with their model, id prefix (format v1) and journal entity name.
KINDS: dict[str, tuple[type[m.Base], str]] = {
    "disbursement": (m.Disbursement, "d"),
    "repayment": (m.Repayment, "rp"),
    "write_off": (m.WriteOff, "w"),
    "receipt": (m.Receipt, "r"),
    "expense": (m.Expense, "x"),
}
FUND_KINDS = ("disbursement", "repayment", "write_off")
# The tables of an advance's movements (FUND_KINDS): they share id, engagement_id, date and amount_cents.
_Movement = TypeVar("_Movement", m.Disbursement, m.Repayment, m.WriteOff)
# Projects whose approved means may be paid out.
PAYABLE_STATUSES = ("approved", "convention_signed", "in_follow_up")


# A movement of one advance, as the chronology rule sees it (rules.fund_invariants).
FundEvent = Movement


def new_entry_id(engine: Engine, kind: str) -> str:
    """The id the next entry of `kind` will get (the UI keeps it to undo the entry later)."""
    model, prefix = KINDS[kind]
    with Session(engine) as s:
        return _next_id(s, model, prefix)


def _amount(amount_cents: int | None, what: str) -> None:
    if amount_cents is None:
        raise RuleError({"amount": "Saisir un montant."})
    if amount_cents <= 0:
        raise RuleError({"amount": f"Le montant d'un {what} doit être positif."})


def _date(day: dt.date | None) -> dt.date:
    if day is None:
        raise RuleError({"date": "Saisir une date."})
    return day


def advance_events(session: Session, engagement_id: str) -> list[Movement]:
    """Every disbursement, repayment and write-off of an advance."""
    return (_events(session, "disbursement", m.Disbursement, engagement_id)
            + _events(session, "repayment", m.Repayment, engagement_id)
            + _events(session, "write_off", m.WriteOff, engagement_id))


def _events(session: Session, kind: str, model: type[_Movement], engagement_id: str) -> list[Movement]:
    rows = session.execute(select(model.id, model.date, model.amount_cents)
                           .where(model.engagement_id == engagement_id)).all()
    return [Movement(kind, i, engagement_id, d, a) for i, d, a in rows]


def chronology_problem(events: list[Movement]) -> str | None:
    """French reason why these movements cannot coexist, or None: the one rule the import and
    `check` apply too (rules.fund_invariants)."""
    return invariant_chronology(events)


def outstanding_on(events: list[FundEvent], day: dt.date) -> int:
    """What remains owed at the end of `day` (disbursed − repaid − written off up to that day)."""
    total = 0
    for e in events:
        if e.date <= day:
            total += e.amount_cents if e.kind == "disbursement" else -e.amount_cents
    return total


def _advance(session: Session, engagement_id: str | None) -> m.Engagement:
    """The repayable advance an entry is for; refused for any other instrument."""
    if not engagement_id:
        raise RuleError({"engagement": "Choisir l'avance remboursable concernée."})
    e = session.get(m.Engagement, engagement_id)
    if e is None:
        raise RuleError({"engagement": f"Avance inconnue : « {engagement_id} »."})
    if e.kind != "repayable_advance":
        raise RuleError({"engagement": f"Seule une avance remboursable fait l'objet de mouvements du fonds "
                                       f"(« {label(e.kind)} » : aucun versement ni remboursement)."})
    return e


def _next_id(session: Session, model: type[m.Base], prefix: str) -> str:
    """A fresh id `prefix<N>`, N above the number of every `prefix…` id of the table, by SQLite.

    Like `uow.next_id` without sending a network basin's 250 000 repayment ids to Python for each
    entry typed. An id whose tail is not all digits counts by its leading digits (SQLite's CAST),
    which can only make N larger: the id is free all the same.
    """
    table = model.__tablename__
    best = session.execute(text(
        f"SELECT max(CAST(substr(id, {len(prefix) + 1}) AS INTEGER)) FROM {table} WHERE id LIKE :like"),  # noqa: S608
        {"like": f"{prefix}%"}).scalar()
    return f"{prefix}{max(0, int(best or 0)) + 1}"


def _id_free(session: Session, model: type[m.Base], prefix: str, entry_id: str | None) -> str:
    if entry_id is None:
        return _next_id(session, model, prefix)
    if session.get(model, entry_id) is not None:
        raise RuleError(f"L'enregistrement « {entry_id} » existe déjà.")
    return entry_id


def record_disbursement(engine: Engine, engagement_id: str, date: dt.date | None, amount_cents: int | None,
                        entry_id: str | None = None, restoring: bool = False) -> Changes:
    """Pay out a tranche of a repayable advance; the total paid out never exceeds the granted amount.

    `restoring` (undo of a deletion) also accepts a tranche of a project closed since.
    """
    day = _date(date)
    _amount(amount_cents, "versement")
    assert amount_cents is not None
    with unit_of_work(engine) as s:
        e = _advance(s, engagement_id)
        meeting = s.get(m.Meeting, e.meeting_id) if e.meeting_id else None
        if meeting is not None and day < meeting.date:
            raise RuleError({"date": f"Un versement ne peut précéder l'agrément du {date_long(meeting.date)}."})
        events = advance_events(s, e.id)
        paid = sum(ev.amount_cents for ev in events if ev.kind == "disbursement")
        granted = e.amount_cents or 0
        if paid + amount_cents > granted:
            raise RuleError({"amount": f"Versement refusé : {money(amount_cents)} dépasse le reste à verser "
                                       f"({money(max(0, granted - paid))} sur {money(granted)} accordés)."})
        project = s.get(m.Project, e.project_id)
        if not restoring and (project is None or project.status not in PAYABLE_STATUSES):
            status = label(project.status) if project else "inconnu"
            raise RuleError({"engagement": f"Le projet n'est pas en état de recevoir un versement (statut : {status})."})
        new_id = _id_free(s, m.Disbursement, "d", entry_id)
        problem = chronology_problem([*events, Movement("disbursement", new_id, e.id, day, amount_cents)])
        if problem:
            raise RuleError({"date": problem})
        s.add(m.Disbursement(id=new_id, engagement_id=e.id, date=day, amount_cents=amount_cents))
        journal(s, "disbursement", new_id, "create",
                {"engagement_id": e.id, "date": day, "amount_cents": amount_cents})
    return Changes(fund=True)


def record_repayment(engine: Engine, engagement_id: str, date: dt.date | None, amount_cents: int | None,
                     entry_id: str | None = None) -> Changes:
    """Record a repayment; refused beyond the capital outstanding on its date."""
    day = _date(date)
    if amount_cents is None:
        raise RuleError({"amount": "Saisir un montant."})
    with unit_of_work(engine) as s:
        e = _advance(s, engagement_id)
        if amount_cents <= 0:
            raise RuleError({"amount": "Le montant d'un remboursement doit être positif."})
        events = advance_events(s, e.id)
        new_id = _id_free(s, m.Repayment, "rp", entry_id)
        problem = chronology_problem([*events, Movement("repayment", new_id, e.id, day, amount_cents)])
        if problem:
            raise RuleError({"amount": problem})
        s.add(m.Repayment(id=new_id, engagement_id=e.id, date=day, amount_cents=amount_cents))
        journal(s, "repayment", new_id, "create", {"engagement_id": e.id, "date": day, "amount_cents": amount_cents})
    return Changes(fund=True)


def record_write_off(engine: Engine, engagement_id: str, date: dt.date | None, amount_cents: int | None,
                     reason: str, entry_id: str | None = None) -> Changes:
    """Record a sinistre: at most the outstanding amount, with the reason the comité will read."""
    day = _date(date)
    if amount_cents is None:
        raise RuleError({"amount": "Saisir un montant."})
    reason = (reason or "").strip()
    with unit_of_work(engine) as s:
        e = _advance(s, engagement_id)
        events = advance_events(s, e.id)
        new_id = _id_free(s, m.WriteOff, "w", entry_id)
        problems: dict[str, str] = {}
        if amount_cents <= 0:
            problems["amount"] = "Le montant d'un sinistre doit être positif."
        else:
            problem = chronology_problem([*events, Movement("write_off", new_id, e.id, day, amount_cents)])
            if problem:
                problems["amount"] = problem
        if not reason:
            problems["reason"] = "Indiquer le motif du sinistre (procédure, abandon de créance…)."
        if problems:
            raise RuleError(problems)
        s.add(m.WriteOff(id=new_id, engagement_id=e.id, date=day, amount_cents=amount_cents, reason=reason))
        journal(s, "write_off", new_id, "create",
                {"engagement_id": e.id, "date": day, "amount_cents": amount_cents, "reason": reason})
    return Changes(fund=True)


def _account(account: str | None) -> str:
    if account not in ACCOUNTS:
        raise RuleError({"account": "Choisir le compte : fonds d'avances ou fonctionnement."})
    return account


def record_receipt(engine: Engine, account: str | None, partner_id: str | None, date: dt.date | None,
                   amount_cents: int | None, entry_id: str | None = None, restoring: bool = False) -> Changes:
    """A partner's payment into one of the two accounts.

    `restoring` (undo of a deletion) accepts a receipt without partner, as format v1 does.
    """
    acc = _account(account)
    day = _date(date)
    _amount(amount_cents, "encaissement")
    with unit_of_work(engine) as s:
        if (partner_id or not restoring) and (not partner_id or s.get(m.Partner, partner_id) is None):
            raise RuleError({"partner": "Choisir le partenaire qui a versé ce montant."})
        new_id = _id_free(s, m.Receipt, "r", entry_id)
        s.add(m.Receipt(id=new_id, account=acc, partner_id=partner_id, date=day, amount_cents=amount_cents))
        journal(s, "receipt", new_id, "create",
                {"account": acc, "partner_id": partner_id, "date": day, "amount_cents": amount_cents})
    return Changes(fund=True)


def reimbursement_cap(session: Session) -> int:
    basin = session.get(m.Basin, 1)
    cap = basin.operator_reimbursement_cap_cents if basin is not None else None
    return DEFAULT_REIMBURSEMENT_CAP_CENTS if cap is None else cap


def reimbursed_in(session: Session, year: int, except_id: str | None = None) -> int:
    """Operator reimbursements already booked in a calendar year."""
    q = select(func.coalesce(func.sum(m.Expense.amount_cents), 0)).where(
        m.Expense.category == "operator_reimbursement",
        m.Expense.date >= dt.date(year, 1, 1), m.Expense.date <= dt.date(year, 12, 31))
    if except_id:
        q = q.where(m.Expense.id != except_id)
    return int(session.scalar(q) or 0)


def record_expense(engine: Engine, account: str | None, date: dt.date | None, amount_cents: int | None,
                   category: str | None, label_text: str, entry_id: str | None = None,
                   restoring: bool = False) -> Changes:
    """An expense; operator reimbursements stay within the basin's yearly cap.

    `restoring` (undo of a deletion) accepts an imported expense without label.
    """
    acc = _account(account)
    day = _date(date)
    _amount(amount_cents, "dépense")
    assert amount_cents is not None
    text = (label_text or "").strip()
    problems: dict[str, str] = {}
    if category not in EXPENSE_CATEGORIES:
        problems["category"] = "Choisir la catégorie de la dépense."
    if not text and not restoring:
        problems["label"] = "Indiquer le libellé de la dépense (objet, période…)."
    if problems:
        raise RuleError(problems)
    with unit_of_work(engine) as s:
        new_id = _id_free(s, m.Expense, "x", entry_id)
        if category == REIMBURSEMENT_CATEGORY:
            already = Reimbursement("", dt.date(day.year, 1, 1), reimbursed_in(s, day.year))
            refused = reimbursement_cap_problems([already, Reimbursement(new_id, day, amount_cents)],
                                                 reimbursement_cap(s))
            if refused:
                raise RuleError({"amount": refused[0][1]})
        s.add(m.Expense(id=new_id, account=acc, date=day, amount_cents=amount_cents, category=category,
                          label=text or None))
        journal(s, "expense", new_id, "create", {"account": acc, "date": day, "amount_cents": amount_cents,
                                                 "category": category, "label": text})
    return Changes(fund=True)


def entry_values(engine: Engine, kind: str, entry_id: str) -> dict[str, Any]:
    """The stored fields of an entry (what an undo needs to type it again)."""
    model = KINDS[kind][0]
    with Session(engine) as s:
        row = s.get(model, entry_id)
        if row is None:
            raise RuleError(f"Enregistrement introuvable : « {entry_id} ».")
        return {c.key: getattr(row, c.key) for c in model.__table__.columns}


def delete_entry(engine: Engine, kind: str, entry_id: str) -> Changes:
    """Delete a wrongly typed entry, unless later movements of the advance rely on it."""
    if kind not in KINDS:
        raise RuleError(f"Type d'enregistrement inconnu : « {kind} ».")
    model = KINDS[kind][0]
    with unit_of_work(engine) as s:
        row = s.get(model, entry_id)
        if row is None:
            raise RuleError(f"Enregistrement introuvable : « {entry_id} » (déjà supprimé ?).")
        values = {c.key: getattr(row, c.key) for c in model.__table__.columns}
        if isinstance(row, (m.Disbursement, m.Repayment, m.WriteOff)):  # kind in FUND_KINDS
            rest = [ev for ev in advance_events(s, row.engagement_id) if not (ev.kind == kind and ev.id == entry_id)]
            problem = chronology_problem(rest)
            if problem:
                raise RuleError("Suppression refusée : " + problem[0].lower() + problem[1:]
                                + " Supprimez d'abord les remboursements ou sinistres qui s'appuient sur ce versement.")
        s.delete(row)
        journal(s, kind, entry_id, "delete", values)
    return Changes(fund=True)


def restore_entry(engine: Engine, kind: str, values: dict[str, Any]) -> Changes:
    """Type again an entry that was deleted (undo), through the same rules as a new one."""
    eid = values["id"]
    if kind == "disbursement":
        return record_disbursement(engine, values["engagement_id"], values["date"], values["amount_cents"], eid,
                                   restoring=True)
    if kind == "repayment":
        return record_repayment(engine, values["engagement_id"], values["date"], values["amount_cents"], eid)
    if kind == "write_off":
        return record_write_off(engine, values["engagement_id"], values["date"], values["amount_cents"],
                                values.get("reason") or "", eid)
    if kind == "receipt":
        return record_receipt(engine, values["account"], values["partner_id"], values["date"],
                              values["amount_cents"], eid, restoring=True)
    if kind == "expense":
        return record_expense(engine, values["account"], values["date"], values["amount_cents"],
                              values["category"], values.get("label") or "", eid, restoring=True)
    raise RuleError(f"Type d'enregistrement inconnu : « {kind} ».")
