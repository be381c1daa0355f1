"""The basin model at network scale: every figure beside its target and the yardsticks of the same run.

Each measure runs in a fresh child process (wall time of the measured call, peak memory of the
child from wait4), median of --runs runs. Yardsticks measured in the same run: a bare Python
process, `import sqlalchemy`, and the realistic basin (the demo, 25 projects) for the ratios.

    python3 benchmarks/basin_scale.py [--keep DIR] [--runs 3]

Prints the table; never fails (it is a measure, not a test).

One run on the 2-core machine (2026-12-01, median of 3, other jobs running beside it):

    yardsticks: bare python / import sqlalchemy (process)       0.03 s / 0.42 s
    snapshot load, realistic / network basin                    0.01 s +1 MB / 0.67 s +120 MB
    dashboard figures (overview+alerts+dashboard), network, cold 2.02 s (load included)
    dashboard figures again, no write between                   8 ms          (< 100 ms)
    fund_view, network, snapshot loaded by it                   1.10 s
    fund_view after the dashboard (snapshot and figures shared) 0.41 s        (rows shown < 1 s)
    repayment 1,00 € save (service call), network               60 ms
      + refreshed fund_view and advance position                0.41 s        (figures updated < 1 s)
    report --json, network (whole process)                      2.20 s, 254 MB (< 3 s, < 300 MB)
      the same report from load_snapshot                        1.69 s, 163 MB
    document cooperation, network / realistic                   3.25×         (≤ 1.2×: documents still export the basin)
    load_project_slice, realistic / network                     5.5 ms / 8.5 ms
    check_rules (set-based SQL), network                        0.86 s        (check < 5 s)
    check command as it is (export + validate_basin)            47.6 s
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
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))  # this checkout's alize_desktop, not an installed one
from network_basin import AS_OF, build_in_child  # noqa: E402

# --- what a child measures ----------------------------------------------------------------------


def _child(what: str, db: str) -> dict[str, float]:
    """Run one measure in this (fresh) process; return seconds and MB of the measured part."""
    import resource

    # Every module a measure uses is imported before the clock starts: the figures time the work.
    from alize_desktop.basin import load_project_slice, load_snapshot
    from alize_desktop.db import open_database
    from alize_desktop.services.check_rules import check_rules
    from alize_desktop.services.evaluation import alerts, overview
    from alize_desktop.services.evaluation import view as evaluation_view
    from alize_desktop.services.fund import entries as fund
    from alize_desktop.services.fund import views as fund_views

    engine = open_database(pathlib.Path(db), backup_before_migration=False)
    base_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    day = AS_OF
    t0 = time.perf_counter()
    out: dict[str, float] = {}
    if what == "load":
        load_snapshot(engine)
    elif what == "slice":
        with engine.connect() as c:
            pid = c.exec_driver_sql("SELECT project_id FROM engagement ORDER BY rowid DESC LIMIT 1").scalar()
        t0 = time.perf_counter()
        load_project_slice(engine, pid)
    elif what in ("dashboard", "dashboard_warm"):
        def board() -> None:
            overview.basin_overview(engine, day)
            alerts.basin_alerts(engine, day)
            evaluation_view.dashboard(engine, day)

        board()
        if what == "dashboard_warm":
            out["cold_s"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            board()
    elif what == "fund_after_dashboard":  # the Fonds page opened after the start-up's dashboard
        alerts.basin_alerts(engine, day)
        evaluation_view.dashboard(engine, day)
        t0 = time.perf_counter()
        fund_views.fund_view(engine, day)
    elif what in ("fund_view", "save"):
        view = fund_views.fund_view(engine, day)
        if what == "save":
            out["fund_view_s"] = time.perf_counter() - t0
            assert view is not None
            eid = next(a.engagement_id for a in view.advances if a.outstanding_cents >= 100)
            t0 = time.perf_counter()
            fund.record_repayment(engine, eid, day, 100)  # 1,00 €
            out["service_s"] = time.perf_counter() - t0
            fund_views.fund_view(engine, day)
            fund_views.advance_position(engine, eid)
    elif what == "check_rules":
        with engine.connect() as c:
            check_rules(c)
    else:
        raise SystemExit(f"unknown measure {what}")
    out["s"] = time.perf_counter() - t0
    out["mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 - base_mb
    return out


# --- the parent ---------------------------------------------------------------------------------


def _run(cmd: list[str], cwd: pathlib.Path = ROOT) -> tuple[float, float, int, str]:
    """Wall time, peak memory of that child (MB), exit status, stdout."""
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = child.stdout.read() if child.stdout else ""
    _pid, status, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), out


def _measure(what: str, db: pathlib.Path, runs: int) -> dict[str, float]:
    results = []
    for _ in range(runs):
        work = pathlib.Path(tempfile.mkdtemp(prefix="alize-scale-")) / db.name
        _copy(db, work)  # a write must not change the next run's data
        _t, _m, rc, out = _run([sys.executable, str(pathlib.Path(__file__).resolve()), "--child", what, str(work)])
        if rc:
            return {"failed": 1.0}
        results.append(json.loads(out.strip().splitlines()[-1]))
    return {k: statistics.median(r[k] for r in results) for k in results[0]}


def _copy(src: pathlib.Path, dst: pathlib.Path) -> None:
    import sqlite3

    with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
        a.backup(b)


def _process(cmd: list[str], runs: int) -> tuple[float, float]:
    times, mems = [], []
    for _ in range(runs):
        t, m, rc, _out = _run(cmd)
        if rc:
            return float("nan"), float("nan")
        times.append(t)
        mems.append(m)
    return statistics.median(times), max(mems)


def _realistic(folder: pathlib.Path) -> pathlib.Path:
    path = folder / "realistic.sqlite"
    if not path.exists():
        subprocess.run([sys.executable, "-c", (
            "import datetime as dt, pathlib, sys; from alize_desktop.db import open_database; "
            "from alize_desktop.demo import generate_demo_basin; from alize_desktop.interchange.importer import import_basin; "
            "e = open_database(pathlib.Path(sys.argv[1])); import_basin(e, generate_demo_basin(today=dt.date(2026, 11, 26))); "
            "e.dispose()"),
            str(path)], cwd=ROOT, check=True)
    return path


def databases(folder: pathlib.Path | None, prefix: str) -> tuple[pathlib.Path, pathlib.Path]:
    """(realistic, network) databases in `folder` (a new temporary one when None), each built once."""
    folder = folder or pathlib.Path(tempfile.mkdtemp(prefix=prefix))
    folder.mkdir(parents=True, exist_ok=True)
    network = folder / "network.sqlite"
    if not network.exists():
        build_in_child(network)
    return _realistic(folder), network


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", type=pathlib.Path, help="folder where the databases are built once and kept")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--with-check", action="store_true", help="also time the `check` command as it is (slow)")
    ap.add_argument("--child", nargs=2, metavar=("WHAT", "DB"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_child(*args.child)))
        return
    realistic, network = databases(args.keep, "alize-scale-")
    folder = realistic.parent
    runs = args.runs
    py = [sys.executable]
    bare, _ = _process([*py, "-c", "pass"], runs)
    sqla, _ = _process([*py, "-c", "import sqlalchemy"], runs)
    rows: list[tuple[str, str, str]] = []

    def add(what: str, value: str, target: str) -> None:
        rows.append((what, value, target))
        print(f"{what:<58} {value:<34} {target}", flush=True)

    print(f"{'measure':<58} {'value':<34} target")
    print(f"{'yardsticks: bare python / import sqlalchemy (process)':<58} {bare:.2f} s / {sqla:.2f} s")
    for name, db in (("realistic", realistic), ("network", network)):
        m = _measure("load", db, runs)
        add(f"snapshot load, {name} basin", f"{m['s']:.2f} s, +{m['mb']:.0f} MB", "")
    m = _measure("dashboard_warm", network, runs)
    add("dashboard figures (overview+alerts+dashboard), network, cold", f"{m['cold_s']:.2f} s (load included)",
        "off the GUI thread (worker)")
    add("dashboard figures again, no write between", f"{m['s'] * 1000:.0f} ms", "< 100 ms")
    real = _measure("fund_view", realistic, runs)
    m = _measure("fund_view", network, runs)
    add("fund_view, network (load included)", f"{m['s']:.2f} s ({m['s'] / real['s']:.1f}× realistic)",
        "rows shown < 1 s")
    m = _measure("fund_after_dashboard", network, runs)
    add("fund_view after the dashboard (snapshot and figures shared)", f"{m['s']:.2f} s", "rows shown < 1 s")
    m = _measure("save", network, runs)
    add("repayment 1,00 € save (service call), network", f"{m['service_s'] * 1000:.0f} ms", "< 100 ms of GUI work")
    add("  + refreshed fund_view and advance position", f"{m['s']:.2f} s", "figures updated < 1 s")
    cmd = [*py, "-m", "alize_desktop", "--db", str(network), "report", "--json", "--as-of", AS_OF.isoformat()]
    t, mb = _process(cmd, runs)
    add("report --json, network (whole process)", f"{t:.2f} s, {mb:.0f} MB", "< 3 s, < 300 MB")
    script = ("import datetime as dt, json, pathlib, sys; from alize_desktop.db import open_database; "
              "from alize_desktop.basin import load_snapshot; from alize_desktop.rules.report import build_report; "
              "e = open_database(pathlib.Path(sys.argv[1])); "
              "sys.stdout.write(json.dumps(build_report(load_snapshot(e), dt.date.fromisoformat(sys.argv[2])), "
              "ensure_ascii=False))")
    t, mb = _process([*py, "-c", script, str(network), AS_OF.isoformat()], runs)
    add("  the same report from load_snapshot (what cli._report should read)", f"{t:.2f} s, {mb:.0f} MB",
        "< 3 s, < 300 MB")
    times = {}
    for name, db in (("realistic", realistic), ("network", network)):
        with __import__("sqlite3").connect(db) as c:
            pid = c.execute("SELECT project_id FROM engagement ORDER BY rowid DESC LIMIT 1").fetchone()[0]
        out = folder / f"coop-{name}.pdf"
        times[name], _ = _process([*py, "-m", "alize_desktop", "--db", str(db), "document", "cooperation",
                                   "--project", pid, "-o", str(out)], runs)
    add("document cooperation, realistic (whole process)", f"{times['realistic']:.2f} s", "")
    add("document cooperation, network / realistic", f"{times['network'] / times['realistic']:.2f}×", "≤ 1.2×")
    slices = {name: _measure("slice", db, runs)["s"] for name, db in (("realistic", realistic), ("network", network))}
    add("load_project_slice, realistic / network",
        f"{slices['realistic'] * 1000:.1f} ms / {slices['network'] * 1000:.1f} ms", "what a document should read")
    m = _measure("check_rules", network, runs)
    add("check_rules (set-based SQL), network", f"{m['s']:.2f} s", "< 5 s for the whole check")
    if args.with_check:
        t, _ = _process([*py, "-m", "alize_desktop", "--db", str(network), "check"], 1)
        add("check command as it is (whole process)", f"{t:.1f} s", "< 5 s once integrity.py calls check_rules")


if __name__ == "__main__":
    main()
