"""French formatting with babel and strict parsing of what the operator types."""

from __future__ import annotations

import datetime as dt

import pytest

from alize_desktop.formatting import (
    date_long,
    money,
    money_csv,
    money_plain,
    parse_date,
    parse_money,
    percent,
)


def test_money_and_dates_in_french() -> None:
    assert money(1_250_000) == "12\u202f500,00\u00a0€"
    assert money_plain(-5) == "-0,05"
    assert money_csv(1_250_000) == "12500,00"
    assert money_csv(-2_500_001) == "-25000,01"
    assert money_csv(-5) == "-0,05"
    assert money_csv(0) == "0,00"
    assert money_csv(None) == ""
    assert date_long(dt.date(2026, 11, 26)) == "26 novembre 2026"
    assert date_long(dt.date(2024, 3, 1)) == "1er mars 2024"
    assert date_long(dt.date(2024, 3, 11)) == "11 mars 2024"
    assert percent(0.0311).replace("\u202f", " ").replace("\u00a0", " ") == "3,1 %"


@pytest.mark.parametrize("typed, cents", [("12 500,50", 1_250_050), ("12500.5", 1_250_050), ("12\u202f500,00 €", 1_250_000),
                                          ("0,01", 1), ("7", 700)])
def test_typed_amounts_become_cents(typed: str, cents: int) -> None:
    assert parse_money(typed) == cents


@pytest.mark.parametrize("typed", ["12,345", "abc", "", "1,2,3"])
def test_fractions_of_a_cent_and_garbage_are_refused(typed: str) -> None:
    with pytest.raises(ValueError, match="Montant invalide"):
        parse_money(typed)


def test_dates_typed_the_french_way() -> None:
    assert parse_date("26/11/2026") == dt.date(2026, 11, 26)
    assert parse_date("2026-11-26") == dt.date(2026, 11, 26)
    with pytest.raises(ValueError, match="Date invalide"):
        parse_date("31/02/2026")


def test_money_integers_and_short_dates_are_babels_fr_fr_text_character_for_character() -> None:
    """The fast formatters (integer arithmetic, a table of 10 000 rows shows thousands of amounts)
    write exactly what babel writes for fr_FR: documents keep their bytes."""
    import datetime as dt
    from decimal import Decimal

    from babel.dates import format_date
    from babel.numbers import format_currency, format_decimal

    from alize_desktop.formatting import date_short, integer, money, money_plain

    values = [*range(-25_000, 25_000, 7), *(s * (10**k + d) for k in range(2, 15) for d in (-1, 0, 1) for s in (1, -1))]
    for cents in values:
        assert money(cents) == format_currency(Decimal(cents) / 100, "EUR", locale="fr_FR"), cents
        assert money_plain(cents) == format_decimal(Decimal(cents) / 100, format="#,##0.00", locale="fr_FR"), cents
        assert integer(cents) == format_decimal(cents, locale="fr_FR"), cents
    assert integer(3.5) == "3,5" and integer(0) == "0"
    day = dt.date(1, 1, 1)
    while day.year < 2200:
        assert date_short(day) == format_date(day, format="dd/MM/yyyy", locale="fr_FR"), day
        day += dt.timedelta(days=997 if day.year < 1900 else 13)
