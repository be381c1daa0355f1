"""The command line: the same services as the GUI, without Qt (Qt is imported only for the GUI)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import pathlib
import sys
from typing import Any

from alize_desktop import __version__
from alize_desktop.clock import ClockError, clock_from_environment
from alize_desktop.fileio import write_atomic

DOC_KINDS = ("partnership", "operator", "cooperation", "agenda", "minutes", "evaluation")


class CliError(Exception):
    """A refusal to report on stderr with exit status 1."""


FIRST_YEAR, LAST_YEAR = 1900, 2200  # as the import accepts (interchange/validate.py)


def _date(text: str) -> dt.date:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"date invalide « {text} » (attendu AAAA-MM-JJ)") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(f"date « {text} » hors des années permises ({FIRST_YEAR} à {LAST_YEAR})")
    return day


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
    try:
        # The command line's one clock: the machine's calendar, or ALIZE_TODAY when it is set.
        args.clock = clock_from_environment()
    except ClockError as exc:
        return _refuse(str(exc))
    if args.command is None:
        from alize_desktop.app import run_gui  # Qt only here

        return run_gui(db=args.db, demo=args.demo, clock=args.clock)
    try:
        return _dispatch(args)
    except CliError as exc:
        return _refuse(str(exc))
    except KeyboardInterrupt:
        return _refuse("interrompu, rien n'a été écrit")
    except BrokenPipeError:
        # The reader stopped early (`report | head`): not an error of ours, and no traceback.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except BaseException as exc:  # noqa: BLE001 - the top-level guard: no traceback reaches the operator
        if isinstance(exc, SystemExit):
            raise
        return _refuse(guard_text(exc))


def _refuse(message: str) -> int:
    text = f"alize-desktop : {message}"
    try:
        print(text, file=sys.stderr)
    except UnicodeEncodeError:  # a terminal that cannot show accents still gets the sentence
        sys.stderr.buffer.write((text + "\n").encode(sys.stderr.encoding or "ascii", "replace"))
        sys.stderr.flush()
    return 1


def guard_text(exc: BaseException) -> str:
    """The French sentence for an error no command turned into a refusal of its own.

    The exception text can hold the operator's data (SQL parameters: names, IBANs), so only its
    type and the stack go to the log file, never to the screen.
    """
    from alize_desktop.fileio import os_error_text

    if isinstance(exc, OSError):
        return os_error_text(exc) + " (rien d'autre n'a été modifié)"
    if isinstance(exc, MemoryError):
        return "mémoire insuffisante, rien n'a été modifié : fermez d'autres programmes puis recommencez"
    if isinstance(exc, RecursionError):
        return "données trop profondément imbriquées pour être traitées, rien n'a été écrit : vérifiez le fichier"
    if isinstance(exc, OverflowError):
        return ("une valeur numérique ou une date est hors des limites que le programme sait traiter, rien n'a "
                "été écrit : lancez « check » pour trouver l'enregistrement en cause")
    if isinstance(exc, UnicodeEncodeError):
        return ("un texte contient des caractères qui ne peuvent pas être écrits (caractères isolés invalides), "
                "rien n'a été modifié : corrigez ce texte puis recommencez")
    sqlite_error = _sqlite_cause(exc)
    if sqlite_error is not None:
        from alize_desktop.db import fault_text, is_damage

        if is_damage(sqlite_error):
            return "la base est endommagée : restaurez une sauvegarde (ouvrez la fenêtre, elle les propose)"
        return fault_text(sqlite_error, pathlib.Path("choisie")) + " (rien n'a été modifié)"
    where = _log_unexpected(exc)
    return ("erreur inattendue, rien n'a été modifié : signalez-la en joignant le journal "
            f"{where}" if where else "erreur inattendue, rien n'a été modifié : signalez-la à l'assistance")


def _sqlite_cause(exc: BaseException) -> Any:
    import sqlite3

    seen = 0
    current: BaseException | None = exc
    while current is not None and seen < 10:
        if isinstance(current, sqlite3.Error):
            return current
        orig = getattr(current, "orig", None)
        if isinstance(orig, sqlite3.Error):
            return orig
        current = current.__cause__ or current.__context__
        seen += 1
    return None


def _log_unexpected(exc: BaseException) -> str | None:
    """Type and stack of `exc` in the log file (never its text: it may hold personal data).

    A handler of its own, closed at once: the command line leaves the process's logging as it was."""
    import logging
    import logging.handlers
    import traceback

    from alize_desktop.paths import log_dir

    try:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / "alize-desktop.log"
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger = logging.getLogger("alize_desktop.cli.guard")
        logger.propagate = False
        logger.setLevel(logging.ERROR)
        logger.addHandler(handler)
        try:
            stack = "\n".join(f"  {f.filename}:{f.lineno} in {f.name}"
                              for f in traceback.extract_tb(exc.__traceback__))
            logger.error("erreur non prévue %s\n%s", type(exc).__name__, stack)
        finally:
            logger.removeHandler(handler)
            handler.close()
        return str(path)
    except Exception:  # noqa: BLE001 - the guard must never fail itself
        return None


def _today(args: argparse.Namespace) -> dt.date:
    """The command line's day (its clock, built in main), within the years the program can carry."""
    today = args.clock.today()
    if not FIRST_YEAR <= today.year <= LAST_YEAR:
        raise CliError(f"la date du jour ({today.isoformat()}) est hors des années permises : vérifiez ALIZE_TODAY "
                       "ou l'horloge de l'ordinateur")
    return today


def _db_path(args: argparse.Namespace) -> pathlib.Path:
    if args.db is not None:
        return args.db
    from alize_desktop.paths import default_database

    return default_database()


def _open(args: argparse.Namespace, *, plain: bool = False) -> Any:
    """The database of a read command: opened read-only, never created or migrated. `plain`: a
    command whose reads are all plain SQL gets db.PlainEngine (same checks, no SQLAlchemy)."""
    from alize_desktop.db import DatabaseError, open_plain_readonly, open_readonly

    try:
        return (open_plain_readonly if plain else open_readonly)(_db_path(args))
    except DatabaseError as exc:
        raise CliError(str(exc)) from None


def _check_outputs(args: argparse.Namespace, *outputs: tuple[str, pathlib.Path | None]) -> None:
    from alize_desktop.fileio import OutputRefused, check_outputs

    try:
        check_outputs(outputs, _db_path(args))
    except OutputRefused as exc:
        raise CliError(str(exc)) from None


def _write(path: pathlib.Path, payload: bytes) -> None:
    from alize_desktop.fileio import os_error_text

    try:
        write_atomic(path, payload)
    except OSError as exc:
        raise CliError(os_error_text(exc, path)) from None


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "network":  # ASTREES's receiving end: alize_desktop/network/cli.py
        from alize_desktop.network.cli import run_network

        return run_network(args)
    handler = {"import": _import, "export": _export, "report": _report, "document": _document,
               "check": _check}[args.command]
    return handler(args)


def _import(args: argparse.Namespace) -> int:
    from alize_desktop.services.export.basin_io import ImportFailed, import_file

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
    _check_outputs(args, ("-o", args.output), ("--eml", args.eml))
    if args.json:
        data = _snapshot(args)
        _write(args.output, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
        print(f"data.json écrit : {args.output}")
        return 0
    from alize_desktop.services.export.bundle import BundleError, export_bundle

    try:
        result = export_bundle(_db_path(args), args.output, as_of=args.as_of or _today(args), eml=args.eml,
                               to=args.to)
    except BundleError as exc:
        raise CliError(str(exc)) from None
    print(result)
    return 0


def _report(args: argparse.Namespace) -> int:
    from alize_desktop.basin import load_snapshot
    from alize_desktop.rules.report import ReportError, build_report, report_as_text

    as_of = args.as_of or _today(args)
    # The typed snapshot, not format v1: dates and cents as the rules want them, and no ISO text
    # to write then parse back (a network basin's report in two thirds of the time and memory).
    engine = _open(args)
    try:
        snapshot = load_snapshot(engine)
    finally:
        engine.dispose()
    if snapshot.basin is None:
        raise CliError("la base ne contient pas encore de bassin (importez un fichier ou créez-le)")
    try:
        report = build_report(snapshot, as_of, args.convention)
    except ReportError as exc:
        raise CliError(str(exc)) from None
    if args.json:
        # Compact: json's C encoder only runs without indentation (5x faster on a network basin).
        sys.stdout.write(json.dumps(report, ensure_ascii=False))
        sys.stdout.write("\n")
    else:
        print(report_as_text(report, snapshot))
    return 0


def _document(args: argparse.Namespace) -> int:
    from alize_desktop.documents import DocumentError
    from alize_desktop.services.conventions.document_options import document_bytes, format_for

    _check_outputs(args, ("-o", args.output))
    # A cooperation convention reads plain SQL only (its project's scope and the office's facts):
    # the process then never imports SQLAlchemy, the cost of setting the convention's whole text.
    engine = _open(args, plain=args.kind == "cooperation" and bool(args.project))
    try:
        pdf = document_bytes(engine, _db_path(args), args.kind, convention_id=args.convention,
                             project_id=args.project, meeting_id=args.meeting,
                             as_of=args.as_of or _today(args), fmt=format_for(args.output))
    except (DocumentError, LookupError) as exc:
        raise CliError(str(exc)) from None
    except Exception as exc:
        if type(exc).__name__ == "LayoutError":  # reportlab's: a cell taller than a page
            raise CliError(LAYOUT_FAILED) from None
        raise
    finally:
        engine.dispose()
    _write(args.output, pdf)
    print(f"Document écrit : {args.output}")
    return 0


LAYOUT_FAILED = ("le document n'a pas pu être mis en page : un texte est trop long pour tenir sur une page "
                 "(nom, description ou engagements d'un partenaire) ; raccourcissez-le puis recommencez")


def _check(args: argparse.Namespace) -> int:
    from alize_desktop.db import DatabaseError
    from alize_desktop.services.integrity import check_database

    try:
        problems = check_database(_db_path(args))
    except DatabaseError as exc:
        raise CliError(str(exc)) from None
    if problems:
        for p in problems:
            print(f"- {p}", file=sys.stderr)
        from alize_desktop.formatting import count

        raise CliError(count(len(problems), "problème trouvé"))
    print("Base saine : intégrité SQLite, références et règles vérifiées.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
