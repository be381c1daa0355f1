"""Sending the covering email through the office's SMTP server (smtplib), with French failures.

The server settings (host, port, STARTTLS, user) are kept in the app_setting table; the password
never is: the dialog asks for it each time and it only lives in memory for the call.
"""

from __future__ import annotations

import dataclasses
import smtplib
import socket
import ssl
from email.message import EmailMessage

from sqlalchemy import Engine

from alize_desktop import models as m
from alize_desktop.services.export.email_draft import app_settings
from alize_desktop.services.uow import Changes, journal, unit_of_work

HOST_KEY, PORT_KEY, STARTTLS_KEY, USER_KEY = "smtp_host", "smtp_port", "smtp_starttls", "smtp_user"
IMPLICIT_TLS_PORT = 465  # "SMTPS": the connection is encrypted from the first byte
DEFAULT_TIMEOUT = 30.0


class SendFailed(Exception):
    """The email was not sent; the message says why in French."""


@dataclasses.dataclass(frozen=True)
class SmtpSettings:
    host: str = ""
    port: int = 587
    starttls: bool = True
    user: str = ""

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def _flag(text: str | None, default: bool) -> bool:
    if text is None:
        return default
    return text.strip().lower() in ("1", "true", "oui", "yes", "on")


def smtp_settings(engine: Engine) -> SmtpSettings:
    """The saved settings, with the usual submission port and STARTTLS by default."""
    values = app_settings(engine)
    port_text = values.get(PORT_KEY, "")
    port = int(port_text) if port_text.isdigit() else SmtpSettings.port
    return SmtpSettings(host=values.get(HOST_KEY, ""), port=port,
                        starttls=_flag(values.get(STARTTLS_KEY), True), user=values.get(USER_KEY, ""))


def settings_problems(s: SmtpSettings) -> dict[str, str]:
    """Field → French message; empty when the settings can be used."""
    problems: dict[str, str] = {}
    if not s.host.strip():
        problems["host"] = "Indiquez le serveur d'envoi (par exemple smtp.exemple.fr)."
    elif any(ch.isspace() for ch in s.host.strip()):
        problems["host"] = "Le nom du serveur ne doit pas contenir d'espace."
    if not 1 <= s.port <= 65535:
        problems["port"] = "Le port doit être compris entre 1 et 65535 (587 le plus souvent)."
    elif s.user.strip() and not encrypted(s):
        problems["port"] = PLAIN_PASSWORD_REFUSED
    if any(ord(ch) < 32 or ord(ch) == 0x7F for ch in s.user):
        problems["user"] = "L'identifiant ne doit pas contenir de retour à la ligne ni de caractère de contrôle."
    return problems


PLAIN_PASSWORD_REFUSED = (
    "Sans chiffrement, le mot de passe partirait en clair sur le réseau : cochez STARTTLS (port 587) "
    "ou utilisez le port 465 (connexion chiffrée d'emblée).")


def encrypted(s: SmtpSettings) -> bool:
    """True when the connection is encrypted before any password is sent."""
    return s.port == IMPLICIT_TLS_PORT or s.starttls


def save_smtp_settings(engine: Engine, s: SmtpSettings) -> Changes:
    """Remember host, port, STARTTLS and user for next time (never the password)."""
    values = {HOST_KEY: s.host.strip(), PORT_KEY: str(s.port), STARTTLS_KEY: "1" if s.starttls else "0",
              USER_KEY: s.user.strip()}
    with unit_of_work(engine) as session:
        changed: dict[str, list[str | None]] = {}
        for key, value in values.items():
            row = session.get(m.AppSetting, key)
            if row is None:
                session.add(m.AppSetting(key=key, value=value))
                changed[key] = [None, value]
            elif row.value != value:
                changed[key] = [row.value, value]
                row.value = value
        if changed:
            journal(session, "app_setting", "smtp", "update", changed)
    return Changes(basin=bool(changed))


def send_message(settings: SmtpSettings, message: EmailMessage, password: str | None = None,
                 timeout: float = DEFAULT_TIMEOUT) -> None:
    """Send `message`; raises SendFailed with a French explanation on any failure."""
    problems = settings_problems(settings)
    if problems:
        raise SendFailed(" ".join(problems.values()))
    if message["From"] is None:
        raise SendFailed("Envoi impossible : l'adresse électronique de l'opérateur n'est pas renseignée "
                         "(page Bassin) ; elle sert d'expéditeur.")
    try:
        _deliver(settings, message, password, timeout)
    except SendFailed:
        raise
    except Exception as exc:  # noqa: BLE001 - every failure becomes a sentence the operator can act on
        raise SendFailed(explain(exc, settings, timeout)) from exc


def _deliver(settings: SmtpSettings, message: EmailMessage, password: str | None, timeout: float) -> None:
    host = settings.host.strip()
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if settings.port == IMPLICIT_TLS_PORT:
        client = smtplib.SMTP_SSL(host, settings.port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(host, settings.port, timeout=timeout)
    with client:
        client.ehlo()
        if settings.starttls and settings.port != IMPLICIT_TLS_PORT:
            client.starttls(context=context)
            client.ehlo()
        if settings.user.strip():
            if not encrypted(settings):  # never reached through send_message; kept as the last guard
                raise SendFailed(PLAIN_PASSWORD_REFUSED)
            client.login(settings.user.strip(), password or "")
        refused = client.send_message(message)
    if refused:
        raise SendFailed("Envoi partiel : le serveur a refusé " + ", ".join(sorted(refused)) + ".")


def explain(exc: BaseException, s: SmtpSettings, timeout: float = DEFAULT_TIMEOUT) -> str:
    """A French sentence for a failure of smtplib, the network or TLS."""
    where = s.where
    if isinstance(exc, smtplib.SMTPServerDisconnected) and isinstance(exc.__context__, OSError):
        exc = exc.__context__  # smtplib hides a timeout or a reset behind "connection closed"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return ("Authentification refusée par le serveur : vérifiez l'identifiant "
                f"« {s.user} » et le mot de passe.")
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return (f"Le serveur {where} ne propose pas STARTTLS : la connexion ne peut pas être chiffrée sur ce "
                "port. Utilisez le port 465 (connexion chiffrée d'emblée) ou le port chiffré que votre "
                "fournisseur indique ; le programme n'envoie jamais de mot de passe en clair.")
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "Destinataire refusé par le serveur : " + ", ".join(sorted(exc.recipients)) + "."
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return f"Expéditeur refusé par le serveur : {exc.sender!s} ({_reply(exc.smtp_error)})."
    if isinstance(exc, smtplib.SMTPDataError):
        return f"Le serveur a refusé le message (code {exc.smtp_code} : {_reply(exc.smtp_error)})."
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        return f"Le serveur {where} a coupé la connexion avant la fin de l'envoi."
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"Le serveur {where} a répondu par une erreur (code {exc.smtp_code} : {_reply(exc.smtp_error)})."
    if isinstance(exc, smtplib.SMTPException):
        if "authentication" in str(exc).lower():
            return (f"Le serveur {where} n'accepte pas d'authentification sur cette connexion : "
                    "vérifiez le port et l'identifiant (STARTTLS coché, ou port 465).")
        return f"Échange refusé par le serveur {where} : {exc}."
    if isinstance(exc, ConnectionRefusedError):
        return (f"Connexion refusée par {where} : aucun serveur d'envoi n'écoute à cette adresse. "
                "Vérifiez le nom du serveur et le port.")
    if isinstance(exc, TimeoutError):
        return (f"Le serveur {where} n'a pas répondu dans le délai de {timeout:g} secondes : "
                "vérifiez la connexion au réseau, le nom du serveur et le port.")
    if isinstance(exc, socket.gaierror):
        return f"Serveur introuvable : « {s.host} ». Vérifiez son nom et la connexion au réseau."
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f"Le certificat du serveur {where} n'est pas reconnu : connexion chiffrée refusée."
    if isinstance(exc, ssl.SSLError):
        return (f"La connexion chiffrée avec {where} a échoué ({exc.reason or exc}) : "
                "vérifiez le port et l'option STARTTLS.")
    if isinstance(exc, OSError):
        return f"Connexion impossible à {where} : {exc.strerror or exc}."
    return f"Envoi impossible : {type(exc).__name__} ({exc})."


def _reply(raw: bytes | str) -> str:
    return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
