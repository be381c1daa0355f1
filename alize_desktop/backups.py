"""Where the copies of a database are kept, and which of them are kept.

Every copy lives in `<file>.backups/`. Two kinds:
- copies made before something that replaces the data (an import with replace, a migration, a
  restore) are *kept apart* in `<file>.backups/avant/`: routine copies never push them out, so
  that a mistaken replace is always recoverable, however often the window is opened after it;
- routine copies (each opening of the window…) are thinned by age, not by count: the newest few,
  then one a day for a week, one a week for a month, one a month for a year.

Ages are measured from a `now` given by the caller (the program's clock), never from the calendar.
"""

from __future__ import annotations

import datetime as dt
import pathlib
import re

# Reasons whose copies are kept apart (the data before a replace).
PROTECTED_REASONS = ("avant-remplacement", "avant-migration", "avant-restauration")
PROTECTED_FOLDER = "avant"
NEWEST_KEPT = 5
DAILY_DAYS = 7
WEEKLY_DAYS = 35
MONTHLY_DAYS = 365
PROTECTED_KEPT = 30
_STAMP = re.compile(r"-(\d{8}-\d{6})(?:-(\d{6}))?-")


def backup_dir(path: pathlib.Path) -> pathlib.Path:
    return path.with_name(path.name + ".backups")


def protected_dir(path: pathlib.Path) -> pathlib.Path:
    return backup_dir(path) / PROTECTED_FOLDER


def _naive_local(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo is not None else moment


def new_backup_path(path: pathlib.Path, reason: str, now: dt.datetime) -> pathlib.Path:
    """A fresh name for a copy made at `now` (never the name of an existing copy)."""
    folder = protected_dir(path) if reason in PROTECTED_REASONS else backup_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = _naive_local(now).strftime("%Y%m%d-%H%M%S-%f")
    safe = re.sub(r"[^A-Za-z0-9_-]+", "-", reason) or "copie"
    final = folder / f"{path.stem}-{stamp}-{safe}.sqlite"
    n = 1
    while final.exists():  # a frozen clock gives every copy the same stamp
        n += 1
        final = folder / f"{path.stem}-{stamp}-{safe}-{n}.sqlite"
    return final


def made_at(copy: pathlib.Path) -> dt.datetime:
    """When the copy was made: the stamp in its name (its file date when the name has none)."""
    found = _STAMP.search(copy.name)
    if found:
        try:
            return dt.datetime.strptime(found.group(1) + (found.group(2) or "000000"), "%Y%m%d-%H%M%S%f")
        except ValueError:
            pass
    return dt.datetime.fromtimestamp(copy.stat().st_mtime)  # noqa: DTZ006 - a file's own date, not "now"


def _order_key(copy: pathlib.Path) -> tuple[dt.datetime, int, str]:
    try:
        mtime = copy.stat().st_mtime_ns
    except OSError:
        mtime = 0
    return (made_at(copy), mtime, copy.name)


def _copies(folder: pathlib.Path) -> list[pathlib.Path]:
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob("*.sqlite") if p.is_file()), key=_order_key, reverse=True)


def list_backups(path: pathlib.Path) -> list[pathlib.Path]:
    """Every copy of the file (routine and kept apart), newest first."""
    copies = _copies(backup_dir(path)) + _copies(protected_dir(path))
    return sorted(copies, key=_order_key, reverse=True)


def routine_to_keep(copies: list[pathlib.Path], now: dt.datetime) -> set[pathlib.Path]:
    """The routine copies to keep, `copies` newest first: the newest few, then the newest of each
    day for a week, of each week for a month, of each month for a year."""
    now = _naive_local(now)
    keep = set(copies[:NEWEST_KEPT])
    buckets: set[tuple[str, int, int]] = set()
    for copy in copies:
        when = made_at(copy)
        age = (now - when).days if when <= now else 0
        if age < DAILY_DAYS:
            bucket = ("jour", when.toordinal(), 0)
        elif age < WEEKLY_DAYS:
            iso = when.isocalendar()
            bucket = ("semaine", iso.year, iso.week)
        elif age < MONTHLY_DAYS:
            bucket = ("mois", when.year, when.month)
        else:
            continue
        if bucket not in buckets:  # copies come newest first: the first of a bucket is kept
            buckets.add(bucket)
            keep.add(copy)
    return keep


def thin_backups(path: pathlib.Path, now: dt.datetime) -> list[pathlib.Path]:
    """Delete the routine copies the schedule no longer needs; returns what was removed."""
    removed: list[pathlib.Path] = []
    routine = _copies(backup_dir(path))
    keep = routine_to_keep(routine, now)
    protected = _copies(protected_dir(path))
    for old in [c for c in routine if c not in keep] + protected[PROTECTED_KEPT:]:
        try:
            old.unlink()
            removed.append(old)
        except OSError:
            pass  # a copy that cannot be removed costs space, never data
    return removed
