"""Reading an ASTREES bundle (.zip) for import: every check first, nothing extracted to disk.

A bundle may come from anywhere (an email attachment, a USB key), so it is treated as hostile
until proven otherwise. Before a single member is decompressed, the directory of the archive is
checked: no name escaping the bundle (`../`, absolute paths, drive letters), no symbolic link,
no duplicate, no encrypted member, no member larger than 200 MB or compressed more than 100 to 1
(a zip bomb), no more than 5 000 members or 512 MB in all. Then the members are decompressed in
chunks, with a bounded read, hashed and checked against manifest.json (each file listed with the
right size and SHA-256, no file left out of it); only data.json and the manifest stay in memory.
A corrupt member (zlib, LZMA, bzip2 or CRC error) is a refusal, not a crash. Only then
is data.json parsed and returned; the caller (basin_io.import_document) validates it like a
data.json file. A refusal raises BundleRefused with a French message; nothing is written.
"""

from __future__ import annotations

import hashlib
import lzma
import pathlib
import re
import stat
import zipfile
import zlib
from typing import Any

from .parsing import DocumentUnreadable, parse_json

MANIFEST_NAME = "manifest.json"
DATA_NAME = "data.json"
MAX_MEMBER_BYTES = 200 * 1024 * 1024
# A bundle holds one PDF per meeting and approved project of a convention period, plus ~20 tables:
# a few hundred files, some tens of MB. The bounds leave ample room and are checked on the
# archive's directory, before anything is decompressed.
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 5000
KEPT_NAMES = frozenset({"data.json", "manifest.json"})
MAX_RATIO = 100
# Below this size a high ratio is harmless (a short run of spaces compresses 1000 to 1).
RATIO_FLOOR_BYTES = 64 * 1024
_CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class BundleRefused(Exception):
    """The bundle is not imported; the message says why in French."""


def read_bundle_data(path: pathlib.Path | str) -> Any:
    """The format v1 document inside a bundle, once every member has been checked."""
    members = read_bundle(path)
    if DATA_NAME not in members:
        raise BundleRefused(f"le paquet ne contient pas de {DATA_NAME}")
    try:
        return parse_json(members[DATA_NAME], f"{DATA_NAME} du paquet")
    except DocumentUnreadable as exc:
        raise BundleRefused(str(exc)) from None


def read_bundle(path: pathlib.Path | str) -> dict[str, bytes]:
    """data.json and manifest.json of the bundle (name → bytes), once every file of the bundle has
    been checked against the manifest. The other members (PDFs, CSVs) are hashed as they are
    decompressed and never kept: memory stays bounded whatever the bundle holds."""
    path = pathlib.Path(path)
    try:
        if path.is_dir():
            raise BundleRefused(f"{path} est un dossier : indiquez le paquet .zip")
        with zipfile.ZipFile(path) as zf:
            all_infos = zf.infolist()
            check_directory(all_infos)
            infos = [i for i in all_infos if not i.is_dir()]
            kept: dict[str, bytes] = {}
            digests: dict[str, tuple[int, str]] = {}
            for info in infos:
                payload, size, digest = _read_member(zf, info, keep=info.filename in KEPT_NAMES)
                digests[info.filename] = (size, digest)
                if payload is not None:
                    kept[info.filename] = payload
    except FileNotFoundError:
        raise BundleRefused(f"fichier introuvable : {path}") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError, zlib.error, lzma.LZMAError,
            ValueError, RuntimeError) as exc:
        raise BundleRefused(f"{path.name} n'est pas une archive .zip lisible ou un de ses fichiers est abîmé "
                            f"({type(exc).__name__}) : demandez un nouvel export") from None
    except OSError as exc:
        if exc.errno is None:  # bz2 says "Invalid data stream" through a bare OSError
            raise BundleRefused(f"{path.name} : un fichier du paquet est abîmé (données compressées "
                                "illisibles) : demandez un nouvel export") from None
        from alize_desktop.fileio import os_error_text

        raise BundleRefused(f"paquet illisible : {os_error_text(exc, path)}") from None
    check_manifest(kept, digests)
    return kept


def check_directory(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse the archive on its directory alone, before decompressing anything."""
    if len(infos) > MAX_MEMBERS:
        raise BundleRefused(f"le paquet contient {len(infos)} fichiers, plus que les {MAX_MEMBERS} qu'un export "
                            "ALIZÉ peut contenir : archive refusée")
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        _check_name(name)
        key = name.rstrip("/").casefold()
        if key in seen:
            raise BundleRefused(f"nom en double dans le paquet : « {name} »")
        seen.add(key)
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            raise BundleRefused(f"lien symbolique refusé dans le paquet : « {name} »")
        if info.flag_bits & 0x1:
            raise BundleRefused(f"membre chiffré refusé dans le paquet : « {name} »")
        if info.file_size > MAX_MEMBER_BYTES:
            raise BundleRefused(f"« {name} » est trop gros ({info.file_size} octets une fois décompressé, "
                                f"limite {MAX_MEMBER_BYTES // (1024 * 1024)} Mo)")
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise BundleRefused(f"« {name} » est compressé de façon anormale (plus de {MAX_RATIO} pour 1) : "
                                "archive piégée refusée")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise BundleRefused(f"le paquet est trop gros une fois décompressé (plus de "
                                f"{MAX_TOTAL_BYTES // (1024 * 1024)} Mo) : archive refusée")


def _check_name(name: str) -> None:
    if not name or "\x00" in name:
        raise BundleRefused("nom de fichier vide ou invalide dans le paquet")
    if name.startswith(("/", "\\")) or _DRIVE.match(name):
        raise BundleRefused(f"chemin absolu refusé dans le paquet : « {name} »")
    parts = re.split(r"[\\/]", name.rstrip("/"))
    if any(part in ("..", "") for part in parts) or "." in parts:
        raise BundleRefused(f"chemin qui sort du paquet refusé : « {name} »")


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, *, keep: bool) -> tuple[bytes | None, int, str]:
    """Decompress in chunks, never beyond the declared size (a lying header is caught here):
    (the bytes when `keep`, the size, the SHA-256)."""
    chunks: list[bytes] = []
    size = 0
    digest = hashlib.sha256()
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(_CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > info.file_size:
                raise BundleRefused(f"« {info.filename} » dépasse la taille annoncée : archive piégée refusée")
            digest.update(chunk)
            if keep:
                chunks.append(chunk)
    return (b"".join(chunks) if keep else None), size, digest.hexdigest()


def check_manifest(members: dict[str, bytes], digests: dict[str, tuple[int, str]] | None = None) -> dict[str, Any]:
    """Every file listed with its size and SHA-256, and no file left out of the manifest.

    `digests` (name → size, SHA-256) covers every member; without it they come from `members`."""
    if digests is None:
        digests = {name: (len(b), hashlib.sha256(b).hexdigest()) for name, b in members.items()}
    raw = members.get(MANIFEST_NAME)
    if raw is None:
        raise BundleRefused(f"le paquet n'a pas de {MANIFEST_NAME} : son contenu ne peut pas être vérifié")
    try:
        manifest = parse_json(raw, MANIFEST_NAME)
    except DocumentUnreadable:
        raise BundleRefused(f"{MANIFEST_NAME} du paquet est illisible") from None
    files = manifest.get("files") if isinstance(manifest, dict) else None
    if not isinstance(files, list):
        raise BundleRefused(f"{MANIFEST_NAME} ne donne pas la liste des fichiers du paquet")
    listed: dict[str, dict[str, Any]] = {}
    for entry in files:
        if not (isinstance(entry, dict) and isinstance(entry.get("name"), str)
                and isinstance(entry.get("size"), int) and isinstance(entry.get("sha256"), str)
                and _SHA256.match(entry["sha256"])):
            raise BundleRefused(f"{MANIFEST_NAME} contient une entrée invalide : {entry!r:.80}")
        if entry["name"] in listed:
            raise BundleRefused(f"{MANIFEST_NAME} cite deux fois « {entry['name']} »")
        listed[entry["name"]] = entry
    for name in sorted(digests):
        if name != MANIFEST_NAME and name not in listed:
            raise BundleRefused(f"« {name} » n'est pas listé dans {MANIFEST_NAME} : paquet refusé")
    for name, entry in listed.items():
        found = digests.get(name)
        if found is None:
            raise BundleRefused(f"« {name} », listé dans {MANIFEST_NAME}, manque dans le paquet")
        if found != (entry["size"], entry["sha256"]):
            raise BundleRefused(f"« {name} » a été modifié depuis l'export (taille ou empreinte SHA-256 "
                                "différente) : paquet refusé")
    return manifest
