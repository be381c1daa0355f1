"""The `network` sub-command: ASTREES's receiving end (alize-desktop network --db-url URL …).

Kept apart from alize_desktop/cli.py, which only hooks it in (`add_network_parser`, `run_network`).
Without a sub-command it opens the « Réseau ALIZÉ » window (Qt imported only then).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import sys
from typing import Any

from alize_desktop.fileio import write_atomic
from alize_desktop.formatting import count


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » (attendu AAAA-MM-JJ)") from None


def add_network_parser(subparsers: Any) -> argparse.ArgumentParser:
    net = subparsers.add_parser(
        "network", help="réseau ALIZÉ (ASTREES) : recevoir les paquets des bassins, rapport du réseau",
        description="La tête de réseau reçoit les paquets des bassins dans une base commune (fichier SQLite "
                    "ou serveur PostgreSQL). Sans commande, ouvre la fenêtre « Réseau ALIZÉ ».")
    net.add_argument("--db-url", metavar="URL",
                     help="base du réseau : fichier .sqlite ou postgresql+psycopg://utilisateur@serveur/base "
                          "(défaut : reseau.sqlite dans le dossier du programme)")
    sub = net.add_subparsers(dest="network_command", metavar="COMMANDE")
    rec = sub.add_parser("receive", help="recevoir un ou plusieurs paquets .zip de bassins",
                         description="Vérifie puis range chaque paquet ; un paquet refusé ne change rien.")
    rec.add_argument("bundles", nargs="+", type=pathlib.Path, metavar="PAQUET.zip", help="les paquets reçus")
    rep = sub.add_parser("report", help="rapport du réseau (texte, --json, --csv, --pdf)",
                         description="Chiffres de chaque bassin et du réseau, par convention en cours et par année.")
    rep.add_argument("--json", action="store_true", help="sortie JSON complète")
    rep.add_argument("--as-of", type=_date, metavar="AAAA-MM-JJ", help="date des chiffres (défaut : aujourd'hui)")
    rep.add_argument("--csv", type=pathlib.Path, metavar="DOSSIER", help="écrire un fichier CSV par tableau")
    rep.add_argument("--pdf", type=pathlib.Path, metavar="FICHIER", help="écrire le PDF « Rapport du réseau »")
    sub.add_parser("basins", help="lister les bassins reçus", description="Liste les bassins et leur dernier paquet.")
    log = sub.add_parser("receptions", help="journal des réceptions", description="Chaque réception, acceptée ou refusée.")
    log.add_argument("--limit", type=int, default=50, metavar="N", help="nombre de lignes (défaut : 50)")
    return net


def run_network(args: argparse.Namespace) -> int:
    from alize_desktop.clock import ClockError, clock_from_environment
    from alize_desktop.network.db import NetworkDatabaseError, open_network

    try:
        clock = clock_from_environment()
        if args.network_command is None:
            from alize_desktop.ui.network.app import run_network_window  # Qt only here

            return run_network_window(args.db_url, clock)
        engine = open_network(args.db_url)
    except (ClockError, NetworkDatabaseError) as exc:
        print(f"alize-desktop : {exc}", file=sys.stderr)
        return 1
    try:
        handler = {"receive": _receive, "report": _report, "basins": _basins, "receptions": _receptions}
        return handler[args.network_command](engine, args, clock)
    except NetworkDatabaseError as exc:
        print(f"alize-desktop : {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    finally:
        engine.dispose()


def _receive(engine: Any, args: argparse.Namespace, clock: Any) -> int:
    from alize_desktop.network.reception import receive_bundle

    refused = 0
    for path in args.bundles:
        outcome = receive_bundle(engine, path, clock=clock)
        print(outcome.message, file=sys.stdout if outcome.accepted else sys.stderr)
        refused += not outcome.accepted
    if refused:
        print(f"alize-desktop : {count(refused, 'paquet refusé')} sur {len(args.bundles)}", file=sys.stderr)
        return 1
    return 0


def _report(engine: Any, args: argparse.Namespace, clock: Any) -> int:
    import gc

    from alize_desktop.network.report import build_network_report

    # Many small dicts without cycles: the collector would rescan them for nothing. Its state is put
    # back as it was: in a process whose GUI thread owns collection (ui/shell/collector.py), turning
    # it on would let it start in any thread, Qt's objects with it.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        import os

        # The command line is single-threaded: the basins are shared out between the cores.
        report = build_network_report(engine, args.as_of or clock.today(), workers=os.cpu_count() or 1)
    finally:
        if was_enabled:
            gc.enable()
    if args.csv is not None:
        from alize_desktop.network.report_csv import network_csv_files

        args.csv.mkdir(parents=True, exist_ok=True)
        for name, payload in network_csv_files(report).items():
            write_atomic(args.csv / name, payload)
        print(f"Tableaux CSV écrits dans {args.csv}", file=sys.stderr if args.json else sys.stdout)
    if args.pdf is not None:
        from alize_desktop.network.report_pdf import network_pdf

        write_atomic(args.pdf, network_pdf(report))
        print(f"Rapport du réseau écrit : {args.pdf}", file=sys.stderr if args.json else sys.stdout)
    if args.json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False))
        sys.stdout.write("\n")
    elif args.csv is None and args.pdf is None:
        print(report_text(report))
    return 0


def report_text(report: dict[str, Any]) -> str:
    from alize_desktop.formatting import money, percent

    net = report["network"]["running_conventions"]
    lines = [f"Rapport du réseau au {report['as_of']} : {count(report['basins_count'], 'bassin')}",
             f"Réseau : {net['jobs_created']} emplois créés (objectif {net['jobs_target']}), "
             f"{money(net['fund']['outstanding_cents'])} restant dus, taux de sinistre "
             f"{percent(net['fund']['loss_rate'], 2)} (référence {percent(net['loss_rate_benchmark'], 0)})"]
    for b in report["basins"]:
        r = b["report"]
        if r is None:
            lines.append(f"- {b['name']} : {b['problem']}")
            continue
        lines.append(f"- {b['name']} ({r['convention_id']}) : {r['jobs_created_total']} emplois créés sur "
                     f"{r['jobs_target_total']}, taux de sinistre {percent(r['fund']['loss_rate'], 2)}")
    return "\n".join(lines)


def _basins(engine: Any, args: argparse.Namespace, clock: Any) -> int:
    from alize_desktop.network.report import basin_rows

    rows = basin_rows(engine)
    if not rows:
        print("Aucun bassin reçu pour l'instant : recevez un paquet avec « network receive PAQUET.zip ».")
    for row in rows:
        print(f"{row['name']} — {row['key']} — exporté le {row['exported_at']}, reçu par {row['received_by']}")
    return 0


def _receptions(engine: Any, args: argparse.Namespace, clock: Any) -> int:
    from sqlalchemy import select

    from alize_desktop.network.models import Reception
    from alize_desktop.network.report import aware

    with engine.connect() as conn:
        rows = conn.execute(select(Reception).order_by(Reception.id.desc()).limit(args.limit)).all()
    if not rows:
        print("Aucune réception enregistrée pour l'instant.")
    for r in rows:
        state = "accepté" if r.accepted else f"refusé ({r.reason})"
        print(f"{aware(r.received_at).astimezone():%Y-%m-%d %H:%M} {r.received_by} {r.file_name} sha256 {r.file_sha256[:12]}… {state}")
    return 0
