"""Parsing a format v1 document from bytes, refusing what JSON itself does not allow.

Python's json module accepts NaN, Infinity and -Infinity (not JSON), and raises RecursionError on
a document nested thousands of levels deep: both become a French refusal here.
"""

from __future__ import annotations

import json
from typing import Any

MAX_DOCUMENT_BYTES = 200 * 1024 * 1024


class DocumentUnreadable(ValueError):
    """The bytes are not a JSON document the program can read; the message is in French."""


def _no_constant(name: str) -> Any:
    raise DocumentUnreadable(f"contient la valeur {name}, qui n'existe pas en JSON : document refusé")


def parse_json(raw: bytes, what: str) -> Any:
    """The JSON value of `raw` (UTF-8), or DocumentUnreadable naming `what` (a file name)."""
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise DocumentUnreadable(f"{what} est trop gros (plus de {MAX_DOCUMENT_BYTES // (1024 * 1024)} Mo) : "
                                 "ce n'est pas un document ALIZÉ")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentUnreadable(f"{what} n'est pas un texte UTF-8") from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except DocumentUnreadable as exc:
        raise DocumentUnreadable(f"{what} {exc}") from None
    except json.JSONDecodeError as exc:
        raise DocumentUnreadable(f"{what} n'est pas un JSON valide (ligne {exc.lineno}, colonne {exc.colno})") from None
    except RecursionError:
        raise DocumentUnreadable(f"{what} est imbriqué trop profondément : ce n'est pas un document ALIZÉ") from None
