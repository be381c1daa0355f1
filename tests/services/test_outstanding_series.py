"""The dashboard's outstanding curve: at each month end, the advances' disbursements less their
repayments and write-offs dated on or before it (the last point is the day itself)."""

from __future__ import annotations

import datetime as dt

import pytest

from alize_desktop.services.basin_reader import current_snapshot
from alize_desktop.services.evaluation.view import month_ends, outstanding_series
from tests.conftest import DEMO_TODAY


def _level_on(snap, day: dt.date) -> int:  # type: ignore[no-untyped-def]
    """Straight from the definition: every advance movement dated on or before `day`."""
    advances = {e.id for e in snap.advances}
    total = sum(d.amount_cents for d in snap.disbursements if d.engagement_id in advances and d.date <= day)
    total -= sum(r.amount_cents for r in snap.repayments if r.engagement_id in advances and r.date <= day)
    total -= sum(w.amount_cents for w in snap.write_offs if w.engagement_id in advances and w.date <= day)
    return total


@pytest.mark.parametrize("as_of", [DEMO_TODAY, dt.date(2025, 2, 28), dt.date(2024, 6, 15)])
def test_each_month_end_holds_what_was_outstanding_that_day(demo_engine, as_of: dt.date) -> None:  # type: ignore[no-untyped-def]
    snap = current_snapshot(demo_engine)
    series = outstanding_series(snap, as_of)
    first = min(d.date for d in snap.disbursements)
    assert [day for day, _ in series] == month_ends(first, as_of)
    assert series[-1][0] == as_of
    for day, level in series:
        assert level == _level_on(snap, day), day
    assert any(level > 0 for _, level in series)


def test_before_the_first_disbursement_there_is_no_curve(demo_engine) -> None:  # type: ignore[no-untyped-def]
    snap = current_snapshot(demo_engine)
    first = min(d.date for d in snap.disbursements)
    assert outstanding_series(snap, first - dt.timedelta(days=1)) == []

