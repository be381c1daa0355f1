"""Fuzzed documents: every one is either imported whole or refused cleanly with nothing written."""

from __future__ import annotations

import copy
import pathlib
import sqlite3
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alize_desktop.db import open_database
from alize_desktop.interchange.importer import ImportRefused, import_basin

LISTS = ("partners", "people", "projects", "meetings", "engagements", "repayments", "expenses", "companies")
JUNK = st.one_of(st.none(), st.integers(-5, 10**12), st.floats(allow_nan=False), st.text(max_size=12),
                 st.booleans(), st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


def _counts(path: pathlib.Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    out = {n: con.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
    con.close()
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_documents_are_all_or_nothing(data: st.DataObject, demo_data: dict, empty_db: pathlib.Path) -> None:
    doc: dict[str, Any] = copy.deepcopy(demo_data)
    name = data.draw(st.sampled_from(LISTS))
    i = data.draw(st.integers(0, len(doc[name]) - 1))
    record = doc[name][i]
    key = data.draw(st.sampled_from(sorted(record)))
    record[key] = data.draw(JUNK)
    engine = open_database(empty_db)
    before = _counts(empty_db)
    try:
        import_basin(engine, doc)
    except ImportRefused as refused:
        assert refused.problems and all(str(p) for p in refused.problems)
        assert _counts(empty_db) == before
    else:
        # Accepted: the whole basin is there (the mutation was harmless, e.g. a new free text).
        assert _counts(empty_db)["project"] == len(doc["projects"])
        engine.dispose()
        empty_db.unlink()
        for suffix in ("-wal", "-shm"):
            pathlib.Path(str(empty_db) + suffix).unlink(missing_ok=True)
        open_database(empty_db).dispose()
        return
    engine.dispose()
