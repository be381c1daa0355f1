"""The covering email of the ASTREES bundle: an .eml draft the operator's mail client opens.

A draft (header `X-Unsent: 1`) rather than a sent message, because the operator usually wants to
read it over, add a word and send it from their own mailbox; SMTP sending (smtp_send.py) is the
option for offices whose mail client cannot open drafts.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from sqlalchemy import Connection, Engine, select

from alize_desktop import models as m
from alize_desktop.fileio import write_atomic
from alize_desktop.formatting import date_long

ASTREES_EMAIL_KEY = "astrees_email"
# CRLF line ends: what mail clients write in .eml files and what SMTP sends.
EML_POLICY = policy.SMTP


class EmailProblem(ValueError):
    """The email cannot be prepared (no or a malformed address); the message is in French."""


def app_settings(source: Engine | Connection) -> dict[str, str]:
    """The office's own settings (table app_setting) as text, empty values left out."""
    if isinstance(source, Engine):
        with source.connect() as conn:
            return app_settings(conn)
    rows = source.execute(select(m.AppSetting.key, m.AppSetting.value))
    return {key: value.strip() for key, value in rows if value is not None and value.strip()}


def check_header_text(text: str, what: str) -> str:
    """`text` as it may go into a header: no line break or control character (header injection)."""
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 or ch in "\u2028\u2029" for ch in text):
        raise EmailProblem(f"{what} contient un retour à la ligne ou un caractère de contrôle : "
                           "corrigez-le (page Bassin) puis recommencez")
    return text


def check_address(address: str, what: str) -> str:
    """`address` trimmed, or EmailProblem saying which address is not usable."""
    text = address.strip()
    if any(ord(ch) < 32 or ord(ch) == 0x7F for ch in text) or "," in text or ";" in text:
        raise EmailProblem(f"{what} « {text.encode('unicode_escape').decode('ascii')} » n'est pas une "
                           "adresse électronique valide (une seule adresse, sans retour à la ligne)")
    _name, addr = parseaddr(text)
    local, _, domain = addr.rpartition("@")
    if not text or not local or "." not in domain or " " in addr:
        raise EmailProblem(f"{what} « {text} » n'est pas une adresse électronique valide")
    return text


@dataclasses.dataclass(frozen=True)
class Covering:
    """What the covering email says: who sends what to whom."""

    basin_name: str
    operator_name: str
    operator_email: str | None
    representative: str | None
    as_of: dt.date
    convention_id: str | None
    zip_name: str
    file_count: int


def subject(c: Covering) -> str:
    return f"ALIZÉ — données du bassin {c.basin_name} au {date_long(c.as_of)}"


def body(c: Covering) -> str:
    convention = (f"la convention de partenariat « {c.convention_id} »" if c.convention_id
                  else "le bassin (aucune convention de partenariat en cours à cette date)")
    signature = "\n".join(x for x in (c.representative, c.operator_name) if x)
    return (
        "Bonjour,\n\n"
        f"Veuillez trouver ci-joint le paquet de données du bassin {c.basin_name}, arrêté au "
        f"{date_long(c.as_of)}, pour {convention}.\n\n"
        f"Le fichier {c.zip_name} contient {c.file_count} fichiers : les données complètes du bassin au "
        "format ALIZÉ (data.json), le rapport d'évaluation (report.json), un tableau CSV par table et les "
        "documents PDF de la période. Le fichier manifest.json donne l'empreinte SHA-256 de chacun : "
        "l'import dans ALIZÉ Desktop les vérifie toutes.\n\n"
        "Bien cordialement,\n"
        f"{signature}\n"
    )


def compose(c: Covering, zip_bytes: bytes, to: str, *, draft: bool) -> EmailMessage:
    """The covering email with the zip attached (application/zip)."""
    msg = EmailMessage(policy=EML_POLICY)
    msg["To"] = check_address(to, "Le destinataire")
    if c.operator_email:
        _name, addr = parseaddr(check_address(c.operator_email, "L'adresse de l'opérateur"))
        msg["From"] = Address(display_name=c.operator_name, addr_spec=addr)
    msg["Subject"] = subject(c)
    if draft:
        # Outlook and Thunderbird open a message carrying this header as a draft to edit and send.
        msg["X-Unsent"] = "1"
    else:
        # Sent as is: date it and name it like a mail client would (no DNS lookup for the domain).
        msg["Date"] = formatdate(localtime=True)
        domain = parseaddr(str(msg["From"] or ""))[1].rpartition("@")[2] or "alize-desktop.invalid"
        msg["Message-ID"] = make_msgid(domain=domain)
    msg.set_content(body(c))
    msg.add_attachment(zip_bytes, maintype="application", subtype="zip", filename=c.zip_name)
    return msg


def write_draft(path: pathlib.Path, message: EmailMessage) -> None:
    """Write the .eml beside its target then rename it, so no half draft is ever left."""
    write_atomic(path, message.as_bytes(policy=EML_POLICY))
