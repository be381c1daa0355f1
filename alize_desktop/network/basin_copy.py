"""A basin of the network rebuilt as an ordinary basin database, to be read in the normal pages.

The network keeps each basin's last bundle as its format v1 document (`data.json`). To show it in
the basin's own pages, that document is imported — checked by every rule, all or nothing, the
schema at head — into a fresh SQLite file in a private temporary folder. That is the only write
the copy ever gets: its journal is folded into the file (no -wal beside it) and the file is made
read-only on disk before the window opens it read-only (db.open_readonly). `release()` deletes
the folder; the interpreter deletes it at exit if a window never closed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import pathlib
import sqlite3
import stat
import tempfile

from sqlalchemy import Engine, select

from alize_desktop.db import DatabaseError, open_database
from alize_desktop.interchange.importer import BasinExists, ImportRefused, import_basin
from alize_desktop.interchange.validate import validate_basin
from alize_desktop.network import models as nm
from alize_desktop.network.report import load_data

FILE_NAME = "bassin-reseau.sqlite"


class BasinCopyError(Exception):
    """The copy could not be made; nothing is left on disk. The message is one French sentence."""


@dataclasses.dataclass
class BasinCopy:
    """The temporary basin file of one network basin and where it comes from."""

    path: pathlib.Path
    key: str
    name: str
    exported_at: dt.datetime  # the instant its last bundle was exported (the basin's own clock)
    _folder: tempfile.TemporaryDirectory[str] = dataclasses.field(repr=False)

    @property
    def folder(self) -> pathlib.Path:
        return pathlib.Path(self._folder.name)

    def release(self) -> None:
        """Delete the copy and its folder (the window closed; its engine is disposed first)."""
        self._folder.cleanup()


def build_basin_copy(network: Engine, key: str) -> BasinCopy:
    """Rebuild basin `key` of the network into a new temporary SQLite file (BasinCopyError if not)."""
    with network.connect() as conn:
        row = conn.execute(select(nm.Basin.name, nm.Basin.exported_at).where(nm.Basin.key == key)).one_or_none()
    if row is None:
        raise BasinCopyError("Ce bassin n'est plus dans la base du réseau : actualisez la liste.")
    name, exported_at = row
    data = load_data(network, key)
    problems = validate_basin(data)
    if problems:
        raise BasinCopyError(f"Le dernier paquet du bassin « {name} » ne passe plus les contrôles "
                             f"({problems[0]}) : demandez au bassin un nouveau paquet.")
    folder = tempfile.TemporaryDirectory(prefix="alize-reseau-")
    path = pathlib.Path(folder.name) / FILE_NAME
    try:
        engine = open_database(path, backup_before_migration=False)
        try:
            import_basin(engine, data, checked=True)
        finally:
            engine.dispose()
        with sqlite3.connect(path) as con:
            con.execute("PRAGMA journal_mode=DELETE")  # one self-contained file: a reader needs no -wal
        con.close()
        os.chmod(path, stat.S_IRUSR)  # nobody writes it, not even by mistake
    except (DatabaseError, ImportRefused, BasinExists, sqlite3.Error, OSError) as exc:
        folder.cleanup()
        raise BasinCopyError(f"Le bassin « {name} » ne peut pas être ouvert ({exc}) : "
                             "vérifiez la place libre du disque puis réessayez.") from None
    except BaseException:
        folder.cleanup()
        raise
    return BasinCopy(path=path, key=key, name=name, exported_at=dt.datetime.fromisoformat(exported_at),
                     _folder=folder)
