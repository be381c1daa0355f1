"""The workflow of a project (DOMAIN.md §3): which status may follow which, and why not.

received → in_review → scheduled → approved | adjourned | rejected → convention_signed → in_follow_up
→ closed, plus withdrawn from any open state. Scheduling and decisions happen in a comité meeting:
the meeting screen calls `schedule`, `unschedule` and `apply_decision` inside its own transaction;
every other change goes through `transition`. Each change is journaled; a refusal says why in French.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pathlib
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.formatting import date_long
from alize_desktop.models.enums import DECISIONS, label
from alize_desktop.rules.schedule import add_months
from alize_desktop.services.uow import Changes, RuleError, journal, unit_of_work

TRANSITIONS: dict[str, tuple[str, ...]] = {
    "received": ("in_review", "withdrawn"),
    "in_review": ("scheduled", "withdrawn"),
    "scheduled": ("approved", "adjourned", "rejected", "withdrawn"),
    "adjourned": ("scheduled", "withdrawn"),
    "approved": ("convention_signed", "withdrawn"),
    "convention_signed": ("in_follow_up", "withdrawn"),
    "in_follow_up": ("closed", "withdrawn"),
    "rejected": (),
    "closed": (),
    "withdrawn": (),
}
FINAL = ("rejected", "closed", "withdrawn")
# These happen in a comité meeting (page Comités), never from the project page.
MEETING_TARGETS = ("scheduled", "approved", "adjourned", "rejected")
# The transitions the project page offers, in the order of its buttons.
MANUAL_TARGETS = ("in_review", "convention_signed", "in_follow_up", "closed", "withdrawn")
FOLLOW_UP_MONTHS = 18


def allowed_transitions(status: str) -> list[str]:
    """Statuses that may follow `status` (whatever the preconditions of the target)."""
    return list(TRANSITIONS.get(status, ()))


def _project(s: Session, project_id: str) -> m.Project:
    p = s.get(m.Project, project_id)
    if p is None:
        raise RuleError(f"Projet « {project_id} » introuvable.")
    return p


def _status_reason(status: str, target: str) -> str | None:
    if target in allowed_transitions(status):
        return None
    if status in FINAL:
        return f"Le projet est « {label(status)} » : son statut ne change plus."
    if status == target:
        return f"Le projet est déjà « {label(status)} »."
    if target == "withdrawn":
        return f"Un projet « {label(status)} » ne peut pas être retiré."
    return f"Un projet « {label(status)} » ne peut pas passer à « {label(target)} »."


def _approval_date(s: Session, project_id: str) -> dt.date | None:
    return s.scalar(select(m.Meeting.date).join(m.AgendaItem, m.AgendaItem.meeting_id == m.Meeting.id)
                    .where(m.AgendaItem.project_id == project_id, m.AgendaItem.decision == "approved")
                    .order_by(m.Meeting.date.desc()))


def _member_problem(s: Session, person_id: str | None, what: str) -> str | None:
    if not person_id:
        return None
    who = s.get(m.Person, person_id)
    if who is None:
        return f"{what} « {person_id} » inconnu."
    if not (who.committee_member and who.active):
        return f"{what} doit être un membre actif du comité d'agrément."
    return None


def _problems(s: Session, p: m.Project, target: str, details: dict[str, Any], today: dt.date,
              precheck: bool = False) -> dict[str, str]:
    """Why `p` cannot go to `target` ({} when it can). `precheck` skips what a dialog will ask for."""
    reason = _status_reason(p.status, target)
    if reason:
        return {"": reason}
    if target in MEETING_TARGETS:
        return {"": "L'inscription à l'ordre du jour et les décisions se font en séance du comité "
                    "d'agrément (page Comités)."}
    if target == "in_review":
        missing = []
        if not (p.diagnostic or "").strip():
            missing.append("le diagnostic préalable")
        if not p.prescriber_id:
            missing.append("le prescripteur")
        if missing:
            return {"": f"Pour passer en instruction, complétez d'abord {' et '.join(missing)} (Modifier…)."}
    if target == "convention_signed" and not precheck:
        return _signature_problems(s, p, details, today)
    if target == "closed":
        if p.convention_signed_on is None:
            return {"": "Date de signature de la convention inconnue : le suivi ne peut pas être clos."}
        earliest = add_months(p.convention_signed_on, FOLLOW_UP_MONTHS)
        if today < earliest:
            return {"": f"Le suivi dure au moins {FOLLOW_UP_MONTHS} mois après la signature : clôture possible "
                        f"à partir du {date_long(earliest)}."}
    if target == "in_follow_up" and p.convention_signed_on is None:
        return {"": "Enregistrez d'abord la date de signature de la convention."}
    return {}


def _signature_problems(s: Session, p: m.Project, details: dict[str, Any], today: dt.date) -> dict[str, str]:
    problems: dict[str, str] = {}
    mandatary = details.get("mandatary_id") or p.mandatary_id
    if not mandatary:
        problems["mandatary_id"] = ("Un mandataire (membre actif du comité) doit suivre le projet avant la "
                                    "signature de la convention.")
    elif (msg := _member_problem(s, mandatary, "Le mandataire")) and mandatary != p.mandatary_id:
        problems["mandatary_id"] = msg
    signed_on = details.get("signed_on")
    if signed_on is None:
        problems["signed_on"] = "La date de signature est obligatoire."
    elif signed_on > today:
        problems["signed_on"] = "La date de signature ne peut pas être dans le futur."
    else:
        approved_on = _approval_date(s, p.id)
        if approved_on is not None and signed_on < approved_on:
            problems["signed_on"] = f"La convention ne peut pas être signée avant l'agrément du {date_long(approved_on)}."
    scan = details.get("scan_path")
    if scan and not pathlib.Path(scan).is_file():
        problems["scan_path"] = "Fichier de la convention signée introuvable."
    return problems


def transition_problems(engine: Engine, project_id: str, target: str, today: dt.date,
                        **details: Any) -> dict[str, str]:
    """What `transition` would refuse, without writing anything."""
    with Session(engine) as s:
        return _problems(s, _project(s, project_id), target, details, today)


def blockers(engine: Engine, project_id: str, today: dt.date) -> dict[str, str | None]:
    """For each target the project page offers: None when available, else the French reason
    (the reason becomes the disabled button's tooltip)."""
    with Session(engine) as s:
        p = _project(s, project_id)
        out: dict[str, str | None] = {}
        for target in MANUAL_TARGETS:
            problems = _problems(s, p, target, {}, today, precheck=True)
            out[target] = " ".join(problems.values()) or None
        return out


def transition(engine: Engine, project_id: str, target: str, today: dt.date, **details: Any) -> Changes:
    """Move a project to `target`; refused (RuleError, nothing written) when the rules forbid it.

    details: `signed_on`, `mandatary_id`, `scan_path` for convention_signed; `reason` for withdrawn.
    """
    with unit_of_work(engine) as s:
        p = _project(s, project_id)
        problems = _problems(s, p, target, details, today)
        if problems:
            raise RuleError(problems)
        changed: dict[str, Any] = {"status": [p.status, target]}
        if target == "convention_signed":
            if details.get("mandatary_id") and details["mandatary_id"] != p.mandatary_id:
                changed["mandatary_id"] = [p.mandatary_id, details["mandatary_id"]]
                p.mandatary_id = details["mandatary_id"]
            changed["convention_signed_on"] = [p.convention_signed_on, details["signed_on"]]
            p.convention_signed_on = details["signed_on"]
            if details.get("scan_path"):
                path = pathlib.Path(details["scan_path"])
                p.signed_scan_path = str(path)
                p.signed_scan_sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
                changed["signed_scan_path"] = str(path)
        if target == "withdrawn" and (details.get("reason") or "").strip():
            changed["reason"] = details["reason"].strip()
        p.status = target
        journal(s, "project", project_id, "status", changed)
    return Changes(projects=True, conventions=target == "convention_signed",
                   follow_ups=target in ("in_follow_up", "closed", "withdrawn"))


# For the meeting screen: called inside its own unit of work --------------------------------------


def schedule(session: Session, project_id: str) -> None:
    """Put a project on a meeting's agenda: in_review or adjourned → scheduled (no-op if already)."""
    p = _project(session, project_id)
    if p.status == "scheduled":
        return
    reason = _status_reason(p.status, "scheduled")
    if reason:
        raise RuleError({"": reason})
    journal(session, "project", project_id, "status", {"status": [p.status, "scheduled"]})
    p.status = "scheduled"


def unschedule(session: Session, project_id: str, meeting_id: str | None = None) -> None:
    """The project leaves an agenda (`meeting_id`) before any decision.

    It goes back to what it was: adjourned when its latest decision at another meeting was an
    adjournment, otherwise in review.
    """
    p = _project(session, project_id)
    if p.status != "scheduled":
        return
    target = previous_status(session, project_id, meeting_id)
    journal(session, "project", project_id, "status", {"status": ["scheduled", target]})
    p.status = target


def previous_status(session: Session, project_id: str, meeting_id: str | None) -> str:
    """What a scheduled project was before this agenda: adjourned if its latest decision elsewhere says so."""
    query = (select(m.AgendaItem.decision).join(m.Meeting, m.Meeting.id == m.AgendaItem.meeting_id)
             .where(m.AgendaItem.project_id == project_id, m.AgendaItem.decision.is_not(None)))
    if meeting_id is not None:
        query = query.where(m.AgendaItem.meeting_id != meeting_id)
    latest = session.execute(query.order_by(m.Meeting.date.desc(), m.AgendaItem.pk.desc())).scalars().first()
    return "adjourned" if latest == "adjourned" else "in_review"


def apply_decision(session: Session, project_id: str, decision: str | None, mandatary_id: str | None = None) -> None:
    """Set the status from a comité decision, in the caller's transaction.

    From `scheduled`, or from a decision just recorded (a correction) as long as the convention is
    not signed. `None` clears the decision (back to scheduled). An approval may name the mandatary.
    """
    p = _project(session, project_id)
    if decision is not None and decision not in DECISIONS:
        raise RuleError({"decision": f"Décision inconnue « {decision} »."})
    if p.status not in ("scheduled", *DECISIONS):
        raise RuleError({"decision": f"Un projet « {label(p.status)} » ne peut pas recevoir de décision du comité."})
    target = decision or "scheduled"
    changed: dict[str, Any] = {}
    if p.status != target:
        changed["status"] = [p.status, target]
        p.status = target
    if mandatary_id and decision == "approved" and mandatary_id != p.mandatary_id:
        problem = _member_problem(session, mandatary_id, "Le mandataire")
        if problem:
            raise RuleError({"mandatary_id": problem})
        changed["mandatary_id"] = [p.mandatary_id, mandatary_id]
        p.mandatary_id = mandatary_id
    if changed:
        journal(session, "project", project_id, "decision", changed)
