"""The typed snapshot holds exactly the facts of the database, whichever way it is read."""

from __future__ import annotations

import datetime as dt
import gc
import json

import pytest

from alize_desktop.basin import load_project_slice, load_snapshot, snapshot_from_v1
from alize_desktop.basin import records as r
from alize_desktop.rules.report import build_report, report_as_text

LISTS = ("conventions", "partners", "people", "commitments", "receipts", "support_schemes", "companies",
         "projects", "meetings", "engagements", "disbursements", "repayments", "write_offs", "follow_ups",
         "expenses")


def test_database_and_format_v1_give_the_same_snapshot(demo_engine, demo_data):
    loaded = load_snapshot(demo_engine)
    converted = snapshot_from_v1(demo_data)
    assert loaded.basin == converted.basin
    for name in LISTS:
        assert getattr(loaded, name) == getattr(converted, name), name
    assert len(loaded.repayments) == len(demo_data["repayments"]) > 0


def test_records_are_typed(demo_engine):
    snap = load_snapshot(demo_engine)
    advance = snap.advances[0]
    assert advance.kind is r.EngagementKind.repayable_advance and advance.kind == "repayable_advance"
    assert isinstance(snap.disbursements[0].date, dt.date) and isinstance(snap.disbursements[0].amount_cents, int)
    assert isinstance(snap.meetings[0].date, dt.date)
    with pytest.raises(AttributeError):
        snap.projects[0].title = "changé"  # type: ignore[misc]


def test_relations_a_reader_needs(demo_engine, demo_data):
    snap = load_snapshot(demo_engine)
    advance = next(e for e in demo_data["engagements"]
                   if any(rp["engagement_id"] == e["id"] for rp in demo_data["repayments"]))
    moves = snap.movements(advance["id"])
    assert [x.id for x in moves.repayments] == [x["id"] for x in demo_data["repayments"]
                                                 if x["engagement_id"] == advance["id"]]
    assert [x.id for x in moves.disbursements] == [x["id"] for x in demo_data["disbursements"]
                                                    if x["engagement_id"] == advance["id"]]
    pid = advance["project_id"]
    assert [m.id for m in snap.meetings_of(pid)] == [m["id"] for m in demo_data["meetings"]
                                                     if any(i["project_id"] == pid for i in m["items"])]
    assert advance["id"] in {e.id for e in snap.engagements_of(pid)}
    assert snap.project_of(advance["id"]).id == pid


def test_report_is_byte_for_byte_the_same_from_the_snapshot(demo_engine, demo_data):
    snap = load_snapshot(demo_engine)
    for day in (dt.date(2024, 6, 30), dt.date(2026, 11, 26), dt.date(2028, 1, 1)):
        for conv in (None, *(c["id"] for c in demo_data["conventions"])):
            from_v1 = build_report(demo_data, day, conv)
            from_snapshot = build_report(snap, day, conv)
            assert json.dumps(from_snapshot, ensure_ascii=False) == json.dumps(from_v1, ensure_ascii=False)
            assert report_as_text(from_snapshot, snap) == report_as_text(from_v1, demo_data)


def test_a_project_slice_reads_only_that_project(demo_engine, demo_data):
    advance = next(e for e in demo_data["engagements"] if e["kind"] == "repayable_advance"
                   and any(d["engagement_id"] == e["id"] for d in demo_data["disbursements"]))
    pid = advance["project_id"]
    part = load_project_slice(demo_engine, pid)
    whole = load_snapshot(demo_engine)
    assert [p.id for p in part.projects] == [pid]
    assert [c.id for c in part.companies] == [whole.project[pid].company_id]
    assert part.engagements == whole.engagements_of(pid)
    assert part.movements(advance["id"]) == whole.movements(advance["id"])
    assert {m.id for m in part.meetings} >= {m.id for m in whole.meetings_of(pid)}
    assert part.meeting[advance["meeting_id"]] == whole.meeting[advance["meeting_id"]]
    assert part.follow_ups == whole.follow_ups_of(pid)
    assert len(part.projects) < len(whole.projects) and not part.complete
    with pytest.raises(ValueError, match="bassin entier"):
        build_report(part, dt.date(2026, 11, 26))


def test_no_basin_yet(empty_db):
    from alize_desktop.db import open_database

    engine = open_database(empty_db)
    try:
        assert load_snapshot(engine).basin is None
    finally:
        engine.dispose()


def test_the_collector_stays_on_and_skips_the_snapshot(demo_engine):
    snap = load_snapshot(demo_engine)
    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(snap.repayments)
