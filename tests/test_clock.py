"""One clock: the program's "today" comes from alize_desktop.clock only, tests freeze it, the
window follows the real calendar and a page left open past midnight moves on."""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import subprocess
import sys

import pytest

from alize_desktop.clock import ClockError, FixedClock, SystemClock, clock_from_environment

ROOT = pathlib.Path(__file__).resolve().parents[1]
RUFF = pathlib.Path(sys.executable).with_name("ruff")


def test_without_the_variable_the_program_reads_the_machine_calendar() -> None:
    clock = clock_from_environment({})
    assert isinstance(clock, SystemClock)
    assert clock.now().tzinfo is not None  # aware: journals and exports carry their offset


def test_the_variable_freezes_the_day_and_a_bad_one_is_refused_in_french() -> None:
    assert clock_from_environment({"ALIZE_TODAY": "2031-02-28"}).today() == dt.date(2031, 2, 28)
    with pytest.raises(ClockError, match="n'est pas une date"):
        clock_from_environment({"ALIZE_TODAY": "demain"})


def test_the_whole_test_run_sees_the_demo_day() -> None:
    # tests/conftest.py sets it before anything is imported: subprocesses inherit it too.
    assert os.environ["ALIZE_TODAY"] == "2026-11-26"
    assert clock_from_environment().today() == dt.date(2026, 11, 26)


def test_the_command_line_reports_on_the_clock_day(demo_db: pathlib.Path) -> None:
    env = {**os.environ, "ALIZE_TODAY": "2026-11-27"}
    out = subprocess.run([sys.executable, "-m", "alize_desktop", "--db", str(demo_db), "report", "--json"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert out.returncode == 0, out.stderr
    assert '"as_of": "2026-11-27"' in out.stdout
    bad = subprocess.run([sys.executable, "-m", "alize_desktop", "--db", str(demo_db), "report"],
                         capture_output=True, text=True, env={**env, "ALIZE_TODAY": "2026-13-01"}, timeout=120)
    assert bad.returncode == 1 and "n'est pas une date" in bad.stderr and "Traceback" not in bad.stderr


def _ruff(source: str, as_file: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(RUFF), "check", "--no-cache", "--stdin-filename", as_file, "-"], input=source,
                          capture_output=True, text=True, cwd=ROOT, timeout=60)


@pytest.mark.parametrize("call", ["dt.date.today()", "dt.datetime.now()", "dt.datetime.now(dt.UTC)",
                                  "dt.datetime.utcnow()"])
def test_lint_refuses_a_bare_calendar_read_outside_the_clock(call: str) -> None:
    source = f'"""x"""\n\nimport datetime as dt\n\nDAY = {call}\n'
    refused = _ruff(source, "alize_desktop/services/anything.py")
    assert refused.returncode == 1 and ("TID251" in refused.stdout or "DTZ" in refused.stdout), refused.stdout
    assert _ruff(source, "alize_desktop/clock.py").returncode == 0


def test_frozen_clock_can_be_moved() -> None:
    clock = FixedClock(dt.date(2026, 11, 26))
    clock.set(dt.date(2026, 11, 27))
    assert clock.today() == dt.date(2026, 11, 27) and clock.now().date() == dt.date(2026, 11, 27)
