"""Mutated documents: every value the program cannot carry, or that the rules forbid, is refused at
import with the field named, and the base keeps its bytes (a refused import writes nothing)."""

from __future__ import annotations

import copy
import json
import pathlib
from collections.abc import Callable
from typing import Any

import pytest
from attack_helpers import assert_refused, files_of

Doc = dict[str, Any]


def _first(d: Doc, table: str, **where: Any) -> Doc:
    return next(r for r in d[table] if all(r.get(k) == v for k, v in where.items()))


def _index(d: Doc, table: str, record: Doc) -> int:
    return d[table].index(record)


def _set(table: str, field: str, value: Any, **where: Any) -> Callable[[Doc], str]:
    def mutate(d: Doc) -> str:
        rec = _first(d, table, **where)
        rec[field] = value
        return f"{table}[{_index(d, table, rec)}].{field}"
    return mutate


def _basin(path: tuple[str, ...], value: Any) -> Callable[[Doc], str]:
    def mutate(d: Doc) -> str:
        node = d["basin"]
        for key in path[:-1]:
            node = node.setdefault(key, {})
        node[path[-1]] = value
        return "basin." + ".".join(path)
    return mutate


def _nested(depth: int) -> Callable[[Doc], str]:
    def mutate(d: Doc) -> str:
        value: Any = "x"
        for _ in range(depth):
            value = [value]
        d["projects"][0]["other_supports"] = value
        return "projects[0].other_supports"
    return mutate


def _quorum_unreachable(d: Doc) -> str:
    company = _first(d, "partners", kind="company", active=True)
    d["people"] += [dict(id=f"hx{i}", partner_id=company["id"], first_name="Membre", last_name=str(i),
                         committee_member=True, active=True) for i in range(60)]
    return "quorum_override"


def _decision_after_export(d: Doc) -> str:
    d["exported_at"] = "2026-07-01T10:00:00+02:00"
    d["meetings"] = [m for m in d["meetings"] if m["date"] <= "2026-11-26"]  # no later meeting at all
    return "décision"


def _future_president_inactive(d: Doc) -> str:
    future = next(m for m in d["meetings"] if m["date"] > d["exported_at"][:10])
    _first(d, "people", id=future["president_id"])["active"] = False
    return f"meetings[{_index(d, 'meetings', future)}].president_id"


def _president_not_company(d: Doc) -> str:
    actor = _first(d, "partners", kind="territorial_actor")
    person = _first(d, "people", partner_id=actor["id"])
    d["meetings"][0]["president_id"] = person["id"]
    return "meetings[0].president_id"


def _mandatary_not_member(d: Doc) -> str:
    project = next(p for p in d["projects"] if p["status"] == "in_follow_up" and p.get("mandatary_id"))
    _first(d, "people", id=project["mandatary_id"])["committee_member"] = False
    return f"projects[{_index(d, 'projects', project)}].mandatary_id"


def _engagement_off_agenda(d: Doc) -> str:
    eng = d["engagements"][0]
    other = next(m for m in d["meetings"] if all(it["project_id"] != eng["project_id"] for it in m["items"]))
    eng["meeting_id"] = other["id"]
    return "engagements[0].meeting_id"


def _skills_without_partner(d: Doc) -> str:
    eng = _first(d, "engagements", kind="skills")
    eng["partner_id"] = None
    return f"engagements[{_index(d, 'engagements', eng)}].partner_id"


def _loan_field(field: str, value: Any) -> Callable[[Doc], str]:
    def mutate(d: Doc) -> str:
        eng = _first(d, "engagements", kind="repayable_advance")
        eng["terms"][field] = value
        return f"engagements[{_index(d, 'engagements', eng)}].terms.{field}"
    return mutate


def _bad_key(d: Doc) -> str:
    d["projects"][0]["\x00clé"] = 1
    return "projects[0]"


MUTATIONS: dict[str, tuple[Callable[[Doc], str], str]] = {
    "year 9999": (_set("conventions", "start", "9999-01-01"), "hors des années"),
    "year 1000": (_set("meetings", "date", "1000-03-01", id="m1"), "hors des années"),
    "year 2201 in terms": (_loan_field("first_due_on", "2201-01-01"), "hors des années"),
    "exported_at not a time": (lambda d: d.__setitem__("exported_at", "demain") or "exported_at", "horodatage"),
    "cents beyond 64 bits": (_set("receipts", "amount_cents", 2**64), "64 bits"),
    "negative beyond 64 bits": (_set("expenses", "amount_cents", -(2**70)), "64 bits"),
    "cents beyond any basin": (_set("commitments", "amount_cents", 10**16), "hors des limites"),
    "count beyond 64 bits": (_set("follow_ups", "jobs_created", 10**30), "64 bits"),
    "headcount absurd": (_set("companies", "headcount", 10**12), "hors des limites"),
    "months absurd": (_loan_field("duration_months", 10**6), "mois"),
    "NaN rate": (_loan_field("annual_rate", float("nan")), "NaN"),
    "Infinity quorum": (_basin(("settings", "quorum_fraction"), float("inf")), "Infinity"),
    "-Infinity amount": (_set("receipts", "amount_cents", float("-inf")), "Infinity"),
    "lone surrogate in a name": (_set("companies", "name", "Scierie \ud800 du Val"), "U+D800"),
    "lone surrogate in a key": (lambda d: d["projects"][0].__setitem__("\udfff", 1) or "projects[0]", "U+DFFF"),
    "control character": (_set("partners", "name", "Acier\x07ies"), "caractère de contrôle"),
    "NUL in notes": (_set("follow_ups", "notes", "ok\x00"), "caractère de contrôle"),
    "newline in basin name": (_basin(("name",), "Bassin\r\nBcc: x@y.example"), "retour à la ligne"),
    "newline in operator e-mail": (_basin(("operator", "email"), "op@x.example\nBcc: y@z.example"),
                                   "retour à la ligne"),
    "newline in a person's e-mail": (_set("people", "email", "a@b.example\r\nX: y"), "retour à la ligne"),
    "bidi override": (_set("companies", "name", "Scierie \u202eeiresci"), "U+202E"),
    "600-character partner name": (_set("partners", "name", "P" * 600), "trop long"),
    "huge diagnostic": (_set("projects", "diagnostic", "mot " * 500_000), "trop long"),
    "long title": (_set("projects", "title", "t" * 301), "trop long"),
    "arabic digits siret": (_set("companies", "siret", "\u0661" * 14), "chiffres 0 à 9"),
    "nesting 40 deep": (_nested(40), "imbriquées"),
    "key with NUL": (_bad_key, "nom de clé"),
    "decision below quorum": (_quorum_unreachable, "quorum"),
    "decision after export": (_decision_after_export, "postérieur à l'export"),
    "president not a company": (_president_not_company, "entreprise partenaire"),
    "future president inactive": (_future_president_inactive, "comité à venir"),
    "mandatary not a member": (_mandatary_not_member, "membre actif du comité"),
    "engagement off agenda": (_engagement_off_agenda, "ordre du jour"),
    "skills without partner": (_skills_without_partner, "partenaire"),
}


def _write(tmp_path: pathlib.Path, data: Doc) -> pathlib.Path:
    path = tmp_path / "attaque.json"
    # allow_nan: the file holds the literal NaN / Infinity an attacker would write
    path.write_text(json.dumps(data, ensure_ascii=True), "utf-8")
    return path


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_a_mutated_document_is_refused_with_the_field_named(
    name: str, cli, demo_db: pathlib.Path, demo_data: Doc, tmp_path: pathlib.Path  # type: ignore[no-untyped-def]
) -> None:
    mutate, words = MUTATIONS[name]
    data = copy.deepcopy(demo_data)
    field = mutate(data)
    src = _write(tmp_path, data)
    before = files_of(demo_db.parent)
    result = cli("--db", demo_db, "import", "--replace", src)
    assert_refused(result, words)
    if words not in ("NaN", "Infinity"):  # those are refused while parsing, before any field exists
        assert field in result.err
    assert files_of(demo_db.parent) == before
    # On a new base the same refusal creates nothing at all.
    fresh = tmp_path / "neuve" / "base.sqlite"
    assert cli("--db", fresh, "import", src).code == 1
    assert not fresh.parent.exists()


def test_the_unmutated_document_still_imports(cli, demo_data: Doc, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    """The battery's control case: the mutations, not the harness, cause the refusals."""
    src = _write(tmp_path, demo_data)
    result = cli("--db", tmp_path / "b.sqlite", "import", src)
    assert result.code == 0, result.err


@pytest.mark.parametrize("text, words", [
    ("[" * 100_000 + "]" * 100_000, "imbriqué trop profondément"),
    ('{"format": "alize-basin", "version": NaN}', "NaN"),
    ("\ufeff{", "JSON valide"),
    (b"\xff\xfe\x00garbage".decode("latin-1"), "UTF-8"),
    ("", "JSON valide"),
], ids=["deep", "nan", "bom-only", "not-utf8", "empty"])
def test_unparsable_files_are_one_sentence(cli, tmp_path: pathlib.Path, text: str, words: str) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "x.json"
    src.write_bytes(text.encode("latin-1") if words == "UTF-8" else text.encode("utf-8"))
    result = cli("--db", tmp_path / "b.sqlite", "import", src)
    assert_refused(result, words)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.json"]


def test_an_import_source_that_is_a_folder_or_unreadable(cli, tmp_path: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    assert_refused(cli("--db", tmp_path / "b.sqlite", "import", tmp_path), "est un dossier")
    assert_refused(cli("--db", tmp_path / "b.sqlite", "import", tmp_path / "absent.json"), "introuvable")


def test_an_integrity_error_is_a_sentence_without_sql_or_data(
    cli, demo_db: pathlib.Path, demo_json: pathlib.Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    """Last line of defence: should SQLite still refuse a row, no statement or parameter is shown."""
    import sqlite3

    from alize_desktop.interchange import importer

    real = importer._write_meetings

    def failing(session, meetings):  # type: ignore[no-untyped-def]
        real(session, meetings)
        session.connection().exec_driver_sql(
            "INSERT INTO attendance (meeting_id, person_id, status, position) VALUES (?, ?, ?, ?)",
            ("m1", "h1", "present", 99))  # a second row for the same member: PRIMARY KEY refuses it

    monkeypatch.setattr(importer, "_write_meetings", failing)
    before = files_of(demo_db.parent)
    result = cli("--db", demo_db, "import", "--replace", demo_json)
    assert_refused(result, "valeurs contradictoires", "rien n'a été écrit")
    assert "INSERT" not in result.err and "h1" not in result.err
    after = files_of(demo_db.parent)
    assert after[demo_db.name] == before[demo_db.name]
    assert sqlite3.connect(demo_db).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


@pytest.mark.parametrize("field", ["people", "operator"])
@pytest.mark.parametrize("address", ["deux@adresses.fr autre@x.fr", "sans-arobase", "a@b"])
def test_an_address_that_is_not_one_address_is_refused_at_import(
    cli, demo_data: Doc, tmp_path: pathlib.Path, field: str, address: str  # type: ignore[no-untyped-def]
) -> None:
    data = copy.deepcopy(demo_data)
    if field == "people":
        data["people"][0]["email"] = address
        where = "people[0].email"
    else:
        data["basin"]["operator"]["email"] = address
        where = "basin.operator.email"
    src = _write(tmp_path, data)
    assert_refused(cli("--db", tmp_path / "b.sqlite", "import", src), where, "adresse électronique")
