"""`check` flags what the annexes would contradict: a disbursement dated before the comité that
granted it (or before the signed convention), with the record named and what to do."""

from __future__ import annotations

import pathlib
import sqlite3

from alize_desktop.services.integrity import check_database


def test_a_disbursement_before_its_approving_meeting_is_flagged(demo_db: pathlib.Path) -> None:
    assert check_database(demo_db) == []
    con = sqlite3.connect(demo_db)
    with con:
        row = con.execute(
            "SELECT d.id, m.date FROM disbursement d JOIN engagement e ON e.id = d.engagement_id "
            "JOIN meeting m ON m.id = e.meeting_id ORDER BY d.id LIMIT 1").fetchone()
        con.execute("UPDATE disbursement SET date = date(?, '-10 days') WHERE id = ?", (row[1], row[0]))
    con.close()
    problems = check_database(demo_db)
    assert len(problems) == 1
    assert "précède le comité d'agrément" in problems[0] and "corrigez la date du versement" in problems[0]
