"""« Fichier › Enregistrer une copie de sauvegarde… »: a verified copy of the base on a folder or a
USB key, and the reminder when no copy has left the machine for 30 days.

The copy is made with SQLite's online backup API (consistent even while the window is open),
checked with integrity_check, then renamed into place: a half copy never carries the final name.
A copy onto another device (a key, a share) is what protects from a lost or broken computer: only
such a copy resets the reminder; a copy on the same disk is made but the operator is told.
The date of the last copy that left the machine is an office setting (app_setting), not basin
data: it is not journalled and does not change what an export writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pathlib
import sqlite3

from sqlalchemy import Engine, select

from alize_desktop import models as m
from alize_desktop.db import copy_and_check, fault_text
from alize_desktop.fileio import (
    OutputRefused,
    check_outputs,
    os_error_text,
    real_target,
    replace_with,
    temporary_beside,
)
from alize_desktop.formatting import date_long

LAST_COPY_KEY = "last_external_copy_at"
REMINDER_DAYS = 30


class CopyFailed(Exception):
    """No copy was made; the message (French) says why and what to do."""


@dataclasses.dataclass(frozen=True)
class CopyResult:
    path: pathlib.Path
    size: int
    left_the_machine: bool

    def summary(self) -> str:
        if self.left_the_machine:
            return f"Copie de sauvegarde enregistrée et vérifiée : {self.path}"
        return (f"Copie de sauvegarde enregistrée et vérifiée : {self.path}. Elle est sur le même disque que la "
                "base : elle ne protège pas d'une panne ou d'un vol de l'ordinateur ; enregistrez aussi une copie "
                "sur une clé USB ou un disque réseau.")


def copy_name(db_path: pathlib.Path, now: dt.datetime) -> str:
    return f"{db_path.stem}-copie-{now.strftime('%Y-%m-%d-%H%M')}.sqlite"


def save_copy(engine: Engine, db_path: pathlib.Path, target: pathlib.Path, *, now: dt.datetime) -> CopyResult:
    """Copy the base into `target` (a folder: a dated name is chosen; or a file name)."""
    target = pathlib.Path(target)
    final = target / copy_name(db_path, now) if target.is_dir() else real_target(target)
    try:
        check_outputs((("La copie", final),), db_path)
    except OutputRefused as exc:
        raise CopyFailed(str(exc)) from None
    if not final.parent.is_dir():
        raise CopyFailed(f"le dossier {final.parent} n'existe pas : branchez la clé ou choisissez un autre dossier")
    try:
        tmp = temporary_beside(final)
    except OSError as exc:
        raise CopyFailed(os_error_text(exc, final.parent)) from None
    try:
        verdict = copy_and_check(db_path, tmp, self_contained=True)
        if verdict != "ok":
            raise CopyFailed(f"la copie s'est révélée défectueuse ({verdict}) : recommencez sur un autre support")
        replace_with(tmp, final)
    except CopyFailed:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CopyFailed(f"copie non enregistrée : {os_error_text(exc, final)}") from None
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise CopyFailed(f"copie non enregistrée : {fault_text(exc, final)}") from None
    elsewhere = _other_device(final, db_path)
    if elsewhere:
        _remember(engine, now)
    return CopyResult(final, final.stat().st_size, elsewhere)


def _other_device(copy: pathlib.Path, db_path: pathlib.Path) -> bool:
    try:
        return os.stat(copy).st_dev != os.stat(db_path).st_dev
    except OSError:
        return False


def _remember(engine: Engine, now: dt.datetime) -> None:
    from sqlalchemy.orm import Session

    with Session(engine) as session, session.begin():
        row = session.get(m.AppSetting, LAST_COPY_KEY)
        if row is None:
            session.add(m.AppSetting(key=LAST_COPY_KEY, value=now.isoformat(timespec="seconds")))
        else:
            row.value = now.isoformat(timespec="seconds")


def last_external_copy(engine: Engine) -> dt.date | None:
    with engine.connect() as conn:
        value = conn.execute(select(m.AppSetting.value).where(m.AppSetting.key == LAST_COPY_KEY)).scalar()
    try:
        return dt.datetime.fromisoformat(value).date() if value else None
    except ValueError:
        return None


def _first_use(engine: Engine) -> dt.date | None:
    with engine.connect() as conn:
        first = conn.execute(select(m.JournalEntry.at).order_by(m.JournalEntry.at).limit(1)).scalar()
    return first.date() if first is not None else None


def copy_reminder(engine: Engine, today: dt.date) -> str | None:
    """The French reminder to show at opening, None when a copy left the machine in the last 30 days
    (or the base is younger than that)."""
    last = last_external_copy(engine)
    if last is not None:
        days = (today - last).days
        if days < REMINDER_DAYS:
            return None
        return (f"Aucune copie de sauvegarde n'a quitté cet ordinateur depuis le {date_long(last)} ({days} jours). "
                "Enregistrez-en une sur une clé USB ou un disque réseau : Fichier › Enregistrer une copie de "
                "sauvegarde…")
    first = _first_use(engine)
    if first is None or (today - first).days < REMINDER_DAYS:
        return None
    return ("Aucune copie de sauvegarde de cette base n'a encore été enregistrée hors de cet ordinateur. "
            "Enregistrez-en une sur une clé USB ou un disque réseau : Fichier › Enregistrer une copie de sauvegarde…")
