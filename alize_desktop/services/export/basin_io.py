"""Import of a whole basin from a file (data.json or bundle .zip), with the safety steps around it."""

from __future__ import annotations

import pathlib
import sqlite3
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from alize_desktop.db import DatabaseError, backup, fault_text, is_damage, open_database
from alize_desktop.fileio import os_error_text
from alize_desktop.interchange.importer import BasinExists, ImportRefused, has_basin, import_basin
from alize_desktop.interchange.validate import validate_basin
from alize_desktop.lock import DatabaseLock, LockedError


class ImportFailed(Exception):
    """Nothing was written; the message says why (in French)."""


def read_document(source: pathlib.Path) -> Any:
    """The format v1 document of a data.json file or of a bundle .zip (checked first)."""
    from alize_desktop.interchange.parsing import MAX_DOCUMENT_BYTES, DocumentUnreadable, parse_json

    if not source.exists():
        raise ImportFailed(f"fichier introuvable : {source}")
    if source.is_dir():
        raise ImportFailed(f"{source} est un dossier : indiquez le fichier data.json ou le paquet .zip")
    if not source.is_file():  # a pipe would be read forever, a device has no end
        raise ImportFailed(f"{source} n'est pas un fichier ordinaire : indiquez le fichier data.json ou le paquet .zip")
    if source.suffix.lower() == ".zip":
        from alize_desktop.interchange.bundle_reader import BundleRefused, read_bundle_data

        try:
            return read_bundle_data(source)
        except BundleRefused as exc:
            raise ImportFailed(str(exc)) from None
    try:
        if source.stat().st_size > MAX_DOCUMENT_BYTES:
            raise ImportFailed(f"{source} est trop gros pour un document ALIZÉ (plus de "
                               f"{MAX_DOCUMENT_BYTES // (1024 * 1024)} Mo)")
        raw = source.read_bytes()
    except OSError as exc:
        raise ImportFailed(os_error_text(exc, source)) from None
    try:
        return parse_json(raw, str(source))
    except DocumentUnreadable as exc:
        raise ImportFailed(str(exc)) from None


def import_document(engine: Engine, db_path: pathlib.Path, data: Any, *, replace: bool = False,
                    checked: bool = False) -> dict[str, int]:
    """Validate and import into an open database; with `replace`, back the file up first.

    All or nothing: raises ImportFailed with the reasons and writes nothing on refusal.
    """
    try:
        problems = [] if checked else validate_basin(data)
        if problems:
            raise ImportRefused(problems)
        if replace:
            with Session(engine) as s:
                exists = has_basin(s)
            if exists:
                backup(db_path, reason="avant-remplacement")
        return import_basin(engine, data, replace=replace, checked=True)
    except (ImportRefused, BasinExists, DatabaseError) as exc:
        raise ImportFailed(str(exc)) from None
    except DBAPIError as exc:
        raise ImportFailed(_write_failure(exc.orig or exc, db_path)) from None
    except sqlite3.Error as exc:
        raise ImportFailed(_write_failure(exc, db_path)) from None
    except OSError as exc:
        raise ImportFailed(f"Import refusé, rien n'a été écrit : {os_error_text(exc, db_path)}") from None
    except (OverflowError, UnicodeEncodeError, RecursionError, ValueError) as exc:
        # Every value is checked before; this is the last line of defence (names the kind only).
        raise ImportFailed(f"Import refusé, rien n'a été écrit : une valeur du document ne peut pas être "
                           f"enregistrée ({type(exc).__name__}) ; lancez « check » sur le fichier source") from None


def _write_failure(exc: BaseException, db_path: pathlib.Path) -> str:
    """French for a refusal of SQLite during the import (the transaction was rolled back).

    The constraint SQLite names is shown, never the statement or its parameters (personal data)."""
    if isinstance(exc, sqlite3.IntegrityError):
        rule = str(exc).split(":", 1)[-1].strip()[:120]
        return ("Import refusé, rien n'a été écrit : le document contient des valeurs contradictoires que la base "
                f"refuse (règle « {rule} ») ; corrigez le fichier source")
    if isinstance(exc, sqlite3.Error) and is_damage(exc):
        return "Import refusé, rien n'a été écrit : la base est endommagée ; restaurez une sauvegarde"
    return f"Import refusé, rien n'a été écrit : {fault_text(exc, db_path)}"


def import_file(db_path: pathlib.Path, source: pathlib.Path, *, replace: bool = False) -> dict[str, int]:
    """The command line's import: lock the file, open (create, migrate) it, import the document."""
    data = read_document(source)
    # Checked before the base is even opened: a refused document creates no file, no lock.
    problems = validate_basin(data)
    if problems:
        raise ImportFailed(str(ImportRefused(problems)))
    if db_path.exists() and not db_path.is_file():
        raise ImportFailed(f"{db_path} n'est pas un fichier de base (dossier, périphérique…) : vérifiez --db")
    try:
        with DatabaseLock(db_path):
            engine = open_database(db_path)
            try:
                return import_document(engine, db_path, data, replace=replace, checked=True)
            finally:
                engine.dispose()
    except (LockedError, DatabaseError) as exc:
        raise ImportFailed(str(exc)) from None
