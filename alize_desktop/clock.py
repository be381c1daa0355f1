"""The program's one source of "today" and "now".

Nothing else reads the machine calendar (ruff's DTZ rules enforce it outside this module). The
window's application context holds a clock, the command line builds one, tests freeze one. A
frozen day can also be given from outside through the environment variable ``ALIZE_TODAY``
(``AAAA-MM-JJ``): the command line honours it, so that a test driving the program as a subprocess,
or a training session on the demo basin, sees the same day as the window.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Protocol

TODAY_VARIABLE = "ALIZE_TODAY"


class Clock(Protocol):
    def today(self) -> dt.date:
        """The operator's calendar day."""
        ...

    def now(self) -> dt.datetime:
        """An aware timestamp (local offset), for journals, exports and file names."""
        ...


class SystemClock:
    """The machine's calendar, read at each call (a window left open past midnight moves on)."""

    def today(self) -> dt.date:
        return dt.date.today()  # the one place that reads the machine calendar

    def now(self) -> dt.datetime:
        return dt.datetime.now().astimezone()  # astimezone(): the local offset


class FixedClock:
    """A frozen day: tests, and ALIZE_TODAY. `now()` is that day at `at` (local offset kept)."""

    def __init__(self, day: dt.date, at: dt.time = dt.time(10, 0)) -> None:
        self.day = day
        self.at = at

    def today(self) -> dt.date:
        return self.day

    def now(self) -> dt.datetime:
        offset = dt.datetime.now().astimezone().tzinfo  # only the local offset is read
        return dt.datetime.combine(self.day, self.at, tzinfo=offset)

    def set(self, day: dt.date) -> None:
        """Move the frozen day (a test of "the page moves on after midnight")."""
        self.day = day


class ClockError(ValueError):
    """ALIZE_TODAY holds something that is not a date."""


def clock_from_environment(environ: os._Environ[str] | dict[str, str] | None = None) -> Clock:
    """The system clock, or a frozen day when ALIZE_TODAY is set."""
    env = os.environ if environ is None else environ
    text = env.get(TODAY_VARIABLE, "").strip()
    if not text:
        return SystemClock()
    try:
        return FixedClock(dt.date.fromisoformat(text))
    except ValueError:
        raise ClockError(
            f"La variable {TODAY_VARIABLE} vaut « {text} », qui n'est pas une date (attendu AAAA-MM-JJ)."
        ) from None


def program_now() -> dt.datetime:
    """Now by the program's clock, for stamps taken where no clock is passed (journal entries,
    backup names): a base written on a frozen day (ALIZE_TODAY: tests, training) never holds
    anything stamped after that day; the machine's time when the variable is unreadable."""
    try:
        return clock_from_environment().now()
    except ClockError:
        return SystemClock().now()


def wall_time_utc() -> dt.datetime:
    """`program_now()` in UTC: the journal's stamp (and so the default `exported_at`)."""
    return program_now().astimezone(dt.UTC)
