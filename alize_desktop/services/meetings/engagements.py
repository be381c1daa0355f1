"""The means granted with an approval (engagements) and the mandataire who follows the project.

Several instruments may make up one approval: skills lent by a partner (days and their value),
a repayable advance from the fund (0 %), a subsidised loan from a partner bank (rate > 0), a
contribution in kind, direct funding. Loans carry repayment terms checked by rules.schedule.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.models.enums import ENGAGEMENT_KINDS, LOAN_KINDS
from alize_desktop.rules.schedule import Instalment, Terms, build_schedule, terms_problems
from alize_desktop.services.common_records import existing, journal_update
from alize_desktop.services.meetings.items import _item, decision_lock
from alize_desktop.services.meetings.meetings import committee_members, person_name
from alize_desktop.services.uow import Changes, RuleError, journal, next_id, unit_of_work

CHANGED = Changes(meetings=True, projects=True, fund=True)


@dataclasses.dataclass(frozen=True)
class EngagementInput:
    """What the engagement editor holds; money in cents, terms only for loans."""

    kind: str
    partner_id: str | None = None
    amount_cents: int | None = None
    days: int | None = None
    description: str = ""
    duration_months: int | None = None
    deferral_months: int | None = None
    period_months: int | None = None
    annual_rate: float | None = None
    first_due_on: dt.date | None = None

    @property
    def terms(self) -> Terms | None:
        if self.kind not in LOAN_KINDS or self.duration_months is None or self.period_months is None:
            return None
        rate = 0.0 if self.kind == "repayable_advance" else float(self.annual_rate or 0.0)
        return Terms(self.duration_months, self.deferral_months or 0, self.period_months, rate, self.first_due_on)


def input_problems(inp: EngagementInput, partner_ok: dict[str, bool]) -> dict[str, str]:
    """The problems of an engagement being typed, keyed by the editor's fields.

    `partner_ok` maps partner ids to whether they are active (unknown ids are refused).
    """
    out: dict[str, str] = {}
    if inp.kind not in ENGAGEMENT_KINDS:
        return {"kind": "Choisissez la nature du moyen accordé."}
    if inp.partner_id is not None and inp.partner_id not in partner_ok:
        out["partner"] = f"Partenaire inconnu « {inp.partner_id} »."
    elif inp.partner_id is not None and not partner_ok[inp.partner_id]:
        out["partner"] = "Ce partenaire n'est plus actif."
    if inp.amount_cents is not None and inp.amount_cents < 0:
        out["amount"] = "Le montant ne peut pas être négatif."
    if inp.kind == "skills":
        if inp.partner_id is None:
            out["partner"] = "Indiquez le partenaire qui met ses compétences à disposition."
        if not inp.days or inp.days < 1:
            out["days"] = "Indiquez le nombre de jours mis à disposition (au moins 1)."
        if inp.amount_cents is None:
            out["amount"] = "Indiquez la valorisation des jours (en euros)."
    elif inp.amount_cents is None or inp.amount_cents == 0:
        out.setdefault("amount", "Indiquez le montant accordé.")
    if inp.kind == "repayable_advance" and inp.partner_id is not None:
        out["partner"] = "Une avance remboursable vient du fonds d'avances de l'opérateur, pas d'un partenaire."
    if inp.kind == "in_kind" and not inp.description.strip():
        out["description"] = "Décrivez l'apport en nature."
    if inp.kind in LOAN_KINDS:
        if inp.duration_months is None:
            out["duration"] = "Indiquez la durée totale (en mois, différé compris)."
        if inp.period_months is None:
            out["period"] = "Choisissez la périodicité des échéances."
        if inp.kind == "subsidised_loan" and not (inp.annual_rate and inp.annual_rate > 0):
            out["rate"] = "Un prêt bonifié porte un taux annuel supérieur à 0 %."
        terms = inp.terms
        if terms is not None:
            problems = terms_problems(terms)
            if problems:
                out["terms"] = " ".join(problems)
    return out


def preview(inp: EngagementInput, base_date: dt.date) -> list[Instalment]:
    """The schedule the terms give, from `base_date` standing for the first disbursement
    (ignored with a first due date). Raises ValueError (French) on terms that are not complete."""
    terms = inp.terms
    if terms is None or not inp.amount_cents:
        raise ValueError("Indiquez le montant, la durée et la périodicité pour voir l'échéancier.")
    return build_schedule(inp.amount_cents, terms, base_date)


def _values(inp: EngagementInput) -> dict[str, object]:
    loan = inp.kind in LOAN_KINDS
    return {
        "kind": inp.kind, "partner_id": inp.partner_id, "amount_cents": inp.amount_cents,
        "days": inp.days if inp.kind == "skills" else None,
        "description": inp.description.strip() or None,
        "duration_months": inp.duration_months if loan else None,
        "deferral_months": (inp.deferral_months or 0) if loan else None,
        "period_months": inp.period_months if loan else None,
        "annual_rate": (0.0 if inp.kind == "repayable_advance" else float(inp.annual_rate or 0.0)) if loan else None,
        "first_due_on": inp.first_due_on if loan else None,
    }


def _partners(s: Session) -> dict[str, bool]:
    return {pid: bool(active) for pid, active in s.execute(select(m.Partner.id, m.Partner.active))}


def _approved_item(s: Session, meeting_id: str, project_id: str) -> m.AgendaItem:
    it = _item(s, meeting_id, project_id)
    if it.decision != "approved":
        raise RuleError({"": "Les moyens accordés s'enregistrent une fois le projet agréé."})
    lock = decision_lock(s, it)
    if lock:
        raise RuleError({"": lock.replace("cette décision", "cet agrément")})
    return it


def add_engagement(engine: Engine, meeting_id: str, project_id: str, inp: EngagementInput) -> tuple[Changes, str]:
    with unit_of_work(engine) as s:
        _approved_item(s, meeting_id, project_id)
        problems = input_problems(inp, _partners(s))
        if problems:
            raise RuleError(problems)
        new_id = next_id(s, m.Engagement, "e")
        values = _values(inp)
        s.add(m.Engagement(id=new_id, project_id=project_id, meeting_id=meeting_id, **values))
        journal(s, "engagement", new_id, "create", {"project_id": project_id, "meeting_id": meeting_id, **values})
    return CHANGED, new_id


def _disbursed(s: Session, engagement_id: str) -> int:
    return s.scalar(select(func.coalesce(func.sum(m.Disbursement.amount_cents), 0))
                    .where(m.Disbursement.engagement_id == engagement_id)) or 0


def _editable(s: Session, engagement_id: str) -> m.Engagement:
    """The engagement, provided its comité decision still approves the project."""
    e = existing(s, m.Engagement, engagement_id, f"Moyen accordé inconnu « {engagement_id} ».")
    if e.meeting_id:
        _approved_item(s, e.meeting_id, e.project_id)
    return e


def update_engagement(engine: Engine, engagement_id: str, inp: EngagementInput) -> Changes:
    with unit_of_work(engine) as s:
        e = _editable(s, engagement_id)
        problems = input_problems(inp, _partners(s))
        if problems:
            raise RuleError(problems)
        values = _values(inp)
        if _disbursed(s, engagement_id) and any(getattr(e, k) != values[k] for k in ("kind", "amount_cents")):
            raise RuleError({"amount": "Cette avance a déjà été versée : sa nature et son montant ne changent plus."})
        journal_update(s, "engagement", e, engagement_id, values)
    return CHANGED


def delete_engagement(engine: Engine, engagement_id: str) -> Changes:
    with unit_of_work(engine) as s:
        e = _editable(s, engagement_id)
        if _disbursed(s, engagement_id):
            raise RuleError("Cette avance a déjà été versée : elle ne peut plus être supprimée.")
        s.delete(e)
        journal(s, "engagement", engagement_id, "delete", {"kind": e.kind, "amount_cents": e.amount_cents})
    return CHANGED


def set_mandatary(engine: Engine, meeting_id: str, project_id: str, person_id: str | None) -> Changes:
    """The comité member (active) who follows the approved project for at least 18 months."""
    with unit_of_work(engine) as s:
        it = _item(s, meeting_id, project_id)
        if it.decision != "approved":
            raise RuleError({"mandatary": "Le mandataire se désigne pour un projet agréé."})
        project = s.get(m.Project, project_id)
        assert project is not None
        if person_id is not None and person_id not in {c.id for c in committee_members(s)}:
            who = s.get(m.Person, person_id)
            raise RuleError({"mandatary": f"{person_name(who) or person_id} n'est pas un membre actif du comité : "
                                          "le mandataire est choisi parmi eux."})
        if person_id is None and project.status != "approved":
            raise RuleError({"mandatary": "La convention est signée : le projet garde son mandataire."})
        if project.mandatary_id != person_id:
            journal(s, "project", project_id, "update", {"mandatary_id": [project.mandatary_id, person_id]})
            project.mandatary_id = person_id
    return Changes(projects=True, meetings=True)
