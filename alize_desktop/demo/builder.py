"""Orchestration of the demo generator steps into one format v1 document."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from alize_desktop.demo import fund, partners, projects
from alize_desktop.demo.context import LIST_KEYS, Demo
from alize_desktop.demo.numbers import iso, paris_utc_offset


def generate_demo_basin(seed: int = 2026, *, today: dt.date) -> dict[str, Any]:
    """Return a whole demo basin in format v1: dates as ISO strings, money in integer cents.

    ``today`` (the clock's day) anchors the history: nothing is dated after it except
    the next planned meetings, whose items carry no decision. The order of the steps matters,
    since all draw from the single ``random.Random(seed)``.
    """
    demo = Demo(random.Random(seed), today)
    basin = partners.build_basin(demo)
    partners.build_conventions(demo)
    partners.build_partners(demo)
    partners.build_support_schemes(demo)
    partners.build_commitments_and_receipts(demo)
    partners.finish_receipts(demo)
    meetings = projects.plan_meetings(demo)
    plans = projects.plan_projects(demo, meetings)
    projects.build_projects(demo, plans)
    projects.build_meetings(demo, meetings)
    advances = fund.build_disbursements(demo)
    fund.build_repayments(demo, advances)
    fund.build_follow_ups(demo)
    partners.build_expenses(demo)
    document: dict[str, Any] = {
        "format": "alize-basin",
        "version": 1,
        "exported_at": f"{demo.today.isoformat()}T09:00:00{paris_utc_offset(demo.today)}",
        "basin": basin,
    }
    document.update({key: demo.data[key] for key in LIST_KEYS})
    return iso(document)  # type: ignore[return-value]
