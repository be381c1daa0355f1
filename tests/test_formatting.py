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
