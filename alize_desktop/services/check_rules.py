"""`check` at scale: the programme's rules on the big tables, as set-based SQL.

The schema (types, enumerations, references, not-null, unique attendance and agenda) is already
held by the database's own constraints and `PRAGMA foreign_key_check`; what remains are the rules
across rows (the fund's chronology, the cap, loan terms, the comités' votes, SIRET and IBAN keys),
which SQLite computes in one pass each (window functions, indexed sub-queries) instead of exporting
the whole basin and walking it in Python. Every sentence is the one `rules.fund_invariants` writes for the entry dialogs and the
import, so an operator reads the same words wherever the broken fact is found.

`check_rules(connection) -> list[str]`, [] when every rule holds.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection

from alize_desktop.basin.defaults import REIMBURSEMENT_CAP_CENTS
from alize_desktop.formatting import count
from alize_desktop.rules.fund_invariants import (
    beyond_owed_message,
    over_granted_message,
    reimbursement_cap_message,
)
from alize_desktop.rules.identifiers import iban_problem, siret_problem

_MOVEMENTS = """
    SELECT 'disbursement' AS kind, 0 AS k, id, engagement_id, date, amount_cents, amount_cents AS delta FROM disbursement
    UNION ALL SELECT 'repayment', 1, id, engagement_id, date, amount_cents, -amount_cents FROM repayment
    UNION ALL SELECT 'write_off', 2, id, engagement_id, date, amount_cents, -amount_cents FROM write_off
"""

# Running outstanding of each advance in the chronology's order (date, then disbursements before
# repayments before write-offs, then id); the first movement that takes it below zero.
_BEYOND_OWED = f"""
WITH mv AS ({_MOVEMENTS}),
run AS (SELECT kind, k, id, engagement_id, date, amount_cents,
               SUM(delta) OVER (PARTITION BY engagement_id ORDER BY date, k, id ROWS UNBOUNDED PRECEDING) AS after
        FROM mv),
bad AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY engagement_id ORDER BY date, k, id) AS n
        FROM run WHERE k > 0 AND after < 0)
SELECT kind, id, engagement_id, date, amount_cents, after + amount_cents FROM bad WHERE n = 1
ORDER BY engagement_id
"""

_NOT_AN_ADVANCE = f"""
WITH mv AS ({_MOVEMENTS})
SELECT mv.kind, mv.id, mv.engagement_id, e.kind FROM mv JOIN engagement e ON e.id = mv.engagement_id
WHERE e.kind <> 'repayable_advance' ORDER BY mv.engagement_id, mv.id
"""

_OVER_GRANTED = """
SELECT e.id, sum(d.amount_cents), e.amount_cents FROM engagement e JOIN disbursement d ON d.engagement_id = e.id
WHERE e.amount_cents IS NOT NULL GROUP BY e.id HAVING sum(d.amount_cents) > e.amount_cents ORDER BY e.id
"""

# Reimbursements of each year in booking order (rowid) with what the year held before each one.
_CAP = """
WITH x AS (SELECT rowid AS rid, id, date, amount_cents, strftime('%Y', date) AS year,
                  SUM(amount_cents) OVER (PARTITION BY strftime('%Y', date) ORDER BY rowid
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS before
           FROM expense WHERE category = 'operator_reimbursement'),
bad AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY year ORDER BY rid) AS n
        FROM x WHERE coalesce(before, 0) + amount_cents > :cap)
SELECT id, year, coalesce(before, 0), amount_cents FROM bad WHERE n = 1 ORDER BY year
"""

_NOT_POSITIVE = """
SELECT 'versement', id, amount_cents FROM disbursement WHERE amount_cents <= 0
UNION ALL SELECT 'remboursement', id, amount_cents FROM repayment WHERE amount_cents <= 0
UNION ALL SELECT 'sinistre', id, amount_cents FROM write_off WHERE amount_cents <= 0
"""

_BAD_DATES = """
SELECT 'disbursement', id, date FROM disbursement WHERE date(date) IS NOT date
UNION ALL SELECT 'repayment', id, date FROM repayment WHERE date(date) IS NOT date
UNION ALL SELECT 'write_off', id, date FROM write_off WHERE date(date) IS NOT date
UNION ALL SELECT 'expense', id, date FROM expense WHERE date(date) IS NOT date
UNION ALL SELECT 'receipt', id, date FROM receipt WHERE date(date) IS NOT date
"""

_TERMS = """
SELECT id, kind, duration_months, deferral_months, period_months, annual_rate, amount_cents FROM engagement
WHERE kind IN ('repayable_advance', 'subsidised_loan')
  AND (duration_months IS NULL OR amount_cents IS NULL
       OR duration_months - coalesce(deferral_months, 0) < period_months
       OR (duration_months - coalesce(deferral_months, 0)) % period_months <> 0
       OR (kind = 'repayable_advance' AND coalesce(annual_rate, 0) <> 0)
       OR (kind = 'subsidised_loan' AND coalesce(annual_rate, 0) <= 0))
ORDER BY id
"""

# --- comités: what the database's keys do not already hold (DOMAIN.md §4) ------------------------

_PRESIDENT = """
SELECT m.id, m.president_id FROM meeting m JOIN person h ON h.id = m.president_id JOIN partner p ON p.id = h.partner_id
WHERE p.kind <> 'company' ORDER BY m.date, m.id
"""

# Votes of people absent or in conflict of interest on the item.
_VOTERS = """
SELECT i.meeting_id, i.project_id, v.person_id,
       EXISTS (SELECT 1 FROM item_conflict c WHERE c.item_pk = i.pk AND c.person_id = v.person_id) AS conflicted
FROM item_vote v JOIN agenda_item i ON i.pk = v.item_pk
WHERE i.votes_recorded AND (
    EXISTS (SELECT 1 FROM item_conflict c WHERE c.item_pk = i.pk AND c.person_id = v.person_id)
    OR NOT EXISTS (SELECT 1 FROM attendance a WHERE a.meeting_id = i.meeting_id AND a.person_id = v.person_id
                   AND a.status = 'present'))
ORDER BY i.meeting_id, i.position, v.position
"""

# Counts of each decided item: votes (nominative or totals) against the members who could vote.
_ITEMS = """
SELECT i.meeting_id, i.project_id, i.decision, i.votes_recorded, i.totals_for, i.totals_against, i.totals_abstain,
       (SELECT count(*) FROM item_vote v WHERE v.item_pk = i.pk AND v.vote = 'for'),
       (SELECT count(*) FROM item_vote v WHERE v.item_pk = i.pk AND v.vote = 'against'),
       (SELECT count(*) FROM attendance a WHERE a.meeting_id = i.meeting_id AND a.status = 'present'
          AND a.person_id NOT IN (SELECT c.person_id FROM item_conflict c WHERE c.item_pk = i.pk))
FROM agenda_item i WHERE i.decision IS NOT NULL OR i.votes_recorded OR i.totals_for IS NOT NULL
ORDER BY i.meeting_id, i.position
"""


def _meeting_rules(connection: Connection) -> list[str]:
    sql = connection.exec_driver_sql
    out = [f"Le président « {h} » du comité « {mid} » ne représente pas une entreprise partenaire : "
           f"désignez un représentant d'une entreprise." for mid, h in sql(_PRESIDENT)]
    for mid, pid, h, conflicted in sql(_VOTERS):
        why = "est en conflit d'intérêts sur ce projet" if conflicted else "n'est pas présent"
        out.append(f"Comité « {mid} », projet « {pid} » : « {h} » {why} et ne peut pas voter ; retirez son vote.")
    for mid, pid, decision, recorded, t_for, t_against, t_abstain, v_for, v_against, voters in sql(_ITEMS):
        where = f"Comité « {mid} », projet « {pid} »"
        has_totals = t_for is not None
        if decision is not None and bool(recorded) == has_totals:
            out.append(f"{where} : une décision demande soit les votes nominatifs, soit les totaux (exactement "
                       f"un des deux) ; saisissez l'un ou l'autre.")
            continue
        if has_totals and (t_for or 0) + (t_against or 0) + (t_abstain or 0) > voters:
            out.append(f"{where} : {(t_for or 0) + (t_against or 0) + (t_abstain or 0)} voix pour {count(voters, 'votant possible')} "
                       f"(présents hors conflit d'intérêts) ; corrigez les totaux.")
        n_for, n_against = (t_for or 0, t_against or 0) if has_totals else (v_for, v_against)
        if decision == "approved" and (recorded or has_totals) and n_for <= n_against:
            out.append(f"{where} : agrément avec {n_for} voix pour et {n_against} contre ; il faut plus de voix "
                       f"pour que contre, corrigez les votes ou la décision.")
    return out


def _identifier_rules(connection: Connection) -> list[str]:
    sql = connection.exec_driver_sql
    out = []
    rows = [("l'opérateur du bassin", siret) for (siret,) in sql("SELECT operator_siret FROM basin")]
    rows += [(f"le partenaire « {i} »", siret) for i, siret in sql("SELECT id, siret FROM partner ORDER BY rowid")]
    rows += [(f"l'entreprise « {i} »", siret) for i, siret in sql("SELECT id, siret FROM company ORDER BY rowid")]
    for who, siret in rows:
        message = siret_problem(siret)
        if message:
            out.append(f"SIRET de {who} : {message}")
    for name, iban in sql("SELECT 'des avances', advances_iban FROM basin "
                          "UNION ALL SELECT 'de fonctionnement', operating_iban FROM basin"):
        message = iban_problem(iban)
        if message:
            out.append(f"IBAN du compte {name} : {message}")
    return out


_LABELS = {"disbursement": "versement", "repayment": "remboursement", "write_off": "sinistre",
           "expense": "dépense", "receipt": "encaissement"}


def _day(text: Any) -> dt.date:
    return text if isinstance(text, dt.date) else dt.date.fromisoformat(text)


def check_rules(connection: Connection) -> list[str]:
    """Every broken rule across the fund's rows, one French sentence each; [] when all hold."""
    sql = connection.exec_driver_sql
    problems: list[str] = []
    for table, record_id, value in sql(_BAD_DATES):
        problems.append(f"Date inexistante « {value} » pour le {_LABELS[table]} « {record_id} » : "
                        f"saisissez une date réelle (AAAA-MM-JJ).")
    if problems:  # the rules below compare dates: they need real ones
        return problems
    for what, record_id, amount in sql(_NOT_POSITIVE):
        problems.append(f"Le montant du {what} « {record_id} » ({amount} centimes) doit être positif : "
                        f"corrigez-le ou supprimez l'enregistrement.")
    for kind, record_id, engagement_id, engagement_kind in sql(_NOT_AN_ADVANCE):
        problems.append(f"Le {_LABELS[kind]} « {record_id} » porte sur « {engagement_id} » ({engagement_kind}), "
                        f"qui n'est pas une avance remboursable : rattachez-le à l'avance concernée.")
    for engagement_id, disbursed, granted in sql(_OVER_GRANTED):
        problems.append(over_granted_message(engagement_id, int(disbursed), int(granted)))
    for kind, record_id, engagement_id, day, amount, owed in sql(_BEYOND_OWED):
        problems.append(beyond_owed_message(kind, record_id, engagement_id, _day(day), int(amount), int(owed)))
    cap = sql("SELECT operator_reimbursement_cap_cents FROM basin").scalar()
    cap = REIMBURSEMENT_CAP_CENTS if cap is None else int(cap)
    for record_id, year, before, amount in connection.exec_driver_sql(_CAP.replace(":cap", str(cap))):
        problems.append(reimbursement_cap_message(record_id, int(year), int(before), int(amount), cap))
    for record_id, kind, duration, deferral, period, _rate, amount in sql(_TERMS):
        problems.append(_terms_message(record_id, kind, duration, deferral, period, amount))
    problems += _meeting_rules(connection)
    problems += _identifier_rules(connection)
    return problems


def _terms_message(record_id: str, kind: str, duration: int | None, deferral: int | None, period: int | None,
                   amount: int | None) -> str:
    if duration is None or period is None:
        return (f"L'engagement « {record_id} » ({kind}) n'a pas de conditions de remboursement : "
                f"saisissez sa durée, son différé et sa périodicité.")
    if amount is None:
        return f"L'engagement « {record_id} » ({kind}) n'a pas de montant : saisissez le montant accordé."
    span = duration - (deferral or 0)
    if span < period or span % period:
        return (f"Les conditions de l'engagement « {record_id} » ne font pas un nombre entier d'échéances "
                f"({duration} mois moins {deferral or 0} mois de différé, échéances de {period} mois) : "
                f"corrigez la durée ou la périodicité.")
    if kind == "repayable_advance":
        return (f"L'avance remboursable « {record_id} » a un taux d'intérêt : une avance est à taux zéro, "
                f"corrigez le taux ou enregistrez un prêt bonifié.")
    return (f"Le prêt bonifié « {record_id} » n'a pas de taux positif : saisissez son taux, ou enregistrez "
            f"une avance remboursable.")
