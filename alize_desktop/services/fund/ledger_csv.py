"""The ledger of both accounts as a CSV file a French spreadsheet opens as is.

UTF-8 with BOM (so Excel recognises the encoding), `;` separator, French decimals
(`12500,00`: no thousands separator, via formatting.money_csv), CRLF line ends as the csv module writes them.
Amounts are signed as seen from the account: money in positive, money out negative.
Write-offs move no money and are not bank movements: they stay out of the ledger.
Texts that a spreadsheet would run as formulas are neutralised (bundle_csv.safe_text).
"""

from __future__ import annotations

import csv
import io
import pathlib

from sqlalchemy import Engine

from alize_desktop.fileio import check_outputs, write_atomic
from alize_desktop.formatting import date_short, money_csv
from alize_desktop.interchange.exporter import export_basin
from alize_desktop.services.export.bundle_csv import safe_text
from alize_desktop.services.fund.views import MovementRow, movements_of

HEADER = ("Date", "Compte", "Nature", "Contrepartie", "Libellé", "Montant (€)", "Référence")


def ledger_rows(data: dict) -> list[MovementRow]:
    """Bank movements of both accounts (receipts, expenses, disbursements, repayments), by date."""
    return [r for r in movements_of(data) if r.kind != "write_off"]


def ledger_text(rows: list[MovementRow]) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, delimiter=";")  # default lineterminator is CRLF
    writer.writerow(HEADER)
    for r in rows:
        # Texts typed by the operator or imported are neutralised; the amount stays a number.
        writer.writerow((date_short(r.date), safe_text(r.account_label), safe_text(r.kind_label),
                         safe_text(r.counterpart), safe_text(r.label), money_csv(r.amount_cents), safe_text(r.id)))
    return buf.getvalue()


def write_ledger(engine: Engine, out: pathlib.Path) -> int:
    """Write the ledger to `out` (atomically: a half-written file never replaces a good one).

    Returns the number of movements written.
    """
    check_outputs((("Le grand livre", out),), engine.url.database)  # never onto the base itself
    rows = ledger_rows(export_basin(engine))
    payload = ledger_text(rows).encode("utf-8-sig")
    write_atomic(pathlib.Path(out), payload)
    return len(rows)
