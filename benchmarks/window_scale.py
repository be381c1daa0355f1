"""The window at start-up and on every page: wall time against a bare PySide6 window, and the
longest time the GUI thread's event loop was blocked, on the realistic (demo) basin and on the
network-size basin of network_basin.py.

Each measure runs in a fresh process (offscreen Qt, as the tests; a real X server adds the same
cost to both sides of the ratio). The event loop's longest block is measured by a 2 ms timer:
the largest gap between two of its ticks, minus its period. Prints the figures; never fails.

Targets (issue "One typed basin model…"): window visible ≤ 1.5× a bare window, first page's
figures shown ≤ 3×; the network basin's start-up ≤ 2× the realistic one's and < 250 MB; the
longest GUI-thread stall < 100 ms at start-up, on any page and for a saved entry.

Usage: python3 benchmarks/window_scale.py [--keep-network FILE] [--runs 3]
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
out = {}
import pathlib
window = open_main_window(pathlib.Path(sys.argv[1]), clock)
window.show()
app.processEvents()
out["visible"] = time.time()
first = window.current_page()
settle(first)
out["figures"] = time.time()
out["startup_stall_ms"] = stall["max"]
pages = {}
for row, (key, page) in enumerate(window.pages.items()):
    stall["max"], stall["last"] = 0.0, None
    window.sidebar.setCurrentRow(row)
    settle(page)
    pages[key] = stall["max"]
out["pages_stall_ms"] = pages

# One 1,00 € repayment on the first running advance, through the page's dialog.
fund = window.pages["fund"]
window.sidebar.setCurrentRow(list(window.pages).index("fund"))
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
    settle(fund)
    out["repayment_stall_ms"] = stall["max"]
    out["repayment_figures_s"] = time.time() - t0
out["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
window.close()
print(json.dumps(out), flush=True)
"""


def child(code: str, *args: str) -> tuple[float, dict]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
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
    args = ap.parse_args()
    folder = pathlib.Path(tempfile.mkdtemp(prefix="alize-window-"))
    demo = demo_database(folder)
    network = args.keep_network or folder / "network.sqlite"
    if not network.exists():
        build_in_child(network)

    bare = []
    for _ in range(args.runs):
        t0, r = child(BARE)
        bare.append(r["visible"] - t0)
    yard = statistics.median(bare)
    print(f"bare PySide6 window visible: median {yard:.2f} s (yardstick)")
    results = {}
    for name, db in (("realistic (demo)", demo), ("network (10 000 projects)", network)):
        runs = []
        for _ in range(args.runs):
            t0, r = child(ALIZE, str(db))
            r["visible_s"], r["figures_s"] = r["visible"] - t0, r["figures"] - t0
            runs.append(r)
        results[name] = runs
        vis = statistics.median(r["visible_s"] for r in runs)
        fig = statistics.median(r["figures_s"] for r in runs)
        print(f"\n{name}:")
        print(f"  window visible   {vis:.2f} s = {vis / yard:.1f}× bare (target ≤ 1.5×)")
        print(f"  figures shown    {fig:.2f} s = {fig / yard:.1f}× bare (target ≤ 3×)")
        print(f"  peak memory      {max(r['peak_mb'] for r in runs):.0f} MB (network target < 250 MB)")
        print(f"  GUI stall at start-up, worst run: {max(r['startup_stall_ms'] for r in runs):.0f} ms (target < 100 ms)")
        worst = {k: max(r["pages_stall_ms"][k] for r in runs) for k in runs[0]["pages_stall_ms"]}
        for k, v in worst.items():
            print(f"  GUI stall, page {k:<12} {v:6.0f} ms (target < 100 ms)")
        if "repayment_stall_ms" in runs[0]:
            print(f"  saving a 1,00 € repayment: GUI stall {max(r['repayment_stall_ms'] for r in runs):.0f} ms "
                  f"(target < 100 ms), figures updated in {max(r['repayment_figures_s'] for r in runs):.2f} s (target < 1 s)")
    real = statistics.median(r["figures_s"] for r in results["realistic (demo)"])
    net = statistics.median(r["figures_s"] for r in results["network (10 000 projects)"])
    print(f"\nnetwork start-up vs realistic: {net / real:.1f}× (target ≤ 2×)")


if __name__ == "__main__":
    main()
