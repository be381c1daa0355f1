"""Partnership conventions (3-year periods), partners' commitments and the Annex 2 attachment.

Totals are computed here, in cents, from the same rows the editor lists, so that what the screen
shows per partner, per kind and per year always adds up to the grand total to the cent.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
import shutil
from collections import defaultdict
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.formatting import count, date_long
from alize_desktop.models.enums import COMMITMENT_NATURES, label
from alize_desktop.paths import attachments_dir
from alize_desktop.rules.report_text import RESOURCE_PROFILE
from alize_desktop.rules.schedule import add_months
from alize_desktop.rules.text import form_text_problems
from alize_desktop.services.basin_settings import get_app_setting, write_app_setting
from alize_desktop.services.common_records import checked, existing, journal_update
from alize_desktop.services.evaluation.overview import convention_end
from alize_desktop.services.uow import Changes, RuleError, journal, next_id, unit_of_work

PROFILE_KINDS = tuple(RESOURCE_PROFILE)  # company, territorial_actor, local_authority, state
RENEWAL_NOTICE_MONTHS = 6
YEARS = (1, 2, 3)


@dataclasses.dataclass(frozen=True)
class ConventionRow:
    id: str
    start: dt.date
    end: dt.date
    specific_objectives: str | None
    labour_market: str | None
    signed_on: dt.date | None
    commitments: int
    total_cents: int

    def values(self) -> dict[str, Any]:
        return {"start": self.start, "specific_objectives": self.specific_objectives,
                "labour_market": self.labour_market, "signed_on": self.signed_on}


@dataclasses.dataclass(frozen=True)
class CommitmentRow:
    id: str
    convention_id: str
    partner_id: str
    partner_name: str
    partner_kind: str
    year: int
    nature: str
    amount_cents: int
    days: int | None
    description: str | None

    def values(self) -> dict[str, Any]:
        return {"convention_id": self.convention_id, "partner_id": self.partner_id, "year": self.year,
                "nature": self.nature, "amount_cents": self.amount_cents, "days": self.days,
                "description": self.description}


@dataclasses.dataclass(frozen=True)
class Totals:
    """Every sum of one convention's commitments, in cents."""

    grand_cents: int
    by_partner: dict[str, int]
    by_kind: dict[str, int]
    by_year: dict[int, int]
    by_nature: dict[str, int]
    days_by_year: dict[int, int]
    by_partner_year: dict[tuple[str, int], int]
    by_kind_year: dict[tuple[str, int], int]
    days_by_partner: dict[str, int]
    profile: dict[str, float]  # share of the four profile kinds (0.0 when nothing is pledged)
    budget_target_cents: int

    @property
    def profile_total_cents(self) -> int:
        return sum(self.by_kind.get(k, 0) for k in PROFILE_KINDS)

    @property
    def budget_share(self) -> float:
        return self.grand_cents / self.budget_target_cents if self.budget_target_cents else 0.0


# -- conventions ---------------------------------------------------------------------------------


def list_conventions(engine: Engine) -> list[ConventionRow]:
    with Session(engine) as s:
        return conventions_in(s)


def conventions_in(s: Session) -> list[ConventionRow]:
    """The conventions, oldest first, read in an open session (`list_conventions`, the page's load)."""
    sums = {cid: (n, total) for cid, n, total in s.execute(
        select(m.Commitment.convention_id, func.count(), func.coalesce(func.sum(m.Commitment.amount_cents), 0))
        .group_by(m.Commitment.convention_id)).all()}
    return [ConventionRow(c.id, c.start, convention_end(c.start), c.specific_objectives, c.labour_market,
                          c.signed_on, *sums.get(c.id, (0, 0)))
            for c in s.scalars(select(m.Convention).order_by(m.Convention.start))]


def convention_problems(values: dict[str, Any], others: list[ConventionRow]) -> dict[str, str]:
    """`others`: the other conventions, whose periods this one must not overlap."""
    problems: dict[str, str] = form_text_problems(values, "")  # the import's own text rule
    start, signed = values.get("start"), values.get("signed_on")
    if not isinstance(start, dt.date):
        return {"start": "La date de début est obligatoire."}
    end = convention_end(start)
    for other in others:
        if start <= other.end and other.start <= end:
            problems["start"] = (f"Cette période chevauche la convention {other.id} "
                                 f"(du {date_long(other.start)} au {date_long(other.end)}).")
            break
    if isinstance(signed, dt.date) and signed > end:
        problems["signed_on"] = "La signature ne peut pas être postérieure à la fin de la convention."
    return problems


def _convention_values(values: dict[str, Any]) -> dict[str, Any]:
    return {"start": values["start"], "signed_on": values.get("signed_on"),
            "specific_objectives": (values.get("specific_objectives") or "").strip() or None,
            "labour_market": (values.get("labour_market") or "").strip() or None}


def create_convention(engine: Engine, values: dict[str, Any], convention_id: str | None = None) -> str:
    """Create a convention; its end is always start + 3 years − 1 day. Returns its id."""
    problems = convention_problems(values, list_conventions(engine))
    if problems:
        raise RuleError(problems)
    v = _convention_values(values)
    with unit_of_work(engine) as s:
        if s.get(m.Basin, 1) is None:
            raise RuleError({"": "Créez d'abord le bassin (page Bassin)."})
        new_id = convention_id or f"conv-{v['start'].year}"
        if s.get(m.Convention, new_id) is not None:
            new_id = next_id(s, m.Convention, "conv")
        s.add(m.Convention(id=new_id, **v))
        journal(s, "convention", new_id, "create", v)
    return new_id


def update_convention(engine: Engine, convention_id: str, values: dict[str, Any]) -> Changes:
    others = [c for c in list_conventions(engine) if c.id != convention_id]
    problems = convention_problems(values, others)
    if problems:
        raise RuleError(problems)
    with unit_of_work(engine) as s:
        conv = existing(s, m.Convention, convention_id, {"": f"Convention {convention_id} introuvable."})
        changed = journal_update(s, "convention", conv, convention_id, _convention_values(values))
    return Changes(conventions=True) if changed else Changes()


def delete_convention(engine: Engine, convention_id: str) -> Changes:
    """Only a convention without any commitment can be deleted (a mistaken entry)."""
    with unit_of_work(engine) as s:
        conv = existing(s, m.Convention, convention_id, {"": f"Convention {convention_id} introuvable."})
        n = s.scalar(select(func.count()).select_from(m.Commitment).where(m.Commitment.convention_id == convention_id))
        if n:
            raise RuleError({"": f"La convention {convention_id} porte {count(n, 'engagement')} : supprimez-les d'abord."})
        journal(s, "convention", convention_id, "delete", _convention_values(conv.__dict__))
        s.delete(conv)
        write_app_setting(s, annex2_key(convention_id), None)
    return Changes(conventions=True)


def renewal_alert(conventions: list[ConventionRow], today: dt.date) -> str | None:
    """French alert when the running convention ends within six months and none follows it."""
    running = next((c for c in reversed(conventions) if c.start <= today <= c.end), None)
    if running is None:
        return None
    if any(c.start > running.end for c in conventions):
        return None
    if today < add_months(running.end, -RENEWAL_NOTICE_MONTHS):
        return None
    days = (running.end - today).days
    return (f"La convention {running.id} se termine le {date_long(running.end)} (dans {days} jour"
            f"{'s' if days > 1 else ''}) : préparez son renouvellement avec les partenaires.")


# -- commitments ---------------------------------------------------------------------------------


def list_commitments(engine: Engine, convention_id: str) -> list[CommitmentRow]:
    with Session(engine) as s:
        return commitments_in(s, convention_id)


def commitments_in(s: Session, convention_id: str | None = None) -> list[CommitmentRow]:
    """One convention's commitments (every convention's when `convention_id` is None), in the
    editor's order: partner, year, nature."""
    query = (select(m.Commitment, m.Partner.name, m.Partner.kind)
             .join(m.Partner, m.Partner.id == m.Commitment.partner_id))
    if convention_id is not None:
        query = query.where(m.Commitment.convention_id == convention_id)
    rows = s.execute(query).all()
    order = {n: i for i, n in enumerate(COMMITMENT_NATURES)}
    out = [CommitmentRow(k.id, k.convention_id, k.partner_id, name, kind, k.year, k.nature, k.amount_cents,
                         k.days, k.description) for k, name, kind in rows]
    return sorted(out, key=lambda r: (r.partner_name.casefold(), r.year, order.get(r.nature, 9), r.id))


def commitment_problems(values: dict[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = form_text_problems(values, "commitments.")  # the import's own text rule
    if not values.get("partner_id"):
        problems["partner_id"] = "Choisir le partenaire qui s'engage."
    if values.get("year") not in YEARS:
        problems["year"] = "L'année est 1, 2 ou 3 de la convention."
    nature = values.get("nature")
    if nature not in COMMITMENT_NATURES:
        problems["nature"] = "Choisir la nature de l'engagement."
    cents = values.get("amount_cents")
    if not isinstance(cents, int) or isinstance(cents, bool) or cents < 0:
        problems["amount_cents"] = "Saisir un montant positif ou nul, par exemple 15 000,00."
    elif cents == 0 and nature != "skills":
        problems["amount_cents"] = "Un engagement financier ou en nature a un montant."
    days = values.get("days")
    if nature == "skills":
        if not isinstance(days, int) or days <= 0:
            problems["days"] = "Un engagement de compétences indique son nombre de jours."
    elif days:
        problems["days"] = "Les jours ne concernent que les engagements de compétences."
    return problems


def _commitment_values(values: dict[str, Any]) -> dict[str, Any]:
    nature = values["nature"]
    return {"convention_id": values["convention_id"], "partner_id": values["partner_id"], "year": values["year"],
            "nature": nature, "amount_cents": values["amount_cents"],
            "days": values.get("days") if nature == "skills" else None,
            "description": (values.get("description") or "").strip() or None}


def _check_refs(s: Session, v: dict[str, Any], was_partner: str | None = None) -> None:
    existing(s, m.Convention, v["convention_id"], {"": f"Convention {v['convention_id']} introuvable."})
    partner = existing(s, m.Partner, v["partner_id"], {"partner_id": "Partenaire introuvable."})
    if not partner.active and partner.id != was_partner:
        raise RuleError({"partner_id": f"« {partner.name} » n'est plus actif : réactivez-le d'abord."})


def create_commitment(engine: Engine, values: dict[str, Any], commitment_id: str | None = None) -> str:
    v = checked(values, commitment_problems, _commitment_values)
    with unit_of_work(engine) as s:
        _check_refs(s, v)
        new_id = commitment_id or next_id(s, m.Commitment, "k")
        s.add(m.Commitment(id=new_id, **v))
        journal(s, "commitment", new_id, "create", v)
    return new_id


def update_commitment(engine: Engine, commitment_id: str, values: dict[str, Any]) -> Changes:
    v = checked(values, commitment_problems, _commitment_values)
    with unit_of_work(engine) as s:
        k = existing(s, m.Commitment, commitment_id, {"": f"Engagement {commitment_id} introuvable."})
        _check_refs(s, v, was_partner=k.partner_id)
        changed = journal_update(s, "commitment", k, commitment_id, v)
    return Changes(conventions=True) if changed else Changes()


def delete_commitment(engine: Engine, commitment_id: str) -> Changes:
    with unit_of_work(engine) as s:
        k = existing(s, m.Commitment, commitment_id, {"": f"Engagement {commitment_id} introuvable."})
        journal(s, "commitment", commitment_id, "delete", {"partner_id": k.partner_id, "year": k.year,
                                                          "nature": k.nature, "amount_cents": k.amount_cents})
        s.delete(k)
    return Changes(conventions=True)


def commitment_totals(rows: list[CommitmentRow], budget_target_cents: int) -> Totals:
    by_partner: dict[str, int] = defaultdict(int)
    by_kind: dict[str, int] = defaultdict(int)
    by_year: dict[int, int] = {y: 0 for y in YEARS}
    by_nature: dict[str, int] = {n: 0 for n in COMMITMENT_NATURES}
    days: dict[int, int] = {y: 0 for y in YEARS}
    partner_year: dict[tuple[str, int], int] = defaultdict(int)
    kind_year: dict[tuple[str, int], int] = defaultdict(int)
    partner_days: dict[str, int] = defaultdict(int)
    for r in rows:
        partner_year[(r.partner_id, r.year)] += r.amount_cents
        kind_year[(r.partner_kind, r.year)] += r.amount_cents
        partner_days[r.partner_id] += r.days or 0
        by_partner[r.partner_id] += r.amount_cents
        by_kind[r.partner_kind] += r.amount_cents
        by_year[r.year] = by_year.get(r.year, 0) + r.amount_cents
        by_nature[r.nature] = by_nature.get(r.nature, 0) + r.amount_cents
        days[r.year] = days.get(r.year, 0) + (r.days or 0)
    profile_total = sum(by_kind.get(k, 0) for k in PROFILE_KINDS)
    profile = {k: (by_kind.get(k, 0) / profile_total if profile_total else 0.0) for k in PROFILE_KINDS}
    return Totals(sum(r.amount_cents for r in rows), dict(by_partner), dict(by_kind), by_year, by_nature, days,
                  dict(partner_year), dict(kind_year), dict(partner_days), profile, budget_target_cents)


def record_kind(engine: Engine, record_id: str) -> str | None:
    """"project" or "convention" for an id the Conventions page is asked to show, else None."""
    with Session(engine) as s:
        if s.get(m.Project, record_id) is not None:
            return "project"
        if s.get(m.Convention, record_id) is not None:
            return "convention"
    return None


def partner_choices(engine: Engine, keep: str | None = None) -> list[tuple[str, str, str]]:
    """(id, name, kind) of the active partners (plus `keep`, an inactive one already chosen)."""
    with Session(engine) as s:
        rows = s.execute(select(m.Partner.id, m.Partner.name, m.Partner.kind)
                         .where((m.Partner.active) | (m.Partner.id == (keep or "")))).all()
    return sorted(((i, n, k) for i, n, k in rows), key=lambda r: r[1].casefold())


def budget_target(engine: Engine) -> int:
    with Session(engine) as s:
        return budget_target_in(s)


def budget_target_in(s: Session) -> int:
    return s.scalar(select(m.Basin.budget_target_cents)) or 90_000_000


def kind_label(kind: str) -> str:
    return label(kind)


# -- Annex 2 (the programme's specification, a PDF the operator attaches) -------------------------


def annex2_key(convention_id: str) -> str:
    return f"annex2_pdf:{convention_id}"


def annex2_path(engine: Engine, db_path: pathlib.Path, convention_id: str) -> pathlib.Path | None:
    """The attached Annex 2 of this convention, None when none is attached or its file is gone."""
    return annex2_file(db_path, get_app_setting(engine, annex2_key(convention_id)))


def annex2_file(db_path: pathlib.Path, name: str | None) -> pathlib.Path | None:
    """The file an Annex 2 setting names, None when it names none or its file is gone."""
    if not name:
        return None
    path = attachments_dir(pathlib.Path(db_path)) / name
    return path if path.is_file() else None


def attach_annex2(engine: Engine, db_path: pathlib.Path, convention_id: str, source: pathlib.Path) -> Changes:
    """Copy `source` beside the database and remember it as this convention's Annex 2."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(source))
        if reader.is_encrypted:
            raise RuleError({"annex2": "Ce PDF est protégé par un mot de passe : il ne peut pas être joint."})
        if not reader.pages:
            raise RuleError({"annex2": "Ce PDF ne contient aucune page."})
    except (OSError, PdfReadError) as exc:
        raise RuleError({"annex2": f"Ce fichier n'est pas un PDF lisible ({exc})."}) from exc
    folder = attachments_dir(pathlib.Path(db_path))
    folder.mkdir(parents=True, exist_ok=True)
    name = f"annexe2-{convention_id}.pdf"
    with unit_of_work(engine) as s:
        if s.get(m.Convention, convention_id) is None:
            raise RuleError({"": f"Convention {convention_id} introuvable."})
        # Copy to a temporary name first: the file is replaced only once the copy is whole.
        tmp = folder / f".{name}.tmp"
        shutil.copyfile(source, tmp)
        tmp.replace(folder / name)
        write_app_setting(s, annex2_key(convention_id), name)
        journal(s, "convention", convention_id, "attach", {"annex2": source.name})
    return Changes(conventions=True)


def detach_annex2(engine: Engine, convention_id: str) -> Changes:
    """Forget the Annex 2 (the copied file stays beside the database, as every signed piece does)."""
    with unit_of_work(engine) as s:
        changed = write_app_setting(s, annex2_key(convention_id), None)
    return Changes(conventions=True) if changed else Changes()
