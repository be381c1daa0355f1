"""Open the agenda pack or the minutes of a meeting in the PDF preview (built off the GUI thread)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from alize_desktop.services.conventions.document_options import document_bytes
from alize_desktop.ui.shell.context import AppContext

AGENDA_TITLE = "Dossier de séance (PDF)"
MINUTES_TITLE = "Procès-verbal (PDF)"


def agenda_bytes(ctx: AppContext, meeting_id: str) -> bytes:
    return document_bytes(ctx.engine, ctx.db_path, "agenda", meeting_id=meeting_id, as_of=ctx.clock.today())


def minutes_bytes(ctx: AppContext, meeting_id: str) -> bytes:
    return document_bytes(ctx.engine, ctx.db_path, "minutes", meeting_id=meeting_id, as_of=ctx.clock.today())


def preview_agenda(parent: QWidget, ctx: AppContext, meeting_id: str, date: dt.date) -> None:
    from alize_desktop.ui.widgets.pdf_preview import preview_document

    preview_document(parent, AGENDA_TITLE, lambda: agenda_bytes(ctx, meeting_id),
                     f"dossier-de-seance-{date.isoformat()}.pdf")


def preview_minutes(parent: QWidget, ctx: AppContext, meeting_id: str, date: dt.date) -> None:
    from alize_desktop.ui.widgets.pdf_preview import preview_document

    preview_document(parent, MINUTES_TITLE, lambda: minutes_bytes(ctx, meeting_id),
                     f"proces-verbal-{date.isoformat()}.pdf")
