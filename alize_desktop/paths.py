"""Where the program keeps its files (platformdirs), and where a database keeps its attachments."""

from __future__ import annotations

import pathlib

import platformdirs

APP = "alize-desktop"


def data_dir() -> pathlib.Path:
    return pathlib.Path(platformdirs.user_data_dir(APP, appauthor=False))


def log_dir() -> pathlib.Path:
    return pathlib.Path(platformdirs.user_log_dir(APP, appauthor=False))


def default_database() -> pathlib.Path:
    return data_dir() / "alize.sqlite"


def demo_database() -> pathlib.Path:
    return data_dir() / "demo.sqlite"


def attachments_dir(db_path: pathlib.Path) -> pathlib.Path:
    """Signed scans and annexes are kept beside the database, in `<file>.pieces/`."""
    return db_path.with_name(db_path.name + ".pieces")
