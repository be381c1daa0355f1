"""Comité d'agrément meetings: the list by year, creating, editing and deleting a meeting, the
people who may preside or sit, and the quorum arithmetic (DOMAIN.md §4).

The meeting screen's read model (agenda items, votes, engagements) lives in `meeting_items`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from decimal import Decimal
from math import floor

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.formatting import date_long
from alize_desktop.models.enums import label
from alize_desktop.rules.text import form_text_problems
from alize_desktop.services.common_records import existing
from alize_desktop.services.projects.workflow import unschedule
from alize_desktop.services.uow import Changes, RuleError, diff_fields, journal, next_id, unit_of_work

# The programme's target: the comité meets 6 to 10 times a year.
MEETINGS_PER_YEAR = (6, 10)
# Statuses a project returns to when it leaves an agenda undecided.
READY_STATUSES = ("in_review", "adjourned")


@dataclasses.dataclass(frozen=True)
class PersonChoice:
    """A person offered in a list (president, member, mandataire), with the partner they speak for."""

    id: str
    name: str
    partner_name: str
    partner_kind: str
    role: str
    active: bool
    partner_active: bool
    committee_member: bool

    @property
    def label(self) -> str:
        return f"{self.name} — {self.partner_name}" if self.partner_name else self.name


@dataclasses.dataclass(frozen=True)
class MeetingRow:
    id: str
    date: dt.date
    place: str
    president_id: str | None
    president_name: str
    items: int
    decided: int
    approved: int
    present: int
    excused: int

    @property
    def state(self) -> str:
        if self.items == 0:
            return "Ordre du jour vide"
        if self.decided == self.items:
            return "Tenu"
        if self.decided:
            return "En cours"
        return "À tenir"


@dataclasses.dataclass(frozen=True)
class MeetingFields:
    id: str
    date: dt.date
    place: str
    president_id: str | None
    time: str | None = None  # "HH:MM"


@dataclasses.dataclass(frozen=True)
class Quorum:
    present: int
    members: int
    required: int
    fraction: float

    @property
    def reached(self) -> bool:
        return self.present >= self.required


def quorum_required(members: int, fraction: float) -> int:
    """The smallest head count strictly above `fraction` × members (0.5 of 17 → 9, of 16 → 9)."""
    # Decimal(str()) keeps 0.5 or 0.6 as typed: a float product could land a hair off an integer.
    return floor(Decimal(str(fraction)) * members) + 1


def person_name(p: m.Person | None) -> str:
    return "" if p is None else f"{p.first_name} {p.last_name}".strip()


def _choice(p: m.Person, partner: m.Partner | None) -> PersonChoice:
    return PersonChoice(p.id, person_name(p), partner.name if partner else "", partner.kind if partner else "",
                        p.role or "", bool(p.active), bool(partner and partner.active), bool(p.committee_member))


def people(session: Session) -> dict[str, PersonChoice]:
    rows = session.execute(select(m.Person, m.Partner).join(m.Partner, m.Person.partner_id == m.Partner.id))
    return {p.id: _choice(p, partner) for p, partner in rows}


def committee_members(session: Session) -> list[PersonChoice]:
    """Active comité members of active partners, by name: who sits, votes and may follow a project."""
    out = [c for c in people(session).values() if c.committee_member and c.active and c.partner_active]
    return sorted(out, key=lambda c: (c.name.casefold(), c.id))


def president_problem(session: Session, person_id: str | None) -> str | None:
    """Why this person cannot preside the comité (None when they can)."""
    if not person_id:
        return "Choisissez le président de séance."
    p = session.get(m.Person, person_id)
    if p is None:
        return f"Personne inconnue « {person_id} »."
    partner = session.get(m.Partner, p.partner_id)
    name = person_name(p)
    if partner is None or partner.kind != "company":
        kind = "" if partner is None else f" ({partner.name}, qui n'est pas une entreprise partenaire)"
        return f"{name} ne représente pas une entreprise partenaire{kind} : le comité est présidé par le " \
               "représentant d'une entreprise partenaire."
    if not partner.active:
        return f"{partner.name} n'est plus un partenaire actif : {name} ne peut pas présider."
    if not p.active:
        return f"{name} ne représente plus {partner.name} (fiche inactive)."
    return None


def president_choices(engine: Engine) -> list[PersonChoice]:
    """Every active person of an active partner (eligible presidents first, then the others, so that the
    dialog can explain why a non-company representative is refused)."""
    with Session(engine) as s:
        rows = [c for c in people(s).values() if c.active and c.partner_active]
    return sorted(rows, key=lambda c: (c.partner_kind != "company", not c.committee_member, c.name.casefold()))


def members(engine: Engine) -> list[PersonChoice]:
    with Session(engine) as s:
        return committee_members(s)


def quorum_of(session: Session, meeting_id: str) -> Quorum:
    fraction = session.scalar(select(m.Basin.quorum_fraction)) or 0.5
    n = len(committee_members(session))
    present = session.scalar(select(func.count()).select_from(m.Attendance).where(
        m.Attendance.meeting_id == meeting_id, m.Attendance.status == "present")) or 0
    return Quorum(present, n, quorum_required(n, fraction), fraction)


# --- the list ------------------------------------------------------------------------------------


def list_meetings(engine: Engine) -> list[MeetingRow]:
    """Every meeting, latest first, with its agenda and attendance counts."""
    with Session(engine) as s:
        return meetings_in(s)


def meetings_in(s: Session) -> list[MeetingRow]:
    """`list_meetings` inside the caller's session."""
    who = people(s)
    items: dict[str, list[str | None]] = {}
    for mid, decision in s.execute(select(m.AgendaItem.meeting_id, m.AgendaItem.decision)):
        items.setdefault(mid, []).append(decision)
    att: dict[tuple[str, str], int] = {}
    for mid, status, n in s.execute(select(m.Attendance.meeting_id, m.Attendance.status, func.count())
                                    .group_by(m.Attendance.meeting_id, m.Attendance.status)):
        att[(mid, status)] = n
    rows = []
    for mt in s.scalars(select(m.Meeting).order_by(m.Meeting.date.desc(), m.Meeting.id)):
        decisions = items.get(mt.id, [])
        pres = who.get(mt.president_id or "")
        rows.append(MeetingRow(mt.id, mt.date, mt.place or "", mt.president_id, pres.name if pres else "",
                               len(decisions), sum(1 for d in decisions if d),
                               sum(1 for d in decisions if d == "approved"),
                               att.get((mt.id, "present"), 0), att.get((mt.id, "excused"), 0)))
    return rows


def meeting_fields(engine: Engine, meeting_id: str) -> MeetingFields:
    with Session(engine) as s:
        mt = known_meeting(s, meeting_id)
        return MeetingFields(mt.id, mt.date, mt.place or "", mt.president_id, mt.time)



def known_meeting(s: Session, meeting_id: str) -> m.Meeting:
    """The meeting `meeting_id`, or a refusal in French."""
    return existing(s, m.Meeting, meeting_id, f"Comité inconnu « {meeting_id} ».")

# --- writes --------------------------------------------------------------------------------------


_TIME = re.compile(r"([01]?\d|2[0-3])[:hH]([0-5]\d)")


def meeting_time(text: str | None) -> str | None:
    """"14h30", "9:05" → "14:30", "09:05"; None for an empty field; ValueError (French) otherwise."""
    raw = (text or "").strip()
    if not raw:
        return None
    found = _TIME.fullmatch(raw)
    if found is None:
        raise ValueError("Indiquez l'heure sous la forme 14:30 (ou laissez vide).")
    return f"{int(found.group(1)):02d}:{found.group(2)}"


def meeting_problems(session: Session, date: dt.date | None, place: str, president_id: str | None,
                     time: str | None = None) -> dict[str, str]:
    """The problems of a meeting's fields, keyed by the form's fields."""
    problems: dict[str, str] = form_text_problems({"place": place}, "")  # the import's own text rule
    try:
        meeting_time(time)
    except ValueError as exc:
        problems["time"] = str(exc)
    if date is None:
        problems["date"] = "Indiquez la date de la réunion."
    if not place.strip():
        problems["place"] = "Indiquez le lieu de la réunion."
    pres = president_problem(session, president_id)
    if pres:
        problems["president"] = pres
    return problems


def create_meeting(engine: Engine, date: dt.date, place: str, president_id: str | None,
                   time: str | None = None) -> tuple[Changes, str]:
    """A new meeting with an empty agenda; refused when the president is not a company representative.
    `time`: the hour it meets ("14:30"), printed on the agenda pack and the minutes."""
    with unit_of_work(engine) as s:
        problems = meeting_problems(s, date, place, president_id, time)
        if problems:
            raise RuleError(problems)
        new_id = next_id(s, m.Meeting, "m")
        hour = meeting_time(time)
        s.add(m.Meeting(id=new_id, date=date, place=place.strip(), president_id=president_id, time=hour))
        journal(s, "meeting", new_id, "create", {"date": date, "place": place.strip(), "president_id": president_id,
                                                  "time": hour})
    return Changes(meetings=True), new_id


def redating_consequences(engine: Engine, meeting_id: str, new_date: dt.date) -> str | None:
    """What moving a meeting that has taken decisions to `new_date` changes, in one French paragraph
    for the question the dialog asks (None when it took no decision or the date is the same)."""
    with unit_of_work(engine) as s:
        mt = known_meeting(s, meeting_id)
        if mt.date == new_date:
            return None
        decided = s.execute(select(m.AgendaItem.decision, m.Project.title)
                            .join(m.Project, m.Project.id == m.AgendaItem.project_id)
                            .where(m.AgendaItem.meeting_id == meeting_id, m.AgendaItem.decision.is_not(None))
                            .order_by(m.AgendaItem.position)).all()
    if not decided:
        return None
    what = "; ".join(f"« {title} » ({label(decision).lower()})" for decision, title in decided)
    count = "une décision" if len(decided) == 1 else f"{len(decided)} décisions"
    return (f"Ce comité a déjà pris {count} : {what}. Passer du {date_long(mt.date)} au "
            f"{date_long(new_date)} change la date de ces décisions (agrément, ajournement ou refus), celle du "
            "procès-verbal et des moyens accordés, et le point de départ des délais qui en découlent "
            "(la convention se signe après l'agrément).")


def update_meeting(engine: Engine, meeting_id: str, date: dt.date, place: str, president_id: str | None, *,
                   today: dt.date, redate_decided: bool = False, time: str | None = None) -> Changes:
    """Edit a meeting. One that has taken decisions is re-dated only when the caller asked the operator
    (`redate_decided`, after `redating_consequences`), and never to a day after `today`: decisions
    belong to a meeting that has taken place."""
    with unit_of_work(engine) as s:
        mt = known_meeting(s, meeting_id)
        problems = meeting_problems(s, date, place, president_id, time)
        decided = _decided(s, meeting_id)
        if mt.president_id == president_id and "president" in problems and decided:
            # A meeting already held keeps the president it had, even if he or she has since left.
            problems.pop("president")
        if decided and date != mt.date and "date" not in problems:
            if date > today:
                problems["date"] = (f"Ce comité a déjà pris des décisions : il ne peut pas être daté après "
                                    f"aujourd'hui ({date_long(today)}). Choisissez le jour où il s'est réuni.")
            elif not redate_decided:
                problems["date"] = ("Ce comité a déjà pris des décisions : confirmez le changement de date, "
                                    "qui change aussi la date de ces décisions.")
        if problems:
            raise RuleError(problems)
        changed = diff_fields(mt, {"date": date, "place": place.strip(), "president_id": president_id,
                                   "time": meeting_time(time)})
        if changed:
            journal(s, "meeting", meeting_id, "update", changed)
    return Changes(meetings=True, projects=True)


def _decided(s: Session, meeting_id: str) -> int:
    return s.scalar(select(func.count()).select_from(m.AgendaItem).where(
        m.AgendaItem.meeting_id == meeting_id, m.AgendaItem.decision.is_not(None))) or 0


def delete_meeting(engine: Engine, meeting_id: str) -> Changes:
    """Delete a meeting that took no decision; its scheduled projects go back to what they were."""
    with unit_of_work(engine) as s:
        mt = known_meeting(s, meeting_id)
        if _decided(s, meeting_id):
            raise RuleError("Ce comité a déjà pris des décisions : il ne peut plus être supprimé.")
        if s.scalar(select(func.count()).select_from(m.Engagement).where(m.Engagement.meeting_id == meeting_id)):
            raise RuleError("Des moyens accordés renvoient à ce comité : il ne peut pas être supprimé.")
        items = list(s.scalars(select(m.AgendaItem).where(m.AgendaItem.meeting_id == meeting_id)))
        for it in items:
            unschedule(s, it.project_id, meeting_id)
        pks = [it.pk for it in items]
        if pks:
            s.execute(delete(m.ItemVote).where(m.ItemVote.item_pk.in_(pks)))
            s.execute(delete(m.ItemConflict).where(m.ItemConflict.item_pk.in_(pks)))
            s.execute(delete(m.AgendaItem).where(m.AgendaItem.pk.in_(pks)))
        s.execute(delete(m.Attendance).where(m.Attendance.meeting_id == meeting_id))
        s.delete(mt)
        journal(s, "meeting", meeting_id, "delete", {"date": mt.date, "place": mt.place})
    return Changes(meetings=True, projects=True)


def means_requested(engine: Engine) -> dict[str, str]:
    """The office-only "moyens demandés" of every project that has them (not in format v1)."""
    with Session(engine) as s:
        rows = s.execute(select(m.Project.id, m.Project.means_requested).where(m.Project.means_requested.is_not(None)))
        return {pid: text for pid, text in rows if text and text.strip()}


@dataclasses.dataclass(frozen=True)
class PartnerChoice:
    id: str
    name: str
    kind: str
    active: bool


def partner_choices(engine: Engine) -> list[PartnerChoice]:
    """Partners by name, for the engagement editor (who lends skills, which bank lends)."""
    with Session(engine) as s:
        rows = s.execute(select(m.Partner.id, m.Partner.name, m.Partner.kind, m.Partner.active))
        return sorted((PartnerChoice(i, n, k, bool(a)) for i, n, k, a in rows), key=lambda p: p.name.casefold())
