"""The place of signature is a commune the office records (Bassin › Lieu de signature), proposed
from the operator's town; documents print it in « Fait à … », data.json never carries it."""

from __future__ import annotations

import datetime as dt
import io
import pathlib

import pytest
from pypdf import PdfReader

from alize_desktop.services.basin_settings import set_app_settings
from alize_desktop.services.conventions.document_options import document_bytes
from alize_desktop.services.uow import RuleError

AS_OF = dt.date(2026, 11, 26)


def _text(pdf: bytes) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def _held_meeting(engine) -> str:  # type: ignore[no-untyped-def]
    with engine.connect() as c:
        return c.exec_driver_sql("SELECT m.id FROM meeting m JOIN agenda_item i ON i.meeting_id = m.id "
                                 "WHERE i.decision IS NOT NULL AND m.date <= '2026-11-26' ORDER BY m.date DESC").scalar()


def test_the_recorded_commune_is_where_minutes_are_signed(demo_engine, demo_db: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    meeting = _held_meeting(demo_engine)
    before = _text(document_bytes(demo_engine, demo_db, "minutes", meeting_id=meeting, as_of=AS_OF))
    assert "Fait à Saint-Amand-sur-Sorne" in before  # the operator's town by default, never the room
    set_app_settings(demo_engine, {"signing_place": "Rochebrune-en-Vosges"})
    after = _text(document_bytes(demo_engine, demo_db, "minutes", meeting_id=meeting, as_of=AS_OF))
    assert "Fait à Rochebrune-en-Vosges" in after


@pytest.mark.parametrize("place", ["Salle 3", "88140", "Hôtel\nde ville"])
def test_a_room_or_a_postcode_is_not_a_commune(demo_engine, place: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError) as refused:
        set_app_settings(demo_engine, {"signing_place": place})
    assert "signing_place" in refused.value.problems
