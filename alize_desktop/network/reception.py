"""Receiving a basin's bundle into the network database.

The order is the import's: the bundle reader's checks first (hashes, traversal, sizes — the same
`interchange.bundle_reader` as `import`), then format v1 and every rule (`interchange.validate`).
A bundle newer than the one held for its basin replaces that basin's data in one transaction;
an older or identical one is refused, saying so. Every reception, accepted or refused, is
recorded with its time (from the clock), the file's SHA-256, `exported_at`, the period and the OS
user who received it. A refused bundle changes nothing but the reception log.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import pathlib
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from alize_desktop.clock import Clock
from alize_desktop.formatting import count, date_long
from alize_desktop.interchange.bundle_reader import MANIFEST_NAME, BundleRefused, read_bundle_data
from alize_desktop.interchange.validate import validate_basin
from alize_desktop.network import models as nm
from alize_desktop.network.db import NetworkDatabaseError
from alize_desktop.network.figures import basin_figures
from alize_desktop.network.identity import basin_key, key_label

SHOWN_PROBLEMS = 3


@dataclass(frozen=True)
class ReceptionOutcome:
    """What happened to one file, in one French sentence (`message`)."""

    file_name: str
    accepted: bool
    message: str
    basin_key: str | None = None
    basin_name: str | None = None
    replaced: bool = False
    reception_id: int | None = None


@dataclass
class _Facts:
    """What is known of the file before the decision (recorded either way)."""

    path: pathlib.Path
    sha256: str = ""
    size: int = 0
    data: Any = None
    key: str | None = None
    name: str | None = None
    exported_at: str | None = None
    as_of: dt.date | None = None
    convention_id: str | None = None
    period: tuple[dt.date, dt.date] | None = None


class _Refused(Exception):
    """One French sentence: why the bundle is refused."""


def operator_user() -> str:
    """Who receives: the OS user name (the network head's shared database records it)."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a service account without passwd entry)
        return "inconnu"


def receive_bundle(engine: Engine, path: pathlib.Path | str, *, clock: Clock,
                   user: str | None = None) -> ReceptionOutcome:
    """Check then store one bundle; the outcome says accepted or refused and why."""
    facts = _Facts(pathlib.Path(path))
    who = user or operator_user()
    try:
        try:
            _read(facts)
            return _store(engine, facts, clock.now(), who)
        except _Refused as exc:
            reason = str(exc)
        rid = _record(engine, facts, clock.now(), who, accepted=False, reason=reason)
    except SQLAlchemyError as exc:
        raise NetworkDatabaseError(f"la base du réseau a refusé l'écriture pendant la réception de "
                                   f"{facts.path.name} ({exc.__class__.__name__}) : rien n'a été changé pour ce "
                                   "paquet, vérifiez la connexion au serveur puis recommencez") from None
    return ReceptionOutcome(facts.path.name, False, f"{facts.path.name} refusé : {reason}",
                            facts.key, facts.name, reception_id=rid)


def _read(facts: _Facts) -> None:
    try:
        digest = hashlib.sha256()
        with facts.path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
                facts.size += len(chunk)
        facts.sha256 = digest.hexdigest()
    except FileNotFoundError:
        raise _Refused("fichier introuvable, vérifiez son nom et son dossier") from None
    except OSError as exc:
        raise _Refused(f"fichier illisible ({exc.strerror or exc}), vérifiez ses droits") from None
    try:
        facts.data = read_bundle_data(facts.path)
    except BundleRefused as exc:
        raise _Refused(f"{exc}, demandez au bassin de renvoyer son paquet") from None
    data = facts.data
    if isinstance(data, dict) and isinstance(data.get("basin"), dict):
        facts.name = data["basin"].get("name") if isinstance(data["basin"].get("name"), str) else None
    if isinstance(data, dict) and isinstance(data.get("exported_at"), str):
        facts.exported_at = data["exported_at"]
    _read_manifest(facts)
    problems = validate_basin(data)
    if problems:
        # Each problem is a sentence of its own: inside the refusal it becomes a clause (its final
        # stop dropped), so that the whole reason stays one sentence.
        first = " ; ".join(str(p).rstrip().rstrip(".") for p in problems[:SHOWN_PROBLEMS])
        more = f" (et {count(len(problems) - SHOWN_PROBLEMS, 'autre')})" if len(problems) > SHOWN_PROBLEMS else ""
        raise _Refused(f"data.json ne respecte pas le format v1 ou ses règles — {first}{more} ; "
                       "le bassin doit corriger sa base puis renvoyer son paquet")
    facts.key = basin_key(data)


def _read_manifest(facts: _Facts) -> None:
    """The bundle's date and period (the manifest was checked by the bundle reader)."""
    try:
        with zipfile.ZipFile(facts.path) as zf:
            manifest = json.loads(zf.read(MANIFEST_NAME).decode("utf-8"))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        manifest = {}
    if not isinstance(manifest, dict):
        return
    facts.as_of = _date(manifest.get("as_of"))
    conv = manifest.get("convention")
    if isinstance(conv, dict):
        facts.convention_id = conv.get("id") if isinstance(conv.get("id"), str) else None
        start, end = _date(conv.get("start")), _date(conv.get("end"))
        if start and end:
            facts.period = (start, end)


def _date(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def exported_instant(text: str) -> dt.datetime:
    """`exported_at` as an aware UTC instant (a stamp without offset is read as UTC)."""
    stamp = dt.datetime.fromisoformat(text)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    return stamp.astimezone(dt.UTC)


def _stamp_text(text: str) -> str:
    stamp = dt.datetime.fromisoformat(text)
    return f"{date_long(stamp.date())} à {stamp:%H:%M}"


def _store(engine: Engine, facts: _Facts, now: dt.datetime, who: str) -> ReceptionOutcome:
    data = facts.data
    assert facts.key is not None
    if facts.exported_at is None:
        raise _Refused("data.json ne dit pas quand il a été exporté (exported_at vide), on ne peut pas savoir "
                       "s'il est plus récent que les données reçues : le bassin doit exporter son paquet "
                       "avec le programme")
    try:
        instant = exported_instant(facts.exported_at)
    except ValueError:
        raise _Refused(f"exported_at « {facts.exported_at} » n'est pas une date et heure ISO 8601, "
                       "le bassin doit renvoyer un paquet exporté par le programme") from None
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    data_sha = hashlib.sha256(payload).hexdigest()
    as_of = facts.as_of or instant.date()
    figures = basin_figures(data, as_of)  # outside the transaction: the rules are pure
    try:
        with Session(engine) as s, s.begin():
            # The reception row first: on SQLite this write takes the file's write lock before the
            # basin is read, so two receptions of one basin run one after the other (on PostgreSQL
            # the basin's row is locked FOR UPDATE). A refusal below rolls this row back; the
            # refusal is then recorded on its own.
            rid = _add_reception(s, facts, now, who, accepted=True, reason=None)
            current = s.execute(select(nm.Basin).where(nm.Basin.key == facts.key).with_for_update()).scalar()
            if current is not None:
                _refuse_if_not_newer(current, facts, instant, data_sha)
            if current is not None:
                for table in (nm.Project, nm.Advance, nm.BasinFigures):
                    s.execute(delete(table).where(table.basin_key == facts.key))
            basin = current or nm.Basin(key=facts.key)
            info = data["basin"]
            basin.name, basin.territory = info["name"], info.get("territory")
            basin.siret = (info.get("operator") or {}).get("siret")
            basin.reception_id, basin.exported_at, basin.exported_at_utc = rid, facts.exported_at, instant
            basin.data_sha256, basin.data_zlib = data_sha, zlib.compress(payload, 6)
            if current is None:
                s.add(basin)
            s.flush()
            _write_key_tables(s, facts.key, data, figures, as_of)
    except IntegrityError:
        raise _Refused("le même bassin était reçu au même moment par un autre poste, "
                       "recommencez la réception") from None
    replaced = current is not None
    what = "remplace le paquet précédent" if replaced else "nouveau bassin du réseau"
    return ReceptionOutcome(facts.path.name, True,
                            f"{facts.path.name} reçu : bassin « {info['name']} » ({key_label(facts.key)}), "
                            f"exporté le {_stamp_text(facts.exported_at)}, {what}.",
                            facts.key, info["name"], replaced, rid)


def _refuse_if_not_newer(current: nm.Basin, facts: _Facts, instant: dt.datetime, data_sha: str) -> None:
    held = current.exported_at_utc
    if held.tzinfo is None:  # SQLite gives the stored UTC value back without its offset
        held = held.replace(tzinfo=dt.UTC)
    if data_sha == current.data_sha256 or instant == held:
        raise _Refused(f"paquet identique à celui déjà reçu pour ce bassin (exporté le "
                       f"{_stamp_text(current.exported_at)}), rien n'a été changé")
    if instant < held:
        raise _Refused(f"paquet plus ancien (exporté le {_stamp_text(facts.exported_at or '')}) que celui "
                       f"déjà reçu pour ce bassin (exporté le {_stamp_text(current.exported_at)}), "
                       "les données plus récentes sont gardées")


def _add_reception(s: Session, facts: _Facts, now: dt.datetime, who: str, *, accepted: bool,
                   reason: str | None) -> int:
    row = nm.Reception(
        basin_key=facts.key, basin_name=facts.name, file_name=facts.path.name, file_sha256=facts.sha256,
        file_size=facts.size, received_at=now.astimezone(dt.UTC), received_by=who, exported_at=facts.exported_at,
        as_of=facts.as_of, convention_id=facts.convention_id,
        period_start=facts.period[0] if facts.period else None,
        period_end=facts.period[1] if facts.period else None, accepted=accepted, reason=reason)
    s.add(row)
    s.flush()
    return row.id


def _record(engine: Engine, facts: _Facts, now: dt.datetime, who: str, *, accepted: bool, reason: str) -> int:
    with Session(engine) as s, s.begin():
        return _add_reception(s, facts, now, who, accepted=accepted, reason=reason)


def _write_key_tables(s: Session, key: str, data: Mapping[str, Any], figures: dict[str, Any],
                      as_of: dt.date) -> None:
    s.execute(insert(nm.BasinFigures), [{"basin_key": key, "as_of": as_of, **figures}])
    projects = [{"basin_key": key, "id": p["id"], "received_on": dt.date.fromisoformat(p["received_on"]),
                 "type": p["type"], "status": p["status"], "jobs_planned_created": p.get("jobs_planned_created"),
                 "jobs_planned_maintained": p.get("jobs_planned_maintained")} for p in data["projects"]]
    if projects:
        s.execute(insert(nm.Project), projects)
    sums: dict[str, dict[str, int]] = {}
    for table, field in (("disbursements", "disbursed_cents"), ("repayments", "repaid_cents"),
                         ("write_offs", "written_off_cents")):
        for x in data[table]:
            row = sums.setdefault(x["engagement_id"], {})
            row[field] = row.get(field, 0) + int(x["amount_cents"])
    advances = [{"basin_key": key, "id": e["id"], "project_id": e["project_id"], "amount_cents": e.get("amount_cents"),
                 "disbursed_cents": sums.get(e["id"], {}).get("disbursed_cents", 0),
                 "repaid_cents": sums.get(e["id"], {}).get("repaid_cents", 0),
                 "written_off_cents": sums.get(e["id"], {}).get("written_off_cents", 0)}
                for e in data["engagements"] if e["kind"] == "repayable_advance"]
    if advances:
        s.execute(insert(nm.Advance), advances)
