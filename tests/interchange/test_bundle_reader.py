"""Import of a bundle: every hash checked, hostile archives refused before anything is read or written."""

from __future__ import annotations

import hashlib
import json
import pathlib
import stat
import warnings
import zipfile

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.db import open_database
from alize_desktop.interchange.bundle_reader import (
    MAX_MEMBER_BYTES,
    BundleRefused,
    check_directory,
    read_bundle_data,
)
from alize_desktop.services.export.basin_io import ImportFailed, import_file


def _dumps(doc: object) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def manifest_for(members: dict[str, bytes]) -> bytes:
    return _dumps({"format": "alize-bundle", "version": 1, "files": [
        {"name": n, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()} for n, b in sorted(members.items())]})


def write_zip(path: pathlib.Path, entries: list[tuple[zipfile.ZipInfo | str, bytes]]) -> pathlib.Path:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate name we mean to write
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for info, payload in entries:
                zf.writestr(info, payload)
    return path


def good_members(data: dict) -> dict[str, bytes]:
    return {"data.json": _dumps(data), "csv/partners.csv": "\ufeffid;name\r\n".encode()}


def bundle_of(path: pathlib.Path, members: dict[str, bytes], extra: list | None = None,
              manifest: bytes | None = None) -> pathlib.Path:
    entries: list = [(n, b) for n, b in members.items()]
    entries.append(("manifest.json", manifest if manifest is not None else manifest_for(members)))
    return write_zip(path, entries + (extra or []))


def _state(db: pathlib.Path) -> tuple[int, int]:
    engine = open_database(db)
    try:
        with Session(engine) as s:
            return (s.scalar(select(func.count()).select_from(m.Basin)),
                    s.scalar(select(func.count()).select_from(m.JournalEntry)))
    finally:
        engine.dispose()


def test_good_bundle_imports_and_round_trips(empty_db, demo_data, tmp_path) -> None:
    path = bundle_of(tmp_path / "ok.zip", good_members(demo_data))
    assert read_bundle_data(path) == demo_data
    counts = import_file(empty_db, path)
    assert counts["projects"] == len(demo_data["projects"])
    from alize_desktop.interchange.exporter import export_basin

    engine = open_database(empty_db)
    back = export_basin(engine)
    engine.dispose()
    back.pop("exported_at")
    assert back == {k: v for k, v in demo_data.items() if k != "exported_at"}


def _symlink(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


HOSTILE = {
    "traversal": ([("../x", b"evil")], "sort du paquet"),
    "traversal_inside": ([("csv/../../x", b"evil")], "sort du paquet"),
    "absolute": ([("/tmp/alize-evil", b"evil")], "chemin absolu"),
    "windows_drive": ([("C:/evil.txt", b"evil")], "chemin absolu"),
    "symlink": ([(_symlink("documents/lien"), b"/etc/passwd")], "lien symbolique"),
    "bomb": ([("documents/bombe.bin", b"\0" * (20 * 1024 * 1024))], "archive piégée"),
    "duplicate": ([("data.json", b"{}")], "en double"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_archives_are_refused_before_anything_is_written(case, empty_db, demo_data, tmp_path) -> None:
    extra, message = HOSTILE[case]
    folder = tmp_path / "depot"
    folder.mkdir()
    path = bundle_of(folder / f"{case}.zip", good_members(demo_data), extra=extra)
    before = _state(empty_db)
    with pytest.raises(ImportFailed, match=message):
        import_file(empty_db, path)
    assert _state(empty_db) == before == (0, 0)
    assert sorted(p.name for p in folder.iterdir()) == [f"{case}.zip"]
    assert not (tmp_path / "x").exists() and not pathlib.Path("/tmp/alize-evil").exists()


def test_tampered_file_is_refused(empty_db, demo_data, tmp_path) -> None:
    members = good_members(demo_data)
    manifest = manifest_for(members)
    tampered = dict(demo_data, basin=dict(demo_data["basin"], name="Bassin falsifié"))
    path = bundle_of(tmp_path / "t.zip", {**members, "data.json": _dumps(tampered)}, manifest=manifest)
    with pytest.raises(ImportFailed, match="« data.json » a été modifié depuis l'export"):
        import_file(empty_db, path)
    assert _state(empty_db) == (0, 0)


def test_member_missing_from_manifest_is_refused(empty_db, demo_data, tmp_path) -> None:
    path = bundle_of(tmp_path / "m.zip", good_members(demo_data), extra=[("documents/ajout.pdf", b"%PDF")])
    with pytest.raises(ImportFailed, match="« documents/ajout.pdf » n'est pas listé dans manifest.json"):
        import_file(empty_db, path)
    assert _state(empty_db) == (0, 0)


def test_listed_file_missing_and_no_manifest_are_refused(demo_data, tmp_path) -> None:
    members = good_members(demo_data)
    manifest = manifest_for(members)
    del members["csv/partners.csv"]
    with pytest.raises(BundleRefused, match="manque dans le paquet"):
        read_bundle_data(bundle_of(tmp_path / "a.zip", members, manifest=manifest))
    with pytest.raises(BundleRefused, match="pas de manifest.json"):
        read_bundle_data(write_zip(tmp_path / "b.zip", [("data.json", _dumps(demo_data))]))


def test_oversized_member_is_refused_on_its_header() -> None:
    info = zipfile.ZipInfo("data.json")
    info.file_size, info.compress_size = MAX_MEMBER_BYTES + 1, MAX_MEMBER_BYTES + 1
    with pytest.raises(BundleRefused, match="trop gros"):
        check_directory([info])


def test_not_a_zip_is_refused(empty_db, tmp_path) -> None:
    path = tmp_path / "faux.zip"
    path.write_text("ceci n'est pas une archive", encoding="utf-8")
    with pytest.raises(ImportFailed, match="n'est pas une archive .zip lisible"):
        import_file(empty_db, path)
