"""The receiving end at ASTREES: a network database holding every basin's bundle side by side.

- `models.py`: the network tables (their own Alembic history in `migrations/`);
- `db.py`: SQLite file by default, PostgreSQL (psycopg 3) when given a URL; migrated at start-up;
- `identity.py`: a basin's stable key (operator SIRET, else the basin's name);
- `reception.py`: receiving a bundle (the bundle reader's checks, format v1 and every rule);
- `figures.py`: a basin's figures by its own report's rules; `report.py`: the network report;
  `report_csv.py`, `report_pdf.py`: its files; `overview.py`: the window's list and flags;
- `sample.py`: data-only bundles (tests, benchmark); `cli.py`: the `network` sub-command.

No Qt here: the window lives in `alize_desktop/ui/network/`.
"""
