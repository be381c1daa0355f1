"""Writing files so that an interruption never leaves half a file behind."""

from __future__ import annotations

import os
import pathlib
import tempfile


def write_atomic(path: pathlib.Path, payload: bytes) -> None:
    """Write beside the target then rename over it (atomic on the same file system)."""
    path = pathlib.Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        pathlib.Path(tmp).unlink(missing_ok=True)
        raise
