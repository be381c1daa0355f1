"""PDF documents built with reportlab from plain basin data (format v1 dict).

`build_document(kind, data, out, …)` is the single entry point for the CLI and the UI;
each kind has its own module (`partnership`, `operator`, `cooperation`) built on the shared
engine (`engine.write_pdf`, `blocks`, `styles`, the layout rules of `layout`). With `fmt="docx"`
the same story becomes the editable Word copy (`docx_render`); the conventions' PDFs carry an
empty signature field per signatory (`signature_fields`). reportlab is imported only when a
document is actually built, to keep the program's start-up light.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
from typing import Any

from alize_desktop.documents.errors import DocumentError

# kind → (module, function, the id it needs). Other documents register here the same way.
BUILDERS: dict[str, tuple[str, str, str]] = {
    "partnership": ("alize_desktop.documents.partnership", "build_partnership", "convention_id"),
    "operator": ("alize_desktop.documents.operator", "build_operator", "convention_id"),
    "cooperation": ("alize_desktop.documents.cooperation", "build_cooperation", "project_id"),
    "evaluation": ("alize_desktop.documents.evaluation", "build_evaluation", "convention_id"),
    "agenda": ("alize_desktop.documents.agenda", "build_agenda", "meeting_id"),
    "minutes": ("alize_desktop.documents.minutes", "build_minutes", "meeting_id"),
}

# Deeds the parties sign: their PDF carries an empty signature field per signatory.
SIGNED_KINDS = frozenset({"partnership", "operator", "cooperation", "cooperation_annex"})

_ID_LABEL = {"convention_id": "la convention", "project_id": "le projet", "meeting_id": "la réunion"}


def build_document(
    kind: str,
    data: dict[str, Any],
    out: Any,
    *,
    convention_id: str | None = None,
    project_id: str | None = None,
    meeting_id: str | None = None,
    as_of: dt.date,
    fmt: str = "pdf",
    **options: Any,
) -> None:
    """Build the document `kind` into `out` (a path or a binary file), as a PDF or (`fmt="docx"`)
    as the editable Word copy made from the same story.

    `as_of` is the document's day (the clock's today unless the operator chose another): the
    figures' date, and the day against which a meeting counts as held.

    Raises DocumentError (French message) for an unknown kind, a missing id, or data that do
    not allow the document (e.g. a project without mandatary).
    """
    from alize_desktop.documents.engine import FORMATS, OutputRequest, output_request

    if fmt not in FORMATS:
        raise DocumentError(f"format de document inconnu : « {fmt} » (attendu : pdf ou docx)")
    if kind not in BUILDERS:
        raise DocumentError(f"type de document inconnu : « {kind} » (attendu : {', '.join(BUILDERS)})")
    module_name, function_name, needed = BUILDERS[kind]
    ids = {"convention_id": convention_id, "project_id": project_id, "meeting_id": meeting_id}
    if ids[needed] is None:
        raise DocumentError(f"ce document demande d'indiquer {_ID_LABEL[needed]}")
    builder = getattr(importlib.import_module(module_name), function_name)
    # Each builder takes only the options it knows (as_of for dated figures, annex2_pdf for the
    # partnership convention…): callers may pass the same set for every kind.
    params = inspect.signature(builder).parameters
    takes_any = any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())
    extra = {k: v for k, v in {**options, "as_of": as_of}.items()
             if v is not None and (takes_any or k in params)}
    with output_request(OutputRequest(fmt, signature_fields=fmt == "pdf" and kind in SIGNED_KINDS)):
        builder(data, ids[needed], out, **extra)


__all__ = ["BUILDERS", "SIGNED_KINDS", "DocumentError", "build_document"]
