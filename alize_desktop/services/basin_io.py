"""Import of a whole basin from a file (data.json or bundle .zip), with the safety steps around it."""

from __future__ import annotations

import json
import pathlib
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from alize_desktop.db import DatabaseError, backup, open_database
from alize_desktop.interchange.importer import BasinExists, ImportRefused, has_basin, import_basin
from alize_desktop.interchange.validate import validate_basin
from alize_desktop.lock import DatabaseLock, LockedError


class ImportFailed(Exception):
    """Nothing was written; the message says why (in French)."""


def read_document(source: pathlib.Path) -> Any:
    """The format v1 document of a data.json file or of a bundle .zip (checked first)."""
    if not source.exists():
        raise ImportFailed(f"fichier introuvable : {source}")
    if source.suffix.lower() == ".zip":
        from alize_desktop.interchange.bundle_reader import BundleRefused, read_bundle_data

        try:
            return read_bundle_data(source)
        except BundleRefused as exc:
            raise ImportFailed(str(exc)) from None
    try:
        return json.loads(source.read_text("utf-8"))
    except UnicodeDecodeError:
        raise ImportFailed(f"{source} n'est pas un texte UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ImportFailed(f"{source} n'est pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno})") from None


def import_document(engine: Engine, db_path: pathlib.Path, data: Any, *, replace: bool = False) -> dict[str, int]:
    """Validate and import into an open database; with `replace`, back the file up first.

    All or nothing: raises ImportFailed with the reasons and writes nothing on refusal.
    """
    try:
        problems = validate_basin(data)
        if problems:
            raise ImportRefused(problems)
        if replace:
            with Session(engine) as s:
                exists = has_basin(s)
            if exists:
                backup(db_path, reason="avant-remplacement")
        return import_basin(engine, data, replace=replace)
    except (ImportRefused, BasinExists, DatabaseError) as exc:
        raise ImportFailed(str(exc)) from None


def import_file(db_path: pathlib.Path, source: pathlib.Path, *, replace: bool = False) -> dict[str, int]:
    """The command line's import: lock the file, open (create, migrate) it, import the document."""
    data = read_document(source)
    try:
        with DatabaseLock(db_path):
            engine = open_database(db_path)
            try:
                return import_document(engine, db_path, data, replace=replace)
            finally:
                engine.dispose()
    except (LockedError, DatabaseError) as exc:
        raise ImportFailed(str(exc)) from None
