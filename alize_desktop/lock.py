"""One program instance per database file.

An advisory lock (fcntl) on `<file>.lock`, which also records who holds it. Unlike QLockFile it
works without Qt, so the command line honours it too (an import cannot swap a basin under an
open window), and the kernel drops it when a process dies, so no stale lock survives a crash.
"""

from __future__ import annotations

import fcntl
import getpass
import json
import os
import pathlib
import socket
from typing import IO


class LockedError(Exception):
    """Another process holds the database; the message says who."""


class DatabaseLock:
    def __init__(self, db_path: pathlib.Path | str):
        self.path = pathlib.Path(str(db_path) + ".lock")
        self._fh: IO[str] | None = None

    def holder(self) -> str:
        try:
            info = json.loads(self.path.read_text("utf-8"))
            return f"{info.get('user')} sur {info.get('host')} (processus {info.get('pid')})"
        except (OSError, ValueError):
            return "un autre programme"

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - kept open while locked
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            fh.close()
            raise LockedError(
                f"la base {self.path.with_suffix('')} est déjà ouverte par {self.holder()}"
            ) from None
        fh.seek(0)
        fh.truncate()
        fh.write(json.dumps({"user": _user(), "host": socket.gethostname(), "pid": os.getpid()}))
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    def __enter__(self) -> DatabaseLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name in some containers
        return "inconnu"
