"""The agenda of a meeting and what the comité records on each item: attendance, conflicts of
interest, votes (per member or totals), the decision, the quorum override and the notes.

Every call is one small transaction, journaled, so that closing the program mid-meeting loses
nothing. After each change the whole meeting is checked with the same rules as the importer
(interchange/validate.py): votes only by members present and not in conflict, totals within
those voters, an approval needs more for than against, a decision below quorum needs a reason.
A change that would break them is refused and nothing is written.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.formatting import count, date_long
from alize_desktop.models.enums import DECISIONS, VOTES, label
from alize_desktop.services.meetings.meetings import READY_STATUSES, people, quorum_of
from alize_desktop.services.projects.workflow import apply_decision, schedule, unschedule
from alize_desktop.services.uow import Changes, RuleError, journal, unit_of_work

# A decision may still be changed while the project has not gone further than the comité.
DECIDABLE = ("scheduled", "approved", "adjourned", "rejected")
ITEM = Changes(meetings=True, projects=True)


def item_problems(present: set[str], conflicts: set[str], votes: dict[str, str] | None,
                  totals: tuple[int, int, int] | None, decision: str | None, quorum_reached: bool,
                  override: str | None, names: dict[str, str]) -> dict[str, str]:
    """The problems of one item, keyed by the meeting screen's fields (mirrors validate._item)."""
    out: dict[str, str] = {}
    if votes:
        for h in votes:
            if h in conflicts:
                out["votes"] = f"{names.get(h, h)} est en conflit d'intérêts sur ce projet : ne vote pas."
            elif h not in present:
                out["votes"] = f"{names.get(h, h)} n'est pas présent(e) : ne peut pas voter."
    counts: tuple[int, int, int] | None = None
    if votes is not None:
        counts = tuple(sum(1 for v in votes.values() if v == k) for k in VOTES)  # type: ignore[assignment]
    elif totals is not None:
        counts = totals
        voters = len(present - conflicts)
        if sum(totals) > voters:
            out["totals"] = (f"{sum(totals)} voix pour {count(voters, 'votant possible')} "
                             "(membres présents hors conflit d'intérêts).")
    if decision is not None:
        if counts is None:
            out["decision"] = "Saisissez d'abord les votes (nominatifs ou totaux)."
        elif decision == "approved" and counts[0] <= counts[1]:
            out["decision"] = (f"Agrément impossible avec {counts[0]} voix pour et {counts[1]} contre : "
                               "il faut plus de voix pour que contre.")
        if not quorum_reached and not (override or "").strip():
            out["decision"] = ("Quorum non atteint : indiquez d'abord le motif de dérogation au quorum "
                               "pour enregistrer une décision.")
    return out


def _item(s: Session, meeting_id: str, project_id: str) -> m.AgendaItem:
    it = s.scalar(select(m.AgendaItem).where(m.AgendaItem.meeting_id == meeting_id,
                                             m.AgendaItem.project_id == project_id))
    if it is None:
        raise RuleError(f"Le projet « {project_id} » n'est pas à l'ordre du jour de ce comité.")
    return it


def _title(s: Session, project_id: str) -> str:
    p = s.get(m.Project, project_id)
    return p.title if p else project_id


def check_meeting(s: Session, meeting_id: str, focus: str | None = None, general_key: str = "") -> None:
    """Raise RuleError if any item of the meeting breaks a rule once the pending changes are flushed.

    Problems of the `focus` item keep their field keys; those of other items go under `general_key`
    with the project named, so that a change of attendance says which vote it would invalidate.
    """
    s.flush()
    mt = s.get(m.Meeting, meeting_id)
    assert mt is not None
    quorum = quorum_of(s, meeting_id)
    names = {k: v.name for k, v in people(s).items()}
    present = set(s.scalars(select(m.Attendance.person_id).where(m.Attendance.meeting_id == meeting_id,
                                                                 m.Attendance.status == "present")))
    for it in s.scalars(select(m.AgendaItem).where(m.AgendaItem.meeting_id == meeting_id)):
        conflicts = set(s.scalars(select(m.ItemConflict.person_id).where(m.ItemConflict.item_pk == it.pk)))
        votes = dict(s.execute(select(m.ItemVote.person_id, m.ItemVote.vote).where(m.ItemVote.item_pk == it.pk))
                     .tuples().all()) if it.votes_recorded else None
        totals = None if it.totals_for is None else (it.totals_for, it.totals_against or 0, it.totals_abstain or 0)
        problems = item_problems(present, conflicts, votes, totals, it.decision, quorum.reached,
                                 mt.quorum_override, names)
        if problems and it.project_id == focus:
            raise RuleError(problems)
        if problems:
            raise RuleError({general_key: f"« {_title(s, it.project_id)} » : {next(iter(problems.values()))}"})


# --- the agenda ----------------------------------------------------------------------------------


def _renumber(s: Session, meeting_id: str, order: list[str] | None = None) -> None:
    items = list(s.scalars(select(m.AgendaItem).where(m.AgendaItem.meeting_id == meeting_id)
                           .order_by(m.AgendaItem.position, m.AgendaItem.pk)))
    if order is not None:
        rank = {pid: i for i, pid in enumerate(order)}
        items.sort(key=lambda it: rank.get(it.project_id, len(rank)))
    for pos, it in enumerate(items, start=1):
        it.position = pos


def add_to_agenda(engine: Engine, meeting_id: str, project_id: str) -> Changes:
    """Put a ready project (in review or adjourned) at the end of the agenda: it becomes scheduled."""
    with unit_of_work(engine) as s:
        if s.get(m.Meeting, meeting_id) is None:
            raise RuleError(f"Comité inconnu « {meeting_id} ».")
        project = s.get(m.Project, project_id)
        if project is None:
            raise RuleError(f"Projet inconnu « {project_id} ».")
        if s.scalar(select(m.AgendaItem.pk).where(m.AgendaItem.meeting_id == meeting_id,
                                                  m.AgendaItem.project_id == project_id)):
            raise RuleError(f"« {project.title} » est déjà à l'ordre du jour de ce comité.")
        if project.status not in READY_STATUSES:
            raise RuleError(f"« {project.title} » est au statut « {label(project.status)} » : seul un projet en "
                            "instruction ou ajourné peut être inscrit à l'ordre du jour.")
        last = s.scalar(select(func.max(m.AgendaItem.position)).where(m.AgendaItem.meeting_id == meeting_id)) or 0
        s.add(m.AgendaItem(meeting_id=meeting_id, project_id=project_id, position=last + 1, votes_recorded=False))
        journal(s, "agenda_item", f"{meeting_id}/{project_id}", "create", {"position": last + 1})
        schedule(s, project_id)
    return ITEM


def remove_from_agenda(engine: Engine, meeting_id: str, project_id: str) -> Changes:
    """Take an undecided project off the agenda: it returns to in review, or adjourned if it was."""
    with unit_of_work(engine) as s:
        it = _item(s, meeting_id, project_id)
        project = s.get(m.Project, project_id)
        assert project is not None
        if it.decision is not None:
            raise RuleError(f"« {project.title} » a déjà fait l'objet d'une décision : effacez-la d'abord.")
        s.execute(delete(m.ItemVote).where(m.ItemVote.item_pk == it.pk))
        s.execute(delete(m.ItemConflict).where(m.ItemConflict.item_pk == it.pk))
        s.delete(it)
        journal(s, "agenda_item", f"{meeting_id}/{project_id}", "delete")
        unschedule(s, project.id, meeting_id)
        s.flush()
        _renumber(s, meeting_id)
    return ITEM


def reorder_agenda(engine: Engine, meeting_id: str, project_ids: list[str]) -> Changes:
    """Number the items 1…n in the order given (the ordre du jour)."""
    with unit_of_work(engine) as s:
        before = list(s.scalars(select(m.AgendaItem.project_id).where(m.AgendaItem.meeting_id == meeting_id)
                                .order_by(m.AgendaItem.position, m.AgendaItem.pk)))
        if sorted(before) != sorted(project_ids):
            raise RuleError("L'ordre du jour a changé entre-temps : rouvrez-le.")
        if before != project_ids:
            _renumber(s, meeting_id, project_ids)
            journal(s, "meeting", meeting_id, "reorder", {"agenda": project_ids})
    return Changes(meetings=True)


# --- attendance and quorum -----------------------------------------------------------------------


def set_attendance(engine: Engine, meeting_id: str, statuses: dict[str, str | None]) -> Changes:
    """Mark members present, excused, or neither (None), in one transaction."""
    with unit_of_work(engine) as s:
        if s.get(m.Meeting, meeting_id) is None:
            raise RuleError(f"Comité inconnu « {meeting_id} ».")
        who = people(s)
        last = s.scalar(select(func.max(m.Attendance.position)).where(m.Attendance.meeting_id == meeting_id)) or 0
        for person_id, status in statuses.items():
            row = s.get(m.Attendance, (meeting_id, person_id))
            old = row.status if row else None
            if old == status:
                continue
            if status is not None and status not in ("present", "excused"):
                raise RuleError({"attendance": f"Présence inconnue « {status} »."})
            p = who.get(person_id)
            if status is not None and row is None and not (p and p.committee_member and p.active and p.partner_active):
                raise RuleError({"attendance": f"{p.name if p else person_id} n'est pas un membre actif du comité."})
            if status is None:
                s.delete(row)
            elif row is None:
                last += 1
                s.add(m.Attendance(meeting_id=meeting_id, person_id=person_id, status=status, position=last))
            else:
                row.status = status
            journal(s, "attendance", f"{meeting_id}/{person_id}", "update", {"status": [old, status]})
        check_meeting(s, meeting_id, general_key="attendance")
    return Changes(meetings=True)


def set_quorum_override(engine: Engine, meeting_id: str, reason: str) -> Changes:
    """The reason the comité deliberates below quorum (printed in the minutes); empty to clear it."""
    with unit_of_work(engine) as s:
        mt = s.get(m.Meeting, meeting_id)
        if mt is None:
            raise RuleError(f"Comité inconnu « {meeting_id} ».")
        new = reason.strip() or None
        if new != mt.quorum_override:
            journal(s, "meeting", meeting_id, "update", {"quorum_override": [mt.quorum_override, new]})
            mt.quorum_override = new
            check_meeting(s, meeting_id, general_key="override")
    return Changes(meetings=True)


# --- one item ------------------------------------------------------------------------------------


def set_conflict(engine: Engine, meeting_id: str, project_id: str, person_id: str, in_conflict: bool) -> Changes:
    """Declare (or withdraw) a member's conflict of interest on an item: he or she does not vote on it."""
    with unit_of_work(engine) as s:
        it = _item(s, meeting_id, project_id)
        row = s.get(m.ItemConflict, (it.pk, person_id))
        if in_conflict and row is None:
            if s.get(m.ItemVote, (it.pk, person_id)) is not None:
                name = people(s).get(person_id)
                raise RuleError({"votes": f"{name.name if name else person_id} a déjà voté sur ce projet : "
                                          "effacez d'abord son vote (touche Suppr)."})
            last = s.scalar(select(func.max(m.ItemConflict.position)).where(m.ItemConflict.item_pk == it.pk)) or 0
            s.add(m.ItemConflict(item_pk=it.pk, person_id=person_id, position=last + 1))
        elif not in_conflict and row is not None:
            s.delete(row)
        else:
            return Changes()
        journal(s, "item_conflict", f"{meeting_id}/{project_id}/{person_id}", "create" if in_conflict else "delete")
        check_meeting(s, meeting_id, focus=project_id)
    return Changes(meetings=True)


def set_vote(engine: Engine, meeting_id: str, project_id: str, person_id: str, vote: str | None) -> Changes:
    """A member's vote on an item (for, against, abstain), or None to clear it."""
    if vote is not None and vote not in VOTES:
        raise RuleError({"votes": f"Vote inconnu « {vote} »."})
    with unit_of_work(engine) as s:
        it = _item(s, meeting_id, project_id)
        if it.totals_for is not None:
            raise RuleError({"votes": "Ce projet est voté à main levée : passez en vote nominatif pour "
                                      "saisir les votes membre par membre."})
        row = s.get(m.ItemVote, (it.pk, person_id))
        old = row.vote if row else None
        if old == vote:
            return Changes()
        if vote is None:
            s.delete(row)
        elif row is None:
            att = s.get(m.Attendance, (meeting_id, person_id))
            s.add(m.ItemVote(item_pk=it.pk, person_id=person_id, vote=vote, position=att.position if att else 0))
        else:
            row.vote = vote
        it.votes_recorded = True
        journal(s, "item_vote", f"{meeting_id}/{project_id}/{person_id}", "update", {"vote": [old, vote]})
        check_meeting(s, meeting_id, focus=project_id)
    return Changes(meetings=True)


def set_vote_mode(engine: Engine, meeting_id: str, project_id: str, by_member: bool) -> Changes:
    """Switch between votes per member and a show of hands. Member votes become totals; totals
    are dropped when going back to per-member votes (the screen asks first)."""
    with unit_of_work(engine) as s:
        it = _item(s, meeting_id, project_id)
        if by_member and it.totals_for is not None:
            journal(s, "agenda_item", f"{meeting_id}/{project_id}", "update",
                    {"vote_totals": [[it.totals_for, it.totals_against, it.totals_abstain], None]})
            it.totals_for = it.totals_against = it.totals_abstain = None
            it.votes_recorded = True
        elif not by_member and it.totals_for is None:
            votes = list(s.scalars(select(m.ItemVote.vote).where(m.ItemVote.item_pk == it.pk)))
            counts = [sum(1 for v in votes if v == k) for k in VOTES]
            s.execute(delete(m.ItemVote).where(m.ItemVote.item_pk == it.pk))
            it.totals_for, it.totals_against, it.totals_abstain = counts
            it.votes_recorded = False
            journal(s, "agenda_item", f"{meeting_id}/{project_id}", "update", {"vote_totals": [None, counts]})
        else:
            return Changes()
        check_meeting(s, meeting_id, focus=project_id)
    return Changes(meetings=True)


def set_vote_totals(engine: Engine, meeting_id: str, project_id: str, for_: int, against: int, abstain: int) -> Changes:
    """A show of hands: the three totals, never more than the members present and not in conflict."""
    if min(for_, against, abstain) < 0:
        raise RuleError({"totals": "Les totaux ne peuvent pas être négatifs."})
    with unit_of_work(engine) as s:
        it = _item(s, meeting_id, project_id)
        if s.scalar(select(func.count()).select_from(m.ItemVote).where(m.ItemVote.item_pk == it.pk)):
            raise RuleError({"totals": "Des votes nominatifs sont saisis : passez en vote à main levée pour "
                                       "les convertir en totaux."})
        new = [for_, against, abstain]
        old = [it.totals_for, it.totals_against, it.totals_abstain]
        if old == new:
            return Changes()
        it.totals_for, it.totals_against, it.totals_abstain = new
        it.votes_recorded = False
        journal(s, "agenda_item", f"{meeting_id}/{project_id}", "update", {"vote_totals": [old, new]})
        check_meeting(s, meeting_id, focus=project_id)
    return Changes(meetings=True)


def decision_lock(s: Session, it: m.AgendaItem) -> str | None:
    """Why an item's decision can no longer change (None while it can)."""
    project = s.get(m.Project, it.project_id)
    assert project is not None
    mt = s.get(m.Meeting, it.meeting_id)
    assert mt is not None
    later = s.execute(select(m.Meeting.date).join(m.AgendaItem, m.AgendaItem.meeting_id == m.Meeting.id)
                      .where(m.AgendaItem.project_id == it.project_id, m.AgendaItem.pk != it.pk,
                             (m.Meeting.date > mt.date) | ((m.Meeting.date == mt.date) & (m.AgendaItem.pk > it.pk)))
                      ).scalars().first()
    if later is not None:
        return "Le projet a été réinscrit à un comité ultérieur : cette décision ne peut plus être modifiée."
    if project.status not in DECIDABLE:
        return f"Le projet est au statut « {label(project.status)} » : la décision ne peut plus être modifiée."
    return None


def set_decision(engine: Engine, meeting_id: str, project_id: str, decision: str | None, *,
                 today: dt.date) -> Changes:
    """Record the comité's decision; the project becomes approved, adjourned or rejected (scheduled again
    when the decision is cleared). Only at a meeting dated `today` or before: a decision "taken" at a
    future meeting would date an approval after the convention's signature could ever be."""
    if decision is not None and decision not in DECISIONS:
        raise RuleError({"decision": f"Décision inconnue « {decision} »."})
    with unit_of_work(engine) as s:
        it = _item(s, meeting_id, project_id)
        if it.decision == decision:
            return Changes()
        lock = decision_lock(s, it)
        if lock:
            raise RuleError({"decision": lock})
        mt = s.get(m.Meeting, meeting_id)
        if decision is not None and mt is not None and mt.date > today:
            raise RuleError({"decision": f"Le comité du {date_long(mt.date)} n'a pas encore eu lieu : ses décisions "
                             f"s'enregistrent le jour de la séance ou après (aujourd'hui : {date_long(today)})."})
        if decision is not None and (mt is None or not mt.president_id):
            raise RuleError({"decision": "La séance n'a pas de président : désignez-le avant toute décision."})
        if it.decision == "approved" and s.scalar(select(func.count()).select_from(m.Engagement).where(
                m.Engagement.meeting_id == meeting_id, m.Engagement.project_id == project_id)):
            raise RuleError({"decision": "Des moyens sont enregistrés pour cet agrément : supprimez-les d'abord."})
        if decision is not None and it.totals_for is None:
            it.votes_recorded = True  # no show of hands: the votes are the (possibly empty) per-member ones
        journal(s, "agenda_item", f"{meeting_id}/{project_id}", "update", {"decision": [it.decision, decision]})
        it.decision = decision
        apply_decision(s, project_id, decision)
        check_meeting(s, meeting_id, focus=project_id)
    return ITEM


def set_notes(engine: Engine, meeting_id: str, project_id: str, notes: str) -> Changes:
    with unit_of_work(engine) as s:
        it = _item(s, meeting_id, project_id)
        new = notes if notes.strip() else None
        if new == it.notes:
            return Changes()
        journal(s, "agenda_item", f"{meeting_id}/{project_id}", "update", {"notes": [it.notes, new]})
        it.notes = new
    return Changes(meetings=True)
