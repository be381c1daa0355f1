"""French wording the documents share: agreement in number, "de" + a name, non-breaking spaces,
the place of signature.

A deed a lawyer signs never reads "1 abstention(s)" nor "de ASTREES": the builders write their
counts with `count` and their "de"/"à" + name with `de`/`to`. Dates, percentages and postcodes
are tied with non-breaking spaces so that "9 juin 2022" or "0 %" never split over two lines.
"""

from __future__ import annotations

import datetime as dt
import re

from alize_desktop import formatting
from alize_desktop.documents.facts import Record, iso, operator
from alize_desktop.formatting import agree, count, plural_word  # noqa: F401 - the documents' wording

NBSP = "\u00a0"

# Names that are said with an article ("le Crédit Coopératif", "la Région Grand Est"): the first
# word decides. Companies' own names are left alone (one says "d'Aciéries de la Sorne" as well).
_MASCULINE = {"crédit", "conseil", "comité", "département", "fonds", "groupe", "syndicat", "pôle", "centre",
              "service", "réseau", "cabinet", "ministère", "secrétariat"}
_FEMININE = {"région", "caisse", "chambre", "communauté", "banque", "préfecture", "métropole", "agence",
             "direction", "maison", "mairie", "ville", "fédération", "association", "société", "cci", "cma",
             "plateforme", "commune"}
_VOWEL = re.compile(r"^[aeiouyàâäéèêëîïôöùûüœæh]", re.IGNORECASE)
# An initial h that is aspirated keeps "de" (rare in names; "Hôtel" and "Hélène" elide).
_ASPIRATED_H = {"hauts", "haute", "haut", "hautecourt", "hameau"}


def _first_word(name: str) -> str:
    return re.split(r"[\s\-']", name.strip(), maxsplit=1)[0].casefold() if name.strip() else ""


def article_of(name: str) -> str:
    """"le ", "la ", "l'" or "" : the article a name is said with (see _MASCULINE/_FEMININE)."""
    first = _first_word(name)
    if first in {"le", "la", "les", "l"} or name.startswith(("L'", "L’")):
        return ""
    if first in _MASCULINE or first in _FEMININE:
        if _VOWEL.match(first) and first not in _ASPIRATED_H:
            return "l'"
        return "le " if first in _MASCULINE else "la "
    return ""


def the(name: str) -> str:
    """The name with its article when it takes one: "le Crédit Coopératif", "ASTREES"."""
    return article_of(name) + name


def de(name: str) -> str:
    """"de" + a name, elided or contracted: "d'ASTREES", "du Crédit Coopératif", "de la Région Grand Est",
    "des Hauts-de-France" is left to the name itself ("Les …" → "des …")."""
    name = name.strip()
    first = _first_word(name)
    if first == "le":
        return "du " + name[3:]
    if first == "les":
        return "des " + name[4:]
    art = article_of(name)
    if art == "le ":
        return "du " + name
    if art:
        return "de " + art + name
    if _VOWEL.match(name) and first not in _ASPIRATED_H:
        return "d'" + name
    return "de " + name


def to(name: str) -> str:
    """"à" + a name: "au Crédit Coopératif", "à la Région Grand Est", "à ASTREES"."""
    name = name.strip()
    first = _first_word(name)
    if first == "le":
        return "au " + name[3:]
    if first == "les":
        return "aux " + name[4:]
    art = article_of(name)
    if art == "le ":
        return "au " + name
    return "à " + art + name


def nb_date(value: dt.date | str | None) -> str:
    """`1er mars 2024` with its spaces non-breaking (a date never splits over two lines)."""
    day = iso(value) if isinstance(value, str) or value is None else value
    return formatting.date_long(day).replace(" ", NBSP)


def nb_percent(ratio: float, digits: int = 0) -> str:
    """`0 %`, `1,50 %` with a non-breaking space before the sign."""
    return formatting.percent(ratio, digits).replace(" ", NBSP).replace("\u202f", NBSP)


def nb_money(cents: int) -> str:
    return formatting.money(cents)


_POSTCODE_TOWN = re.compile(r"(\d{5})\s+([^,\d][^,]*?)\s*(?:,|$)")


def town_of(address: str | None) -> str:
    """The town in a French address ("12 rue des Forges, 88140 Saint-Amand-sur-Sorne" →
    "Saint-Amand-sur-Sorne"); "" when the address has no postcode followed by a town."""
    if not address:
        return ""
    found = _POSTCODE_TOWN.findall(address)
    return found[-1][1].strip() if found else ""


def tie_postcode(address: str | None) -> str:
    """An address whose postcode stays on the line of its town."""
    return re.sub(r"(\d{5}) (?=\S)", r"\1" + NBSP, address or "")


def operator_town(data: Record) -> str:
    """The town of the operator's seat (from its address); "" when not recorded."""
    return town_of(operator(data).get("address"))


def signing_place(data: Record) -> str:
    """Where the deeds are signed: a commune, never a meeting room. The basin setting
    `basin.signing_place` when the office recorded one, else the town of the operator's address."""
    own = str((data.get("basin") or {}).get("signing_place") or "").strip()
    return own or operator_town(data)


def meeting_time(meeting: Record) -> str:
    """"14 h 30" from the meeting's optional "HH:MM" time; "" when not recorded or not a time."""
    raw = str(meeting.get("time") or "").strip()
    match = re.fullmatch(r"(\d{1,2})[:hH](\d{2})", raw)
    if not match:
        return ""
    hours, minutes = int(match.group(1)), int(match.group(2))
    if hours > 23 or minutes > 59:
        return ""
    return f"{hours}{NBSP}h{NBSP}{minutes:02d}" if minutes else f"{hours}{NBSP}h"
