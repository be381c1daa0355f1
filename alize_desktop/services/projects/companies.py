"""Companies (the SMEs carrying projects): validation, list, create, update, delete, insolvency deadline."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.formatting import count, date_long
from alize_desktop.models.enums import INSOLVENCY_PROCEDURES, label
from alize_desktop.rules.identifiers import compact, siret_problem
from alize_desktop.rules.schedule import add_months
from alize_desktop.rules.text import form_text_problems
from alize_desktop.services.common_records import existing, journal_update, refuse
from alize_desktop.services.uow import Changes, RuleError, journal, next_id, unit_of_work

# NAF rév. 2 codes read "25.62B": two digits, a dot, two digits, one capital letter.
NAF_RE = re.compile(r"^\d{2}\.\d{2}[A-Z]$")
LEGAL_FORMS = ("SAS", "SASU", "SARL", "EURL", "SA", "SCOP", "SCIC", "SNC", "EI", "Association")
# The claim must be declared within 2 months of the BODACC publication; warn 15 days ahead.
CLAIM_MONTHS = 2
URGENT_DAYS = 15


@dataclasses.dataclass(frozen=True)
class CompanyValues:
    """What the company form edits (format v1 `companies[]` without the id)."""

    name: str
    siret: str | None = None
    legal_form: str | None = None
    naf: str | None = None
    created_on: dt.date | None = None
    headcount: int | None = None
    address: str | None = None
    manager: str | None = None
    insolvency_procedure: str | None = None
    insolvency_judgment_on: dt.date | None = None
    insolvency_published_on: dt.date | None = None


FIELDS = tuple(f.name for f in dataclasses.fields(CompanyValues))


@dataclasses.dataclass(frozen=True)
class CompanyRow:
    id: str
    values: CompanyValues
    projects: int

    @property
    def name(self) -> str:
        return self.values.name

    @property
    def claim_deadline(self) -> dt.date | None:
        return claim_deadline(self.values.insolvency_procedure, self.values.insolvency_published_on)


def claim_deadline(procedure: str | None, published_on: dt.date | None) -> dt.date | None:
    """Last day to declare the fund's claim: publication + 2 months (month-end clipping)."""
    if not procedure or published_on is None:
        return None
    return add_months(published_on, CLAIM_MONTHS)


def deadline_urgent(deadline: dt.date | None, today: dt.date) -> bool:
    """Shown in red: within 15 days, or already past."""
    return deadline is not None and (deadline - today).days <= URGENT_DAYS


def insolvency_text(procedure: str | None, judgment_on: dt.date | None, published_on: dt.date | None,
                    today: dt.date) -> str:
    """One French sentence on the procedure and the claim deadline (empty when none)."""
    if not procedure:
        return ""
    text = f"{label(procedure)} (jugement du {date_long(judgment_on)})"
    deadline = claim_deadline(procedure, published_on)
    if deadline is None:
        return text + " — publication au BODACC non saisie : échéance de déclaration de créance inconnue"
    days = (deadline - today).days
    if days < 0:
        return text + f" — déclaration de créance : délai expiré le {date_long(deadline)}"
    return text + f" — déclarer la créance avant le {date_long(deadline)} ({count(days, 'jour')})"


def normalise(values: CompanyValues) -> CompanyValues:
    """Trim text, drop spaces inside the SIRET, capitalise the NAF code; empty text becomes None."""
    def clean(text: str | None) -> str | None:
        text = (text or "").strip()
        return text or None

    siret = clean(values.siret)
    naf = clean(values.naf)
    return dataclasses.replace(
        values, name=(values.name or "").strip(), siret=compact(siret) or None,
        legal_form=clean(values.legal_form), naf=naf.upper() if naf else None, address=clean(values.address),
        manager=clean(values.manager),
    )


def company_problems(session: Session, values: CompanyValues, company_id: str | None = None,
                     *, today: dt.date) -> dict[str, str]:
    """French problems keyed by form field; empty when the company can be saved."""
    problems: dict[str, str] = form_text_problems(values, "")  # the import's own text rule
    if not values.name:
        problems["name"] = "La raison sociale est obligatoire."
    if values.siret:
        message = siret_problem(values.siret)
        if message:
            problems["siret"] = message
        else:
            other = session.execute(select(m.Company.id, m.Company.name).where(
                m.Company.siret == values.siret, m.Company.id != (company_id or ""))).first()
            if other is not None:
                problems["siret"] = f"Ce SIRET est déjà celui de l'entreprise « {other.name} »."
    if values.naf and not NAF_RE.match(values.naf):
        problems["naf"] = "Code NAF attendu au format NN.NNL, par exemple 25.62B."
    if values.created_on is not None and values.created_on > today:
        problems["created_on"] = "La date de création ne peut pas être dans le futur."
    if values.headcount is not None and values.headcount < 0:
        problems["headcount"] = "L'effectif ne peut pas être négatif."
    proc = values.insolvency_procedure
    if proc is not None and proc not in INSOLVENCY_PROCEDURES:
        problems["insolvency_procedure"] = "Procédure collective inconnue."
    if proc:
        if values.insolvency_judgment_on is None:
            problems["insolvency_judgment_on"] = "Date du jugement d'ouverture obligatoire."
        elif values.insolvency_judgment_on > today:
            problems["insolvency_judgment_on"] = "La date du jugement ne peut pas être dans le futur."
        pub = values.insolvency_published_on
        if pub is not None and values.insolvency_judgment_on is not None and pub < values.insolvency_judgment_on:
            problems["insolvency_published_on"] = "La publication ne peut pas précéder le jugement."
    elif values.insolvency_judgment_on is not None or values.insolvency_published_on is not None:
        problems["insolvency_procedure"] = "Choisissez la procédure collective, ou effacez ses dates."
    return problems


def _row_values(c: m.Company) -> CompanyValues:
    return CompanyValues(**{f: getattr(c, f) for f in FIELDS})


def list_companies(engine: Engine) -> list[CompanyRow]:
    """Every company with its number of projects, by name."""
    with Session(engine) as s:
        counts = dict(s.execute(select(m.Project.company_id, func.count()).group_by(m.Project.company_id)).tuples().all())
        rows = s.execute(select(m.Company).order_by(m.Company.name)).scalars()
        return [CompanyRow(c.id, _row_values(c), counts.get(c.id, 0)) for c in rows]


def get_company(engine: Engine, company_id: str) -> CompanyRow:
    with Session(engine) as s:
        c = existing(s, m.Company, company_id, f"Entreprise « {company_id} » introuvable.")
        n = s.scalar(select(func.count()).select_from(m.Project).where(m.Project.company_id == company_id)) or 0
        return CompanyRow(c.id, _row_values(c), n)


def create_company(engine: Engine, values: CompanyValues, today: dt.date) -> tuple[str, Changes]:
    """Add a company; refused with field messages when the form is wrong."""
    values = normalise(values)
    with unit_of_work(engine) as s:
        refuse(company_problems(s, values, None, today=today))
        new_id = next_id(s, m.Company, "c")
        s.add(m.Company(id=new_id, **dataclasses.asdict(values)))
        journal(s, "company", new_id, "create", dataclasses.asdict(values))
    return new_id, Changes(projects=True)


def update_company(engine: Engine, company_id: str, values: CompanyValues, today: dt.date) -> Changes:
    """Change a company; only the fields that differ are journaled."""
    values = normalise(values)
    with unit_of_work(engine) as s:
        c = existing(s, m.Company, company_id, f"Entreprise « {company_id} » introuvable.")
        refuse(company_problems(s, values, company_id, today=today))
        changed = journal_update(s, "company", c, company_id, dataclasses.asdict(values))
    # Insolvency shows on the projects (and on the fund's alerts): tell both.
    return Changes(projects=True, fund="insolvency_procedure" in changed or "insolvency_published_on" in changed)


def delete_company(engine: Engine, company_id: str) -> Changes:
    """Remove a company typed in error; refused while a project refers to it."""
    with unit_of_work(engine) as s:
        c = existing(s, m.Company, company_id, f"Entreprise « {company_id} » introuvable.")
        n = s.scalar(select(func.count()).select_from(m.Project).where(m.Project.company_id == company_id)) or 0
        if n:
            raise RuleError(f"« {c.name} » porte {count(n, 'projet')} : elle ne peut pas être supprimée.")
        journal(s, "company", company_id, "delete", dataclasses.asdict(_row_values(c)))
        s.delete(c)
    return Changes(projects=True)
