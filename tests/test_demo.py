"""The demo basin generator: deterministic, format v1, and true to every rule the importer checks.

The checks are written here on plain data on purpose (not through the rules engine), so that a
regression in the generator is not hidden by one in the code it feeds.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import pathlib
import re
from collections import Counter, defaultdict
from typing import Any

import pytest
from stdnum import iban
from stdnum.fr import siret

from alize_desktop.demo import generate_demo_basin
from alize_desktop.demo.numbers import add_months, zero_rate_schedule

TODAY = dt.date(2026, 11, 26)
SCHEMA = pathlib.Path(__file__).resolve().parents[1] / "alize_desktop" / "interchange" / "schema.json"
# A few other anchors: month ends, a leap day, different distances to the convention start.
OTHER_CASES = [(1, dt.date(2025, 1, 1)), (7, dt.date(2027, 8, 31)), (42, dt.date(2028, 2, 29))]
D = dt.date.fromisoformat


@pytest.fixture(scope="module")
def basin() -> dict[str, Any]:
    return generate_demo_basin(2026, today=TODAY)


def by_id(data: dict[str, Any], key: str) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in data[key]}


def convention_years(data: dict[str, Any]) -> list[tuple[dt.date, dt.date]]:
    starts = [D(c["start"]) for c in data["conventions"]]
    return [(add_months(s, 12 * (k - 1)), add_months(s, 12 * k)) for s in starts for k in range(1, 4)]


# --- format, determinism -------------------------------------------------------------------------


def test_same_seed_and_today_give_the_same_document() -> None:
    first = generate_demo_basin(2026, today=TODAY)
    again = generate_demo_basin(2026, today=TODAY)
    assert json.dumps(first, ensure_ascii=False) == json.dumps(again, ensure_ascii=False)
    assert generate_demo_basin(2027, today=TODAY) != first
    assert generate_demo_basin(2026, today=TODAY + dt.timedelta(days=40)) != first


def test_top_level_shape(basin: dict[str, Any]) -> None:
    assert list(basin)[:4] == ["format", "version", "exported_at", "basin"]
    assert basin["format"] == "alize-basin" and basin["version"] == 1
    assert re.fullmatch(r"2026-11-26T\d\d:\d\d:\d\d\+01:00", basin["exported_at"])
    json.dumps(basin)  # plain JSON types only: dates already ISO strings


def test_matches_the_json_schema(basin: dict[str, Any]) -> None:
    if not SCHEMA.exists():
        pytest.skip("alize_desktop/interchange/schema.json is not written yet")
    import jsonschema

    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA.read_text("utf-8")))
    assert [e.message for e in validator.iter_errors(basin)] == []


@pytest.mark.parametrize(("seed", "today"), [(2026, TODAY), *OTHER_CASES])
def test_the_importer_validator_finds_no_problem(seed: int, today: dt.date) -> None:
    if importlib.util.find_spec("alize_desktop.interchange.validate") is None:
        pytest.skip("alize_desktop/interchange/validate.py is not written yet")
    from alize_desktop.interchange.validate import validate_basin

    assert validate_basin(generate_demo_basin(seed, today=today)) == []


# --- every invariant, on the default demo and on other seeds and days -----------------------------


def money_is_int_cents(node: Any) -> list[str]:
    bad = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("_cents") and (type(value) is not int or value < 0):
                bad.append(f"{key}={value!r}")
            bad += money_is_int_cents(value)
    elif isinstance(node, list):
        for value in node:
            bad += money_is_int_cents(value)
    return bad


def check_references(data: dict[str, Any]) -> None:
    ids = {key: [r["id"] for r in rows] for key, rows in data.items() if isinstance(rows, list)}
    for key, values in ids.items():
        assert len(values) == len(set(values)), key
    partners, people = set(ids["partners"]), set(ids["people"])
    engagements = by_id(data, "engagements")
    assert all(p["partner_id"] in partners for p in data["people"])
    assert all(k["partner_id"] in partners and k["convention_id"] in ids["conventions"]
               for k in data["commitments"])
    assert all(r["partner_id"] in partners for r in data["receipts"])
    for project in data["projects"]:
        assert project["company_id"] in ids["companies"] and project["prescriber_id"] in people
        assert project["mandatary_id"] in (None, *people)
        assert all(s["scheme_id"] in ids["support_schemes"] for s in project["other_supports"])
    for meeting in data["meetings"]:
        assert {meeting["president_id"], *meeting["present"], *meeting["excused"]} <= people
        assert all(i["project_id"] in ids["projects"] for i in meeting["items"])
    for e in data["engagements"]:
        assert e["project_id"] in ids["projects"] and e["meeting_id"] in ids["meetings"]
        assert e["partner_id"] in (None, *partners)
    for key in ("disbursements", "repayments", "write_offs"):
        assert all(engagements[r["engagement_id"]]["kind"] == "repayable_advance" for r in data[key])
    assert all(f["project_id"] in ids["projects"] and f["author_id"] in people for f in data["follow_ups"])


def check_identifiers(data: dict[str, Any]) -> None:
    sirets = [data["basin"]["operator"]["siret"], *(c["siret"] for c in data["companies"]),
              *(p["siret"] for p in data["partners"] if p["siret"])]
    assert all(siret.is_valid(s) for s in sirets)
    assert len(sirets) == len(set(sirets))
    for account in data["basin"]["accounts"].values():
        assert account["iban"].startswith("FR") and iban.is_valid(account["iban"])


def check_meetings(data: dict[str, Any], today: dt.date) -> None:
    people, partners = by_id(data, "people"), by_id(data, "partners")
    active = {h for h, p in people.items() if p["committee_member"] and p["active"]
              and partners[p["partner_id"]]["active"]}
    for meeting in data["meetings"]:
        president = people[meeting["president_id"]]
        partner = partners[president["partner_id"]]
        assert meeting["president_id"] in active and partner["kind"] == "company" and partner["active"]
        present = set(meeting["present"])
        assert meeting["president_id"] in present and present <= active
        assert set(meeting["excused"]) <= active and not present & set(meeting["excused"])
        assert len(present) > len(active) / 2 and meeting["quorum_override"] is None
        for item in meeting["items"]:
            if item["decision"] is None:
                assert D(meeting["date"]) > today
                assert item["votes"] is None and item["vote_totals"] is None
                continue
            assert D(meeting["date"]) <= today
            assert (item["votes"] is None) != (item["vote_totals"] is None)
            voters = present - set(item["conflicts"])
            assert set(item["conflicts"]) <= present
            if item["votes"] is not None:
                assert set(item["votes"]) <= voters
                tally = Counter(item["votes"].values())
            else:
                tally = Counter(item["vote_totals"])
                assert sum(tally.values()) <= len(voters)
            if item["decision"] == "approved":
                assert tally["for"] > tally["against"]
            if item["decision"] == "rejected":
                assert tally["against"] > tally["for"]


def check_terms(data: dict[str, Any]) -> None:
    for e in data["engagements"]:
        loan = e["kind"] in ("repayable_advance", "subsidised_loan")
        assert (e["terms"] is not None) == loan
        if loan:
            t = e["terms"]
            assert t["period_months"] in (1, 3, 6, 12)
            assert (t["duration_months"] - t["deferral_months"]) % t["period_months"] == 0
            assert (t["annual_rate"] == 0.0) == (e["kind"] == "repayable_advance")
        if e["kind"] == "repayable_advance":
            assert 1_000_000 <= e["amount_cents"] <= 6_000_000 and e["partner_id"] is None
        if e["kind"] == "skills":
            assert e["days"] and 60_000 <= e["amount_cents"] // e["days"] <= 80_000
            assert partner_kind(data, e["partner_id"]) == "company"


def partner_kind(data: dict[str, Any], partner_id: str) -> str:
    return by_id(data, "partners")[partner_id]["kind"]


def fund_movements(data: dict[str, Any]) -> dict[str, list[tuple[dt.date, int, str]]]:
    moves: dict[str, list[tuple[dt.date, int, str]]] = defaultdict(list)
    for key in ("disbursements", "repayments", "write_offs"):
        for row in data[key]:
            moves[row["engagement_id"]].append((D(row["date"]), row["amount_cents"], key))
    return moves


def check_fund(data: dict[str, Any]) -> None:
    """At every date, repaid + written off ≤ disbursed; a write-off ≤ outstanding at its date."""
    for moves in fund_movements(data).values():
        disbursed = repaid = written_off = 0
        # Same day: disbursements first, the generous reading the importer also uses.
        for _day, cents, key in sorted(moves, key=lambda m: (m[0], m[2] != "disbursements")):
            if key == "disbursements":
                disbursed += cents
            elif key == "repayments":
                repaid += cents
            else:
                assert cents <= disbursed - repaid - written_off
                written_off += cents
            assert repaid + written_off <= disbursed


def check_dates(data: dict[str, Any], today: dt.date) -> None:
    for key in ("receipts", "disbursements", "repayments", "write_offs", "follow_ups", "expenses"):
        assert all(D(r["date"]) <= today for r in data[key]), key
    for p in data["projects"]:
        assert D(p["received_on"]) <= today
        assert p["convention_signed_on"] is None or D(p["convention_signed_on"]) <= today
    assert all(D(c["created_on"]) <= today for c in data["companies"])


def check_reimbursement_cap(data: dict[str, Any]) -> None:
    per_year: Counter[int] = Counter()
    for x in data["expenses"]:
        if x["category"] == "operator_reimbursement":
            per_year[D(x["date"]).year] += x["amount_cents"]
    cap = data["basin"]["settings"]["operator_reimbursement_cap_cents"]
    assert per_year and max(per_year.values()) <= cap


def check_follow_ups(data: dict[str, Any]) -> None:
    projects = by_id(data, "projects")
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in sorted(data["follow_ups"], key=lambda f: f["date"]):
        series[f["project_id"]].append(f)
    for project_id, reports in series.items():
        project = projects[project_id]
        assert all(f["author_id"] == project["mandatary_id"] for f in reports)
        assert D(reports[0]["date"]) > D(project["convention_signed_on"])
        for field in ("jobs_created", "jobs_maintained", "skills_days_delivered"):
            values = [f[field] for f in reports]
            assert values == sorted(values), (project_id, field)


def check_balances(data: dict[str, Any]) -> None:
    """Neither dedicated account is ever overdrawn."""
    moves = [(r["date"], r["account"], r["amount_cents"]) for r in data["receipts"]]
    moves += [(r["date"], "advances", -r["amount_cents"]) for r in data["disbursements"]]
    moves += [(r["date"], "advances", r["amount_cents"]) for r in data["repayments"]]
    moves += [(r["date"], r["account"], -r["amount_cents"]) for r in data["expenses"]]
    balance: Counter[str] = Counter()
    for day, account, cents in sorted(moves, key=lambda m: (m[0], -m[2])):
        balance[account] += cents
        assert balance[account] >= 0, (day, account)


@pytest.mark.parametrize(("seed", "today"), [(2026, TODAY), *OTHER_CASES])
def test_invariants(seed: int, today: dt.date) -> None:
    data = generate_demo_basin(seed, today=today)
    assert money_is_int_cents(data) == []
    check_references(data)
    check_identifiers(data)
    check_meetings(data, today)
    check_terms(data)
    check_fund(data)
    check_dates(data, today)
    check_reimbursement_cap(data)
    check_follow_ups(data)
    check_balances(data)


# --- content of the default demo -----------------------------------------------------------------


def test_timeline_relative_to_today(basin: dict[str, Any]) -> None:
    finished, running = (D(c["start"]) for c in basin["conventions"])
    assert add_months(finished, 36) == running
    assert 20 <= (TODAY.year - running.year) * 12 + TODAY.month - running.month <= 26
    first_activity = min(D(m["date"]) for m in basin["meetings"])
    assert 4 * 365 <= (TODAY - first_activity).days <= 5 * 365 + 30


def test_partners_people_and_commitments(basin: dict[str, Any]) -> None:
    kinds = Counter(p["kind"] for p in basin["partners"])
    assert kinds["company"] >= 10 and kinds["territorial_actor"] >= 3 and kinds["local_authority"] >= 3
    assert kinds["state"] == 2 and kinds["network_head"] == 1
    assert any(not p["active"] for p in basin["partners"] if p["kind"] == "company")
    partners_with_people = {h["partner_id"] for h in basin["people"]}
    assert partners_with_people == {p["id"] for p in basin["partners"]}
    committee = [h for h in basin["people"] if h["committee_member"]]
    assert 15 <= len(committee) <= 20 and any(not h["active"] for h in committee)
    assert len(basin["support_schemes"]) in (2, 3)
    for convention in basin["conventions"]:
        totals: Counter[str] = Counter()
        for k in basin["commitments"]:
            if k["convention_id"] == convention["id"]:
                totals[partner_kind(basin, k["partner_id"])] += k["amount_cents"]
                assert (k["days"] is not None) == (k["nature"] == "skills")
        total = sum(totals.values())
        assert 85_000_000 <= total <= 95_000_000
        for kind, share in (("company", 0.40), ("territorial_actor", 0.20), ("local_authority", 0.25),
                            ("state", 0.15)):
            assert abs(totals[kind] / total - share) < 0.02, kind


def test_yearly_activity_meets_the_programme_targets(basin: dict[str, Any]) -> None:
    full_years = [(start, end) for start, end in convention_years(basin) if end <= TODAY]
    assert len(full_years) >= 4
    for start, end in full_years:
        meetings = [m for m in basin["meetings"] if start <= D(m["date"]) < end]
        examined = {i["project_id"] for m in meetings for i in m["items"] if i["decision"]}
        approved = {i["project_id"] for m in meetings for i in m["items"] if i["decision"] == "approved"}
        assert 6 <= len(meetings) <= 10
        assert 12 <= len(examined) <= 18 and 10 <= len(approved) <= 15, (start, len(examined), len(approved))


def test_project_histories(basin: dict[str, Any]) -> None:
    statuses = Counter(p["status"] for p in basin["projects"])
    for status in ("received", "in_review", "scheduled", "in_follow_up", "closed", "rejected"):
        assert statuses[status] >= 1, status
    # Approved but not signed yet, or signed and not yet reported on: depends on the last meetings.
    assert statuses["approved"] + statuses["convention_signed"] >= 1
    assert statuses["withdrawn"] == 1
    decisions: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    meeting_dates = {}
    for m in basin["meetings"]:
        meeting_dates[m["id"]] = D(m["date"])
        for item in m["items"]:
            decisions[item["project_id"]].append((m["id"], item["decision"]))
    adjourned_then_approved = [p for p, d in decisions.items()
                               if [x for _, x in d][:2] == ["adjourned", "approved"]]
    assert len(adjourned_then_approved) >= 2
    for project in basin["projects"]:
        history = decisions.get(project["id"], [])
        approvals = [m for m, x in history if x == "approved"]
        if project["status"] in ("approved", "convention_signed", "in_follow_up", "closed"):
            assert len(approvals) == 1 and project["mandatary_id"] is not None
            signed = project["convention_signed_on"]
            assert (signed is None) == (project["status"] == "approved")
            if signed:
                assert 7 <= (D(signed) - meeting_dates[approvals[0]]).days <= 60
        else:
            assert not approvals and project["convention_signed_on"] is None
        if project["status"] == "scheduled":
            assert history[-1][1] is None
        if project["status"] in ("received", "in_review"):
            assert not history
    scored = [s for p in basin["projects"] if p["scores"] for s in p["scores"].values()]
    assert set(scored) <= {1, 2, 3, 4, 5}
    assert sum(bool(i["conflicts"]) for m in basin["meetings"] for i in m["items"]) >= 1


def test_engagements_mix(basin: dict[str, Any]) -> None:
    kinds = Counter(e["kind"] for e in basin["engagements"])
    assert kinds["repayable_advance"] >= 15 and kinds["skills"] >= 15
    assert kinds["in_kind"] >= 1 and kinds["direct_funding"] >= 1 and 1 <= kinds["subsidised_loan"] <= 2
    rates = {e["terms"]["annual_rate"] for e in basin["engagements"] if e["kind"] == "subsidised_loan"}
    assert rates <= {0.02, 0.015}
    approved = {i["project_id"] for m in basin["meetings"] for i in m["items"] if i["decision"] == "approved"}
    assert {e["project_id"] for e in basin["engagements"]} == approved


def test_repayments_follow_the_schedule_and_some_are_late(basin: dict[str, Any]) -> None:
    engagements = by_id(basin, "engagements")
    moves = fund_movements(basin)
    assert any(sum(1 for m in ms if m[2] == "disbursements") == 2 for ms in moves.values())
    late = {}
    for engagement_id, ms in moves.items():
        tranches = sorted(m for m in ms if m[2] == "disbursements")
        terms = engagements[engagement_id]["terms"]
        principal = sum(m[1] for m in tranches)
        assert principal == engagements[engagement_id]["amount_cents"]
        schedule = zero_rate_schedule(principal, terms["duration_months"], terms["deferral_months"],
                                      terms["period_months"], tranches[0][0])
        assert sum(c for _, c in schedule) == principal
        due = sum(c for day, c in schedule if day <= TODAY)
        paid = sum(m[1] for m in ms if m[2] == "repayments")
        if due - paid > 0:
            left, oldest_unpaid = paid, None
            for day, cents in schedule:
                if left < cents:
                    oldest_unpaid = day
                    break
                left -= cents
            late[engagement_id] = (TODAY - oldest_unpaid).days
    # Two or three advances overdue today (plus the insolvent company's), by various delays.
    assert 3 <= len(late) <= 5 and len(set(late.values())) == len(late)
    assert min(late.values()) < 90 < max(late.values())


def test_the_insolvent_company_and_its_write_off(basin: dict[str, Any]) -> None:
    insolvent = [c for c in basin["companies"] if c["insolvency"]]
    assert len(insolvent) == 1
    procedure = insolvent[0]["insolvency"]
    assert procedure["procedure"] == "receivership"
    assert D(procedure["judgment_on"]) < D(procedure["published_on"]) <= TODAY
    assert len(basin["write_offs"]) == 1
    write_off = basin["write_offs"][0]
    engagement = by_id(basin, "engagements")[write_off["engagement_id"]]
    project = by_id(basin, "projects")[engagement["project_id"]]
    assert project["company_id"] == insolvent[0]["id"]
    assert D(write_off["date"]) > D(procedure["judgment_on"])
    disbursed = sum(d["amount_cents"] for d in basin["disbursements"]
                    if d["engagement_id"] == engagement["id"])
    repaid = sum(r["amount_cents"] for r in basin["repayments"] if r["engagement_id"] == engagement["id"])
    assert 0 < write_off["amount_cents"] < disbursed - repaid  # partly written off


def test_expenses_cover_every_category(basin: dict[str, Any]) -> None:
    categories = Counter(x["category"] for x in basin["expenses"])
    assert categories["engineering"] and categories["other"] and categories["operator_reimbursement"]
    assert all(x["account"] == "operating" for x in basin["expenses"])
    accounts = Counter(r["account"] for r in basin["receipts"])
    assert accounts["advances"] and accounts["operating"]


def test_identifier_helpers_make_valid_numbers() -> None:
    import random

    from alize_desktop.demo.numbers import make_french_iban, make_siret

    rng, used = random.Random(5), set()
    assert all(siret.is_valid(make_siret(rng, used)) for _ in range(200)) and len(used) == 200
    assert all(iban.is_valid(make_french_iban(rng, "30004")) for _ in range(200))
    assert add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)
    schedule = zero_rate_schedule(1_000_001, 36, 6, 1, dt.date(2024, 1, 31))
    assert len(schedule) == 30 and schedule[0] == (dt.date(2024, 8, 31), 33_333)
    assert schedule[-1][1] == 1_000_001 - 29 * 33_333
