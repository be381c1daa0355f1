"""The state shared by the steps of the demo generator: the seeded random source, `today`, the
convention calendar, the growing format v1 lists and a few derived rosters."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from alize_desktop.demo.numbers import add_months

# Key order of the format v1 document (INTERCHANGE.md), kept so that a dump reads like the spec.
LIST_KEYS = (
    "conventions", "partners", "people", "commitments", "receipts", "support_schemes", "companies",
    "projects", "meetings", "engagements", "disbursements", "repayments", "write_offs", "follow_ups",
    "expenses",
)
# The running convention started this many months before the first day of today's month: about
# two years, so that the previous (finished) convention plus this one give 4–5 years of history.
RUNNING_CONVENTION_AGE_MONTHS = 22


@dataclass
class ConventionYear:
    """Year ``number`` (1–3) of a convention: ``[start, end)``, ``index`` counting all years."""

    convention_id: str
    number: int
    start: dt.date
    end: dt.date
    index: int


@dataclass
class Demo:
    """Everything the generator steps read and write. Dates stay `datetime.date` until the end."""

    rng: random.Random
    today: dt.date
    data: dict[str, Any] = field(default_factory=dict)
    sirets: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)
    # Rosters filled by the partners step and read by the project and meeting steps (ids).
    committee: list[str] = field(default_factory=list)
    presidents: list[str] = field(default_factory=list)
    prescribers: list[str] = field(default_factory=list)
    skill_partners: list[str] = field(default_factory=list)
    funding_partners: list[str] = field(default_factory=list)
    bank_partner: str = ""

    def __post_init__(self) -> None:
        for key in LIST_KEYS:
            self.data.setdefault(key, [])

    @property
    def convention_starts(self) -> list[dt.date]:
        """Start dates of the finished convention and of the running one."""
        running = add_months(self.today.replace(day=1), -RUNNING_CONVENTION_AGE_MONTHS)
        return [add_months(running, -36), running]

    def years(self) -> list[ConventionYear]:
        """The six convention years, in order (the last ones may lie partly or wholly ahead)."""
        out: list[ConventionYear] = []
        for start in self.convention_starts:
            for k in range(1, 4):
                year_start, year_end = add_months(start, 12 * (k - 1)), add_months(start, 12 * k)
                out.append(ConventionYear(f"conv-{start.year}", k, year_start, year_end, len(out)))
        return out

    def new_id(self, prefix: str) -> str:
        """Next id of a list: ``p1``, ``p2``… one counter per prefix."""
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]}"

    def add(self, key: str, prefix: str, record: dict[str, Any]) -> dict[str, Any]:
        """Append ``record`` to list ``key`` with a fresh id put first, and return it."""
        row = {"id": self.new_id(prefix), **record}
        self.data[key].append(row)
        return row

    def renumber(self, key: str, prefix: str, sort_key: Callable[[dict[str, Any]], Any]) -> None:
        """Sort list ``key`` (stable) and give its ids again in that order.

        Only for lists that nothing references (receipts, expenses, fund movements, follow-ups).
        """
        rows = sorted(self.data[key], key=sort_key)
        for n, row in enumerate(rows, start=1):
            row["id"] = f"{prefix}{n}"
        self.data[key] = rows
        self.counters[prefix] = len(rows)

    def days(self, low: int, high: int) -> dt.timedelta:
        """A random whole number of days in ``[low, high]``."""
        return dt.timedelta(days=self.rng.randint(low, high))

    def by_id(self, key: str) -> dict[str, dict[str, Any]]:
        """Index of list ``key`` by id."""
        return {row["id"]: row for row in self.data[key]}
