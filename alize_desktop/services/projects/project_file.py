"""The project file: everything about one project, in time order, as plain frozen dataclasses."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
from collections import Counter
from typing import TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.formatting import count, date_long, money, percent
from alize_desktop.models.enums import PERIOD_LABELS, label
from alize_desktop.services.common_money import AdvanceMovements
from alize_desktop.services.projects.companies import claim_deadline, deadline_urgent, insolvency_text
from alize_desktop.services.projects.projects import person_name
from alize_desktop.services.uow import RuleError

# Same-day events keep the order of the project's life (a decision before its engagements…).
ORDER = ("receipt", "diagnostic", "status", "meeting", "engagement", "signature", "document",
         "disbursement", "repayment", "write_off", "follow_up")
KIND_LABELS = {
    "receipt": "Réception", "diagnostic": "Diagnostic", "status": "Statut", "meeting": "Comité",
    "engagement": "Moyen accordé", "signature": "Convention", "document": "Document",
    "disbursement": "Décaissement", "repayment": "Remboursement", "write_off": "Sinistre",
    "follow_up": "Suivi",
}
# The tables of an advance's movements: they share id, engagement_id, date and amount_cents.
_Movement = TypeVar("_Movement", m.Disbursement, m.Repayment, m.WriteOff)
STATUS_EVENTS = {"in_review": "Passage en instruction", "in_follow_up": "Début du suivi",
                 "closed": "Clôture du projet", "withdrawn": "Retrait du projet"}


@dataclasses.dataclass(frozen=True)
class FileEvent:
    date: dt.date
    kind: str
    title: str
    detail: str = ""
    warning: bool = False


@dataclasses.dataclass(frozen=True)
class ProjectFile(AdvanceMovements):
    id: str
    title: str
    status: str
    type: str
    received_on: dt.date
    company_id: str
    company_name: str
    company_siret: str | None
    prescriber: str
    mandatary: str
    insolvency: str
    insolvency_urgent: bool
    scores: tuple[int | None, int | None, int | None]
    jobs_planned: tuple[int | None, int | None]
    means_requested: str | None
    signed_scan_path: str | None
    granted_cents: int
    disbursed_cents: int
    repaid_cents: int
    written_off_cents: int
    events: tuple[FileEvent, ...]

    @property
    def has_convention(self) -> bool:
        """A cooperation convention exists once the comité approved the project."""
        return self.status in ("approved", "convention_signed", "in_follow_up", "closed")


def _votes(s: Session, item: m.AgendaItem) -> str:
    conflicts = len(s.execute(select(m.ItemConflict.person_id).where(m.ItemConflict.item_pk == item.pk)).all())
    if item.votes_recorded:
        c = Counter(s.execute(select(m.ItemVote.vote).where(m.ItemVote.item_pk == item.pk)).scalars())
        counts = (c["for"], c["against"], c["abstain"])
    elif item.totals_for is not None:
        counts = (item.totals_for, item.totals_against or 0, item.totals_abstain or 0)
    else:
        return ""
    text = f"Votes : {counts[0]} pour, {counts[1]} contre, {count(counts[2], 'abstention')}"
    if conflicts:
        text += f" ; {count(conflicts, 'membre')} en conflit d'intérêts (sans vote)"
    return text


def _engagement_text(e: m.Engagement, partners: dict[str, str]) -> str:
    parts = []
    if e.partner_id:
        parts.append(partners.get(e.partner_id, e.partner_id))
    if e.amount_cents is not None:
        parts.append(money(e.amount_cents))
    if e.days:
        parts.append(count(e.days, "jour"))
    if e.duration_months is not None:
        terms = f"{e.duration_months} mois dont {e.deferral_months or 0} de différé, échéance " \
                f"{PERIOD_LABELS.get(e.period_months or 0, '')}"
        if e.annual_rate:
            terms += f", taux {percent(e.annual_rate, 2)}"
        parts.append(terms)
    if e.description:
        parts.append(e.description)
    return " — ".join(parts)


def _movements(s: Session, model: type[_Movement],
               engagement_ids: list[str]) -> list[m.Disbursement | m.Repayment | m.WriteOff]:
    return list(s.execute(select(model).where(model.engagement_id.in_(engagement_ids))).scalars())


def project_file(engine: Engine, project_id: str, today: dt.date) -> ProjectFile:
    """The whole story of a project, events sorted by date (then by the order of a project's life)."""
    with Session(engine) as s:
        p = s.get(m.Project, project_id)
        if p is None:
            raise RuleError(f"Projet « {project_id} » introuvable.")
        c = s.get(m.Company, p.company_id)
        assert c is not None  # a foreign key guarantees it
        people = {h.id: person_name(h.first_name, h.last_name) for h in s.execute(select(m.Person)).scalars()}
        partners = dict(s.execute(select(m.Partner.id, m.Partner.name)).tuples().all())
        schemes = dict(s.execute(select(m.SupportScheme.id, m.SupportScheme.name)).tuples().all())
        events: list[FileEvent] = []
        add = events.append

        detail = f"Prescripteur : {people.get(p.prescriber_id or '', 'non désigné')}"
        supports = s.execute(select(m.ProjectSupport).where(m.ProjectSupport.project_id == p.id)
                             .order_by(m.ProjectSupport.position)).scalars().all()
        if supports:
            detail += "\nAutres dispositifs : " + " ; ".join(
                f"{schemes.get(x.scheme_id, x.scheme_id)} ({money(x.amount_cents) or 'montant non saisi'})"
                for x in supports)
        add(FileEvent(p.received_on, "receipt", f"Projet reçu — {label(p.type)}", detail))

        status_log = s.execute(select(m.JournalEntry).where(
            m.JournalEntry.entity == "project", m.JournalEntry.entity_id == p.id,
            m.JournalEntry.action == "status").order_by(m.JournalEntry.pk)).scalars().all()
        review_on = p.received_on
        for entry in status_log:
            old_new = (entry.changed or {}).get("status") or [None, None]
            when = entry.at.astimezone().date() if entry.at.tzinfo else entry.at.date()
            if old_new[1] == "in_review":
                review_on = when
            if old_new[1] in STATUS_EVENTS:
                reason = (entry.changed or {}).get("reason")
                add(FileEvent(when, "status", STATUS_EVENTS[old_new[1]], f"Motif : {reason}" if reason else ""))
        if p.diagnostic:
            add(FileEvent(review_on, "diagnostic", "Diagnostic préalable", p.diagnostic))
        if p.complementary_diagnostic:
            add(FileEvent(review_on, "diagnostic", "Diagnostic complémentaire", p.complementary_diagnostic))

        meeting_dates: dict[str, dt.date] = {}
        items = s.execute(select(m.AgendaItem, m.Meeting).join(m.Meeting, m.Meeting.id == m.AgendaItem.meeting_id)
                          .where(m.AgendaItem.project_id == p.id).order_by(m.Meeting.date)).all()
        for item, meeting in items:
            meeting_dates[meeting.id] = meeting.date
            decision = label(item.decision) if item.decision else "inscrit à l'ordre du jour, non encore examiné"
            text = "\n".join(x for x in (_votes(s, item), item.notes or "") if x)
            place = f" ({meeting.place})" if meeting.place else ""
            add(FileEvent(meeting.date, "meeting", f"Comité d'agrément du {date_long(meeting.date)}{place} : "
                                                   f"{decision}", text, item.decision == "rejected"))

        engagements = s.execute(select(m.Engagement).where(m.Engagement.project_id == p.id)).scalars().all()
        granted = 0
        for e in engagements:
            granted += e.amount_cents or 0
            when = meeting_dates.get(e.meeting_id or "") or p.received_on
            add(FileEvent(when, "engagement", label(e.kind), _engagement_text(e, partners)))

        if p.convention_signed_on:
            add(FileEvent(p.convention_signed_on, "signature", "Convention de coopération et développement signée",
                          f"Mandataire : {people.get(p.mandatary_id or '', 'non désigné')}"))
        if p.signed_scan_path:
            present = pathlib.Path(p.signed_scan_path).is_file()
            add(FileEvent(p.convention_signed_on or p.received_on, "document", "Convention signée numérisée",
                          p.signed_scan_path + ("" if present else " (fichier introuvable à cet emplacement)"),
                          not present))

        totals = {"disbursement": 0, "repayment": 0, "write_off": 0}
        ids = [e.id for e in engagements]
        for kind, title, movements in (("disbursement", "Décaissement", _movements(s, m.Disbursement, ids)),
                                       ("repayment", "Remboursement", _movements(s, m.Repayment, ids)),
                                       ("write_off", "Sinistre", _movements(s, m.WriteOff, ids))):
            for x in movements:
                totals[kind] += x.amount_cents
                reason = getattr(x, "reason", None)
                add(FileEvent(x.date, kind, f"{title} de {money(x.amount_cents)}", reason or "", kind == "write_off"))

        for f in s.execute(select(m.FollowUp).where(m.FollowUp.project_id == p.id)).scalars():
            text = (f"Emplois créés : {f.jobs_created} ; maintenus : {f.jobs_maintained} ; jours de compétences "
                    f"apportés : {f.skills_days_delivered}")
            if f.notes:
                text += "\n" + f.notes
            author = people.get(f.author_id or "", "")
            add(FileEvent(f.date, "follow_up", "Rapport de suivi" + (f" de {author}" if author else ""), text))

        events.sort(key=lambda ev: (ev.date, ORDER.index(ev.kind)))
        deadline = claim_deadline(c.insolvency_procedure, c.insolvency_published_on)
        return ProjectFile(
            id=p.id, title=p.title, status=p.status, type=p.type, received_on=p.received_on, company_id=c.id,
            company_name=c.name, company_siret=c.siret, prescriber=people.get(p.prescriber_id or "", ""),
            mandatary=people.get(p.mandatary_id or "", ""),
            insolvency=insolvency_text(c.insolvency_procedure, c.insolvency_judgment_on, c.insolvency_published_on,
                                       today),
            insolvency_urgent=deadline_urgent(deadline, today),
            scores=(p.score_quality, p.score_holder, p.score_impact),
            jobs_planned=(p.jobs_planned_created, p.jobs_planned_maintained), means_requested=p.means_requested,
            signed_scan_path=p.signed_scan_path, granted_cents=granted, disbursed_cents=totals["disbursement"],
            repaid_cents=totals["repayment"], written_off_cents=totals["write_off"], events=tuple(events),
        )
