"""Time and peak memory of the network's receiving end at the size of the whole network.

31 basins of 20 years each (projects received 2007 → 2026, seven conventions, the seventh running),
about 10 000 projects, 8 000 advances and 250 000 repayments in all, one data-only bundle each
(network/sample.py). Measured, each in its own child process (so that the peak memory is that
command's alone, from wait4):
- `network receive` of each bundle: the slowest, the median and the largest peak;
- `network report --json` on the 31 basins.
Targets on the 2-core reference machine: each bundle received < 10 s; report < 5 s and < 400 MB.
Prints the figures; never fails.

Usage: python3 benchmarks/network_scale.py [--db-url URL] [--keep FOLDER]
(`--db-url postgresql+psycopg://…` measures on a PostgreSQL server; default: a SQLite file.)
"""

from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
BASINS, PROJECTS, ADVANCES, REPAYMENTS = 31, 10_000, 8_000, 250_000


def build_bundles(folder: pathlib.Path) -> None:
    """Runs in a child: the 31 basins, each from its own seed, written as bundles."""
    import network_basin as nb

    from alize_desktop.network.sample import write_data_bundle

    nb.FIRST_YEAR, nb.CONVENTIONS = 2007, 7  # 20 years of projects; conventions 2007 … 2025 (running)
    folder.mkdir(parents=True, exist_ok=True)
    def share(total: int, k: int) -> int:
        return total // BASINS + (1 if k < total % BASINS else 0)

    for k in range(BASINS):
        data = nb.build_basin(share(PROJECTS, k), share(ADVANCES, k), share(REPAYMENTS, k), seed=100 + k)
        data["basin"]["name"] = f"Bassin du banc d'essai n° {k + 1:02d}"
        write_data_bundle(data, folder / f"bassin-{k + 1:02d}.zip", nb.AS_OF)


CPU: list[float] = []  # CPU seconds of each timed command (with its worker processes)


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """Wall time (s), peak resident memory of the largest process (MB, from wait4), exit status.

    The CPU time (user + system, the command's worker processes included) is kept in CPU: on a
    machine shared with other work the wall time says more about the neighbours than about us.
    """
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    CPU.append(usage.ru_utime + usage.ru_stime)
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def _reset_postgresql(url: str) -> None:
    from sqlalchemy import create_engine, text

    from alize_desktop.network.db import normalise_url

    engine = create_engine(normalise_url(url))
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS network_advances, network_projects, network_basin_figures, "
                          "network_basins, network_receptions, network_alembic_version CASCADE"))
    engine.dispose()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db-url", help="network database (default: a new SQLite file)")
    ap.add_argument("--keep", type=pathlib.Path, help="build (or reuse) the bundles in this folder")
    args = ap.parse_args()
    work = pathlib.Path(tempfile.mkdtemp(prefix="alize-network-bench-"))
    folder = args.keep or work / "bundles"
    if not folder.exists() or not any(folder.glob("*.zip")):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, __file__, "--build", str(folder)], check=True)
        print(f"bundles: {BASINS} written in {time.perf_counter() - t0:.1f} s")
    url = args.db_url or f"sqlite:///{work / 'reseau.sqlite'}"
    if url.startswith("postgres"):
        _reset_postgresql(url)
    base = [sys.executable, "-m", "alize_desktop", "network", "--db-url", url]
    env_day = {"ALIZE_TODAY": "2026-11-26"}
    os.environ.update(env_day)
    bundles = sorted(folder.glob("*.zip"))
    size = sum(p.stat().st_size for p in bundles) / 1e6
    receptions = [timed([*base, "receive", str(p)]) for p in bundles]
    receive_cpu = CPU[:]
    failed = [p.name for p, (_t, _m, rc) in zip(bundles, receptions, strict=True) if rc]
    times = [t for t, _m, _rc in receptions]
    print(f"engine: {url.split(':', 1)[0]}; {len(bundles)} bundles, {size:.1f} MB of zip in all")
    print(f"receive: slowest {max(times):.2f} s, median {statistics.median(times):.2f} s, "
          f"all {sum(times):.1f} s, peak {max(m for _t, m, _rc in receptions):.0f} MB; "
          f"CPU slowest {max(receive_cpu):.2f} s, median {statistics.median(receive_cpu):.2f} s"
          + (f"; REFUSED: {failed}" if failed else ""))
    runs = [timed([*base, "report", "--json", "--as-of", "2026-11-26"]) for _ in range(3)]
    if any(rc for _t, _m, rc in runs):
        print("network report --json failed")
        return
    best = min(t for t, _m, _rc in runs)
    peak = max(m for _t, m, _rc in runs)
    cpu = min(CPU[len(receive_cpu):])
    load = os.getloadavg()[0]
    print(f"network report --json: best of 3 {best:.2f} s (CPU {cpu:.2f} s over {os.cpu_count()} cores, "
          f"load average {load:.1f}), peak {peak:.0f} MB per process "
          f"(targets: < 5 s, < 400 MB; each bundle < 10 s)")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--build":
        build_bundles(pathlib.Path(sys.argv[2]))
    else:
        main()
