"""The dashboard's figures come from a partial snapshot (basin.load.load_report_head): the same
head of the report as from the whole basin, and no silent empty list for what it did not read."""

from __future__ import annotations

import datetime as dt

import pytest

from alize_desktop.basin.load import load_report_head, load_snapshot
from alize_desktop.rules.figures import figures
from alize_desktop.rules.report import build_report, summary_of
from alize_desktop.services.basin_reader import current_snapshot, report_head
from tests.conftest import DEMO_TODAY


@pytest.mark.parametrize("as_of", [DEMO_TODAY, dt.date(2024, 3, 31), dt.date(2022, 12, 31)])
def test_the_head_read_alone_equals_the_whole_reports_head(demo_engine, as_of: dt.date) -> None:  # type: ignore[no-untyped-def]
    partial = load_report_head(demo_engine)  # held: the figures keep only a weak reference to it
    head = summary_of(figures(partial, as_of), None)
    report = build_report(load_snapshot(demo_engine), as_of)
    assert head == {k: report[k] for k in head}
    assert list(head) == list(report)[:len(head)]  # report.json keeps its order
    assert head["years"] and head["jobs_created_total"] > 0


def test_a_list_the_partial_snapshot_did_not_read_refuses_to_be_used(demo_engine) -> None:  # type: ignore[no-untyped-def]
    snap = load_report_head(demo_engine)
    assert len(snap.meetings) > 0 and len(snap.follow_ups) > 0
    for use in (lambda: len(snap.repayments), lambda: list(snap.projects), lambda: bool(snap.engagements),
                lambda: snap.project):
        with pytest.raises(LookupError, match="snapshot partiel"):
            use()


def test_the_shared_snapshot_serves_the_head_when_it_is_current(demo_engine) -> None:  # type: ignore[no-untyped-def]
    first = report_head(demo_engine)
    with pytest.raises(LookupError):
        len(first.repayments)  # nothing shared yet: the head alone
    shared = current_snapshot(demo_engine)
    assert report_head(demo_engine) is shared
