"""French formatting (babel, fr_FR) and parsing of what the operator types.

Money is integer cents everywhere; Decimal only at the edges, never float.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from babel.dates import format_date as _babel_date
from babel.numbers import format_decimal, format_percent

LOCALE = "fr_FR"

# babel takes a tenth of a millisecond per value and lists repeat the same amounts, days and
# counts (a ledger's 260 000 rows have a few thousand distinct days): each value is formatted
# once. The functions are pure (one locale), so a cached text is always the right one.
_cached = functools.lru_cache(maxsize=65_536)


GROUP = "\u202f"  # fr_FR's group separator (narrow no-break space), as babel writes it


def _grouped(n: int) -> str:
    """`1234567` → `1 234 567` with fr_FR's separator: babel's text for an integer, by integer
    arithmetic (babel takes a tenth of a millisecond per value; a long list shows thousands)."""
    return f"{n:,}".replace(",", GROUP)


def money(cents: int | None) -> str:
    """`1250000` → `12 500,00 €`, `-5` → `-0,05 €`: babel's fr_FR currency text, character for
    character (tests/test_formatting.py compares them), without its cost."""
    if cents is None:
        return ""
    return money_plain(cents) + "\u00a0€"


def money_plain(cents: int | None) -> str:
    """`1250000` → `12 500,00` (no currency sign, for tables and CSV)."""
    if cents is None:
        return ""
    euros, rest = divmod(abs(int(cents)), 100)
    return f"{'-' if cents < 0 else ''}{_grouped(euros)},{rest:02d}"


def money_csv(cents: int | None) -> str:
    """`1250000` → `12500,00`, `-2500001` → `-25000,01`: euros for a CSV cell.

    No thousands separator (a spreadsheet reads `12 500,00` with U+202F as text, not a number)
    and a decimal comma, as a French spreadsheet expects. Exact: integer arithmetic, no float.
    """
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(int(cents)), 100)
    return f"{sign}{euros},{rest:02d}"


@_cached
def date_long(d: dt.date | None) -> str:
    """`2026-11-26` → `26 novembre 2026`; the first of a month is written `1er mars 2024`, as
    French does (babel writes `1 mars`)."""
    if d is None:
        return ""
    text = _babel_date(d, format="long", locale=LOCALE)
    return "1er" + text[1:] if d.day == 1 and text.startswith("1 ") else text


def date_short(d: dt.date | None) -> str:
    """`2026-11-26` → `26/11/2026`."""
    if d is None:
        return ""
    return f"{d.day:02d}/{d.month:02d}/{d.year:04d}"


def percent(ratio: float | None, digits: int = 1) -> str:
    """`0.0311` → `3,1 %`."""
    if ratio is None:
        return ""
    fmt = "#,##0." + "0" * digits + " %" if digits else "#,##0 %"
    return format_percent(ratio, format=fmt, locale=LOCALE)


def integer(n: float | None) -> str:
    """`12500` → `12 500`; a non-integral number keeps its decimals (`3.5` → `3,5`)."""
    if n is None:
        return ""
    if type(n) is int:
        return _grouped(n)
    return _decimal(n)


@_cached
def _decimal(n: float) -> str:
    return format_decimal(n, locale=LOCALE)


_MONEY_RE = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def parse_money(text: str) -> int:
    """Typed euros → cents. Accepts `12 500,50`, `12500.5`, `12 500,50 €`.

    Raises ValueError with a French message when the text is not an amount or carries a
    fraction of a cent (the programme never rounds money silently).
    """
    cleaned = (
        text.replace("€", "").replace("\u202f", "").replace("\u00a0", "").replace(" ", "").strip()
    )
    if not cleaned or not _MONEY_RE.match(cleaned):
        raise ValueError("Montant invalide : saisir par exemple 12 500,00.")
    try:
        euros = Decimal(cleaned.replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the regex already filters
        raise ValueError("Montant invalide.") from exc
    cents = euros * 100
    if cents != cents.to_integral_value():
        raise ValueError("Montant invalide : pas plus de deux décimales (centimes).")
    return int(cents)


def parse_date(text: str) -> dt.date:
    """`26/11/2026` or `2026-11-26` → date; French message on failure."""
    t = text.strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(t, fmt).date()  # noqa: DTZ007 - only the date is kept
        except ValueError:
            continue
    raise ValueError("Date invalide : saisir JJ/MM/AAAA.")


def round_half_up(value: Decimal, places: int = 4) -> float:
    """Shares and loss rates: half-up to `places` decimals, returned as a float for JSON."""
    q = Decimal(1).scaleb(-places)
    return float(value.quantize(q, rounding=ROUND_HALF_UP))


# Agreement in number, for every sentence the operator reads (never « 3 comité(s) »).
# Irregular plurals the documents use; anything else takes an "s" (or stays as is after s, x, z).
_IRREGULAR = {"travail": "travaux", "bureau": "bureaux", "original": "originaux", "nouveau": "nouveaux",
              "réel": "réels"}


def plural_word(word: str) -> str:
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith(("s", "x", "z")):
        return word
    if word.endswith(("au", "eu")):
        return word + "x"
    if word.endswith("al") and word not in {"final", "bal"}:
        return word[:-2] + "aux"
    return word + "s"


def agree(n: int, singular: str, plural: str | None = None) -> str:
    """The noun phrase agreed with `n` (French: 0 and 1 take the singular): `agree(2, "membre présent")`
    → "membres présents"; each word of the phrase is made plural unless `plural` is given."""
    if abs(n) < 2:
        return singular
    if plural is not None:
        return plural
    return " ".join(plural_word(w) if w not in {"de", "du", "des", "à", "en", "d'un"} else w
                    for w in singular.split(" "))


def count(n: int, singular: str, plural: str | None = None) -> str:
    """`count(1, "abstention")` → "1 abstention", `count(3, "membre présent")` → "3 membres présents"
    (the number in French digits, tied to its noun)."""
    return f"{integer(n)}\u00a0{agree(n, singular, plural)}"
