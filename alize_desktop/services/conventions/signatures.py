"""Signature of a convention de coopération et développement, and its signed scan.

The scan is copied beside the database (`paths.attachments_dir(db_path)`), under a name made
only of safe characters; `Project.signed_scan_path` holds its path relative to that folder and
`Project.signed_scan_sha256` its fingerprint, so a later change of the file is detected.

A signed copy may also be a PDF signed electronically in the fields the program put over each
signature block: its signatures are checked when it is attached (the French sentence is kept in
the journal entry of the signature) and each time it is shown (`verify_scan(…).signatures`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import pathlib
import re
import shutil
import tempfile

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.documents.signature_fields import SignatureCheck, check_signatures
from alize_desktop.formatting import date_long
from alize_desktop.models.enums import label
from alize_desktop.paths import attachments_dir
from alize_desktop.services.uow import Changes, RuleError, journal, unit_of_work

# Statuses at which the convention can be signed (first time) or its signature corrected.
SIGNABLE = ("approved", "convention_signed", "in_follow_up")
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclasses.dataclass(frozen=True)
class ScanCheck:
    """`state`: none (no scan recorded), ok, missing (file gone) or changed (fingerprint differs)."""

    state: str
    path: pathlib.Path | None
    message: str
    signatures: str = ""  # what its electronic signatures say (one French sentence), when it has a file


def scan_signatures(scan: pathlib.Path) -> SignatureCheck:
    """The electronic signatures of a signed copy: which fields are signed, and still intact."""
    return check_signatures(pathlib.Path(scan).read_bytes())


def sha256_of(path: pathlib.Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 16), b""):
            h.update(block)
    return h.hexdigest()


def safe_name(project_id: str, signed_on: dt.date, digest: str) -> str:
    """`convention-pr12-2026-11-20-3fa2b1c4.pdf`: no user text reaches the file system."""
    pid = _UNSAFE.sub("_", project_id).strip("._") or "projet"
    return f"convention-{pid}-{signed_on.isoformat()}-{digest[:8]}.pdf"


def scan_path(db_path: pathlib.Path, relative: str) -> pathlib.Path:
    return attachments_dir(pathlib.Path(db_path)) / relative


def approval_date(session: Session, project_id: str) -> dt.date | None:
    """Date of the (latest) meeting that approved the project."""
    return session.scalar(
        select(m.Meeting.date)
        .join(m.AgendaItem, m.AgendaItem.meeting_id == m.Meeting.id)
        .where(m.AgendaItem.project_id == project_id, m.AgendaItem.decision == "approved")
        .order_by(m.Meeting.date.desc())
    )


def _check_scan(scan: pathlib.Path) -> None:
    if not scan.is_file():
        raise RuleError({"scan": f"Fichier introuvable : {scan}"})
    with open(scan, "rb") as f:
        if not f.read(5).startswith(b"%PDF-"):
            raise RuleError({"scan": "Le scan signé doit être un fichier PDF."})


def _copy_in(scan: pathlib.Path, folder: pathlib.Path, project_id: str, signed_on: dt.date) -> tuple[str, str, bool]:
    """Copy the scan into the attachments folder; returns (relative name, sha256, created)."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".scan-", suffix=".pdf", dir=folder)
    os.close(fd)
    try:
        shutil.copyfile(scan, tmp)
        digest = sha256_of(pathlib.Path(tmp))
        name = safe_name(project_id, signed_on, digest)
        target = folder / name
        created = not target.exists()  # same content already there: keep it, nothing to undo
        if created:
            os.replace(tmp, target)
    finally:
        pathlib.Path(tmp).unlink(missing_ok=True)
    return name, digest, created


def record_signature(engine: Engine, db_path: pathlib.Path, project_id: str, signed_on: dt.date | None,
                     scan: pathlib.Path | None = None, *, today: dt.date) -> Changes:
    """Record the date the convention was signed (project → convention_signed, follow-up starts)
    and, optionally, attach the signed scan.

    On a project already signed, corrects the date and/or replaces the scan. Refused when the
    project is not approved, has no mandataire, or the date precedes the approval or is in the future.
    """
    if signed_on is None:
        raise RuleError({"signed_on": "Saisir la date de signature."})
    if signed_on > today:
        raise RuleError({"signed_on": "La date de signature ne peut pas être dans le futur."})
    checked: SignatureCheck | None = None
    if scan is not None:
        _check_scan(pathlib.Path(scan))
        checked = scan_signatures(pathlib.Path(scan))
    copied: pathlib.Path | None = None
    try:
        with unit_of_work(engine) as s:
            project = s.get(m.Project, project_id)
            if project is None:
                raise RuleError(f"Projet inconnu : « {project_id} ».")
            if project.status not in SIGNABLE:
                raise RuleError(f"Le projet n'est pas agréé (statut : {label(project.status)}) : "
                                "pas de convention à signer.")
            if not project.mandatary_id:
                raise RuleError("Le projet n'a pas de mandataire : désignez-le avant de faire signer la convention.")
            approved_on = approval_date(s, project_id)
            if approved_on is not None and signed_on < approved_on:
                raise RuleError({"signed_on": f"La signature ne peut précéder l'agrément du {date_long(approved_on)}."})
            first_report = s.scalar(select(func.min(m.FollowUp.date)).where(m.FollowUp.project_id == project_id))
            if first_report is not None and signed_on > first_report:
                # Follow-up runs from the signature: a report cannot predate it.
                raise RuleError({"signed_on": f"Un rapport de suivi est daté du {date_long(first_report)} : "
                                              "la signature ne peut être postérieure."})
            changed: dict[str, object] = {}
            if project.convention_signed_on != signed_on:
                changed["convention_signed_on"] = [project.convention_signed_on, signed_on]
                project.convention_signed_on = signed_on
            if project.status == "approved":
                changed["status"] = [project.status, "convention_signed"]
                project.status = "convention_signed"
            if scan is not None:
                folder = attachments_dir(pathlib.Path(db_path))
                name, digest, created = _copy_in(pathlib.Path(scan), folder, project_id, signed_on)
                copied = folder / name if created else None
                if project.signed_scan_path != name or project.signed_scan_sha256 != digest:
                    changed["signed_scan_path"] = [project.signed_scan_path, name]
                    changed["signed_scan_sha256"] = [project.signed_scan_sha256, digest]
                    project.signed_scan_path = name
                    project.signed_scan_sha256 = digest
                    if checked is not None:
                        changed["signed_scan_signatures"] = checked.sentence
            if changed:
                journal(s, "project", project_id, "sign", changed)
    except BaseException:
        # Nothing half-saved: a scan copied for a write that did not commit does not stay behind.
        if copied is not None:
            copied.unlink(missing_ok=True)
        raise
    return Changes(projects=True)


def verify_scan(engine: Engine, db_path: pathlib.Path, project_id: str) -> ScanCheck:
    """Whether the signed scan of a project is still the file that was attached."""
    with Session(engine) as s:
        project = s.get(m.Project, project_id)
        if project is None or not project.signed_scan_path:
            return ScanCheck("none", None, "Aucun scan signé n'est joint à cette convention.")
        rel, expected = project.signed_scan_path, project.signed_scan_sha256
    path = scan_path(db_path, rel)
    if not path.is_file():
        return ScanCheck("missing", path, f"Le scan signé est introuvable : {path}")
    signatures = scan_signatures(path).sentence
    if expected and sha256_of(path) != expected:
        return ScanCheck("changed", path, "Le fichier du scan signé a été modifié depuis son enregistrement "
                                          "(empreinte SHA-256 différente). Vérifiez qu'il s'agit bien de "
                                          "l'exemplaire signé.", signatures)
    return ScanCheck("ok", path, "", signatures)


@dataclasses.dataclass(frozen=True)
class CooperationRow:
    """An approved project and where its convention de coopération et développement stands."""

    project_id: str
    title: str
    company_name: str
    status: str
    approved_on: dt.date | None
    mandatary: str  # "" when none is designated
    signed_on: dt.date | None
    scan_path: str | None

    @property
    def convention_state(self) -> str:
        return f"Signée le {date_long(self.signed_on)}" if self.signed_on else "À produire"

    @property
    def has_scan(self) -> bool:
        return bool(self.scan_path)


APPROVED_STATUSES = ("approved", "convention_signed", "in_follow_up", "closed")


def cooperation_rows(engine: Engine) -> list[CooperationRow]:
    """Every approved project (approved, signed, in follow-up, closed), newest approval first."""
    with Session(engine) as s:
        return cooperation_rows_in(s)


def cooperation_rows_in(s: Session) -> list[CooperationRow]:
    """`cooperation_rows` read in an open session (the Conventions page's one load). Columns, not
    whole records: on a network-size basin (10 000 projects) building the records was most of the
    page's load, and the database worker holding the interpreter that long slowed the window."""
    people = {pid: f"{first} {last}".strip()
              for pid, first, last in s.execute(select(m.Person.id, m.Person.first_name, m.Person.last_name))}
    companies = dict(s.execute(select(m.Company.id, m.Company.name)).tuples().all())
    approvals: dict[str, dt.date] = {}
    for pid, day in s.execute(select(m.AgendaItem.project_id, m.Meeting.date)
                              .join(m.Meeting, m.Meeting.id == m.AgendaItem.meeting_id)
                              .where(m.AgendaItem.decision == "approved")):
        approvals[pid] = max(day, approvals.get(pid, day))
    p = m.Project
    rows = [
        CooperationRow(pid, title, companies.get(company_id, ""), status, approvals.get(pid),
                       people.get(mandatary_id, "") if mandatary_id else "", signed_on, scan)
        for pid, title, company_id, status, mandatary_id, signed_on, scan in s.execute(
            select(p.id, p.title, p.company_id, p.status, p.mandatary_id, p.convention_signed_on, p.signed_scan_path)
            .where(p.status.in_(APPROVED_STATUSES)))
    ]
    rows.sort(key=lambda r: (r.approved_on or dt.date.min, r.project_id), reverse=True)
    return rows
