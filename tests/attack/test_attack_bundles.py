"""Hostile bundles: corrupt members, bombs, too many members: one French sentence, nothing written."""

from __future__ import annotations

import hashlib
import json
import os
import pathlib
import struct
import zipfile

import pytest
from attack_helpers import assert_refused, files_of

from alize_desktop.interchange import bundle_reader
from alize_desktop.interchange.bundle_reader import BundleRefused, check_directory, read_bundle_data


def _manifest(members: dict[str, bytes]) -> bytes:
    files = [{"name": n, "size": len(b), "sha256": hashlib.sha256(b).hexdigest()} for n, b in sorted(members.items())]
    return json.dumps({"format": "alize-bundle", "version": 1, "files": files}).encode()


def _bundle(path: pathlib.Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> pathlib.Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, payload in members.items():
            zf.writestr(name, payload, compress_type=compression)
        zf.writestr("manifest.json", _manifest(members))
    return path


def _damage_member(path: pathlib.Path, name: str, filler: bytes) -> None:
    """Overwrite the compressed bytes of `name` (sizes and CRC left as they were)."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    offset = info.header_offset
    name_len, extra_len = struct.unpack("<HH", raw[offset + 26: offset + 30])
    start = offset + 30 + name_len + extra_len
    size = info.compress_size
    raw[start + 2: start + size] = (filler * size)[: size - 2]
    path.write_bytes(bytes(raw))


@pytest.fixture
def data_bytes(demo_data: dict) -> bytes:
    return (json.dumps(demo_data, ensure_ascii=False, indent=1) + "\n").encode()


@pytest.mark.parametrize("compression, filler", [
    (zipfile.ZIP_DEFLATED, b"\xff"),  # zlib.error: invalid block type
    (zipfile.ZIP_DEFLATED, b"\x00"),  # stored blocks of the wrong length, or a CRC mismatch
    (zipfile.ZIP_LZMA, b"\x5a"),  # LZMAError
    (zipfile.ZIP_BZIP2, b"\x42"),  # bz2: OSError "Invalid data stream"
])
def test_a_corrupt_member_is_one_sentence_and_writes_nothing(
    cli, tmp_path: pathlib.Path, demo_db: pathlib.Path, data_bytes: bytes, compression: int, filler: bytes  # type: ignore[no-untyped-def]
) -> None:
    bundle = _bundle(tmp_path / "paquet.zip", {"data.json": data_bytes}, compression)
    _damage_member(bundle, "data.json", filler)
    before = files_of(demo_db.parent)
    result = cli("--db", demo_db, "import", "--replace", bundle)
    assert_refused(result, "paquet")
    assert files_of(demo_db.parent) == before
    fresh = tmp_path / "neuve.sqlite"
    assert cli("--db", fresh, "import", bundle).code == 1
    assert not fresh.exists()


def test_a_sound_handmade_bundle_imports(cli, tmp_path: pathlib.Path, data_bytes: bytes) -> None:  # type: ignore[no-untyped-def]
    """Control case of this file: the refusals come from the damage, not from the harness."""
    bundle = _bundle(tmp_path / "paquet.zip", {"data.json": data_bytes, "csv/x.csv": b"a;b\r\n"})
    assert cli("--db", tmp_path / "b.sqlite", "import", bundle).code == 0


def test_too_many_members_are_refused_before_any_is_read(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    members = {f"csv/f{i}.csv": b"" for i in range(bundle_reader.MAX_MEMBERS + 1)}
    path = tmp_path / "beaucoup.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for name, payload in members.items():
            zf.writestr(name, payload)
    read: list[str] = []
    real = bundle_reader._read_member
    monkeypatch.setattr(bundle_reader, "_read_member", lambda zf, info, keep: read.append(info.filename) or real(zf, info, keep=keep))
    with pytest.raises(BundleRefused, match="plus que les 5000"):
        read_bundle_data(path)
    assert read == []


def test_the_total_size_is_bounded_on_the_directory_alone() -> None:
    infos = []
    for i in range(40):  # each under the member limit and the ratio limit, 16 MB apiece
        info = zipfile.ZipInfo(f"documents/d{i}.pdf")
        info.file_size = 16 * 1024 * 1024
        info.compress_size = info.file_size // 50
        infos.append(info)
    with pytest.raises(BundleRefused, match="trop gros une fois décompressé"):
        check_directory(infos)


def test_members_are_not_kept_in_memory(tmp_path: pathlib.Path, data_bytes: bytes) -> None:
    """Only data.json and the manifest are returned; the PDFs are hashed and dropped."""
    big = {"data.json": data_bytes, **{f"documents/d{i}.pdf": os.urandom(300_000) for i in range(10)}}
    kept = bundle_reader.read_bundle(_bundle(tmp_path / "p.zip", big))
    assert set(kept) == {"data.json", "manifest.json"}


@pytest.mark.parametrize("payload, words", [
    (b'{"format": "alize-basin", "version": 1, "x": NaN}', "NaN"),
    (b"[" * 50_000 + b"]" * 50_000, "imbriqué trop profondément"),
    (b"\xff\xfe", "UTF-8"),
], ids=["nan", "deep", "not-utf8"])
def test_a_hostile_data_json_inside_a_bundle(cli, tmp_path: pathlib.Path, payload: bytes, words: str) -> None:  # type: ignore[no-untyped-def]
    # Stored, not compressed: a run of brackets would otherwise be refused as a zip bomb first.
    bundle = _bundle(tmp_path / "p.zip", {"data.json": payload}, zipfile.ZIP_STORED)
    assert_refused(cli("--db", tmp_path / "b.sqlite", "import", bundle), words)
    assert not (tmp_path / "b.sqlite").exists()


def test_a_zip_that_is_not_a_zip_and_a_folder_named_zip(cli, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    fake = tmp_path / "faux.zip"
    fake.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert_refused(cli("--db", tmp_path / "b.sqlite", "import", fake), "archive .zip")
    folder = tmp_path / "dossier.zip"
    folder.mkdir()
    assert_refused(cli("--db", tmp_path / "b.sqlite", "import", folder), "dossier")
    assert not (tmp_path / "b.sqlite").exists()
