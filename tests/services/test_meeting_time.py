"""A comité meets at an hour the office records; the agenda pack prints it. Office-only: format v1
(data.json) has no place for it."""

from __future__ import annotations

import datetime as dt
import io
import pathlib

import pytest
from pypdf import PdfReader

from alize_desktop.interchange.exporter import export_basin
from alize_desktop.services.conventions.document_options import document_bytes
from alize_desktop.services.meetings import meetings
from alize_desktop.services.uow import RuleError


def _president(engine) -> str:  # type: ignore[no-untyped-def]
    return next(c.id for c in meetings.president_choices(engine) if c.partner_kind == "company")


def test_the_hour_is_stored_and_printed_on_the_agenda_pack(demo_engine, demo_db: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    _changes, mid = meetings.create_meeting(demo_engine, dt.date(2027, 1, 21), "Mairie", _president(demo_engine),
                                            "14h30")
    assert meetings.meeting_fields(demo_engine, mid).time == "14:30"
    pdf = document_bytes(demo_engine, demo_db, "agenda", meeting_id=mid, as_of=dt.date(2026, 11, 26))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "14 h 30" in text
    assert all("time" not in mt for mt in export_basin(demo_engine)["meetings"])  # never in data.json


@pytest.mark.parametrize("hour", ["25:00", "midi", "14:7"])
def test_a_wrong_hour_is_refused_beside_the_field(demo_engine, hour: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError) as refused:
        meetings.create_meeting(demo_engine, dt.date(2027, 1, 21), "Mairie", _president(demo_engine), hour)
    assert refused.value.problems["time"] == "Indiquez l'heure sous la forme 14:30 (ou laissez vide)."
