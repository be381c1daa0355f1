"""`document cooperation` as an operator runs it, against what setting its text costs at all.

Yardstick, measured in the same run: a bare reportlab script that registers the same DejaVu
fonts and sets the same text (the convention's own words, taken from the PDF the program wrote,
one paragraph per line) on A4 pages. The program's run does more than that — it opens the
database, reads the project's rows, numbers the articles, draws tables and signature fields —
and the issue's target is that all of it costs at most twice the bare setting, and that the
same document on a network-size basin (10,000 projects) costs at most 1.2× the realistic one.

CPU time (user + system) of each whole child process, median of --runs runs.

    python3 benchmarks/document_speed.py [--keep DIR] [--runs 5]

Prints its table; never fails (it is a measure, not a test).
"""

from __future__ import annotations

import argparse
import os
import pathlib
import sqlite3
import statistics
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

BARE = r"""
import sys
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate
from xml.sax.saxutils import escape
fonts = sys.argv[1]
for name in ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"):
    pdfmetrics.registerFont(TTFont(name, f"{fonts}/{name}.ttf"))
style = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=13)
text = open(sys.argv[2], encoding="utf-8").read().split("\n")
story = [Paragraph(escape(line), style) for line in text if line.strip()]
SimpleDocTemplate(sys.argv[3], pagesize=A4).build(story)
"""


def cpu_of(cmd: list[str], runs: int) -> float:
    """Median CPU seconds (user + system) of the child process."""
    times = []
    for _ in range(runs):
        before = os.times()
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        after = os.times()
        times.append((after.children_user - before.children_user) + (after.children_system - before.children_system))
    return statistics.median(times)


def last_project(db: pathlib.Path) -> str:
    with sqlite3.connect(db) as c:
        return str(c.execute("SELECT project_id FROM engagement ORDER BY rowid DESC LIMIT 1").fetchone()[0])


def main() -> None:
    from basin_scale import databases

    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", type=pathlib.Path, help="folder where the databases are built once and kept")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    realistic, network = databases(args.keep, "alize-doc-")
    folder = realistic.parent
    py = sys.executable
    program = {}
    for name, db in (("realistic", realistic), ("network", network)):
        out = folder / f"cooperation-{name}.pdf"
        cmd = [py, "-m", "alize_desktop", "--db", str(db), "document", "cooperation", "--project", last_project(db),
               "-o", str(out)]
        program[name] = cpu_of(cmd, args.runs)
    text = folder / "cooperation.txt"
    subprocess.run(["pdftotext", "-layout", str(folder / "cooperation-realistic.pdf"), str(text)], check=True)
    bare = cpu_of([py, "-c", BARE, str(ROOT / "resources" / "fonts"), str(text), str(folder / "bare.pdf")], args.runs)
    load = os.getloadavg()[0]
    print(f"machine: {os.cpu_count()} cores, load {load:.2f}; median of {args.runs} runs, CPU seconds per process")
    print(f"{'measure':<62} {'value':<16} target")
    print(f"{'bare reportlab, same text and fonts (yardstick)':<62} {bare:.2f} s")
    print(f"{'document cooperation, realistic basin':<62} {program['realistic']:.2f} s "
          f"({program['realistic'] / bare:.2f}×)  ≤ 2× the yardstick")
    print(f"{'document cooperation, network-size basin':<62} {program['network']:.2f} s "
          f"({program['network'] / program['realistic']:.2f}×)  ≤ 1.2× the realistic basin")


if __name__ == "__main__":
    main()
