"""A basin's stable identity in the network database (docs/NETWORK.md).

The operator's SIRET when the bundle gives one (it survives a renaming of the basin), else the
basin's name with its spaces tidied. Keys are prefixed so that the two kinds never collide.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_SPACES = re.compile(r"\s+")


def basin_key(data: Mapping[str, Any]) -> str:
    """`siret:<14 digits>` or `nom:<basin name>` for a format v1 document already validated."""
    basin = data.get("basin") or {}
    siret = ((basin.get("operator") or {}).get("siret") or "").replace(" ", "")
    if siret:
        return f"siret:{siret}"
    return "nom:" + _SPACES.sub(" ", str(basin.get("name") or "")).strip()


def key_label(key: str) -> str:
    """The identity as the operator reads it."""
    kind, _, value = key.partition(":")
    return f"SIRET {value}" if kind == "siret" else f"nom « {value} »"
