"""The ASTREES bundle: one .zip holding the whole basin, its figures, its tables and its documents.

Contents (names sorted, fixed timestamps, so the same data give the same bytes):
- `data.json`: the whole basin in format v1 (what `export --json` writes);
- `report.json`: the evaluation figures as of the date (what `report --json` prints);
- `csv/<table>.csv`: one table per file for spreadsheets (bundle_csv.py);
- `documents/…`: the PDFs of the convention period (conventions, cooperation conventions — the
  signed scan when one is attached —, minutes, evaluation report);
- `manifest.json`: every other file with its SHA-256 and size, the program version, the basin,
  the date and the convention. The import (interchange/bundle_reader.py) checks all of it.

The zip is written beside its target and renamed at the end: a cancel or a failure leaves nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import json
import pathlib
import re
import zipfile
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, select

from alize_desktop import __version__
from alize_desktop import models as m
from alize_desktop.fileio import (
    OutputRefused,
    check_outputs,
    os_error_text,
    real_target,
    replace_with,
    temporary_beside,
)
from alize_desktop.formatting import date_long, integer
from alize_desktop.interchange.exporter import export_basin
from alize_desktop.paths import attachments_dir
from alize_desktop.rules.evaluation import (
    bundle_convention,
)
from alize_desktop.rules.report import build_report
from alize_desktop.services.export import bundle_csv
from alize_desktop.services.export.email_draft import (
    ASTREES_EMAIL_KEY,
    Covering,
    EmailProblem,
    app_settings,
    check_address,
    check_header_text,
    compose,
    write_draft,
)
from alize_desktop.services.progress import Progress, no_progress, step

BUNDLE_FORMAT = "alize-bundle"
BUNDLE_VERSION = 1
DATA_NAME, REPORT_NAME, MANIFEST_NAME = "data.json", "report.json", "manifest.json"
# The earliest time a zip can store: any fixed value makes the archive reproducible.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class BundleError(Exception):
    """The bundle cannot be written; nothing was left on disk. The message is in French."""


@dataclasses.dataclass(frozen=True)
class BundleFile:
    name: str
    size: int
    sha256: str


@dataclasses.dataclass(frozen=True)
class BundleResult:
    """What was written, for the summary, the Export page and the covering email."""

    path: pathlib.Path
    zip_size: int
    as_of: dt.date
    convention: dict[str, Any] | None
    files: tuple[BundleFile, ...]
    notes: tuple[str, ...]
    warnings: tuple[str, ...]
    covering: Covering
    eml: pathlib.Path | None = None
    eml_to: str | None = None

    def summary(self) -> str:
        """The French text the command line prints."""
        docs = [f for f in self.files if f.name.startswith("documents/")]
        lines = [f"Paquet ASTREES écrit : {self.path} ({size_text(self.zip_size)}, "
                 f"{integer(len(self.files) + 1)} fichiers dont {integer(len(docs))} documents PDF)",
                 f"Bassin : {self.covering.basin_name} — chiffres au {date_long(self.as_of)}"]
        if self.convention is not None:
            lines.append(f"Convention : {convention_text(self.convention)}")
        lines += [f"Note : {n}" for n in self.notes]
        lines += [f"Avertissement : {w}" for w in self.warnings]
        if self.eml is not None:
            lines.append(f"Brouillon de courriel pour {self.eml_to} : {self.eml}")
        return "\n".join(lines)


def size_text(n: int) -> str:
    """`2 411 724` → `2,3 Mo` (French units, decimal comma)."""
    from babel.numbers import format_decimal

    for unit, scale in (("Go", 1024 ** 3), ("Mo", 1024 ** 2), ("ko", 1024)):
        if n >= scale:
            return f"{format_decimal(n / scale, format='#,##0.0', locale='fr_FR')} {unit}"
    return f"{integer(n)} octet{'s' if n > 1 else ''}"


def convention_text(conv: dict[str, Any]) -> str:
    start, end = dt.date.fromisoformat(conv["start"]), dt.date.fromisoformat(conv["end"])
    state = "en cours" if conv["running"] else "terminée"
    return f"{conv['id']} (du {date_long(start)} au {date_long(end)}, {state})"


def export_bundle(
    db_path: pathlib.Path | str, output_zip: pathlib.Path | str, *, as_of: dt.date,
    eml: pathlib.Path | str | None = None, to: str | None = None, progress: Progress = no_progress,
) -> str:
    """The command line's export: open the database, write the bundle (and the draft), return the summary."""
    from alize_desktop.db import DatabaseError, open_readonly

    db_path = pathlib.Path(db_path)
    _check_outputs(db_path, pathlib.Path(output_zip), None if eml is None else pathlib.Path(eml))
    try:
        engine = open_readonly(db_path)  # an export never creates, migrates or writes the base
    except DatabaseError as exc:
        raise BundleError(str(exc)) from None
    try:
        result = write_bundle(engine, db_path, pathlib.Path(output_zip), as_of=as_of,
                              eml=None if eml is None else pathlib.Path(eml), to=to, progress=progress)
    finally:
        engine.dispose()
    return result.summary()


def _check_outputs(db_path: pathlib.Path, output_zip: pathlib.Path, eml: pathlib.Path | None) -> None:
    """No output onto the base or its companions, a folder, or each other (nothing written yet)."""
    try:
        check_outputs((("Le paquet", output_zip), ("Le brouillon", eml)), db_path)
    except OutputRefused as exc:
        raise BundleError(str(exc)) from None


def _check_headers(data: dict[str, Any]) -> None:
    """The texts that go into the draft's headers (subject, sender) hold no line break."""
    basin = data["basin"]
    op = basin.get("operator") or {}
    try:
        check_header_text(basin.get("name") or "", "Le nom du bassin")
        check_header_text(op.get("name") or "", "Le nom de l'opérateur")
        if op.get("email"):
            check_address(op["email"], "L'adresse de l'opérateur")
    except EmailProblem as exc:
        raise BundleError(str(exc)) from None


def _dumps(document: Any) -> bytes:
    # Exactly what `export --json` and `report --json` write, so the files compare byte for byte.
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _snapshot(engine: Engine, exported_at: dt.datetime | None) -> tuple[dict, dict, dict]:
    """Basin, signed scans and settings read in one read transaction (a consistent picture)."""
    with engine.connect() as conn:
        conn.exec_driver_sql("BEGIN")  # pysqlite opens no transaction for reads by itself
        try:
            data = export_basin(conn, exported_at)  # default: the last change (same data, same bytes)
            scans = {pid: (path, digest) for pid, path, digest in conn.execute(
                select(m.Project.id, m.Project.signed_scan_path, m.Project.signed_scan_sha256)
                .where(m.Project.signed_scan_path.is_not(None)))}
            settings = app_settings(conn)
        except LookupError as exc:
            raise BundleError(str(exc)) from None
        finally:
            conn.rollback()
    return data, scans, settings


def recipient(to: str | None, settings: dict[str, str]) -> str:
    """The address the email goes to: --to, else ASTREES's address of the settings."""
    address = to if to and to.strip() else settings.get(ASTREES_EMAIL_KEY)
    if not address:
        raise BundleError("adresse de courriel d'ASTREES inconnue : indiquez --to ou renseignez-la "
                          "sur la page Bassin")
    try:
        return check_address(address, "L'adresse du destinataire")
    except EmailProblem as exc:
        raise BundleError(str(exc)) from None


def write_bundle(
    engine: Engine, db_path: pathlib.Path, output_zip: pathlib.Path, *, as_of: dt.date,
    eml: pathlib.Path | None = None, to: str | None = None, progress: Progress = no_progress,
    exported_at: dt.datetime | None = None,
) -> BundleResult:
    """Build and write the bundle; raises BundleError, or Cancelled when `progress` says stop."""
    _check_outputs(db_path, output_zip, eml)
    step(progress, 0, 1, "Lecture de la base…")
    data, scans, settings = _snapshot(engine, exported_at)
    to_address = recipient(to, settings) if eml is not None else None
    if eml is not None:
        _check_headers(data)  # before the zip is written: a refused draft leaves nothing behind
    conv = bundle_convention(data.get("conventions") or [], as_of)
    jobs = plan_documents(data, conv, as_of, scans)
    total = 2 + len(bundle_csv.TABLES) + len(jobs) + 1
    members: dict[str, bytes] = {DATA_NAME: _dumps(data)}
    notes: list[str] = [bundle_csv.CSV_NOTE]
    warnings: list[str] = []
    step(progress, 1, total, "Rapport d'évaluation…")
    if conv is None:
        notes.insert(0, f"report.json absent : aucune convention de partenariat n'a commencé au {as_of.isoformat()}")
    else:
        members[REPORT_NAME] = _dumps(build_report(data, as_of, conv["id"]))
    done = 2
    for name, payload in bundle_csv.iter_csv_files(data):
        step(progress, done, total, f"Tableau {name}…")
        members[name] = payload
        done += 1
    warnings += _render_documents(engine, jobs, data, as_of, db_path, members, progress, done, total)
    covering = _covering(data, as_of, conv, output_zip.name, len(members) + 1)
    manifest = _manifest(data, as_of, conv, members, notes, warnings)
    members[MANIFEST_NAME] = _dumps(manifest)
    try:
        _write_zip(output_zip, members, lambda: step(progress, total - 1, total, "Écriture du fichier .zip…"))
    except OSError as exc:
        raise BundleError(f"paquet non écrit : {os_error_text(exc, output_zip)}") from None
    result = BundleResult(
        path=output_zip, zip_size=output_zip.stat().st_size, as_of=as_of, convention=conv,
        files=tuple(BundleFile(f["name"], f["size"], f["sha256"]) for f in manifest["files"]),
        notes=tuple(notes), warnings=tuple(warnings), covering=covering)
    step(progress, total, total, "Paquet écrit")
    if eml is not None and to_address is not None:
        try:
            write_draft(eml, compose(covering, output_zip.read_bytes(), to_address, draft=True))
        except OSError as exc:
            raise BundleError(f"paquet écrit ({output_zip}), mais le brouillon n'a pas pu l'être : "
                              f"{os_error_text(exc, eml)}") from None
        except (EmailProblem, ValueError) as exc:
            raise BundleError(f"paquet écrit ({output_zip}), mais le brouillon n'a pas pu l'être : {exc}") from None
        result = dataclasses.replace(result, eml=eml, eml_to=to_address)
    return result


# -- the PDFs of the convention period ------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class DocumentJob:
    kind: str
    name: str  # the member's name in the zip
    label: str  # French, for the progress dialog and the warnings
    ids: tuple[tuple[str, str], ...] = ()  # build_document's keyword ids
    scan: str | None = None  # signed scan, relative to the database's attachments folder
    scan_sha256: str | None = None


def _slug(text: str) -> str:
    # Ids come from imported files: keep them from shaping paths inside the zip.
    return re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_") or "x"


def plan_documents(data: dict[str, Any], conv: dict[str, Any] | None, as_of: dt.date,
                   scans: dict[str, tuple[str, str | None]]) -> list[DocumentJob]:
    """The documents of the convention period up to `as_of`, in the order they are built."""
    if conv is None:
        return []
    cid, first, last = conv["id"], conv["start"], min(conv["end"], as_of.isoformat())
    c = _slug(cid)
    jobs = [DocumentJob("partnership", f"documents/convention-partenariat-{c}.pdf",
                        "Convention de partenariat", (("convention_id", cid),)),
            DocumentJob("operator", f"documents/convention-operateur-{c}.pdf",
                        "Convention d'opérateur local", (("convention_id", cid),))]
    meetings = sorted((mt for mt in data.get("meetings") or [] if first <= mt["date"] <= last),
                      key=lambda mt: (mt["date"], mt["id"]))
    titles = {p["id"]: p["title"] for p in data.get("projects") or []}
    approved = dict.fromkeys(it["project_id"] for mt in meetings
                             for it in sorted(mt["items"], key=lambda i: i["position"]) if it["decision"] == "approved")
    for pid in approved:
        label = f"Convention de coopération — {titles.get(pid, pid)}"
        scan, digest = scans.get(pid, (None, None))
        suffix = _slug(pathlib.PurePath(scan).suffix.lstrip(".").lower()) if scan else "pdf"
        name = f"documents/cooperation/convention-cooperation-{_slug(pid)}"
        jobs.append(DocumentJob("cooperation", f"{name}-signee.{suffix}" if scan else f"{name}.pdf", label,
                                (("project_id", pid),), scan, digest))
    for mt in meetings:
        jobs.append(DocumentJob("minutes", f"documents/proces-verbaux/proces-verbal-{mt['date']}-{_slug(mt['id'])}.pdf",
                                f"Procès-verbal du comité du {date_long(dt.date.fromisoformat(mt['date']))}",
                                (("meeting_id", mt["id"]),)))
    jobs.append(DocumentJob("evaluation", f"documents/rapport-evaluation-{c}-{as_of.isoformat()}.pdf",
                            "Rapport d'évaluation", (("convention_id", cid),)))
    return _unique(jobs)


def _unique(jobs: list[DocumentJob]) -> list[DocumentJob]:
    seen: set[str] = set()
    out = []
    for job in jobs:
        name, n = job.name, 1
        while name in seen:  # two ids that slug alike ("a/b", "a_b")
            n += 1
            stem, dot, ext = job.name.rpartition(".")
            name = f"{stem}-{n}{dot}{ext}"
        seen.add(name)
        out.append(dataclasses.replace(job, name=name))
    return out


def _read_scan(job: DocumentJob, db_path: pathlib.Path) -> tuple[bytes | None, str | None]:
    base = attachments_dir(db_path).resolve()
    path = (base / (job.scan or "")).resolve()
    what = f"{job.label} : scan signé"
    if not path.is_relative_to(base):
        return None, f"{what} ignoré (chemin hors du dossier des pièces jointes)"
    try:
        payload = path.read_bytes()
    except OSError:
        return None, f"{what} introuvable ({path}) ; la convention générée est jointe à la place"
    if job.scan_sha256 and hashlib.sha256(payload).hexdigest() != job.scan_sha256.lower():
        return None, f"{what} modifié depuis son enregistrement (empreinte différente) ; la convention générée est jointe à la place"
    return payload, None


def render_document(engine: Engine, job: DocumentJob, data: dict[str, Any], as_of: dt.date,
                    db_path: pathlib.Path) -> tuple[str, bytes | None, str | None]:
    """(name, bytes, warning): bytes None when the document cannot be made; a bad scan falls back to the PDF.
    `data` is what the document is built from: the basin with its office-only facts
    (`documents_data`), or a project's scope of it for that project's convention."""
    from alize_desktop.documents import DocumentError, build_document
    from alize_desktop.services.conventions.document_options import document_options

    name, fallback = job.name, None
    if job.scan is not None:
        payload, fallback = _read_scan(job, db_path)
        if payload is not None:
            return name, payload, None
        name = name.rsplit("-signee.", 1)[0] + ".pdf"
    ids = dict(job.ids)
    options = document_options(engine, db_path, job.kind, convention_id=ids.get("convention_id"),
                               meeting_id=ids.get("meeting_id"))
    buf = io.BytesIO()
    try:
        build_document(job.kind, data, buf, as_of=as_of, **ids, **options)
    except (DocumentError, LookupError) as exc:
        return name, None, f"{job.label} non jointe : {exc}"
    except Exception as exc:
        if type(exc).__name__ != "LayoutError":  # reportlab's: a text too long to fit on a page
            raise
        return name, None, (f"{job.label} non jointe : un texte est trop long pour tenir sur une page ; "
                            "raccourcissez-le puis exportez à nouveau")
    return name, buf.getvalue(), fallback


def _render_documents(engine: Engine, jobs: list[DocumentJob], data: dict[str, Any], as_of: dt.date,
                      db_path: pathlib.Path, members: dict[str, bytes], progress: Progress, done: int,
                      total: int) -> list[str]:
    from alize_desktop.interchange.exporter import ProjectScopes
    from alize_desktop.services.conventions.document_options import documents_data

    printed = documents_data(engine, data)
    # A project's convention reads its own rows: on a basin of 10,000 projects, scanning every
    # movement for each of the period's conventions would cost more than printing them.
    scopes = ProjectScopes(printed)
    warnings: dict[str, None] = {}  # ordered, each warning once
    for i, job in enumerate(jobs):
        step(progress, done + i, total, job.label)
        project_id = dict(job.ids).get("project_id")
        source = scopes.of(project_id) if job.kind == "cooperation" and project_id else printed
        name, payload, warning = render_document(engine, job, source, as_of, db_path)
        if warning:
            warnings[warning] = None
        if payload is not None:
            members[name] = payload
    return list(warnings)


def _covering(data: dict[str, Any], as_of: dt.date, conv: dict[str, Any] | None, zip_name: str,
              count: int) -> Covering:
    basin = data["basin"]
    op = basin.get("operator") or {}
    return Covering(basin_name=basin["name"], operator_name=op.get("name") or "", operator_email=op.get("email"),
                    representative=op.get("representative"), as_of=as_of,
                    convention_id=conv["id"] if conv else None, zip_name=zip_name, file_count=count)


def _manifest(data: dict[str, Any], as_of: dt.date, conv: dict[str, Any] | None, members: dict[str, bytes],
              notes: list[str], warnings: list[str]) -> dict[str, Any]:
    return {
        "format": BUNDLE_FORMAT, "version": BUNDLE_VERSION,
        "program": {"name": "ALIZÉ Desktop", "version": __version__},
        "basin": data["basin"]["name"], "as_of": as_of.isoformat(), "exported_at": data["exported_at"],
        "convention": conv,
        "files": [{"name": name, "size": len(members[name]), "sha256": hashlib.sha256(members[name]).hexdigest()}
                  for name in sorted(members)],
        "notes": notes, "warnings": warnings,
    }


def _write_zip(path: pathlib.Path, members: dict[str, bytes], tick: Callable[[], None]) -> None:
    """Sorted names, fixed dates and modes: the same members always give the same bytes."""
    path = real_target(path)  # through a symbolic link, the file it points to (the link is kept)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_beside(path)
    try:
        with zipfile.ZipFile(tmp, "w") as zf:
            for name in sorted(members):
                tick()  # a cancel here removes the half-written file below
                info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 3  # "Unix", whatever the machine, for identical bytes everywhere
                info.external_attr = 0o100644 << 16  # a regular file, rw-r--r--
                zf.writestr(info, members[name], compresslevel=6)
        replace_with(tmp, path)  # keeps the mode of the bundle it replaces
    except BaseException:
        pathlib.Path(tmp).unlink(missing_ok=True)
        raise


@dataclasses.dataclass(frozen=True)
class BundlePlan:
    """What the Export page shows before exporting."""

    basin_name: str | None
    convention: dict[str, Any] | None
    astrees_email: str | None
    operator_email: str | None


def bundle_plan(engine: Engine, as_of: dt.date) -> BundlePlan:
    """The basin, the convention the bundle will report on and the addresses, read cheaply."""
    with engine.connect() as conn:
        basin = conn.execute(select(m.Basin.name, m.Basin.operator_email)).first()
        convs = [{"id": cid, "start": start.isoformat()} for cid, start in
                 conn.execute(select(m.Convention.id, m.Convention.start).order_by(m.Convention.start))]
        settings = app_settings(conn)
    return BundlePlan(basin_name=basin[0] if basin else None,
                      convention=bundle_convention(convs, as_of) if basin else None,
                      astrees_email=settings.get(ASTREES_EMAIL_KEY), operator_email=basin[1] if basin else None)


def read_zip_bytes(path: pathlib.Path) -> bytes:
    """The bytes of a written bundle (for the email), with a French error when it has gone."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise BundleError(f"paquet illisible : {os_error_text(exc, path)}") from None


