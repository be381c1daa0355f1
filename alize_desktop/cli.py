"""The command line: the same services as the GUI, without Qt (Qt is imported only for the GUI)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import sys
from typing import Any

from alize_desktop import __version__
from alize_desktop.fileio import write_atomic

DOC_KINDS = ("partnership", "operator", "cooperation", "agenda", "minutes", "evaluation")


class CliError(Exception):
    """A refusal to report on stderr with exit status 1."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » (attendu AAAA-MM-JJ)") from None


# argparse's own words (usage, help, errors) in French: it looks them up through its module-level
# gettext function, which is replaced by this table (the program ships no message catalogue).
_ARGPARSE_FR = {
    "usage: ": "usage : ",
    "positional arguments": "arguments",
    "options": "options",
    "show this help message and exit": "afficher cette aide et quitter",
    "show program's version number and exit": "afficher la version du programme et quitter",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choisir parmi %(choices)s)",
    "expected one argument": "une valeur est attendue",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s (%(matches)s ?)",
}
argparse._ = lambda text: _ARGPARSE_FR.get(text, text)  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="alize-desktop",
        description="ALIZÉ Desktop — le programme de bureau de l'opérateur local ALIZÉ. "
        "Sans commande, ouvre la fenêtre.",
    )
    p.add_argument("--version", action="version", version=f"alize-desktop {__version__}")
    p.add_argument("--db", type=pathlib.Path, metavar="FICHIER", help="fichier de base de données (créé et migré s'il est neuf)")
    p.add_argument("--demo", action="store_true", help="ouvrir la fenêtre sur un bassin de démonstration neuf")
    sub = p.add_subparsers(dest="command", metavar="COMMANDE")

    imp = sub.add_parser("import", help="importer un bassin (data.json ou paquet .zip au format v1)",
                         description="Importe un bassin au format v1 : tout ou rien.")
    imp.add_argument("data", type=pathlib.Path, metavar="DONNÉES", help="data.json ou paquet .zip")
    imp.add_argument("--replace", action="store_true",
                     help="remplacer le bassin existant (la base est sauvegardée avant)")

    exp = sub.add_parser("export", help="exporter le paquet ASTREES (.zip) ou data.json seul",
                         description="Exporte le paquet ASTREES, ou data.json seul avec --json.")
    exp.add_argument("-o", "--output", type=pathlib.Path, required=True, metavar="FICHIER", help="fichier à écrire")
    exp.add_argument("--json", action="store_true", help="écrire data.json seul (format v1)")
    exp.add_argument("--as-of", type=_date, metavar="AAAA-MM-JJ", help="date des chiffres du rapport (défaut : aujourd'hui)")
    exp.add_argument("--eml", type=pathlib.Path, metavar="BROUILLON.eml", help="écrire aussi un brouillon de courriel (.eml)")
    exp.add_argument("--to", metavar="ADRESSE", help="destinataire du courriel (défaut : l'adresse ASTREES des réglages)")

    rep = sub.add_parser("report", help="chiffres d'évaluation d'une convention",
                         description="Affiche les chiffres d'évaluation (report.json avec --json).")
    rep.add_argument("--json", action="store_true", help="sortie report.json (format d'échange)")
    rep.add_argument("--as-of", type=_date, metavar="AAAA-MM-JJ", help="date des chiffres (défaut : aujourd'hui)")
    rep.add_argument("--convention", metavar="ID", help="identifiant de la convention (défaut : celle en cours)")

    doc = sub.add_parser("document", help="produire un document PDF",
                         description="Produit un document PDF : " + ", ".join(DOC_KINDS) + ".")
    doc.add_argument("kind", choices=DOC_KINDS, help="type de document")
    doc.add_argument("--project", metavar="ID", help="projet (convention de coopération)")
    doc.add_argument("--meeting", metavar="ID", help="comité (ordre du jour, procès-verbal)")
    doc.add_argument("--convention", metavar="ID", help="convention de partenariat (conventions, évaluation)")
    doc.add_argument("--as-of", type=_date, metavar="AAAA-MM-JJ", help="date des chiffres (évaluation)")
    doc.add_argument("-o", "--output", type=pathlib.Path, required=True, metavar="FICHIER", help="fichier PDF à écrire")

    sub.add_parser("check", help="vérifier l'intégrité et les règles de la base",
                   description="Vérifie l'intégrité du fichier et les règles du programme.")
    from alize_desktop.network.cli import add_network_parser  # ASTREES's receiving end (network/cli.py)

    add_network_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from alize_desktop.app import run_gui  # Qt only here

        return run_gui(db=args.db, demo=args.demo)
    try:
        return _dispatch(args)
    except CliError as exc:
        print(f"alize-desktop : {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("alize-desktop : interrompu, rien n'a été écrit", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader stopped early (`report | head`): not an error of ours, and no traceback.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _db_path(args: argparse.Namespace) -> pathlib.Path:
    if args.db is not None:
        return args.db
    from alize_desktop.paths import default_database

    return default_database()


def _open(args: argparse.Namespace) -> Any:
    from alize_desktop.db import DatabaseError, open_database

    try:
        return open_database(_db_path(args))
    except DatabaseError as exc:
        raise CliError(str(exc)) from None


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "network":  # ASTREES's receiving end: alize_desktop/network/cli.py
        from alize_desktop.network.cli import run_network

        return run_network(args)
    handler = {"import": _import, "export": _export, "report": _report, "document": _document,
               "check": _check}[args.command]
    return handler(args)


def _import(args: argparse.Namespace) -> int:
    from alize_desktop.services.basin_io import ImportFailed, import_file

    path = _db_path(args)
    try:
        counts = import_file(path, args.data, replace=args.replace)
    except ImportFailed as exc:
        raise CliError(str(exc)) from None
    total = sum(counts.values())
    print(f"Import terminé : {total} enregistrements ({counts['projects']} projets, "
          f"{counts['meetings']} comités) dans {path}")
    return 0


def _snapshot(args: argparse.Namespace) -> dict[str, Any]:
    from alize_desktop.interchange.exporter import export_basin

    engine = _open(args)
    try:
        return export_basin(engine)
    except LookupError as exc:
        raise CliError(str(exc)) from None
    finally:
        engine.dispose()


def _export(args: argparse.Namespace) -> int:
    if args.json:
        data = _snapshot(args)
        write_atomic(args.output, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        print(f"data.json écrit : {args.output}")
        return 0
    from alize_desktop.services.bundle_export import BundleError, export_bundle

    try:
        result = export_bundle(_db_path(args), args.output, as_of=args.as_of, eml=args.eml, to=args.to)
    except BundleError as exc:
        raise CliError(str(exc)) from None
    print(result)
    return 0


def _report(args: argparse.Namespace) -> int:
    import gc

    from alize_desktop.rules.report import ReportError, build_report, report_as_text

    # Hundreds of thousands of small dicts: the cyclic collector would rescan them over and over
    # for nothing (they hold no cycles), so it is paused for this short-lived command.
    gc.disable()
    data = _snapshot(args)
    try:
        report = build_report(data, args.as_of or dt.date.today(), args.convention)
    except ReportError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        del data  # frees the snapshot (most of the memory) before the text is built
        # Compact: json's C encoder only runs without indentation (5x faster on a network basin).
        sys.stdout.write(json.dumps(report, ensure_ascii=False))
        sys.stdout.write("\n")
    else:
        print(report_as_text(report, data))
    return 0


def _document(args: argparse.Namespace) -> int:
    from alize_desktop.documents import DocumentError
    from alize_desktop.services.document_options import document_bytes

    engine = _open(args)
    try:
        pdf = document_bytes(engine, _db_path(args), args.kind, convention_id=args.convention,
                             project_id=args.project, meeting_id=args.meeting, as_of=args.as_of)
    except (DocumentError, LookupError) as exc:
        raise CliError(str(exc)) from None
    finally:
        engine.dispose()
    write_atomic(args.output, pdf)
    print(f"Document écrit : {args.output}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from alize_desktop.services.integrity import check_database

    problems = check_database(_db_path(args))
    if problems:
        for p in problems:
            print(f"- {p}", file=sys.stderr)
        raise CliError(f"{len(problems)} problème(s) trouvé(s)")
    print("Base saine : intégrité SQLite, références et règles vérifiées.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
