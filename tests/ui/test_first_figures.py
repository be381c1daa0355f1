"""At start-up the dashboard's figures are read through sqlite3 alone, before SQLAlchemy is even
imported (200 ms): the operator sees them as soon as the window's shell is painted; the alerts,
which read through the ORM, follow once the engine is made, and nothing is read twice."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
RUN = r"""
import datetime as dt, json, pathlib, sys, time
from alize_desktop.clock import FixedClock
from alize_desktop.ui.shell.application import create_application
from alize_desktop.ui.dashboard.page import DashboardPage

app = create_application()
seen = {"reads": 0}
shown = DashboardPage.show_loaded
read = DashboardPage.read

def counted(engine, today):
    seen["reads"] += 1
    return read(engine, today)

def show(page, data):
    if "sqlalchemy_at_figures" not in seen:
        seen["sqlalchemy_at_figures"] = "sqlalchemy" in sys.modules
    shown(page, data)
    seen["jobs"] = page.values["jobs_created"].text()

DashboardPage.read = staticmethod(counted)
DashboardPage.first_read = staticmethod(counted)
DashboardPage.show_loaded = show
from alize_desktop.ui.shell.launcher import open_main_window
window = open_main_window(pathlib.Path(sys.argv[1]), FixedClock(dt.date(2026, 11, 26)))
window.show()
end = time.time() + 60
page = None
while time.time() < end:
    app.processEvents()
    time.sleep(0.005)
    page = window.pages.built().get("dashboard")
    if page is not None and window.is_open() and not page.loading and not window.ctx.runner.busy():
        break
seen["alerts"] = page.alerts.list.count() if page is not None else -1
seen["open"] = window.is_open()
window.close()
print(json.dumps(seen))
"""


def test_the_first_figures_come_before_sqlalchemy_and_the_alerts_after_the_engine(demo_db) -> None:  # type: ignore[no-untyped-def]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.run([sys.executable, "-c", RUN, str(demo_db)], capture_output=True, text=True, env=env,
                          check=True, timeout=120)
    seen = json.loads(proc.stdout.strip().splitlines()[-1])
    assert seen["sqlalchemy_at_figures"] is False
    assert seen["jobs"] not in ("", "—")  # the running year's jobs, read through sqlite3
    assert seen["reads"] == 1  # shown once, not read again when the engine came
    assert seen["open"] is True and seen["alerts"] > 0
