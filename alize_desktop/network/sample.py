"""Data-only bundles: data.json and its manifest, as the bundle reader checks them.

The full ASTREES bundle (services/bundle_export.py) also carries report.json, the CSV tables and
the PDFs; the network only reads data.json and the manifest's date and period. This light
bundle is what the tests and the benchmark receive: 31 full
bundles would take minutes to render for nothing the reception reads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pathlib
import zipfile
from collections.abc import Mapping
from typing import Any

from alize_desktop import __version__
from alize_desktop.rules.evaluation import (
    bundle_convention,
)

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def write_data_bundle(data: Mapping[str, Any], path: pathlib.Path, as_of: dt.date) -> pathlib.Path:
    """Write `path` (.zip) holding `data` as data.json and a manifest with sizes and SHA-256."""
    payload = (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    manifest = {
        "format": "alize-bundle", "version": 1, "program": {"name": "ALIZÉ Desktop", "version": __version__},
        "basin": data["basin"]["name"], "as_of": as_of.isoformat(), "exported_at": data["exported_at"],
        "convention": bundle_convention(data.get("conventions") or [], as_of),
        "files": [{"name": "data.json", "size": len(payload), "sha256": hashlib.sha256(payload).hexdigest()}],
        "notes": ["Paquet réduit : data.json seul."], "warnings": [],
    }
    members = {"data.json": payload,
               "manifest.json": (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")}
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o100644 << 16
            zf.writestr(info, members[name], compresslevel=6)
    return path


def demo_network_basin(seed: int, today: dt.date, number: int | None = None) -> dict[str, Any]:
    """A demo basin of the generator with its own name (the demo basins all share one name)."""
    from alize_desktop.demo import generate_demo_basin

    data = generate_demo_basin(seed=seed, today=today)
    data["basin"]["name"] = f"Bassin d'essai n° {number if number is not None else seed}"
    return data


def stamp(data: dict[str, Any], moment: str) -> dict[str, Any]:
    """The same basin exported at another moment (a later bundle of the same basin)."""
    data["exported_at"] = moment
    return data
