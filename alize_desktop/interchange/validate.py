"""Validation of a format v1 document: schema first, then references and the programme's rules.

The same checks guard the import, the CLI and (through the services) the forms. Every problem
names the record (`projects[3].company_id`) and says what is wrong in French.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from functools import lru_cache
from importlib import resources
from typing import Any

from alize_desktop.formatting import agree, count
from alize_desktop.rules.fund_invariants import (
    Movement,
    Reimbursement,
    chronology_problems,
    over_granted_message,
    reimbursement_cap_problems,
)
from alize_desktop.rules.identifiers import iban_problem, siret_problem

from .format_v1 import FORMAT, VERSION
from .problems import Problem
from .values import value_problems

LOAN_KINDS = ("repayable_advance", "subsidised_loan")
LISTS = (
    "conventions", "partners", "people", "commitments", "receipts", "support_schemes", "companies",
    "projects", "meetings", "engagements", "disbursements", "repayments", "write_offs", "follow_ups",
    "expenses",
)
# Dates outside these years are typing mistakes (a convention starting in 9999); beyond them the
# schedule, the report and the documents could not even compute their dates.
FIRST_YEAR, LAST_YEAR = 1900, 2200
DEFAULT_QUORUM = 0.5
FOLLOWED = ("approved", "convention_signed", "in_follow_up")
# The window's own rule (services/basin_settings.py): what a form accepts, an import accepts.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    text = resources.files("alize_desktop.interchange").joinpath("schema.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _validator() -> Any:
    import jsonschema

    return jsonschema.Draft202012Validator(schema())


def _path(parts: Any) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "(document)"


def validate_basin(data: Any) -> list[Problem]:
    """Every problem of the document, [] when it can be imported."""
    if not isinstance(data, dict):
        return [Problem("", "le document n'est pas un objet JSON au format ALIZÉ")]
    if data.get("format") != FORMAT:
        return [Problem("format", f"« {data.get('format')} » n'est pas le format « {FORMAT} »")]
    version = data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        return [Problem("version", f"document en version {version}, plus récente que la version "
                                   f"{VERSION} que ce programme sait lire : mettez le programme à jour")]
    problems = value_problems(data)
    if problems:
        return problems
    problems = [_schema_problem(e) for e in sorted(_validator().iter_errors(data), key=lambda e: list(e.path))]
    if problems:
        return problems
    problems += _float_cents(data, "")
    problems += _dates(data)
    if problems:
        return problems
    return _Rules(data).check()


def _quorum_required(members: int, fraction: float) -> int:
    """The smallest head count strictly above `fraction` × members, as services/meetings.py counts it."""
    from decimal import Decimal
    from math import floor

    return floor(Decimal(str(fraction)) * members) + 1


def _schema_problem(error: Any) -> Problem:
    path = _path(error.absolute_path)
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return Problem(path, f"clé inconnue {', '.join(repr(k) for k in extra)}")
    if error.validator == "required":
        return Problem(path, f"champ obligatoire manquant : {error.message.split(' ')[0]}")
    if error.validator == "type":
        return Problem(path, f"type incorrect : {error.instance!r} (attendu : {_types_fr(error.validator_value)})")
    if error.validator == "enum":
        return Problem(path, f"valeur {error.instance!r} hors des valeurs permises {error.validator_value}")
    if error.validator == "pattern":
        return Problem(path, f"format incorrect : {error.instance!r}")
    if error.validator == "const":
        return Problem(path, f"valeur {error.instance!r} au lieu de {error.validator_value!r}")
    if error.validator in ("minimum", "exclusiveMinimum"):
        return Problem(path, f"valeur {error.instance!r} trop petite (minimum {error.validator_value!r})")
    if error.validator in ("maximum", "exclusiveMaximum"):
        return Problem(path, f"valeur {error.instance!r} trop grande (maximum {error.validator_value!r})")
    if error.validator == "minLength":
        return Problem(path, "texte vide : une valeur est obligatoire")
    if error.validator == "maxLength":
        return Problem(path, f"texte trop long (au plus {error.validator_value} caractères)")
    return Problem(path, f"valeur {error.instance!r} non conforme au format ALIZÉ ({error.validator})")


_TYPE_NAMES = {"string": "texte", "integer": "nombre entier", "number": "nombre", "boolean": "vrai/faux",
               "object": "objet", "array": "liste", "null": "null"}


def _types_fr(expected: Any) -> str:
    names = expected if isinstance(expected, list) else [expected]
    return " ou ".join(_TYPE_NAMES.get(n, str(n)) for n in names)


def _float_cents(node: Any, path: str) -> list[Problem]:
    """JSON Schema accepts 1500.0 as an integer; money must be written as integer cents."""
    out: list[Problem] = []
    if isinstance(node, dict):
        for k, v in node.items():
            sub = f"{path}.{k}" if path else k
            if (k.endswith("_cents") or k in ("for", "against", "abstain")) and isinstance(v, float):
                out.append(Problem(sub, f"montant {v!r} : les montants s'écrivent en centimes entiers"))
            else:
                out += _float_cents(v, sub)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _float_cents(v, f"{path}[{i}]")
    return out


_DATE_FIELDS = {
    "conventions": ("start", "signed_on"), "receipts": ("date",), "companies": ("created_on",),
    "projects": ("received_on", "convention_signed_on"), "meetings": ("date",),
    "disbursements": ("date",), "repayments": ("date",), "write_offs": ("date",),
    "follow_ups": ("date",), "expenses": ("date",),
}


def _dates(data: dict[str, Any]) -> list[Problem]:
    out: list[Problem] = []

    def check(value: Any, path: str) -> None:
        if value is None:
            return
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            out.append(Problem(path, f"date inexistante {value!r}"))
            return
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            out.append(Problem(path, f"date {value} hors des années permises ({FIRST_YEAR} à {LAST_YEAR}) : "
                                     "vérifiez l'année"))

    stamp = data.get("exported_at")
    if stamp is not None:
        try:
            moment = dt.datetime.fromisoformat(stamp)
        except ValueError:
            out.append(Problem("exported_at", f"horodatage invalide {stamp!r} (attendu AAAA-MM-JJTHH:MM:SS+HH:MM)"))
        else:
            if not FIRST_YEAR <= moment.year <= LAST_YEAR:
                out.append(Problem("exported_at", f"horodatage {stamp} hors des années permises"))

    for name, fields in _DATE_FIELDS.items():
        for i, rec in enumerate(data[name]):
            for f in fields:
                check(rec.get(f), f"{name}[{i}].{f}")
    for i, c in enumerate(data["companies"]):
        ins = c.get("insolvency") or {}
        for f in ("judgment_on", "published_on"):
            check(ins.get(f), f"companies[{i}].insolvency.{f}")
    for i, e in enumerate(data["engagements"]):
        check((e.get("terms") or {}).get("first_due_on"), f"engagements[{i}].terms.first_due_on")
    return out


class _Rules:
    """References and DOMAIN.md rules over a schema-valid document."""

    def __init__(self, data: dict[str, Any]):
        self.d = data
        self.problems: list[Problem] = []
        self.ids: dict[str, dict[str, int]] = {}

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def check(self) -> list[Problem]:
        self._unique_ids()
        if self.problems:
            return self.problems
        self._references()
        if self.problems:  # the rules below follow references: check them on sound data only
            return self.problems
        self._identifiers()
        self._emails()
        self._meetings()
        self._mandataries()
        self._engagements()
        self._fund()
        self._reimbursement_cap()
        return self.problems

    def _unique_ids(self) -> None:
        for name in LISTS:
            seen: dict[str, int] = {}
            for i, rec in enumerate(self.d[name]):
                if rec["id"] in seen:
                    self.add(f"{name}[{i}].id", f"identifiant « {rec['id']} » déjà utilisé par "
                                                f"{name}[{seen[rec['id']]}]")
                else:
                    seen[rec["id"]] = i
            self.ids[name] = seen

    def ref(self, value: Any, target: str, path: str, what: str) -> None:
        if value is not None and value not in self.ids[target]:
            self.add(path, f"{what} inconnu(e) « {value} »")

    def _references(self) -> None:
        r = self.ref
        for i, h in enumerate(self.d["people"]):
            r(h["partner_id"], "partners", f"people[{i}].partner_id", "partenaire")
        for i, k in enumerate(self.d["commitments"]):
            r(k["convention_id"], "conventions", f"commitments[{i}].convention_id", "convention")
            r(k["partner_id"], "partners", f"commitments[{i}].partner_id", "partenaire")
        for i, x in enumerate(self.d["receipts"]):
            r(x.get("partner_id"), "partners", f"receipts[{i}].partner_id", "partenaire")
        for i, p in enumerate(self.d["projects"]):
            r(p["company_id"], "companies", f"projects[{i}].company_id", "entreprise")
            r(p.get("prescriber_id"), "people", f"projects[{i}].prescriber_id", "prescripteur")
            r(p.get("mandatary_id"), "people", f"projects[{i}].mandatary_id", "mandataire")
            for j, s in enumerate(p.get("other_supports") or []):
                r(s["scheme_id"], "support_schemes", f"projects[{i}].other_supports[{j}].scheme_id", "dispositif")
        for i, m in enumerate(self.d["meetings"]):
            r(m.get("president_id"), "people", f"meetings[{i}].president_id", "président")
            for key in ("present", "excused"):
                for j, h in enumerate(m.get(key) or []):
                    r(h, "people", f"meetings[{i}].{key}[{j}]", "membre")
            for j, it in enumerate(m.get("items") or []):
                base = f"meetings[{i}].items[{j}]"
                r(it["project_id"], "projects", f"{base}.project_id", "projet")
                for k, h in enumerate(it.get("conflicts") or []):
                    r(h, "people", f"{base}.conflicts[{k}]", "membre")
                for h in it.get("votes") or {}:
                    r(h, "people", f"{base}.votes.{h}", "votant")
        for i, e in enumerate(self.d["engagements"]):
            r(e["project_id"], "projects", f"engagements[{i}].project_id", "projet")
            r(e.get("meeting_id"), "meetings", f"engagements[{i}].meeting_id", "comité")
            r(e.get("partner_id"), "partners", f"engagements[{i}].partner_id", "partenaire")
        for name in ("disbursements", "repayments", "write_offs"):
            for i, x in enumerate(self.d[name]):
                r(x["engagement_id"], "engagements", f"{name}[{i}].engagement_id", "engagement")
        for i, f in enumerate(self.d["follow_ups"]):
            r(f["project_id"], "projects", f"follow_ups[{i}].project_id", "projet")
            r(f.get("author_id"), "people", f"follow_ups[{i}].author_id", "auteur")

    def _identifiers(self) -> None:
        op = self.d["basin"]["operator"]
        self._siret(op.get("siret"), "basin.operator.siret")
        for i, p in enumerate(self.d["partners"]):
            self._siret(p.get("siret"), f"partners[{i}].siret")
        for i, c in enumerate(self.d["companies"]):
            self._siret(c.get("siret"), f"companies[{i}].siret")
        for key, acc in (self.d["basin"].get("accounts") or {}).items():
            message = iban_problem(acc.get("iban")) if acc else None
            if message:
                self.add(f"basin.accounts.{key}.iban", message)

    def _emails(self) -> None:
        """One plain address per field: it goes into the covering e-mail's headers."""
        found = [("basin.operator.email", self.d["basin"]["operator"].get("email"))]
        found += [(f"people[{i}].email", h.get("email")) for i, h in enumerate(self.d["people"])]
        for path, value in found:
            if value is not None and not _EMAIL.match(value):
                self.add(path, f"« {value} » n'est pas une adresse électronique (une seule adresse, de la forme "
                               "nom@domaine.fr)")

    def _siret(self, value: str | None, path: str) -> None:
        message = siret_problem(value)
        if message:
            self.add(path, message)

    def exported_on(self) -> str | None:
        """The day of `exported_at` (ISO), None when the document does not say when it was made."""
        stamp = self.d.get("exported_at")
        return None if stamp is None else dt.datetime.fromisoformat(stamp).date().isoformat()

    def active_members(self) -> set[str]:
        """Active comité members of active partners: who sits, votes and may follow a project."""
        partners = {p["id"]: p for p in self.d["partners"]}
        return {h["id"] for h in self.d["people"] if h.get("committee_member", False) and h.get("active", True)
                and partners[h["partner_id"]].get("active", True)}

    def _meetings(self) -> None:
        people = {h["id"]: h for h in self.d["people"]}
        partners = {p["id"]: p for p in self.d["partners"]}
        exported_on = self.exported_on()
        members = self.active_members()
        fraction = (self.d["basin"].get("settings") or {}).get("quorum_fraction", DEFAULT_QUORUM)
        for i, m in enumerate(self.d["meetings"]):
            base = f"meetings[{i}]"
            to_be_held = exported_on is not None and m["date"] > exported_on
            pres = people.get(m.get("president_id"))
            if pres is not None:
                partner = partners[pres["partner_id"]]
                if partner["kind"] != "company":
                    self.add(f"{base}.president_id", f"le président « {pres['id']} » ne représente pas une "
                                                     "entreprise partenaire")
                elif to_be_held and not (pres.get("active", True) and partner.get("active", True)):
                    # Held meetings keep their president: format v1 keeps no membership history.
                    self.add(f"{base}.president_id", f"le président « {pres['id']} » d'un comité à venir n'est "
                                                     "plus le représentant actif d'une entreprise partenaire active")
            decided = [j for j, it in enumerate(m.get("items") or []) if it.get("decision") is not None]
            if decided and to_be_held:
                self.add(f"{base}.items[{decided[0]}].decision",
                         f"décision enregistrée pour un comité du {m['date']}, postérieur à l'export du document "
                         f"({exported_on}) : une décision appartient à un comité qui a eu lieu")
            present = list(m.get("present") or [])
            required = _quorum_required(len(members), fraction)
            if decided and len(set(present)) < required and not (m.get("quorum_override") or "").strip():
                self.add(f"{base}.quorum_override",
                         f"décision enregistrée sans quorum ({count(len(set(present)), 'présent')}, {required} requis) : "
                         "indiquez la raison de passer outre (quorum_override)")
            for key in ("present", "excused"):
                lst = m.get(key) or []
                if len(set(lst)) != len(lst):
                    self.add(f"{base}.{key}", "un membre figure deux fois dans la liste")
            both = set(present) & set(m.get("excused") or [])
            if both:
                self.add(f"{base}.excused", f"{agree(len(both), 'membre à la fois présent et excusé', 'membres à la fois présents et excusés')} : {sorted(both)}")
            seen_projects: set[str] = set()
            for j, it in enumerate(m.get("items") or []):
                self._item(f"{base}.items[{j}]", it, set(present))
                if it["project_id"] in seen_projects:
                    self.add(f"{base}.items[{j}].project_id", f"projet « {it['project_id']} » inscrit deux fois")
                seen_projects.add(it["project_id"])

    def _item(self, path: str, it: dict[str, Any], present: set[str]) -> None:
        votes, totals, decision = it.get("votes"), it.get("vote_totals"), it.get("decision")
        conflicts = set(it.get("conflicts") or [])
        if len(conflicts) != len(it.get("conflicts") or []):
            self.add(f"{path}.conflicts", "un membre figure deux fois dans la liste")
        voters = present - conflicts
        if decision is not None and (votes is None) == (totals is None):
            self.add(path, "une décision demande soit les votes nominatifs, soit les totaux (exactement un des deux)")
        if votes:
            for h in votes:
                if h in conflicts:
                    self.add(f"{path}.votes.{h}", f"« {h} » est en conflit d'intérêts : il ne vote pas")
                elif h not in present:
                    self.add(f"{path}.votes.{h}", f"« {h} » n'est pas présent : il ne peut pas voter")
            counts = {v: sum(1 for x in votes.values() if x == v) for v in ("for", "against", "abstain")}
        elif totals:
            counts = dict(totals)
            if sum(totals.values()) > len(voters):
                self.add(f"{path}.vote_totals", f"{sum(totals.values())} voix pour {count(len(voters), 'votant possible')} "
                                                "(présents hors conflit d'intérêts)")
        else:
            counts = None
        if decision == "approved" and counts is not None and counts["for"] <= counts["against"]:
            self.add(f"{path}.decision", f"agrément avec {counts['for']} voix pour et {counts['against']} "
                                         "contre : il faut plus de voix pour que contre")

    def _mandataries(self) -> None:
        members = self.active_members()
        for i, p in enumerate(self.d["projects"]):
            mandatary = p.get("mandatary_id")
            if mandatary is not None and p["status"] in FOLLOWED and mandatary not in members:
                self.add(f"projects[{i}].mandatary_id", f"le mandataire « {mandatary} » d'un projet suivi n'est pas "
                                                        "un membre actif du comité (d'un partenaire actif)")

    def _engagements(self) -> None:
        agendas = {m["id"]: {it["project_id"] for it in m.get("items") or []} for m in self.d["meetings"]}
        for i, e in enumerate(self.d["engagements"]):
            path = f"engagements[{i}]"
            meeting = e.get("meeting_id")
            if meeting is not None and e["project_id"] not in agendas.get(meeting, set()):
                self.add(f"{path}.meeting_id", f"le comité « {meeting} » n'a pas le projet « {e['project_id']} » "
                                               "à son ordre du jour")
            if e["kind"] == "skills" and e.get("partner_id") is None:
                self.add(f"{path}.partner_id", "une mise à disposition de compétences indique le partenaire "
                                               "qui les apporte")
            terms = e.get("terms")
            if e["kind"] in LOAN_KINDS:
                if terms is None:
                    self.add(f"{path}.terms", "conditions de remboursement obligatoires pour un prêt ou une avance")
                    continue
                span = terms["duration_months"] - terms["deferral_months"]
                if span < terms["period_months"] or span % terms["period_months"]:
                    self.add(f"{path}.terms", f"durée {terms['duration_months']} mois moins différé "
                                              f"{terms['deferral_months']} mois : pas un nombre entier "
                                              f"d'échéances de {terms['period_months']} mois")
                if e.get("amount_cents") is None:
                    self.add(f"{path}.amount_cents", "montant obligatoire pour un prêt ou une avance")
                rate = terms.get("annual_rate") or 0
                if e["kind"] == "repayable_advance" and rate != 0:
                    self.add(f"{path}.terms.annual_rate", f"taux {rate} : une avance remboursable est à taux zéro")
                if e["kind"] == "subsidised_loan" and rate <= 0:
                    self.add(f"{path}.terms.annual_rate", "un prêt bonifié a un taux positif (sinon, c'est une avance)")
            elif terms is not None:
                self.add(f"{path}.terms", "seuls les avances remboursables et prêts bonifiés ont des conditions")

    def _fund(self) -> None:
        """The fund's invariants, written once in rules.fund_invariants: the dialogs, the import
        and `check` refuse the same fact with the same sentence."""
        kinds = {e["id"]: e["kind"] for e in self.d["engagements"]}
        moves: list[Movement] = []
        path: dict[tuple[str, str], str] = {}
        for name, kind in (("disbursements", "disbursement"), ("repayments", "repayment"), ("write_offs", "write_off")):
            for i, x in enumerate(self.d[name]):
                if kinds.get(x["engagement_id"]) != "repayable_advance":
                    self.add(f"{name}[{i}].engagement_id", f"« {x['engagement_id']} » n'est pas une avance "
                                                           "remboursable : pas de mouvement de fonds")
                    continue
                moves.append(Movement(kind, x["id"], x["engagement_id"], dt.date.fromisoformat(x["date"]),
                                      x["amount_cents"]))
                path[(kind, x["id"])] = f"{name}[{i}].amount_cents"
        granted = {e["id"]: e.get("amount_cents") for e in self.d["engagements"]}
        disbursed: dict[str, list[Movement]] = defaultdict(list)
        for mv in moves:
            if mv.kind == "disbursement":
                disbursed[mv.engagement_id].append(mv)
        for eid, rows in disbursed.items():
            total, limit = sum(mv.amount_cents for mv in rows), granted.get(eid)
            if limit is not None and total > limit:
                first = min(rows, key=lambda mv: (mv.date, mv.id))
                self.add(path[("disbursement", first.id)], over_granted_message(eid, total, limit))
        for mv, message in chronology_problems(moves):
            self.add(path[(mv.kind, mv.id)], message)

    def _reimbursement_cap(self) -> None:
        index = {x["id"]: i for i, x in enumerate(self.d["expenses"])}
        rows = [Reimbursement(x["id"], dt.date.fromisoformat(x["date"]), x["amount_cents"])
                for x in self.d["expenses"] if x["category"] == "operator_reimbursement"]
        cap = (self.d["basin"].get("settings") or {}).get("operator_reimbursement_cap_cents")
        for x, message in reimbursement_cap_problems(rows, cap):
            self.add(f"expenses[{index[x.id]}].amount_cents", message)
