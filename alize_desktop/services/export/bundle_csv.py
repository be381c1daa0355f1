"""One CSV per table of format v1, for the people at ASTREES who open the bundle in a spreadsheet.

UTF-8 with a BOM and `;` as separator: that is what a French spreadsheet opens correctly by a
double click. Columns are the fields of the format v1 schema, in its order, so an empty table
still has its header and every file lines up with data.json. Nested values (votes, terms,
other supports…) are written as JSON text; amounts (`*_cents`) as French decimals in euros.
A text that a spreadsheet would run as a formula gets a leading apostrophe (safe_text).
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from alize_desktop.formatting import money_csv
from alize_desktop.interchange.validate import LISTS, schema

BASIN_TABLE = "basin"
CSV_FOLDER = "csv"
TABLES = (BASIN_TABLE, *LISTS)
CSV_NOTE = ("Fichiers CSV : UTF-8 avec BOM, séparateur « ; » ; les colonnes *_cents sont en euros "
            "(virgule décimale) ; les valeurs composées sont en JSON ; oui/non pour les booléens.")


@functools.lru_cache(maxsize=65536)
def _euros(cents: int) -> str:
    # Instalments repeat the same amounts thousands of times: babel formats each value once.
    return money_csv(cents)


def columns(table: str) -> list[str]:
    """The fields of a format v1 table, in the order of the schema."""
    props = schema()["properties"]
    if table == BASIN_TABLE:
        return list(props[BASIN_TABLE]["properties"])
    return list(props[table]["items"]["properties"])


def cell(field: str, value: Any) -> str:
    """The text of one value in a CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int) and field.endswith("_cents"):
        return _euros(value)
    if isinstance(value, float):
        return repr(value).replace(".", ",")
    if isinstance(value, int):
        return str(value)  # a number, even negative: never neutralised
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return safe_text(str(value))


# A cell that starts with one of these is read by a spreadsheet as a formula (=HYPERLINK(…),
# +cmd|…, -1+2, @SUM(…)) or shifts the row (tab, carriage return): OWASP's CSV injection rule.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading apostrophe neutralises a formula start.

    Only text goes through here: amounts and counts are written as numbers (a negative amount
    stays a number the spreadsheet can add up)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def table_csv(fields: Sequence[str], records: Sequence[Mapping[str, Any]]) -> bytes:
    """The CSV bytes of one table (BOM, `;`, CRLF line ends as spreadsheets expect)."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(fields)
    writer.writerows([cell(f, rec.get(f)) for f in fields] for rec in records)
    return buf.getvalue().encode("utf-8-sig")


def iter_csv_files(
    data: Mapping[str, Any], on_table: Callable[[str], None] | None = None
) -> Iterator[tuple[str, bytes]]:
    """(`csv/<table>.csv`, bytes) for the basin row and each list of format v1."""
    for table in TABLES:
        if on_table is not None:
            on_table(table)
        records = [data.get(BASIN_TABLE) or {}] if table == BASIN_TABLE else data.get(table) or []
        yield f"{CSV_FOLDER}/{table}.csv", table_csv(columns(table), records)
