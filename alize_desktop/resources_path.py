"""Where the shipped resources (fonts, texts, icons) live, installed or in a checkout."""

from __future__ import annotations

import pathlib
from importlib import resources


def resource_path(*parts: str) -> pathlib.Path:
    """Path of a file under resources/ (works from a wheel and from an editable checkout)."""
    base = pathlib.Path(str(resources.files("alize_desktop.resources")))
    return base.joinpath(*parts)
