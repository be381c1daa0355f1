"""Follow-up of approved projects: the mandataire's plan, reports, closing, workload.

The plan (DOMAIN.md §3): reports at months 3, 6, 12 and 18 from the convention signature,
month 24 optional. Reports carry cumulative figures since approval, so a report may never show
less than the one before it (nor more than the one after it when typed in between).

A mandataire's request for a new intervention of the comité is recorded as a follow-up report
whose notes start with `NEW_INTERVENTION_MARKER`: it then travels in format v1 (export, ASTREES
bundle, import) with the figures it came with, which a journal entry would not.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.formatting import date_long, integer
from alize_desktop.models.enums import label
from alize_desktop.rules.schedule import add_months
from alize_desktop.services.uow import Changes, RuleError, journal, next_id, unit_of_work

PLAN_MONTHS = (3, 6, 12, 18)
OPTIONAL_MONTH = 24
FOLLOW_UP_MONTHS = 18
DUE_WINDOW_DAYS = 30  # a report becomes "à rendre" this many days before its due date
FOLLOWED = ("convention_signed", "in_follow_up")
NEW_INTERVENTION_MARKER = "[Nouvelle intervention demandée]"
STATE_LABELS = {"done": "Rendu", "overdue": "En retard", "due": "À rendre", "upcoming": "À venir",
                "optional": "Facultatif", "not_required": "Non requis"}
FIGURES = {"jobs_created": "emplois créés", "jobs_maintained": "emplois maintenus",
           "skills_days_delivered": "jours de compétences réalisés"}


@dataclasses.dataclass(frozen=True)
class Milestone:
    month: int
    due_on: dt.date
    optional: bool
    report_on: dt.date | None
    state: str  # a key of STATE_LABELS

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def follow_up_plan(signed_on: dt.date, report_dates: Sequence[dt.date], today: dt.date,
                   followed: bool = True) -> list[Milestone]:
    """The plan's milestones and which report fulfils each.

    A report fulfils every milestone already due on its date (a late report brings the
    cumulative figures up to date), otherwise the next open milestone when the previous one
    was due before it (an early report). Month 24 is shown but never owed.
    """
    months = (*PLAN_MONTHS, OPTIONAL_MONTH)
    dues = [add_months(signed_on, k) for k in months]
    done: dict[int, dt.date] = {}
    for day in sorted(d for d in report_dates if d >= signed_on):
        open_idx = [i for i in range(len(months)) if i not in done]
        if not open_idx:
            break
        late = [i for i in open_idx if dues[i] <= day]
        if late:
            done.update(dict.fromkeys(late, day))
            continue
        first = open_idx[0]
        opened = signed_on if first == 0 else dues[first - 1]
        if day >= opened:
            done[first] = day
    out = []
    for i, month in enumerate(months):
        optional = month == OPTIONAL_MONTH
        if i in done:
            state = "done"
        elif not followed:
            state = "not_required"
        elif optional:
            state = "optional"
        elif dues[i] < today:
            state = "overdue"
        elif (dues[i] - today).days <= DUE_WINDOW_DAYS:
            state = "due"
        else:
            state = "upcoming"
        out.append(Milestone(month, dues[i], optional, done.get(i), state))
    return out


def closing_problem(status: str, signed_on: dt.date | None, plan: Sequence[Milestone], today: dt.date) -> str | None:
    """French reason why a project cannot be closed yet, or None."""
    if status not in FOLLOWED:
        return "Seul un projet en suivi (convention signée) peut être clos."
    if signed_on is None:
        return "La date de signature de la convention n'est pas enregistrée."
    end = add_months(signed_on, FOLLOW_UP_MONTHS)
    if today < end:
        return (f"Le suivi dure au moins {FOLLOW_UP_MONTHS} mois après la signature du {date_long(signed_on)} : "
                f"clôture possible à partir du {date_long(end)}.")
    last = next((s for s in plan if s.month == FOLLOW_UP_MONTHS), None)
    if last is not None and last.state != "done":
        return f"Le rapport du {FOLLOW_UP_MONTHS}e mois n'est pas encore saisi."
    return None


def split_notes(notes: str | None) -> tuple[bool, str]:
    """(new intervention requested, the notes without the marker)."""
    text = notes or ""
    if text.startswith(NEW_INTERVENTION_MARKER):
        return True, text[len(NEW_INTERVENTION_MARKER):].lstrip()
    return False, text


def join_notes(new_intervention: bool, notes: str) -> str | None:
    text = notes.strip()
    if new_intervention:
        return f"{NEW_INTERVENTION_MARKER} {text}".rstrip()
    return text or None


# ---------------------------------------------------------------------------------------- reads
@dataclasses.dataclass(frozen=True)
class FollowedProject:
    id: str
    title: str
    company: str
    status: str
    signed_on: dt.date | None
    mandatary_id: str | None
    mandatary: str
    plan: tuple[Milestone, ...]
    reports: int
    last_report_on: dt.date | None
    jobs_created: int
    jobs_maintained: int
    skills_days: int
    jobs_planned_created: int | None
    jobs_planned_maintained: int | None
    new_intervention: bool
    closing_problem: str | None

    @property
    def overdue(self) -> int:
        return sum(1 for s in self.plan if s.state == "overdue")

    @property
    def due(self) -> int:
        return sum(1 for s in self.plan if s.state == "due")

    @property
    def next_due(self) -> Milestone | None:
        return next((s for s in self.plan if s.state in ("overdue", "due", "upcoming")), None)


@dataclasses.dataclass(frozen=True)
class FollowUpRow:
    id: str
    project_id: str
    date: dt.date
    author_id: str | None
    author: str
    jobs_created: int
    jobs_maintained: int
    skills_days_delivered: int
    notes: str
    new_intervention: bool


@dataclasses.dataclass(frozen=True)
class Member:
    id: str
    name: str
    partner: str


@dataclasses.dataclass(frozen=True)
class Workload:
    person_id: str
    name: str
    projects: int
    due: int
    overdue: int


def _names(s: Session) -> dict[str, str]:
    return {p.id: f"{p.first_name} {p.last_name}".strip() for p in s.scalars(select(m.Person))}


def followed_projects(engine: Engine, today: dt.date, include_closed: bool = False) -> list[FollowedProject]:
    """Projects in follow-up (and closed ones when asked), with their plan on `today`."""
    statuses = (*FOLLOWED, "closed") if include_closed else FOLLOWED
    with Session(engine) as s:
        names = _names(s)
        companies = dict(s.execute(select(m.Company.id, m.Company.name)).tuples().all())
        reports: dict[str, list[m.FollowUp]] = {}
        for f in s.scalars(select(m.FollowUp).order_by(m.FollowUp.date, m.FollowUp.id)):
            reports.setdefault(f.project_id, []).append(f)
        out = []
        for p in s.scalars(select(m.Project).where(m.Project.status.in_(statuses)).order_by(m.Project.id)):
            own = reports.get(p.id, [])
            followed = p.status in FOLLOWED
            plan = follow_up_plan(p.convention_signed_on, [f.date for f in own], today, followed) \
                if p.convention_signed_on else []
            last = own[-1] if own else None
            out.append(FollowedProject(
                id=p.id, title=p.title, company=companies.get(p.company_id, ""), status=p.status,
                signed_on=p.convention_signed_on, mandatary_id=p.mandatary_id,
                mandatary=names.get(p.mandatary_id or "", ""), plan=tuple(plan), reports=len(own),
                last_report_on=last.date if last else None,
                jobs_created=last.jobs_created if last else 0, jobs_maintained=last.jobs_maintained if last else 0,
                skills_days=last.skills_days_delivered if last else 0,
                jobs_planned_created=p.jobs_planned_created, jobs_planned_maintained=p.jobs_planned_maintained,
                new_intervention=split_notes(last.notes)[0] if last else False,
                closing_problem=closing_problem(p.status, p.convention_signed_on, plan, today),
            ))
        return out


def project_reports(engine: Engine, project_id: str) -> list[FollowUpRow]:
    """The project's reports, oldest first."""
    with Session(engine) as s:
        names = _names(s)
        rows = s.scalars(select(m.FollowUp).where(m.FollowUp.project_id == project_id)
                         .order_by(m.FollowUp.date, m.FollowUp.id))
        out = []
        for f in rows:
            flag, text = split_notes(f.notes)
            out.append(FollowUpRow(f.id, f.project_id, f.date, f.author_id, names.get(f.author_id or "", ""),
                                   f.jobs_created, f.jobs_maintained, f.skills_days_delivered, text, flag))
        return out


def committee_members(engine: Engine) -> list[Member]:
    """Active comité members, by name: who may sign a follow-up report."""
    with Session(engine) as s:
        partners = dict(s.execute(select(m.Partner.id, m.Partner.name)).tuples().all())
        people = s.scalars(select(m.Person).where(m.Person.committee_member, m.Person.active)
                           .order_by(m.Person.last_name, m.Person.first_name))
        return [Member(p.id, f"{p.first_name} {p.last_name}".strip(), partners.get(p.partner_id, "")) for p in people]


def workload(projects: Sequence[FollowedProject]) -> list[Workload]:
    """Per mandataire: projects followed, reports due soon and overdue (followed projects only)."""
    count: Counter[str] = Counter()
    due: Counter[str] = Counter()
    late: Counter[str] = Counter()
    names: dict[str, str] = {}
    for p in projects:
        if p.status not in FOLLOWED:
            continue
        key = p.mandatary_id or ""
        names[key] = p.mandatary or "(sans mandataire)"
        count[key] += 1
        due[key] += p.due
        late[key] += p.overdue
    rows = [Workload(k, names[k], count[k], due[k], late[k]) for k in count]
    return sorted(rows, key=lambda w: (-w.overdue, -w.due, w.name.casefold()))


# --------------------------------------------------------------------------------------- writes
@dataclasses.dataclass(frozen=True)
class Saved:
    id: str
    changes: Changes
    previous_status: str | None  # the project's status before, when the write changed it


def _check_figures(s: Session, project_id: str, follow_up_id: str | None, day: dt.date,
                   values: dict[str, int]) -> dict[str, str]:
    """Cumulative figures: not below the report before `day`, not above the report after it."""
    problems: dict[str, str] = {}
    others = [f for f in s.scalars(select(m.FollowUp).where(m.FollowUp.project_id == project_id)
                                   .order_by(m.FollowUp.date, m.FollowUp.id)) if f.id != follow_up_id]
    before = [f for f in others if f.date <= day]
    after = [f for f in others if f.date > day]
    prev = before[-1] if before else None
    nxt = after[0] if after else None
    for field, words in FIGURES.items():
        value = values[field]
        if value < 0:
            problems[field] = "Saisir un nombre positif ou nul."
        elif prev is not None and value < getattr(prev, field):
            problems[field] = (f"Les chiffres sont cumulés depuis l'agrément : au moins "
                               f"{integer(getattr(prev, field))} {words}, comme au rapport du {date_long(prev.date)}.")
        elif nxt is not None and value > getattr(nxt, field):
            problems[field] = (f"Les chiffres sont cumulés : au plus {integer(getattr(nxt, field))} {words}, "
                               f"chiffre du rapport suivant du {date_long(nxt.date)}.")
    return problems


def _validate(s: Session, project: m.Project | None, follow_up_id: str | None, day: dt.date | None,
              author_id: str | None, values: dict[str, int | None], today: dt.date) -> dict[str, str]:
    problems: dict[str, str] = {}
    if project is None:
        return {"": "Projet introuvable."}
    if project.status not in FOLLOWED and follow_up_id is None:
        return {"": "Un rapport de suivi ne peut être saisi que pour un projet dont la convention est signée "
                    f"(statut actuel : {label(project.status).lower()})."}
    if day is None:
        problems["date"] = "Saisir la date du rapport."
    elif day > today:
        problems["date"] = "Un rapport de suivi ne peut pas être daté dans le futur."
    elif project.convention_signed_on and day < project.convention_signed_on:
        problems["date"] = ("Le suivi commence à la signature de la convention, le "
                            f"{date_long(project.convention_signed_on)}.")
    author = s.get(m.Person, author_id) if author_id else None
    if author is None:
        problems["author"] = "Choisir l'auteur du rapport parmi les membres du comité."
    elif not author.committee_member and author_id != project.mandatary_id:
        problems["author"] = "L'auteur d'un rapport doit être membre du comité d'agrément."
    for field in FIGURES:
        if values[field] is None:
            problems[field] = "Saisir un nombre (0 si aucun)."
    if day is not None and not any(k in problems for k in FIGURES):
        problems.update(_check_figures(s, project.id, follow_up_id, day, {k: int(values[k] or 0) for k in FIGURES}))
    return problems


def _figures(created: int | None, maintained: int | None, days: int | None) -> dict[str, int | None]:
    return {"jobs_created": created, "jobs_maintained": maintained, "skills_days_delivered": days}


def add_follow_up(engine: Engine, project_id: str, *, date: dt.date | None, author_id: str | None,
                  jobs_created: int | None, jobs_maintained: int | None, skills_days_delivered: int | None,
                  notes: str = "", new_intervention: bool = False, today: dt.date,
                  follow_up_id: str | None = None) -> Saved:
    """Record a report; the first one moves the project from convention_signed to in_follow_up.

    `follow_up_id` reuses an id (the redo of an undone entry), so the journal keeps one name.
    """
    values = _figures(jobs_created, jobs_maintained, skills_days_delivered)
    with unit_of_work(engine) as s:
        project = s.get(m.Project, project_id)
        problems = _validate(s, project, None, date, author_id, values, today)
        if problems:
            raise RuleError(problems)
        assert project is not None and date is not None
        new_id = follow_up_id if follow_up_id and s.get(m.FollowUp, follow_up_id) is None \
            else next_id(s, m.FollowUp, "f")
        s.add(m.FollowUp(id=new_id, project_id=project_id, date=date, author_id=author_id,
                         notes=join_notes(new_intervention, notes), **{k: int(v or 0) for k, v in values.items()}))
        journal(s, "follow_up", new_id, "create", {
            "project_id": project_id, "date": date, "author_id": author_id, **values,
            "new_intervention": new_intervention})
        previous = None
        if project.status == "convention_signed":
            previous = project.status
            project.status = "in_follow_up"
            journal(s, "project", project_id, "update", {"status": ["convention_signed", "in_follow_up"]})
    return Saved(new_id, Changes(follow_ups=True, projects=previous is not None), previous)


def update_follow_up(engine: Engine, follow_up_id: str, *, date: dt.date | None, author_id: str | None,
                     jobs_created: int | None, jobs_maintained: int | None, skills_days_delivered: int | None,
                     notes: str = "", new_intervention: bool = False, today: dt.date) -> Changes:
    """Correct a report (same rules as a new one)."""
    values = _figures(jobs_created, jobs_maintained, skills_days_delivered)
    with unit_of_work(engine) as s:
        row = s.get(m.FollowUp, follow_up_id)
        if row is None:
            raise RuleError("Rapport de suivi introuvable.")
        problems = _validate(s, s.get(m.Project, row.project_id), follow_up_id, date, author_id, values, today)
        if problems:
            raise RuleError(problems)
        new = {"date": date, "author_id": author_id, "notes": join_notes(new_intervention, notes),
               **{k: int(v or 0) for k, v in values.items()}}
        changed = {k: [getattr(row, k), v] for k, v in new.items() if getattr(row, k) != v}
        for k, v in new.items():
            setattr(row, k, v)
        if changed:
            journal(s, "follow_up", follow_up_id, "update", changed)
    return Changes(follow_ups=True)


def delete_follow_up(engine: Engine, follow_up_id: str) -> Changes:
    """Remove a report (a mistake, or the undo of an entry).

    When no report after the signature remains, the project goes back to convention_signed,
    which is where the first report had taken it from.
    """
    with unit_of_work(engine) as s:
        row = s.get(m.FollowUp, follow_up_id)
        if row is None:
            raise RuleError("Rapport de suivi introuvable.")
        project = s.get(m.Project, row.project_id)
        if project is None or project.status not in FOLLOWED:
            raise RuleError("Le projet n'est plus en suivi : ses rapports ne peuvent plus être supprimés.")
        journal(s, "follow_up", follow_up_id, "delete", {"project_id": row.project_id, "date": row.date,
                                                           "jobs_created": row.jobs_created,
                                                           "jobs_maintained": row.jobs_maintained})
        s.delete(row)
        s.flush()
        status_changed = False
        signed = project.convention_signed_on
        left = [f for f in s.scalars(select(m.FollowUp).where(m.FollowUp.project_id == project.id))
                if signed is None or f.date >= signed]
        if project.status == "in_follow_up" and not left:
            project.status = "convention_signed"
            status_changed = True
            journal(s, "project", project.id, "update", {"status": ["in_follow_up", "convention_signed"]})
    return Changes(follow_ups=True, projects=status_changed)


def close_project(engine: Engine, project_id: str, today: dt.date) -> Saved:
    """Close a project after its 18 months of follow-up; refused earlier with the reason."""
    with unit_of_work(engine) as s:
        project = s.get(m.Project, project_id)
        if project is None:
            raise RuleError("Projet introuvable.")
        dates = list(s.scalars(select(m.FollowUp.date).where(m.FollowUp.project_id == project_id)))
        plan = follow_up_plan(project.convention_signed_on, dates, today) if project.convention_signed_on else []
        problem = closing_problem(project.status, project.convention_signed_on, plan, today)
        if problem:
            raise RuleError(problem)
        previous = project.status
        project.status = "closed"
        journal(s, "project", project_id, "update", {"status": [previous, "closed"], "closed_on": today})
    return Saved(project_id, Changes(projects=True, follow_ups=True), previous)


def reopen_project(engine: Engine, project_id: str, status: str = "in_follow_up") -> Changes:
    """Put a closed project back in follow-up (the undo of a closing)."""
    if status not in FOLLOWED:
        raise RuleError("Un projet rouvert reprend le suivi.")
    with unit_of_work(engine) as s:
        project = s.get(m.Project, project_id)
        if project is None or project.status != "closed":
            raise RuleError("Seul un projet clos peut être rouvert.")
        project.status = status
        journal(s, "project", project_id, "update", {"status": ["closed", status]})
    return Changes(projects=True, follow_ups=True)
