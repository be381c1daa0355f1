"""The office-only facts a document prints, read with plain SQL.

A document is the one thing an operator runs as a command many times a day; these reads keep its
process from loading the ORM and every table's mapping for three small lookups (the office's
article texts, the place of signature, the hours of the comités). The tables are those of
`models.documents`, `models.journal` (app_setting) and `models.meetings`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # an Engine or a db.PlainEngine: the reads are plain SQL
    from sqlalchemy import Engine


def office_templates(engine: Engine) -> dict[str, str]:
    """The office's texts, by article key (what the documents print instead of the program's)."""
    with engine.connect() as conn:
        return {key: text for key, text in conn.exec_driver_sql("SELECT key, text FROM document_article")}


def app_setting(engine: Engine, key: str) -> str | None:
    with engine.connect() as conn:
        value = conn.exec_driver_sql("SELECT value FROM app_setting WHERE key = ?", (key,)).scalar()
    return None if value is None else str(value)


def meeting_times(engine: Engine) -> dict[str, str]:
    """The hour of each comité that has one (« 14:30 »)."""
    with engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT id, time FROM meeting WHERE time IS NOT NULL")
        return {meeting_id: hour for meeting_id, hour in rows}
