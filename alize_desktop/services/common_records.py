"""Steps the write services repeat for every kind of record.

- `refuse`, `checked`: run a form's validation, refuse with its field messages, return the normalised values;
- `existing`: the record with this id, or a French refusal (the id was typed, or came from a stale list);
- `journal_update`: set the values, journal the fields that changed, say whether anything did;
- `set_active`: (de)activate a partner or a person, journaled as such.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from alize_desktop.services.uow import Changes, RuleError, diff_fields, journal, unit_of_work

T = TypeVar("T")
Values = dict[str, Any]


def refuse(problems: dict[str, str]) -> None:
    """RuleError with every problem found, if any (field key → French message)."""
    if problems:
        raise RuleError(problems)


def checked(values: Values, problems_of: Callable[[Values], dict[str, str]],
            normalise: Callable[[Values], Values]) -> Values:
    """The normalised values of a form, or RuleError with every problem found."""
    refuse(problems_of(values))
    return normalise(values)


def existing(s: Session, model: type[T], record_id: str, missing: str | dict[str, str]) -> T:
    """`s.get(model, record_id)`, refused with `missing` (a message or field → message) when absent."""
    record = s.get(model, record_id)
    if record is None:
        raise RuleError(missing)
    return record


def journal_update(s: Session, entity: str, record: Any, record_id: str, values: Values,
                   action: str = "update") -> dict[str, Any]:
    """Apply `values` to `record`, journal what changed (if anything) and return it."""
    changed = diff_fields(record, values)
    if changed:
        journal(s, entity, record_id, action, changed)
    return changed


def set_active(engine: Engine, model: type[Any], entity: str, record_id: str, active: bool, missing: str,
               changes: Changes) -> Changes:
    """Activate or deactivate a record; `changes` when it did change, nothing otherwise."""
    with unit_of_work(engine) as s:
        record = existing(s, model, record_id, {"": missing})
        changed = journal_update(s, entity, record, record_id, {"active": active},
                                 "activate" if active else "deactivate")
    return changes if changed else Changes()
