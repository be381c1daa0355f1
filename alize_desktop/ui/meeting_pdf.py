"""Open the agenda pack or the minutes of a meeting in the PDF preview (built off the GUI thread)."""

from __future__ import annotations

import datetime as dt
import io

from PySide6.QtWidgets import QWidget

from alize_desktop.ui.context import AppContext

AGENDA_TITLE = "Dossier de séance (PDF)"
MINUTES_TITLE = "Procès-verbal (PDF)"


def agenda_bytes(ctx: AppContext, meeting_id: str) -> bytes:
    from alize_desktop.documents.agenda import build_agenda
    from alize_desktop.interchange.exporter import export_basin
    from alize_desktop.services.meetings import means_requested

    out = io.BytesIO()
    build_agenda(export_basin(ctx.engine), meeting_id, out, extras=means_requested(ctx.engine))
    return out.getvalue()


def minutes_bytes(ctx: AppContext, meeting_id: str) -> bytes:
    from alize_desktop.documents.minutes import build_minutes
    from alize_desktop.interchange.exporter import export_basin

    out = io.BytesIO()
    build_minutes(export_basin(ctx.engine), meeting_id, out)
    return out.getvalue()


def preview_agenda(parent: QWidget, ctx: AppContext, meeting_id: str, date: dt.date) -> None:
    from alize_desktop.ui.pdf_preview import preview_document

    preview_document(parent, AGENDA_TITLE, lambda: agenda_bytes(ctx, meeting_id),
                     f"dossier-de-seance-{date.isoformat()}.pdf")


def preview_minutes(parent: QWidget, ctx: AppContext, meeting_id: str, date: dt.date) -> None:
    from alize_desktop.ui.pdf_preview import preview_document

    preview_document(parent, MINUTES_TITLE, lambda: minutes_bytes(ctx, meeting_id),
                     f"proces-verbal-{date.isoformat()}.pdf")
