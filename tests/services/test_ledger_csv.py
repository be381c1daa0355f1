"""The ledger CSV: UTF-8 with BOM, `;`, French decimals, CRLF; read back with csv it carries the amounts."""

from __future__ import annotations

import csv
import datetime as dt

from alize_desktop.formatting import date_short, money_csv
from alize_desktop.services.fund import entries as fund
from alize_desktop.services.fund.ledger_csv import HEADER, write_ledger


def test_ledger_read_back_carries_every_bank_movement(demo_engine, demo_data, tmp_path):
    day = dt.date(2026, 11, 26)
    partner = demo_data["partners"][0]
    fund.record_receipt(demo_engine, "operating", partner["id"], day, 1_250_000)
    fund.record_expense(demo_engine, "operating", day, 98_765, "other", 'Frais « bancaires » ; "Dupont & Fils <SARL>"')
    out = tmp_path / "journal.csv"
    count = write_ledger(demo_engine, out)

    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\r\n") == count + 1
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert tuple(rows[0]) == HEADER
    body = rows[1:]
    expected = sum(len(demo_data[k]) for k in ("receipts", "expenses", "disbursements", "repayments")) + 2
    assert len(body) == count == expected

    by_ref = {r[6]: r for r in body}
    receipt = next(r for r in body if r[5] == "12500,00" and r[0] == date_short(day))
    assert receipt[1:4] == ["Fonctionnement", "Encaissement", partner["name"]]
    # A spreadsheet reads the amount as a number: no thousands separator of any kind.
    assert not any(sep in r[5] for r in body for sep in ("\u202f", "\xa0", " ", "."))
    expense = next(r for r in body if r[4].startswith("Frais « bancaires »"))
    assert expense[4] == 'Frais « bancaires » ; "Dupont & Fils <SARL>"' and expense[5] == "-987,65"
    d = demo_data["disbursements"][0]
    assert by_ref[d["id"]][1:3] == ["Fonds d'avances", "Versement d'avance"]
    assert by_ref[d["id"]][5] == money_csv(-d["amount_cents"])
    rp = demo_data["repayments"][0]
    assert by_ref[rp["id"]][5] == money_csv(rp["amount_cents"])
    assert not any(r[6] in {w["id"] for w in demo_data["write_offs"]} for r in body)

    # The signed amounts of the ledger add up to the two balances.
    def cents(text: str) -> int:
        assert text.replace("-", "", 1).replace(",", "", 1).isdigit(), text
        return int(text.replace(",", ""))
    total = sum(cents(r[5]) for r in body)
    view_balances = fund_balances(demo_engine)
    assert total == view_balances


def fund_balances(engine) -> int:
    from alize_desktop.services.fund.views import fund_view

    v = fund_view(engine, dt.date(2100, 1, 1))
    return v.advances_balance_cents + v.operating_balance_cents
