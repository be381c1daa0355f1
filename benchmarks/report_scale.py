"""Time and peak memory of `alize-desktop report --json` on a network-size database.

Target on the 2-core reference machine: under 3 s and under 300 MB. Prints the figures; never fails.
Usage: python3 benchmarks/report_scale.py [--keep FILE]
"""

from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from network_basin import AS_OF, build_in_child  # noqa: E402


def timed(cmd: list[str]) -> tuple[float, float, int]:
    """Wall time (s), peak resident memory of that one child (MB, from wait4), exit status."""
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", type=pathlib.Path, help="build (or reuse) the database at this path")
    args = ap.parse_args()
    db = args.keep or pathlib.Path(tempfile.mkdtemp(prefix="alize-bench-")) / "network.sqlite"
    if not db.exists():
        build_in_child(db)
    cmd = [sys.executable, "-m", "alize_desktop", "--db", str(db), "report", "--json", "--as-of", AS_OF.isoformat()]
    runs = [timed(cmd) for _ in range(3)]
    if any(rc for _t, _m, rc in runs):
        print("report --json failed")
        return
    print(f"report --json: best {min(t for t, _m, _r in runs):.2f} s, worst {max(t for t, _m, _r in runs):.2f} s "
          f"(target < 3 s); peak memory {max(m for _t, m, _r in runs):.0f} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
