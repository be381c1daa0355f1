"""Accept either a snapshot or a format v1 document where a rule used to take the document."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .from_v1 import snapshot_from_v1
from .snapshot import Snapshot


def as_snapshot(data: Snapshot | Mapping[str, Any]) -> Snapshot:
    """`data` itself when it is a snapshot, else the snapshot of the format v1 document."""
    return data if isinstance(data, Snapshot) else snapshot_from_v1(data)
