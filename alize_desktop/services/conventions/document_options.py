"""What a document needs beyond format v1: office-only facts read from the database.

The PDF builders read only the format v1 dict; the few facts that format does not carry (the
Annex 2 PDF the operator attached, the means each holder requested) are gathered here, once,
for the command line, the window and the ASTREES bundle alike.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import pathlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # an Engine, or the command line's db.PlainEngine (plain SQL reads only)
    from sqlalchemy import Engine


def documents_data(engine: Engine, data: dict[str, Any]) -> dict[str, Any]:
    """The format v1 data a document is built from, with the office-only facts documents print:
    the commune where deeds are signed (Bassin › Lieu de signature) and the hour of each comité.
    A copy: the exported data.json never carries them."""
    from alize_desktop.services.conventions.office_facts import app_setting, meeting_times

    place = (app_setting(engine, "signing_place") or "").strip()
    times = meeting_times(engine)
    if not place and not times:
        return data
    out = dict(data)
    if place:
        out["basin"] = {**data["basin"], "signing_place": place}
    if times:
        out["meetings"] = [{**mt, "time": times[mt["id"]]} if mt["id"] in times else mt for mt in data["meetings"]]
    return out


def document_options(engine: Engine, db_path: pathlib.Path, kind: str, *, convention_id: str | None = None,
                     meeting_id: str | None = None) -> dict[str, Any]:
    """Keyword options for `documents.build_document(kind, …)`.

    Every kind gets `templates`, the office's own wording of the articles (Bassin › Modèles de
    documents); `build_document` hands it only to the builders that take it."""
    from alize_desktop.services.conventions.office_facts import office_templates

    options: dict[str, Any] = {"templates": office_templates(engine)}
    if kind == "partnership" and convention_id:
        from alize_desktop.services.conventions.conventions import annex2_path

        path = annex2_path(engine, db_path, convention_id)
        if path is not None:
            options["annex2_pdf"] = path
    if kind == "agenda":
        from alize_desktop.services.meetings.meetings import means_requested

        options["extras"] = means_requested(engine)
    return options


_MADE: contextvars.ContextVar[list[Callable[[], bytes]] | None] = contextvars.ContextVar("alize_made", default=None)


@contextmanager
def word_copies() -> Iterator[list[Callable[[], bytes]]]:
    """While the block runs, each PDF built by `document_bytes` leaves here the call that builds
    its Word copy from the same data (so a preview can offer « Enregistrer en Word… »)."""
    made: list[Callable[[], bytes]] = []
    token = _MADE.set(made)
    try:
        yield made
    finally:
        _MADE.reset(token)


def document_bytes(engine: Engine, db_path: pathlib.Path, kind: str, *, convention_id: str | None = None,
                   project_id: str | None = None, meeting_id: str | None = None,
                   as_of: dt.date, fmt: str = "pdf", templates: dict[str, str] | None = None) -> bytes:
    """A document's PDF (or, `fmt="docx"`, its editable Word copy), built from the basin as it is
    now with its office-only inputs.

    The window's previews, prints and saves all come through here (in a worker thread), so that
    they print what the command line and the ASTREES bundle print. `templates` replaces the
    office's article texts (the wording dialog previews a text before it is saved).
    """
    import io

    made = _MADE.get()
    if made is not None and fmt == "pdf":
        made.append(functools.partial(document_bytes, engine, db_path, kind, convention_id=convention_id,
                                      project_id=project_id, meeting_id=meeting_id, as_of=as_of, fmt="docx",
                                      templates=templates))

    from alize_desktop.documents import build_document
    from alize_desktop.interchange.exporter import export_basin, export_project_scope

    options = document_options(engine, db_path, kind, convention_id=convention_id, meeting_id=meeting_id)
    if templates is not None:
        options["templates"] = templates
    # A project's convention reads that project's rows only (the same bytes, at any basin size).
    data = export_project_scope(engine, project_id) if kind == "cooperation" and project_id else export_basin(engine)
    out = io.BytesIO()
    build_document(kind, documents_data(engine, data), out, convention_id=convention_id, project_id=project_id,
                   meeting_id=meeting_id, as_of=as_of, fmt=fmt, **options)
    return out.getvalue()


def format_for(path: str | pathlib.Path) -> str:
    """The format a file name asks for: `.docx` → the Word copy, anything else → PDF."""
    return "docx" if str(path).lower().endswith(".docx") else "pdf"
