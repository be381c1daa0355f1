"""Unit of work: one session, one transaction per use case, and the journal of every write."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.clock import wall_time_utc
from alize_desktop.services.changes import Changes as Changes  # re-exported: services return it from here
from alize_desktop.services.changes import RuleError as RuleError


@contextlib.contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """A session whose writes are committed together at the end, or all rolled back on error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


def journal(session: Session, entity: str, entity_id: str, action: str, changed: dict[str, Any] | None = None) -> None:
    """Record a write (transparency principle). Values are made JSON-safe (dates as ISO text)."""
    safe = None if changed is None else {k: _json_safe(v) for k, v in changed.items()}
    session.add(m.JournalEntry(at=wall_time_utc(), entity=entity, entity_id=str(entity_id),
                               action=action, changed=safe))


def _json_safe(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    return value


def diff_fields(obj: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Set `values` on an ORM object and return {field: [old, new]} for the ones that changed."""
    changed: dict[str, Any] = {}
    for key, new in values.items():
        old = getattr(obj, key)
        if old != new:
            changed[key] = [old, new]
            setattr(obj, key, new)
    return changed


def next_id(session: Session, model: type[m.Base], prefix: str) -> str:
    """A fresh string id `prefix<N>` above every existing `prefix<N>` of the table."""
    best = 0
    for (value,) in session.execute(select(model.id).where(model.id.like(f"{prefix}%"))):  # type: ignore[attr-defined]
        tail = value[len(prefix):]
        if tail.isdigit():
            best = max(best, int(tail))
    return f"{prefix}{best + 1}"


def count(session: Session, model: type[m.Base]) -> int:
    return session.scalar(select(func.count()).select_from(model)) or 0
