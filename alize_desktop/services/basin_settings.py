"""The basin record (name, territory, operator, accounts, settings) and the office's own settings.

`basin_problems(values)` is the one validation of the basin form; `save_basin` creates the basin on
an empty database or updates it, in one journaled transaction. Office settings (ASTREES address,
SMTP server…) live in `app_setting`, which format v1 does not carry; no password is ever stored.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.basin import defaults
from alize_desktop.models.enums import PRIORITY_CRITERIA
from alize_desktop.rules.identifiers import compact, iban_problem, siret_problem
from alize_desktop.rules.text import form_text_problems
from alize_desktop.services.uow import Changes, RuleError, diff_fields, journal, unit_of_work

TEXT_FIELDS = (
    "name", "territory", "operator_name", "operator_siret", "operator_address", "operator_representative",
    "operator_email", "advances_bank", "advances_iban", "operating_bank", "operating_iban",
)
SETTING_FIELDS = (
    "quorum_fraction", "jobs_target_per_year", "examined_target_per_year", "approved_target_per_year",
    "budget_target_cents", "loss_rate_benchmark", "operator_reimbursement_cap_cents",
)
# DOMAIN.md §4–6 defaults: defined once, in basin.defaults (the report, the alerts, the Fonds page
# and the import read the same values).
DEFAULT_SETTINGS: dict[str, Any] = dict(defaults.SETTINGS)
# signing_place: the commune where the deeds are signed ("Fait à …"), never the meeting room.
APP_KEYS = ("astrees_email", "smtp_host", "smtp_port", "smtp_starttls", "smtp_user", "signing_place")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_HOST = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$")


@dataclasses.dataclass(frozen=True)
class BasinView:
    name: str
    territory: str
    priority_criteria: tuple[str, ...]
    operator_name: str
    operator_siret: str | None
    operator_address: str | None
    operator_representative: str | None
    operator_email: str | None
    advances_bank: str | None
    advances_iban: str | None
    operating_bank: str | None
    operating_iban: str | None
    quorum_fraction: float
    jobs_target_per_year: int
    examined_target_per_year: int
    approved_target_per_year: int
    budget_target_cents: int
    loss_rate_benchmark: float
    operator_reimbursement_cap_cents: int

    def values(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def read_basin(engine: Engine) -> BasinView | None:
    """The basin as a frozen view; None on a database that holds no basin yet."""
    with Session(engine) as s:
        b = s.get(m.Basin, 1)
        if b is None:
            return None
        fields = {f.name: getattr(b, f.name) for f in dataclasses.fields(BasinView)}
        fields["priority_criteria"] = tuple(b.priority_criteria or ())
        fields["territory"] = b.territory or ""
        return BasinView(**fields)


@dataclasses.dataclass(frozen=True)
class BasinForm:
    """What the Bassin page shows, read in one call on the database worker."""

    basin: BasinView | None  # None on a database that holds no basin yet
    office: Mapping[str, str]  # get_app_settings

    def values(self) -> dict[str, Any]:
        """The basin's values as the form fills them (the programme's defaults for a new basin)."""
        return self.basin.values() if self.basin is not None else new_basin_values()


def basin_form(engine: Engine) -> BasinForm:
    return BasinForm(read_basin(engine), MappingProxyType(get_app_settings(engine)))


def new_basin_values() -> dict[str, Any]:
    """What the form shows on an empty database: blank identity, the programme's default settings."""
    values: dict[str, Any] = {key: "" for key in TEXT_FIELDS}
    values["priority_criteria"] = ()
    values.update(DEFAULT_SETTINGS)
    return values


def normalise(values: dict[str, Any]) -> dict[str, Any]:
    """Trimmed texts, empty optional texts as None, SIRET/IBAN compacted, criteria in code order."""
    out = dict(values)
    for key in TEXT_FIELDS:
        text = str(values.get(key) or "").strip()
        if key in ("operator_siret", "advances_iban", "operating_iban"):
            text = compact(text)
        out[key] = text or (None if key not in ("name", "territory", "operator_name") else "")
    chosen = set(values.get("priority_criteria") or ())
    out["priority_criteria"] = tuple(c for c in PRIORITY_CRITERIA if c in chosen) + tuple(
        sorted(c for c in chosen if c not in PRIORITY_CRITERIA)
    )
    return out


def email_problem(email: str | None) -> str | None:
    if email and not _EMAIL.match(email.strip()):
        return "Adresse électronique invalide (attendu : nom@domaine.fr)."
    return None


def basin_problems(values: dict[str, Any]) -> dict[str, str]:
    """Every problem of the basin form, field key → French message (empty when all is well)."""
    v = normalise(values)
    problems: dict[str, str] = form_text_problems(v, "")  # the import's own text rule
    if not v["name"]:
        problems["name"] = "Le nom du bassin est obligatoire."
    if not v["operator_name"]:
        problems["operator_name"] = "Le nom de l'opérateur local est obligatoire."
    for key, check in (("operator_siret", siret_problem), ("operator_email", email_problem),
                       ("advances_iban", iban_problem), ("operating_iban", iban_problem)):
        message = check(v[key])
        if message:
            problems[key] = message
    unknown = [c for c in v["priority_criteria"] if c not in PRIORITY_CRITERIA]
    if unknown:
        problems["priority_criteria"] = f"Critère inconnu : {', '.join(unknown)}."
    if (v["advances_iban"] and v["advances_iban"] == v["operating_iban"]
            and "advances_iban" not in problems):
        problems["operating_iban"] = "Les deux comptes doivent être distincts (même IBAN saisi deux fois)."
    problems.update(_settings_problems(v))
    return problems


def _settings_problems(v: dict[str, Any]) -> dict[str, str]:
    problems: dict[str, str] = {}
    q = v.get("quorum_fraction")
    if not isinstance(q, int | float) or not 0 < q <= 1:
        problems["quorum_fraction"] = "Le quorum est une part des membres actifs, entre 1 % et 100 %."
    rate = v.get("loss_rate_benchmark")
    if not isinstance(rate, int | float) or not 0 <= rate <= 1:
        problems["loss_rate_benchmark"] = "Le taux de sinistre de référence est compris entre 0 % et 100 %."
    for key in ("jobs_target_per_year", "examined_target_per_year", "approved_target_per_year"):
        n = v.get(key)
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            problems[key] = "Saisir un nombre entier positif ou nul."
    for key in ("budget_target_cents", "operator_reimbursement_cap_cents"):
        cents = v.get(key)
        if not isinstance(cents, int) or isinstance(cents, bool) or cents < 0:
            problems[key] = "Saisir un montant positif ou nul, par exemple 10 000,00."
    if (isinstance(v.get("examined_target_per_year"), int) and isinstance(v.get("approved_target_per_year"), int)
            and v["approved_target_per_year"] > v["examined_target_per_year"]
            and "approved_target_per_year" not in problems):
        problems["approved_target_per_year"] = "On ne peut agréer plus de projets qu'on n'en examine."
    return problems


def save_basin(engine: Engine, values: dict[str, Any]) -> Changes:
    """Create the basin (empty database) or update it; refused whole with RuleError on any problem."""
    problems = basin_problems(values)
    if problems:
        raise RuleError(problems)
    v = normalise(values)
    row = {key: v[key] for key in (*TEXT_FIELDS, *SETTING_FIELDS)}
    row["priority_criteria"] = list(v["priority_criteria"])
    row["quorum_fraction"] = float(row["quorum_fraction"])
    row["loss_rate_benchmark"] = float(row["loss_rate_benchmark"])
    with unit_of_work(engine) as s:
        basin = s.get(m.Basin, 1)
        if basin is None:
            s.add(m.Basin(id=1, **row))
            journal(s, "basin", "1", "create", row)
        else:
            changed = diff_fields(basin, row)
            if not changed:
                return Changes()
            journal(s, "basin", "1", "update", changed)
    return Changes(basin=True)


# -- office settings (app_setting) ---------------------------------------------------------------


def get_app_settings(engine: Engine) -> dict[str, str]:
    """The office settings of APP_KEYS, "" for those never set; smtp_port defaults to 587."""
    with Session(engine) as s:
        rows = dict(s.execute(select(m.AppSetting.key, m.AppSetting.value).where(m.AppSetting.key.in_(APP_KEYS))).tuples().all())
    values = {key: rows.get(key) or "" for key in APP_KEYS}
    values["smtp_port"] = values["smtp_port"] or "587"
    values["smtp_starttls"] = values["smtp_starttls"] or "1"
    return values


def get_app_setting(engine: Engine, key: str) -> str | None:
    with Session(engine) as s:
        return s.scalar(select(m.AppSetting.value).where(m.AppSetting.key == key))


def app_settings_problems(values: dict[str, str]) -> dict[str, str]:
    problems: dict[str, str] = {}
    message = email_problem(values.get("astrees_email"))
    if message:
        problems["astrees_email"] = message
    host = (values.get("smtp_host") or "").strip()
    if host and not _HOST.match(host):
        problems["smtp_host"] = "Nom de serveur invalide (exemple : smtp.exemple.fr)."
    port = (values.get("smtp_port") or "").strip()
    if port and (not port.isdigit() or not 1 <= int(port) <= 65535):
        problems["smtp_port"] = "Le port est un nombre entre 1 et 65535 (587 en général)."
    place = (values.get("signing_place") or "").strip()
    if place and (len(place) > 100 or not any(ch.isalpha() for ch in place) or any(ch.isdigit() for ch in place)):
        problems["signing_place"] = ("Le lieu de signature est le nom d'une commune (sans code postal ni salle), "
                                     "100 caractères au plus.")
    elif place:
        problems.update(form_text_problems({"signing_place": place}))
    if any("password" in key or "mot_de_passe" in key for key in values):
        problems[""] = "Le mot de passe n'est jamais enregistré dans la base."
    return problems


def set_app_settings(engine: Engine, values: dict[str, str]) -> Changes:
    """Store the office settings of APP_KEYS (others refused); "" removes a setting."""
    unknown = [key for key in values if key not in APP_KEYS]
    if unknown:
        raise RuleError({"": f"Réglage inconnu : {', '.join(unknown)}."})
    problems = app_settings_problems(values)
    if problems:
        raise RuleError(problems)
    changed = False
    with unit_of_work(engine) as s:
        for key, raw in values.items():
            changed |= write_app_setting(s, key, (raw or "").strip() or None)
    return Changes(basin=True) if changed else Changes()


def write_app_setting(session: Session, key: str, value: str | None) -> bool:
    """Set or remove one app_setting row inside the caller's transaction; journaled; True if changed."""
    row = session.get(m.AppSetting, key)
    old = row.value if row is not None else None
    if old == value:
        return False
    if value is None:
        session.delete(row)
    elif row is None:
        session.add(m.AppSetting(key=key, value=value))
    else:
        row.value = value
    journal(session, "app_setting", key, "update", {"value": [old, value]})
    return True

