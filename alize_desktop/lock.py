"""One program instance per database file.

An advisory lock (fcntl) on `<file>.lock`, which also records who holds it. Unlike QLockFile it
works without Qt, so the command line honours it too (an import cannot swap a basin under an
open window), and the kernel drops it when a process dies, so no stale lock survives a crash.

The lock file is opened without following a symbolic link (O_NOFOLLOW) and must be a regular
file: a link planted there never gets its target truncated.
"""

from __future__ import annotations

import errno
import fcntl
import getpass
import json
import os
import pathlib
import socket
import stat
from typing import Protocol


class Releasable(Protocol):
    """What a window holds on its base until it closes (a DatabaseLock, or a temporary copy)."""

    def release(self) -> None: ...


class LockedError(Exception):
    """Another process holds the database; the message says who."""


class LockUnusable(LockedError):
    """The lock file cannot be used (a link, a folder, a read-only place); the message says what to do."""


_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK


class DatabaseLock:
    def __init__(self, db_path: pathlib.Path | str):
        self.path = pathlib.Path(str(db_path) + ".lock")
        self._fd: int | None = None

    def holder(self) -> str:
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
            try:
                info = json.loads(os.read(fd, 4096).decode("utf-8"))
            finally:
                os.close(fd)
            return f"{info.get('user')} sur {info.get('host')} (processus {info.get('pid')})"
        except (OSError, ValueError, AttributeError):
            return "un autre programme"

    def _open(self) -> int:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, _FLAGS, 0o644)
        except OSError as exc:
            raise LockUnusable(self._problem(exc)) from None
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            os.close(fd)
            raise LockUnusable(f"le fichier de verrou {self.path} n'est pas un fichier ordinaire : "
                               "supprimez-le puis recommencez")
        return fd

    def _problem(self, exc: OSError) -> str:
        if exc.errno == errno.ELOOP or self.path.is_symlink():
            return (f"le fichier de verrou {self.path} est un lien symbolique, qui n'est jamais suivi : "
                    "supprimez-le puis recommencez")
        if exc.errno == errno.EISDIR or self.path.is_dir():
            return f"le fichier de verrou {self.path} est un dossier : supprimez-le ou renommez-le puis recommencez"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return (f"impossible de créer le verrou {self.path} (dossier en lecture seule ou protégé) : "
                    "copiez la base dans un dossier où vous pouvez écrire")
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return f"le disque est plein, le verrou {self.path} n'a pas pu être créé : libérez de la place"
        if exc.errno in (errno.ENOTDIR, errno.EEXIST):
            return (f"le dossier de la base, {self.path.parent}, n'est pas un dossier (un fichier porte ce nom) : "
                    "vérifiez le chemin de la base")
        from alize_desktop.fileio import os_error_text

        return f"le verrou de la base n'a pas pu être créé : {os_error_text(exc, self.path)}"

    def acquire(self) -> None:
        fd = self._open()
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            os.close(fd)
            raise LockedError(
                f"la base {self.path.with_suffix('')} est déjà ouverte par {self.holder()}"
            ) from None
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps({"user": _user(), "host": socket.gethostname(),
                                      "pid": os.getpid()}).encode("utf-8"), 0)
        except OSError:
            pass  # who holds the lock is only a courtesy; the lock itself is held
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

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
