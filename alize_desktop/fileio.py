"""Writing files so that an interruption never leaves half a file behind, and never over the base.

`write_atomic` writes beside the target then renames over it, keeping the mode of the file it
replaces (a shared 644 report stays 644). `check_outputs` refuses, before anything is written, an
output that is the database itself or one of its companions (`-wal`, `-shm`, the lock, the
backups or attachments folders), a folder, or another output of the same command.
"""

from __future__ import annotations

import errno
import os
import pathlib
import stat
import tempfile
from collections.abc import Iterable


class OutputRefused(ValueError):
    """An output the program will not write; the message (French) says why and what to do."""


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


_UMASK = _umask()  # read once at start-up: os.umask cannot be read without being set


def database_companions(db_path: pathlib.Path) -> list[pathlib.Path]:
    """The database file and every file or folder that belongs to it."""
    base = str(db_path)
    return [db_path, *(pathlib.Path(base + s) for s in ("-wal", "-shm", "-journal", ".lock", ".backups",
                                                      ".pieces", ".import-in-progress"))]


def _same(a: pathlib.Path, b: pathlib.Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return _key(a) == _key(b)


def _key(p: pathlib.Path) -> str:
    return os.path.normcase(str(p.resolve(strict=False)))


def _inside(path: pathlib.Path, folder: pathlib.Path) -> bool:
    try:
        return path.resolve(strict=False).is_relative_to(folder.resolve(strict=False))
    except OSError:
        return False


def check_outputs(outputs: Iterable[tuple[str, pathlib.Path | str | None]],
                  db_path: pathlib.Path | str | None = None) -> None:
    """Refuse outputs (label, path) that would overwrite the database, its companions, a folder or
    one another. Raises OutputRefused naming the option."""
    given = [(label, pathlib.Path(p)) for label, p in outputs if p is not None]
    db = pathlib.Path(db_path) if db_path is not None else None
    for i, (label, path) in enumerate(given):
        if path.is_dir():
            raise OutputRefused(f"{label} {path} est un dossier : indiquez le nom du fichier à écrire")
        if _system_path(path) or (path.exists() and not path.is_file()):  # /dev/null, a pipe, a terminal
            raise OutputRefused(f"{label} {path} n'est pas un fichier ordinaire (périphérique, tube…) : "
                                "rien n'a été écrit ; indiquez le nom d'un fichier")
        if db is not None:
            for companion in database_companions(db):
                if _same(path, companion) or (companion.suffix in (".backups", ".pieces")
                                               and _inside(path, companion)):
                    raise OutputRefused(
                        f"{label} {path} désigne la base de données elle-même ou un de ses fichiers "
                        f"({companion.name}) : rien n'a été écrit ; choisissez un autre nom de fichier")
        for other_label, other in given[:i]:
            if _same(path, other):
                raise OutputRefused(f"{label} et {other_label} désignent le même fichier ({path}) : "
                                    "rien n'a été écrit ; donnez-leur deux noms différents")


_SYSTEM = ("/dev/", "/proc/", "/sys/")


def _system_path(path: pathlib.Path) -> bool:
    """A path of the operating system's devices (/dev/stdout is a link into /proc)."""
    try:
        resolved = str(path.resolve(strict=False))
    except (OSError, RuntimeError):
        return True
    return str(path.absolute()).startswith(_SYSTEM) or resolved.startswith(_SYSTEM)


def real_target(path: pathlib.Path) -> pathlib.Path:
    """The file a write replaces: through a symbolic link, its target (the link itself is kept)."""
    try:
        return path.resolve(strict=False) if path.is_symlink() else path
    except (OSError, RuntimeError):
        return path


def os_error_text(exc: OSError, path: pathlib.Path | str | None = None) -> str:
    """One French sentence for a failure of the file system, saying what to do."""
    where = str(path or exc.filename or "le fichier")
    code = exc.errno
    if code == errno.ENOSPC or code == errno.EDQUOT:
        return f"le disque est plein, {where} n'a pas été écrit : libérez de la place puis recommencez"
    if code == errno.EROFS:
        return f"le support de {where} est en lecture seule : choisissez un autre dossier"
    if code in (errno.EACCES, errno.EPERM):
        return f"permission refusée pour {where} : choisissez un dossier où vous pouvez écrire"
    if code == errno.EISDIR:
        return f"{where} est un dossier : indiquez le nom d'un fichier"
    if code == errno.ENOTDIR:
        return f"le chemin {where} passe par un fichier qui n'est pas un dossier : vérifiez-le"
    if code == errno.ENOENT:
        return f"{where} est introuvable : vérifiez le chemin"
    if code == errno.ELOOP:
        return f"{where} est un lien symbolique en boucle ou refusé : supprimez-le puis recommencez"
    if code == errno.ENAMETOOLONG:
        return f"le nom {where} est trop long : choisissez un nom plus court"
    if code == errno.EINVAL and exc.strerror == "not a regular file":
        return f"{where} n'est pas un fichier ordinaire (périphérique, tube…) : indiquez le nom d'un fichier"
    if code == errno.EIO:
        return f"erreur du disque en lisant ou écrivant {where} : vérifiez le support puis recommencez"
    return f"{where} n'a pas pu être lu ou écrit (erreur du système n° {code}) : vérifiez-le puis recommencez"


def target_mode(path: pathlib.Path) -> int:
    """The mode the written file must have: the replaced file's, else what a new file would get."""
    try:
        st = os.stat(path)
        if stat.S_ISREG(st.st_mode):
            return stat.S_IMODE(st.st_mode)
    except OSError:
        pass
    return 0o666 & ~_UMASK


def temporary_beside(path: pathlib.Path) -> pathlib.Path:
    """A new empty temporary file beside `path` (same file system, so the rename is atomic)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(fd)
    return pathlib.Path(tmp)


def replace_with(tmp: pathlib.Path, path: pathlib.Path) -> None:
    """Rename the finished temporary over `path`, with the mode `path` had (or a new file's)."""
    os.chmod(tmp, target_mode(path))
    os.replace(tmp, path)


def write_atomic(path: pathlib.Path, payload: bytes) -> None:
    """Write beside the target then rename over it (atomic on the same file system)."""
    path = real_target(pathlib.Path(path))
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(path))
    if _system_path(path) or (path.exists() and not path.is_file()):  # a device or a pipe is never renamed over
        raise OSError(errno.EINVAL, "not a regular file", str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temporary_beside(path)
    try:
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        replace_with(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
