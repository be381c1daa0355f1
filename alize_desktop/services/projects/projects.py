"""Projects: the list (one query), the form's values, validation, create, update, delete.

Status, mandatary and signature are not edited here: they change through services.workflow.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, aliased

from alize_desktop import models as m
from alize_desktop.formatting import count, money
from alize_desktop.models.enums import PROJECT_TYPES, SCHEME_KINDS
from alize_desktop.rules.text import form_text_problems
from alize_desktop.services.common_records import existing, journal_update, refuse
from alize_desktop.services.projects.companies import claim_deadline
from alize_desktop.services.uow import Changes, RuleError, diff_fields, journal, next_id, unit_of_work

SCORE_FIELDS = ("score_quality", "score_holder", "score_impact")


@dataclasses.dataclass(frozen=True)
class SupportLine:
    """Another scheme already mobilised for the project (format v1 `other_supports[]`)."""

    scheme_id: str
    amount_cents: int | None


@dataclasses.dataclass(frozen=True)
class ProjectValues:
    """What the project form edits."""

    company_id: str
    title: str
    type: str = "development"
    received_on: dt.date | None = None
    prescriber_id: str | None = None
    diagnostic: str | None = None
    complementary_diagnostic: str | None = None
    score_quality: int | None = None
    score_holder: int | None = None
    score_impact: int | None = None
    jobs_planned_created: int | None = None
    jobs_planned_maintained: int | None = None
    means_requested: str | None = None
    supports: tuple[SupportLine, ...] = ()


COLUMN_FIELDS = tuple(f.name for f in dataclasses.fields(ProjectValues) if f.name != "supports")


@dataclasses.dataclass(frozen=True)
class ProjectRow:
    """One line of the projects list: everything the list shows, filters and sorts on."""

    id: str
    title: str
    type: str
    status: str
    received_on: dt.date
    company_id: str
    company_name: str
    company_siret: str | None
    prescriber_id: str | None
    prescriber_name: str
    mandatary_name: str
    jobs_planned_created: int | None
    jobs_planned_maintained: int | None
    convention_signed_on: dt.date | None
    insolvency_procedure: str | None
    claim_deadline: dt.date | None
    # The meeting a scheduled project is on the agenda of (its item still without a decision).
    meeting_on: dt.date | None = None

    @property
    def number(self) -> int:
        """pr12 → 12, so that ids sort as numbers."""
        tail = self.id.lstrip("pr")
        return int(tail) if tail.isdigit() else 0


@dataclasses.dataclass(frozen=True)
class PersonChoice:
    id: str
    name: str
    partner: str
    active: bool


def person_name(first: str | None, last: str | None) -> str:
    return f"{first or ''} {last or ''}".strip()


def list_projects(engine: Engine) -> list[ProjectRow]:
    """Every project in one query (with company, prescriber and mandatary names, and the date of
    the meeting a scheduled project is on the agenda of), newest first."""
    presc, mand = aliased(m.Person), aliased(m.Person)
    c, p = m.Company, m.Project
    # A scheduled project's meeting: its agenda item not decided yet (an adjourned project put on a
    # later agenda has an older, decided item too). Grouped once, joined: still a single query.
    pending = (
        select(m.AgendaItem.project_id.label("project_id"), func.max(m.Meeting.date).label("meeting_on"))
        .join(m.Meeting, m.Meeting.id == m.AgendaItem.meeting_id)
        .where(m.AgendaItem.decision.is_(None))
        .group_by(m.AgendaItem.project_id)
        .subquery()
    )
    stmt = (
        select(p.id, p.title, p.type, p.status, p.received_on, p.company_id, c.name, c.siret, p.prescriber_id,
               presc.first_name, presc.last_name, mand.first_name, mand.last_name, p.jobs_planned_created,
               p.jobs_planned_maintained, p.convention_signed_on, c.insolvency_procedure,
               c.insolvency_published_on, pending.c.meeting_on)
        .join(c, c.id == p.company_id)
        .outerjoin(presc, presc.id == p.prescriber_id)
        .outerjoin(mand, mand.id == p.mandatary_id)
        .outerjoin(pending, pending.c.project_id == p.id)
        .order_by(p.received_on.desc(), p.id)
    )
    with engine.connect() as conn:
        return [
            ProjectRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], person_name(r[9], r[10]),
                       person_name(r[11], r[12]), r[13], r[14], r[15], r[16], claim_deadline(r[16], r[17]),
                       r[18] if r[3] == "scheduled" else None)
            for r in conn.execute(stmt)
        ]


def get_project_values(engine: Engine, project_id: str) -> ProjectValues:
    with Session(engine) as s:
        return _values(s, _project(s, project_id))


def get_project_status(engine: Engine, project_id: str) -> str:
    with Session(engine) as s:
        return _project(s, project_id).status


def get_project_mandatary(engine: Engine, project_id: str) -> str | None:
    with Session(engine) as s:
        return _project(s, project_id).mandatary_id


def _project(s: Session, project_id: str) -> m.Project:
    return existing(s, m.Project, project_id, f"Projet « {project_id} » introuvable.")


def _values(s: Session, p: m.Project) -> ProjectValues:
    supports = s.execute(select(m.ProjectSupport.scheme_id, m.ProjectSupport.amount_cents)
                         .where(m.ProjectSupport.project_id == p.id)
                         .order_by(m.ProjectSupport.position, m.ProjectSupport.pk)).all()
    return ProjectValues(**{f: getattr(p, f) for f in COLUMN_FIELDS},
                         supports=tuple(SupportLine(a, b) for a, b in supports))


def committee_members(engine: Engine, keep: tuple[str | None, ...] = ()) -> list[PersonChoice]:
    """Active comité members (who may prescribe or follow a project), plus the ids in `keep`
    so that a form still shows a prescriber who has left the comité since."""
    with Session(engine) as s:
        rows = s.execute(
            select(m.Person.id, m.Person.first_name, m.Person.last_name, m.Partner.name, m.Person.active,
                   m.Person.committee_member)
            .join(m.Partner, m.Partner.id == m.Person.partner_id)
            .order_by(m.Person.last_name, m.Person.first_name)
        ).all()
    return [PersonChoice(r[0], person_name(r[1], r[2]), r[3], bool(r[4] and r[5]))
            for r in rows if (r[4] and r[5]) or r[0] in keep]


def normalise(values: ProjectValues) -> ProjectValues:
    def clean(text: str | None) -> str | None:
        text = (text or "").strip()
        return text or None

    return dataclasses.replace(
        values, title=(values.title or "").strip(), company_id=(values.company_id or "").strip(),
        diagnostic=clean(values.diagnostic), complementary_diagnostic=clean(values.complementary_diagnostic),
        means_requested=clean(values.means_requested), prescriber_id=clean(values.prescriber_id),
    )


def project_problems(s: Session, values: ProjectValues, project: m.Project | None = None,
                     *, today: dt.date) -> dict[str, str]:
    """French problems keyed by form field; empty when the project can be saved."""
    problems: dict[str, str] = form_text_problems(values, "")  # the import's own text rule
    if not values.company_id:
        problems["company_id"] = "Choisissez l'entreprise qui porte le projet (ou créez-la)."
    elif s.get(m.Company, values.company_id) is None:
        problems["company_id"] = f"Entreprise « {values.company_id} » inconnue."
    if not values.title:
        problems["title"] = "Le titre du projet est obligatoire."
    if values.type not in PROJECT_TYPES:
        problems["type"] = "Type de projet inconnu."
    if values.received_on is None:
        problems["received_on"] = "La date de réception est obligatoire."
    elif values.received_on > today:
        problems["received_on"] = "La date de réception ne peut pas être dans le futur."
    if values.prescriber_id:
        who = s.get(m.Person, values.prescriber_id)
        unchanged = project is not None and project.prescriber_id == values.prescriber_id
        if who is None:
            problems["prescriber_id"] = f"Prescripteur « {values.prescriber_id} » inconnu."
        elif not who.committee_member:
            problems["prescriber_id"] = "Le prescripteur doit être membre du comité d'agrément."
        elif not who.active and not unchanged:
            problems["prescriber_id"] = "Ce membre du comité n'est plus actif : choisissez un membre actif."
    for field in SCORE_FIELDS:
        score = getattr(values, field)
        if score is not None and not 1 <= score <= 5:
            problems[field] = "Note de 1 à 5 (ou non notée)."
    for field in ("jobs_planned_created", "jobs_planned_maintained"):
        n = getattr(values, field)
        if n is not None and n < 0:
            problems[field] = "Le nombre d'emplois ne peut pas être négatif."
    seen: set[str] = set()
    for i, line in enumerate(values.supports, start=1):
        if s.get(m.SupportScheme, line.scheme_id) is None:
            problems["supports"] = f"Ligne {i} : dispositif inconnu."
        elif line.scheme_id in seen:
            problems["supports"] = f"Ligne {i} : ce dispositif figure déjà plus haut."
        elif line.amount_cents is not None and line.amount_cents < 0:
            problems["supports"] = f"Ligne {i} : le montant ne peut pas être négatif."
        seen.add(line.scheme_id)
        if "supports" in problems:
            break
    return problems


def _write_supports(s: Session, project_id: str, supports: tuple[SupportLine, ...]) -> None:
    for old in s.execute(select(m.ProjectSupport).where(m.ProjectSupport.project_id == project_id)).scalars():
        s.delete(old)
    s.flush()
    for pos, line in enumerate(supports):
        s.add(m.ProjectSupport(project_id=project_id, scheme_id=line.scheme_id, amount_cents=line.amount_cents,
                               position=pos))


def _journal_values(values: ProjectValues) -> dict[str, object]:
    out: dict[str, object] = {f: getattr(values, f) for f in COLUMN_FIELDS}
    out["supports"] = [[x.scheme_id, x.amount_cents] for x in values.supports]
    return out


def create_project(engine: Engine, values: ProjectValues, today: dt.date) -> tuple[str, Changes]:
    """Record a project received (status `received`); refused with field messages when wrong."""
    values = normalise(values)
    with unit_of_work(engine) as s:
        refuse(project_problems(s, values, None, today=today))
        new_id = next_id(s, m.Project, "pr")
        cols = {f: getattr(values, f) for f in COLUMN_FIELDS}
        s.add(m.Project(id=new_id, status="received", has_scores=_has_scores(values), **cols))
        s.flush()
        _write_supports(s, new_id, values.supports)
        journal(s, "project", new_id, "create", {**_journal_values(values), "status": "received"})
    return new_id, Changes(projects=True)


def _has_scores(values: ProjectValues) -> bool:
    return any(getattr(values, f) is not None for f in SCORE_FIELDS)


def update_project(engine: Engine, project_id: str, values: ProjectValues, today: dt.date) -> Changes:
    """Change the form's fields of a project; only what differs is journaled."""
    values = normalise(values)
    with unit_of_work(engine) as s:
        p = _project(s, project_id)
        refuse(project_problems(s, values, p, today=today))
        before = _values(s, p)
        changed = diff_fields(p, {f: getattr(values, f) for f in COLUMN_FIELDS})
        p.has_scores = _has_scores(values)
        if before.supports != values.supports:
            _write_supports(s, project_id, values.supports)
            changed["supports"] = [_journal_values(before)["supports"], _journal_values(values)["supports"]]
        if changed:
            journal(s, "project", project_id, "update", changed)
    return Changes(projects=True)


def deletion_blocker(s: Session, p: m.Project) -> str | None:
    """Why a project cannot be deleted (None when it can): only a mistaken entry with no history goes."""
    for model, what in ((m.AgendaItem, "inscrit à un comité"), (m.Engagement, "a des moyens accordés"),
                        (m.FollowUp, "a des rapports de suivi")):
        n = s.scalar(select(func.count()).select_from(model).where(model.project_id == p.id))
        if n:
            return f"Le projet {what} : il ne peut pas être supprimé (retirez-le plutôt)."
    if p.status not in ("received", "in_review"):
        return "Seul un projet reçu ou en instruction peut être supprimé (retirez-le plutôt)."
    return None


def delete_project(engine: Engine, project_id: str) -> Changes:
    with unit_of_work(engine) as s:
        p = _project(s, project_id)
        reason = deletion_blocker(s, p)
        if reason:
            raise RuleError(reason)
        journal(s, "project", project_id, "delete", _journal_values(_values(s, p)))
        _write_supports(s, project_id, ())
        s.delete(p)
    return Changes(projects=True)


def supports_total(values: ProjectValues) -> str:
    return money(sum(x.amount_cents or 0 for x in values.supports))


# Support schemes (the register of existing local schemes) ------------------------------------------


@dataclasses.dataclass(frozen=True)
class SchemeRow:
    id: str
    name: str
    kind: str
    uses: int  # projects that mention it


def list_schemes(engine: Engine) -> list[SchemeRow]:
    with Session(engine) as s:
        uses = dict(s.execute(select(m.ProjectSupport.scheme_id, func.count(func.distinct(m.ProjectSupport.project_id)))
                              .group_by(m.ProjectSupport.scheme_id)).tuples().all())
        rows = s.execute(select(m.SupportScheme).order_by(m.SupportScheme.name)).scalars()
        return [SchemeRow(x.id, x.name, x.kind, uses.get(x.id, 0)) for x in rows]


def _scheme_problems(s: Session, name: str, kind: str, scheme_id: str | None) -> dict[str, str]:
    problems: dict[str, str] = {}
    if not name:
        problems["name"] = "Le nom du dispositif est obligatoire."
    elif s.scalar(select(m.SupportScheme.id).where(func.lower(m.SupportScheme.name) == name.lower(),
                                                   m.SupportScheme.id != (scheme_id or ""))):
        problems["name"] = "Un dispositif porte déjà ce nom."
    if kind not in SCHEME_KINDS:
        problems["kind"] = "Nature de dispositif inconnue."
    return problems


def save_scheme(engine: Engine, scheme_id: str | None, name: str, kind: str) -> tuple[str, Changes]:
    """Create (scheme_id None) or rename/re-kind a scheme of the register."""
    name = name.strip()
    with unit_of_work(engine) as s:
        refuse(_scheme_problems(s, name, kind, scheme_id))
        if scheme_id is None:
            scheme_id = next_id(s, m.SupportScheme, "s")
            s.add(m.SupportScheme(id=scheme_id, name=name, kind=kind))
            journal(s, "support_scheme", scheme_id, "create", {"name": name, "kind": kind})
        else:
            x = existing(s, m.SupportScheme, scheme_id, f"Dispositif « {scheme_id} » introuvable.")
            journal_update(s, "support_scheme", x, scheme_id, {"name": name, "kind": kind})
    return scheme_id, Changes(projects=True)


def delete_scheme(engine: Engine, scheme_id: str) -> Changes:
    """Remove a scheme no project mentions."""
    with unit_of_work(engine) as s:
        x = existing(s, m.SupportScheme, scheme_id, f"Dispositif « {scheme_id} » introuvable.")
        n = s.scalar(select(func.count(func.distinct(m.ProjectSupport.project_id)))
                     .where(m.ProjectSupport.scheme_id == scheme_id)) or 0
        if n:
            raise RuleError(f"« {x.name} » est mobilisé par {count(n, 'projet')} : il ne peut pas être supprimé.")
        journal(s, "support_scheme", scheme_id, "delete", {"name": x.name, "kind": x.kind})
        s.delete(x)
    return Changes(projects=True)
