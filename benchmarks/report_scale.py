"""Time and peak memory of `alize-desktop report --json` on a network-size database.

Target on the 2-core reference machine: under 3 s and under 300 MB. Prints the figures; never fails.
Usage: python3 benchmarks/report_scale.py [--keep FILE]
"""

from __future__ import annotations

import argparse
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from network_basin import build_database  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", type=pathlib.Path, help="build (or reuse) the database at this path")
    args = ap.parse_args()
    folder = pathlib.Path(tempfile.mkdtemp(prefix="alize-bench-"))
    db = args.keep or folder / "network.sqlite"
    if not db.exists():
        t0 = time.perf_counter()
        counts = build_database(db)
        print(f"database built in {time.perf_counter() - t0:.1f} s: {counts['projects']} projects, "
              f"{counts['engagements']} engagements, {counts['repayments']} repayments")
    cmd = [sys.executable, "-m", "alize_desktop", "--db", str(db), "report", "--json", "--as-of", "2026-11-26"]
    runs = []
    for _ in range(3):
        t0 = time.perf_counter()
        out = subprocess.run(cmd, capture_output=True, text=True)
        runs.append(time.perf_counter() - t0)
        if out.returncode != 0:
            print(out.stderr)
            return
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"report --json: best {min(runs):.2f} s, worst {max(runs):.2f} s (target < 3 s), "
          f"peak memory {peak_mb:.0f} MB (target < 300 MB), output {len(out.stdout) // 1024} KiB")


if __name__ == "__main__":
    main()
