"""How long the ASTREES bundle and report.json take on a network-size basin (prints, never asserts).

    python3 benchmarks/export_scale.py [--keep DIR] [--projects N]

Builds 10,000 projects, 8,000 disbursed repayable advances and 250,000 repayments (plus
conventions, partners, meetings, follow-ups…) in a database made by `db.open_database`, written
with SQLAlchemy Core inserts (the importer's writer, without the schema validation that an import
runs and that is not what is measured here). Then it times, each in a fresh process so that peak
memory is the command's own:
- `alize-desktop --db F export -o OUT.zip --as-of 2026-11-26`   target: under 60 s
- `alize-desktop --db F report --json --as-of 2026-11-26`        target: under 3 s and 300 MB
and counts the calls of the progress callback during an export made in this process.

Projects are spread evenly over ten 3-year conventions (1999 → 2026), so the running convention
(started 2026-01-01) holds about a tenth of them and its documents go into the bundle.
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
    """Wall time (s), peak resident memory of this one child (MB, from wait4) and exit status."""
    t0 = time.perf_counter()
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    return time.perf_counter() - t0, usage.ru_maxrss / 1024, child.returncode


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--keep", type=pathlib.Path, help="dossier où garder la base et le paquet")
    ap.add_argument("--projects", type=int, default=10_000)
    ap.add_argument("--advances", type=int, default=8_000)
    ap.add_argument("--repayments", type=int, default=250_000)
    args = ap.parse_args()
    folder = args.keep or pathlib.Path(tempfile.mkdtemp(prefix="alize-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "reseau.sqlite"
    for p in folder.glob("reseau.sqlite*"):
        p.unlink()
    build_in_child(db, args.projects, args.advances, args.repayments)
    exe = [sys.executable, "-m", "alize_desktop", "--db", str(db)]
    out = folder / "paquet.zip"
    t, mem, rc = timed([*exe, "export", "-o", str(out), "--as-of", AS_OF.isoformat()])
    print(f"export -o OUT.zip : {t:.1f} s, mémoire maximale {mem:.0f} Mo, code {rc} (objectif < 60 s)"
          + (f", paquet {out.stat().st_size / 1e6:.1f} Mo" if out.exists() else ""))
    t, mem, rc = timed([*exe, "report", "--json", "--as-of", AS_OF.isoformat()])
    print(f"report --json : {t:.2f} s, mémoire maximale {mem:.0f} Mo, code {rc} (objectif < 3 s et < 300 Mo)")
    from alize_desktop.db import open_database
    from alize_desktop.services.export.bundle import write_bundle

    calls: list[tuple[float, str]] = []
    engine = open_database(db)
    t0 = time.perf_counter()
    result = write_bundle(engine, db, folder / "paquet-2.zip", as_of=AS_OF,
                          progress=lambda done, total, text: calls.append((time.perf_counter(), text)) or True)
    engine.dispose()
    end = time.perf_counter()
    pdfs = sum(f.name.startswith("documents/") for f in result.files)
    # Where the time goes, from the progress texts: data and tables, documents, the zip itself.
    first_doc = next((t for t, x in calls if x.startswith(("Convention", "Procès", "Rapport d'évaluation"))), end)
    zip_start = next((t for t, x in calls if x.startswith("Écriture")), end)
    print(f"rappel de progression : {len(calls)} appels en {end - t0:.1f} s — données, rapport et CSV "
          f"{first_doc - t0:.1f} s, {pdfs} documents PDF {zip_start - first_doc:.1f} s, zip {end - zip_start:.1f} s "
          f"({len(result.warnings)} avertissements) ; paquets identiques : "
          f"{out.exists() and out.read_bytes() == (folder / 'paquet-2.zip').read_bytes()}")
    print(f"Fichiers dans {folder}")


if __name__ == "__main__":
    main()
