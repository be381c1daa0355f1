"""The window at start-up and on every page: wall time against a bare PySide6 window, and the
longest time the GUI thread's event loop was blocked, on the realistic (demo) basin and on the
network-size basin of network_basin.py.

Each measure runs in a fresh process (offscreen Qt, as the tests; a real X server adds the same
cost to both sides of the ratio). The event loop's longest block is measured by a 2 ms timer:
the largest gap between two of its ticks, minus its period. Prints the figures; never fails.

Targets (issue "One typed basin model…"): window visible ≤ 1.5× a bare window, first page's
figures shown ≤ 3×; the network basin's start-up ≤ 2× the realistic one's and < 250 MB; the
longest GUI-thread stall < 100 ms at start-up, on any page and for a saved entry.

Usage: python3 benchmarks/window_scale.py [--keep-network FILE] [--runs 3] [--no-network]
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from network_basin import build_in_child  # noqa: E402

BARE = r"""
import sys, time
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel
app = QApplication(sys.argv)
w = QMainWindow(); w.setCentralWidget(QLabel("ALIZÉ")); w.resize(1280, 800); w.show()
app.processEvents()
print('{"visible": %f}' % time.time(), flush=True)
"""

# The program's own start: lock, checks, backup, migrations, main window, first page's figures;
# then every page in sidebar order, and one repayment saved on Fonds.
ALIZE = r"""
import datetime as dt, json, os, resource, sys, time
from alize_desktop.db import start_quick_check
start_quick_check(sys.argv[1])  # as app.run_gui does: the damage check runs while Qt loads
from alize_desktop.clock import FixedClock
from alize_desktop.ui.shell.application import create_application
from PySide6.QtCore import QElapsedTimer, QTimer

app = create_application()
clock = FixedClock(dt.date(2026, 11, 26))
stall = {"max": 0.0, "last": None}
tick = QElapsedTimer()
tick.start()
PERIOD = 2

def on_tick():
    now = tick.elapsed()
    if stall["last"] is not None:
        stall["max"] = max(stall["max"], now - stall["last"] - PERIOD)
    stall["last"] = now

timer = QTimer()
timer.setInterval(PERIOD)
timer.timeout.connect(on_tick)
timer.start()

def settle(page, limit_s=600):
    end = time.time() + limit_s
    while (page.loading or page.ctx.runner.busy()) and time.time() < end:
        app.processEvents()
        time.sleep(0.001)
    for _ in range(20):
        app.processEvents()

def measure(action):
    stall["max"], stall["last"] = 0.0, None
    action()
    app.processEvents()

from alize_desktop.ui.shell.launcher import open_main_window
from PySide6.QtCore import QEvent, QObject
out = {}
import pathlib

class FirstPaint(QObject):
    # Visible = the window's first paint (the shell shows before the base is opened).
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "visible" not in out:
            out["visible"] = time.time()
        return False

# The first page's figures are shown when its load is painted (Page._loaded), not when the worker
# is idle: the opening backup runs after it, in the background (its stall is still measured), and
# the dashboard's alerts and history charts follow its figures in a second read.
from alize_desktop.ui.pages.base import Page
_page_loaded = Page._loaded

def _loaded(page, data):
    _page_loaded(page, data)
    if "figures" not in out and page is window.current_page():
        out["figures"] = time.time()
        out["startup_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

Page._loaded = _loaded
window = open_main_window(pathlib.Path(sys.argv[1]), clock)
painted = FirstPaint()
window.installEventFilter(painted)
window.show()
while "visible" not in out:
    app.processEvents()
stall["max"], stall["last"] = 0.0, None
end = time.time() + 600
while not window.is_open() and time.time() < end:
    app.processEvents()
    time.sleep(0.001)
while "figures" not in out and time.time() < end:
    app.processEvents()
    time.sleep(0.001)
settle(window.current_page())
out["startup_stall_ms"] = stall["max"]
pages = {}
for row, key in enumerate(window.pages):
    stall["max"], stall["last"] = 0.0, None
    window.sidebar.setCurrentRow(row)  # as a click: the page's module loads on the worker, then it is built
    end = time.time() + 600
    while (key not in window.pages.built() or not window.pages[key].isVisible()) and time.time() < end:
        app.processEvents()  # built, then shown (its load starts when it is shown)
        time.sleep(0.001)
    settle(window.pages[key])
    pages[key] = stall["max"]
out["pages_stall_ms"] = pages

# One 1,00 € repayment on the first running advance, through the page's dialog.
fund = window.pages["fund"]
window.sidebar.setCurrentRow(list(window.pages).index("fund"))
settle(fund)
# The ledger tab on screen (its rows painted), as the operator opens it.
stall["max"], stall["last"] = 0.0, None
t0 = time.time()
fund.tabs.setCurrentWidget(fund.movements)
settle(fund)
out["ledger_stall_ms"], out["ledger_shown_s"] = stall["max"], time.time() - t0
fund.tabs.setCurrentWidget(fund.advances)
settle(fund)
running = [a for a in (fund.view.advances if fund.view else []) if a.outstanding_cents > 100]
if running:
    fund.advances.select(running[0].engagement_id)
    fund.advances.repay()
    dialog = fund.advances.dialog
    dialog.amount.setText("1,00")
    stall["max"], stall["last"] = 0.0, None
    t0 = time.time()
    dialog.accept()
    end = time.time() + 600
    while (dialog.isVisible() or fund.loading or fund.ctx.runner.busy()) and time.time() < end:
        app.processEvents()
        time.sleep(0.001)
    settle(fund)
    out["repayment_stall_ms"] = stall["max"]
    out["repayment_figures_s"] = time.time() - t0
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
window.close()
print(json.dumps(out), flush=True)
"""


def child(code: str, *args: str) -> tuple[float, dict]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(HERE.parent)}  # this checkout's code
    t0 = time.time()
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=3600)
    if proc.returncode != 0:
        raise SystemExit(f"child failed: {proc.stderr[-2000:]}")
    line = [x for x in proc.stdout.splitlines() if x.startswith("{")][-1]
    return t0, json.loads(line)


def demo_database(folder: pathlib.Path) -> pathlib.Path:
    import datetime as dt

    from alize_desktop.db import open_database
    from alize_desktop.demo import generate_demo_basin
    from alize_desktop.interchange.importer import import_basin

    path = folder / "demo.sqlite"
    engine = open_database(path)
    import_basin(engine, generate_demo_basin(today=dt.date(2026, 11, 26)))
    engine.dispose()
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep-network", type=pathlib.Path, help="build (or reuse) the network database here")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-network", action="store_true", help="skip the network-size basin (slow to build)")
    args = ap.parse_args()
    folder = pathlib.Path(tempfile.mkdtemp(prefix="alize-window-"))
    demo = demo_database(folder)
    bases = [("realistic (demo)", demo)]
    if not args.no_network:
        network = args.keep_network or folder / "network.sqlite"
        if not network.exists():
            build_in_child(network)
        bases.append(("network (10 000 projects)", network))

    bare = []
    for _ in range(args.runs):
        t0, r = child(BARE)
        bare.append(r["visible"] - t0)
    yard = statistics.median(bare)
    print(f"bare PySide6 window visible: median {yard:.2f} s (yardstick)")
    results: dict[str, list[dict]] = {}
    for name, db in bases:
        runs = []
        for _ in range(args.runs):
            t0, r = child(ALIZE, str(db))
            r["visible_s"], r["figures_s"] = r["visible"] - t0, r["figures"] - t0
            runs.append(r)
        results[name] = runs
    print_table(yard, results)


def print_table(yard: float, results: dict[str, list[dict]]) -> None:
    """Every row side by side: one column per basin (medians of the runs; stalls: the worst run)."""
    names = list(results)

    def med(runs: list[dict], key: str) -> float | None:
        values = [r[key] for r in runs if key in r]
        return statistics.median(values) if values else None

    def worst(runs: list[dict], key: str) -> float | None:
        values = [r[key] for r in runs if key in r]
        return max(values) if values else None

    rows: list[tuple[str, list[str], str]] = []

    def row(label: str, values: list[float | None], fmt: str, target: str) -> None:
        rows.append((label, ["—" if v is None else fmt.format(v) for v in values], target))

    vis = [med(results[n], "visible_s") for n in names]
    fig = [med(results[n], "figures_s") for n in names]
    row("window visible (s)", vis, "{:.2f}", "")
    row("  × bare window", [v / yard if v else None for v in vis], "{:.1f}×", "≤ 1.5×")
    row("first page's figures (s)", fig, "{:.2f}", "")
    row("  × bare window", [v / yard if v else None for v in fig], "{:.1f}×", "≤ 3×")
    if len(names) > 1 and fig[0]:
        row("  × realistic basin", [v / fig[0] if v else None for v in fig], "{:.1f}×", "≤ 2× (network)")
    row("peak memory at first figures (MB)", [worst(results[n], "startup_mb") for n in names], "{:.0f}",
        "< 250 (network)")
    row("peak memory after every page (MB)", [worst(results[n], "peak_mb") for n in names], "{:.0f}", "")
    row("GUI stall at start-up (ms)", [worst(results[n], "startup_stall_ms") for n in names], "{:.0f}", "< 100")
    for key in results[names[0]][0]["pages_stall_ms"]:
        row(f"GUI stall, page {key} (ms)",
            [max(r["pages_stall_ms"].get(key, 0) for r in results[n]) for n in names], "{:.0f}", "< 100")
    row("Fonds ledger tab: GUI stall (ms)", [worst(results[n], "ledger_stall_ms") for n in names], "{:.0f}", "< 100")
    row("Fonds ledger tab: rows shown (s)", [worst(results[n], "ledger_shown_s") for n in names], "{:.2f}", "< 1")
    row("1,00 € repayment: GUI stall (ms)", [worst(results[n], "repayment_stall_ms") for n in names], "{:.0f}", "< 100")
    row("1,00 € repayment: figures updated (s)", [worst(results[n], "repayment_figures_s") for n in names], "{:.2f}",
        "< 1")
    width = max(len(r[0]) for r in rows) + 2
    heads = [n[:24] for n in names]
    print("\n" + "".ljust(width) + "".join(h.rjust(26) for h in heads) + "   target")
    for label, values, target in rows:
        print(label.ljust(width) + "".join(v.rjust(26) for v in values) + "   " + target)


if __name__ == "__main__":
    main()
