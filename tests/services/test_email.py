"""The covering email: the .eml draft, and sending through a local SMTP server (127.0.0.1 only)."""

from __future__ import annotations

import datetime as dt
import email
import socket
from email import policy

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from alize_desktop.services.export.bundle import BundleError, recipient
from alize_desktop.services.export.email_draft import Covering, EmailProblem, compose, write_draft
from alize_desktop.services.export.smtp_send import (
    SendFailed,
    SmtpSettings,
    save_smtp_settings,
    send_message,
    smtp_settings,
)

ZIP = b"PK\x03\x04 faux paquet \x00\xff" * 100
COVER = Covering(basin_name="ALIZÉ Vallée de la Sorne", operator_name="Sorne Initiatives <Développement>",
                 operator_email="contact@sorne-initiatives.example", representative="Hélène Thiébaut",
                 as_of=dt.date(2026, 11, 26), convention_id="conv-2025", zip_name="paquet.zip", file_count=46)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    def __init__(self) -> None:
        self.envelopes: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server():  # type: ignore[no-untyped-def]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller, inbox
    controller.stop()


def test_draft_parses_back_with_the_zip_and_x_unsent(tmp_path) -> None:
    path = tmp_path / "brouillon.eml"
    write_draft(path, compose(COVER, ZIP, "ASTREES <donnees@astrees.example>", draft=True))
    msg = email.message_from_bytes(path.read_bytes(), policy=policy.default)
    assert msg["X-Unsent"] == "1"
    assert msg["To"] == "ASTREES <donnees@astrees.example>"
    assert msg["From"].addresses[0].addr_spec == "contact@sorne-initiatives.example"
    assert msg["Subject"] == "ALIZÉ — données du bassin ALIZÉ Vallée de la Sorne au 26 novembre 2026"
    assert "arrêté au 26 novembre 2026" in msg.get_body(("plain",)).get_content()
    [att] = list(msg.iter_attachments())
    assert att.get_content_type() == "application/zip"
    assert att.get_filename() == "paquet.zip"
    assert att.get_content() == ZIP
    assert b"\r\n" in path.read_bytes()


def test_recipient_comes_from_to_or_settings() -> None:
    assert recipient("x@astrees.example", {"astrees_email": "y@astrees.example"}) == "x@astrees.example"
    assert recipient(None, {"astrees_email": "y@astrees.example"}) == "y@astrees.example"
    with pytest.raises(BundleError, match="adresse de courriel d'ASTREES inconnue"):
        recipient(None, {})
    with pytest.raises(BundleError, match="n'est pas une adresse électronique valide"):
        recipient("astrees", {})
    with pytest.raises(EmailProblem):
        compose(COVER, ZIP, "pas une adresse", draft=True)


def test_delivery_to_a_local_smtp_server(smtp_server) -> None:
    controller, inbox = smtp_server
    settings = SmtpSettings(host="127.0.0.1", port=controller.port, starttls=False)
    send_message(settings, compose(COVER, ZIP, "donnees@astrees.example", draft=False), timeout=5)
    [env] = inbox.envelopes
    assert env.rcpt_tos == ["donnees@astrees.example"]
    assert env.mail_from == "contact@sorne-initiatives.example"
    msg = email.message_from_bytes(env.original_content, policy=policy.default)
    assert msg["X-Unsent"] is None and msg["Date"] and msg["Message-ID"]
    assert next(msg.iter_attachments()).get_content() == ZIP


def test_refused_connection_gives_a_french_message() -> None:
    settings = SmtpSettings(host="127.0.0.1", port=_free_port(), starttls=False)
    with pytest.raises(SendFailed, match=r"Connexion refusée par 127\.0\.0\.1:\d+"):
        send_message(settings, compose(COVER, ZIP, "donnees@astrees.example", draft=False), timeout=5)


def test_silent_server_times_out_with_a_french_message() -> None:
    with socket.socket() as silent:  # accepts connections (backlog) but never greets
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        settings = SmtpSettings(host="127.0.0.1", port=silent.getsockname()[1], starttls=False)
        with pytest.raises(SendFailed, match="n'a pas répondu dans le délai de 0.3 secondes"):
            send_message(settings, compose(COVER, ZIP, "donnees@astrees.example", draft=False), timeout=0.3)


def test_starttls_missing_and_bad_password_are_explained() -> None:
    def deny(server, session, envelope, mechanism, auth_data):  # type: ignore[no-untyped-def]
        return AuthResult(success=False, handled=False)

    controller = Controller(Inbox(), hostname="127.0.0.1", port=_free_port(), authenticator=deny,
                            auth_require_tls=False)
    controller.start()
    try:
        message = compose(COVER, ZIP, "donnees@astrees.example", draft=False)
        with pytest.raises(SendFailed, match="ne propose pas STARTTLS"):
            send_message(SmtpSettings(host="127.0.0.1", port=controller.port, starttls=True), message, timeout=5)
        # A password is never sent over a connection that is not encrypted (issue 15): refused
        # before connecting; tests/attack/test_attack_email.py checks the server never sees it.
        with pytest.raises(SendFailed, match="le mot de passe partirait en clair"):
            send_message(SmtpSettings(host="127.0.0.1", port=controller.port, starttls=False, user="operateur"),
                         message, "mauvais", timeout=5)
    finally:
        controller.stop()


def test_settings_are_saved_without_password(demo_engine) -> None:
    assert smtp_settings(demo_engine) == SmtpSettings()
    changes = save_smtp_settings(demo_engine, SmtpSettings(host="smtp.sorne.example", port=465, starttls=False,
                                                           user="operateur"))
    assert changes.basin
    assert smtp_settings(demo_engine) == SmtpSettings("smtp.sorne.example", 465, False, "operateur")
    with demo_engine.connect() as conn:
        stored = dict(conn.exec_driver_sql("SELECT key, value FROM app_setting").all())
        journal = conn.exec_driver_sql("SELECT entity FROM journal ORDER BY pk DESC LIMIT 1").scalar()
    assert set(stored) == {"smtp_host", "smtp_port", "smtp_starttls", "smtp_user"}
    assert journal == "app_setting"
    with pytest.raises(SendFailed, match="Indiquez le serveur d'envoi"):
        send_message(SmtpSettings(), compose(COVER, ZIP, "a@b.example", draft=False))
