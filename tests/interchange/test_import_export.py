"""Format v1: exact round trip, strict all-or-nothing import, errors that name the record."""

from __future__ import annotations

import copy
import json
import pathlib
import sqlite3
from typing import Any

import pytest

from alize_desktop.db import open_database
from alize_desktop.interchange.exporter import export_basin
from alize_desktop.interchange.importer import BasinExists, ImportRefused, import_basin
from alize_desktop.interchange.validate import validate_basin
from tests.conftest import SHARED


def canon(x: Any) -> Any:
    if isinstance(x, dict):
        return {k: canon(v) for k, v in sorted(x.items()) if k != "exported_at"}
    if isinstance(x, list):
        return [canon(v) for v in x]
    return x


def table_counts(path: pathlib.Path) -> dict[str, int]:
    con = sqlite3.connect(path)
    names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table' AND name != 'journal'")]
    counts = {n: con.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0] for n in names}
    con.close()
    return counts


def test_example_round_trip_is_exact(empty_db: pathlib.Path, example_data: dict) -> None:
    engine = open_database(empty_db)
    import_basin(engine, example_data)
    out = export_basin(engine)
    engine.dispose()
    assert canon(out) == canon(example_data)


def test_demo_export_import_export_is_identical(demo_data: dict, empty_db: pathlib.Path) -> None:
    engine = open_database(empty_db)
    import_basin(engine, demo_data)
    again = export_basin(engine)
    engine.dispose()
    assert canon(again) == canon(demo_data)


def test_null_optional_fields_survive_a_round_trip(demo_data: dict, empty_db: pathlib.Path) -> None:
    doc = copy.deepcopy(demo_data)
    doc["basin"]["territory"] = None
    doc["partners"][0]["address"] = None
    engine = open_database(empty_db)
    import_basin(engine, doc)
    out = export_basin(engine)
    engine.dispose()
    assert out["basin"]["territory"] is None and out["partners"][0]["address"] is None


def test_a_second_import_needs_replace(demo_engine, demo_data: dict) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(BasinExists):
        import_basin(demo_engine, demo_data)


@pytest.mark.parametrize("bad", sorted((SHARED / "examples").glob("bad-*.json")), ids=lambda p: p.stem)
def test_public_bad_documents_are_refused_and_nothing_is_written(bad: pathlib.Path, empty_db: pathlib.Path) -> None:
    before = table_counts(empty_db)
    engine = open_database(empty_db)
    with pytest.raises(ImportRefused) as refused:
        import_basin(engine, json.loads(bad.read_text("utf-8")))
    engine.dispose()
    assert refused.value.problems
    assert table_counts(empty_db) == before


def _mutate(data: dict, path: str, value: Any) -> dict:
    """Set a value at a dotted path like `projects[3].company_id` in a deep copy."""
    doc = copy.deepcopy(data)
    node: Any = doc
    parts = path.replace("]", "").replace("[", ".").split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    last = parts[-1]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value
    return doc


def _first(data: dict, name: str, pred) -> int:  # type: ignore[no-untyped-def]
    return next(i for i, r in enumerate(data[name]) if pred(r))


def test_each_rule_is_checked_and_named(demo_data: dict) -> None:
    d = demo_data
    people = {h["id"]: h for h in d["people"]}
    partners = {p["id"]: p for p in d["partners"]}
    not_company = next(h["id"] for h in d["people"] if partners[h["partner_id"]]["kind"] != "company")
    mi = _first(d, "meetings", lambda m: any(it["votes"] for it in m["items"]))
    meeting = d["meetings"][mi]
    ii = next(i for i, it in enumerate(meeting["items"]) if it["votes"])
    absent = next(h for h in people if h not in meeting["present"])
    adv = _first(d, "engagements", lambda e: e["kind"] == "repayable_advance"
                 and any(x["engagement_id"] == e["id"] for x in d["disbursements"]))
    adv_id = d["engagements"][adv]["id"]
    disbursed = sum(x["amount_cents"] for x in d["disbursements"] if x["engagement_id"] == adv_id)
    reimb = _first(d, "expenses", lambda x: x["category"] == "operator_reimbursement")
    cases = {
        "president": (_mutate(d, f"meetings[{mi}].president_id", not_company), f"meetings[{mi}].president_id"),
        "absent voter": (_mutate(d, f"meetings[{mi}].items[{ii}].votes", {**meeting["items"][ii]["votes"], absent: "for"}),
                         f"meetings[{mi}].items[{ii}].votes.{absent}"),
        "totals": (_mutate(_mutate(d, f"meetings[{mi}].items[{ii}].votes", None), f"meetings[{mi}].items[{ii}].vote_totals",
                           {"for": 99, "against": 0, "abstain": 0}), f"meetings[{mi}].items[{ii}].vote_totals"),
        "terms": (_mutate(d, f"engagements[{adv}].terms.deferral_months", d["engagements"][adv]["terms"]["deferral_months"] + 1)
                  if d["engagements"][adv]["terms"]["period_months"] > 1 else
                  _mutate(d, f"engagements[{adv}].terms.deferral_months", d["engagements"][adv]["terms"]["duration_months"]),
                  f"engagements[{adv}].terms"),
        "write-off": ({**d, "write_offs": [*d["write_offs"], {"id": "wX", "engagement_id": adv_id, "date": "2026-11-20",
                                                             "amount_cents": disbursed + 1, "reason": "x"}]},
                      f"write_offs[{len(d['write_offs'])}].amount_cents"),
        "cap": (_mutate(d, f"expenses[{reimb}].amount_cents", 1_000_001), f"expenses[{reimb}].amount_cents"),
        "duplicate id": ({**d, "partners": [*d["partners"], dict(d["partners"][0])]}, f"partners[{len(d['partners'])}].id"),
        "enum": (_mutate(d, "projects[0].type", "expansion"), "projects[0].type"),
        "iban": (_mutate(d, "basin.accounts.advances.iban", "FR7630006000011234567890188"), "basin.accounts.advances.iban"),
        "float cents": (_mutate(d, "receipts[0].amount_cents", 1500.0), "receipts[0].amount_cents"),
        "impossible date": (_mutate(d, "receipts[0].date", "2021-02-30"), "receipts[0].date"),
        "dangling": (_mutate(d, "follow_ups[0].author_id", "h999"), "follow_ups[0].author_id"),
        "advance with interest": (_mutate(d, f"engagements[{adv}].terms.annual_rate", 0.02),
                                  f"engagements[{adv}].terms.annual_rate"),
        "over-disbursed": ({**d, "disbursements": [*d["disbursements"], {
            "id": "dX", "engagement_id": adv_id, "date": "2026-11-20", "amount_cents": 1}]},
            next(f"disbursements[{i}].amount_cents" for i, x in enumerate(d["disbursements"])
                 if x["engagement_id"] == adv_id)),
    }
    for name, (doc, path) in cases.items():
        problems = validate_basin(doc)
        assert problems, f"{name}: accepted"
        assert any(p.path == path for p in problems), f"{name}: {[str(p) for p in problems]}"
        assert all(p.message for p in problems)


def test_schema_messages_are_french(demo_data: dict) -> None:
    problems = validate_basin(_mutate(demo_data, "projects[0].scores", {"quality": 6, "holder": 1, "impact": 1}))
    assert [str(p) for p in problems] == ["projects[0].scores.quality : valeur 6 trop grande (maximum 5)"]


def test_approval_needs_more_for_than_against(demo_data: dict) -> None:
    mi = _first(demo_data, "meetings", lambda m: any(it["decision"] == "approved" and it["votes"] for it in m["items"]))
    ii = next(i for i, it in enumerate(demo_data["meetings"][mi]["items"]) if it["decision"] == "approved" and it["votes"])
    votes = {h: "against" for h in demo_data["meetings"][mi]["items"][ii]["votes"]}
    problems = validate_basin(_mutate(demo_data, f"meetings[{mi}].items[{ii}].votes", votes))
    assert any(p.path == f"meetings[{mi}].items[{ii}].decision" for p in problems)


def test_future_version_message_is_clear(demo_data: dict) -> None:
    problems = validate_basin({**demo_data, "version": 2})
    assert len(problems) == 1 and "version 2" in problems[0].message
