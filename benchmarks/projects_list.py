"""How fast the projects list filters with 10,000 projects (target: under 100 ms per keystroke).

Builds a temporary database (db.open_database, then Core inserts), loads the list as the page does
(one query), shows it in a QTableView offscreen and types a search text one key at a time through
the proxy. Prints the figures; asserts nothing.

    python3 benchmarks/projects_list.py [--projects 10000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pathlib
import random
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from sqlalchemy import insert  # noqa: E402

from alize_desktop import models as m  # noqa: E402
from alize_desktop.clock import FixedClock  # noqa: E402
from alize_desktop.db import open_database  # noqa: E402
from alize_desktop.models.enums import PROJECT_STATUSES, PROJECT_TYPES  # noqa: E402

TARGET_MS = 100.0
WORDS = ("atelier", "ligne", "reprise", "robotisation", "bureau d'études", "export", "certification",
         "extension", "numérique", "logistique", "prototypage", "fonderie", "menuiserie")
NAMES = ("Fonderie", "Menuiserie", "Plasturgie", "Mécanique", "Salaisons", "Verrerie", "Textiles",
         "Imprimerie", "Chaudronnerie", "Scierie")
PLACES = ("de la Sorne", "du Haut-Val", "Saint-Éloi", "des Vosges", "de Hautecourt", "du Pré-Chenu")


def build(path: pathlib.Path, n_projects: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    engine = open_database(path, backup_before_migration=False)
    n_companies = max(1, n_projects * 2 // 5)
    with engine.begin() as conn:
        conn.execute(insert(m.Partner), [{"id": f"p{i}", "kind": "company", "name": f"Partenaire {i}",
                                          "active": True} for i in range(1, 11)])
        conn.execute(insert(m.Person), [
            {"id": f"h{i}", "partner_id": f"p{1 + i % 10}", "first_name": rnd.choice(("Inès", "Joël", "Zoé")),
             "last_name": f"Membre{i}", "committee_member": True, "active": True} for i in range(1, 31)])
        conn.execute(insert(m.Company), [
            {"id": f"c{i}", "name": f"{rnd.choice(NAMES)} {rnd.choice(PLACES)} {i}",
             "siret": None, "insolvency_procedure": "receivership" if i % 97 == 0 else None,
             "insolvency_judgment_on": dt.date(2026, 3, 1) if i % 97 == 0 else None,
             "insolvency_published_on": dt.date(2026, 3, 10) if i % 97 == 0 else None}
            for i in range(1, n_companies + 1)])
        start = dt.date(2015, 1, 1)
        conn.execute(insert(m.Project), [
            {"id": f"pr{i}", "company_id": f"c{rnd.randint(1, n_companies)}",
             "title": f"{rnd.choice(WORDS).capitalize()} et {rnd.choice(WORDS)}", "type": rnd.choice(PROJECT_TYPES),
             "received_on": start + dt.timedelta(days=rnd.randint(0, 4000)), "prescriber_id": f"h{rnd.randint(1, 30)}",
             "mandatary_id": f"h{rnd.randint(1, 30)}" if i % 2 else None, "status": rnd.choice(PROJECT_STATUSES),
             "has_scores": False, "jobs_planned_created": rnd.randint(0, 12), "jobs_planned_maintained": rnd.randint(0, 30)}
            for i in range(1, n_projects + 1)])
        # Agendas: the list reads the meeting of every scheduled project (an undecided item).
        conn.execute(insert(m.Meeting), [{"id": f"m{k}", "date": start + dt.timedelta(days=30 * k)}
                                         for k in range(1, 151)])
        statuses = dict(conn.execute(m.Project.__table__.select().with_only_columns(
            m.Project.id, m.Project.status)).tuples().all())
        conn.execute(insert(m.AgendaItem), [
            {"meeting_id": f"m{rnd.randint(1, 150)}", "project_id": pid, "position": 1,
             "decision": None if status == "scheduled" else "approved"}
            for pid, status in statuses.items() if status not in ("received", "in_review", "withdrawn")])
    engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=10_000)
    args = parser.parse_args(argv)

    from PySide6.QtWidgets import QApplication, QTableView

    from alize_desktop.services.projects.projects import list_projects
    from alize_desktop.ui.projects.table_model import (
        RECEIVED_COLUMN,
        ProjectFilter,
        ProjectFilterProxy,
        ProjectTableModel,
    )

    app = QApplication.instance() or QApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="alize-bench-") as folder:
        path = pathlib.Path(folder) / "bench.sqlite"
        t0 = time.perf_counter()
        build(path, args.projects)
        print(f"base de {args.projects} projets construite en {time.perf_counter() - t0:.1f} s")
        engine = open_database(path, backup_before_migration=False)
        t0 = time.perf_counter()
        rows = list_projects(engine)
        print(f"lecture de la liste (une requête) : {1000 * (time.perf_counter() - t0):.0f} ms")
        engine.dispose()

    model = ProjectTableModel(None, today=FixedClock(dt.date(2026, 11, 26)).today)
    proxy = ProjectFilterProxy()
    proxy.setSourceModel(model)
    view = QTableView()
    view.setModel(proxy)
    view.resize(1366, 768)
    view.verticalHeader().hide()
    view.show()
    t0 = time.perf_counter()
    model.set_rows(rows)
    view.sortByColumn(RECEIVED_COLUMN, view.horizontalHeader().sortIndicatorOrder())
    app.processEvents()
    print(f"chargement dans la vue : {1000 * (time.perf_counter() - t0):.0f} ms")

    times = []
    for query in ("atelier sorne", "reprise", "export 12"):
        for k in range(1, len(query) + 1):
            t0 = time.perf_counter()
            proxy.set_filter(ProjectFilter(text=query[:k]))
            app.processEvents()
            times.append(1000 * (time.perf_counter() - t0))
        proxy.set_filter(ProjectFilter())
        app.processEvents()
    t0 = time.perf_counter()
    proxy.set_filter(ProjectFilter(statuses=frozenset({"in_follow_up"})))
    app.processEvents()
    status_ms = 1000 * (time.perf_counter() - t0)
    t0 = time.perf_counter()
    view.sortByColumn(2, view.horizontalHeader().sortIndicatorOrder())
    app.processEvents()
    sort_ms = 1000 * (time.perf_counter() - t0)

    worst = max(times)
    print(f"recherche, par frappe ({len(times)} frappes) : médiane {statistics.median(times):.1f} ms, "
          f"pire {worst:.1f} ms (objectif < {TARGET_MS:.0f} ms) : {'atteint' if worst < TARGET_MS else 'NON atteint'}")
    print(f"filtre par statut : {status_ms:.1f} ms ; tri par entreprise : {sort_ms:.1f} ms ; "
          f"lignes affichées : {proxy.rowCount()} sur {model.rowCount()}")
    view.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
