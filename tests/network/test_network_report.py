"""31 basins received, one re-received newer: exactly 31 basins, each with its own report's figures."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest

from alize_desktop.network.reception import receive_bundle
from alize_desktop.network.report import build_network_report
from alize_desktop.network.sample import stamp, write_data_bundle
from alize_desktop.rules.fund import loss_rate
from alize_desktop.rules.report import build_report
from tests.conftest import DEMO_TODAY

from .conftest import ENGINES, counts, fresh_url

AS_OF = DEMO_TODAY


def _own_report(data: dict[str, Any], as_of: dt.date = AS_OF) -> dict[str, Any]:
    report = build_report(data, as_of)
    del report["engagements"]  # the per-advance detail stays in the basin's own report
    return report


@pytest.fixture(scope="module", params=ENGINES)
def network31(request, bundles31, demo_basins, tmp_path_factory):
    """The 31 bundles received, then basin n° 7 re-received with a new write-off of one cent.

    Built once per engine for the module: the tests below only read it."""
    from alize_desktop.clock import FixedClock
    from alize_desktop.network.db import open_network

    tmp_path = tmp_path_factory.mktemp("network31")
    network = open_network(fresh_url(request.param, tmp_path))
    clock = FixedClock(AS_OF)
    for path in bundles31.values():
        assert receive_bundle(network, path, clock=clock).accepted
    newer = copy.deepcopy(demo_basins[7])
    def owed(eid: str) -> int:
        return sum(x["amount_cents"] * (1 if table == "disbursements" else -1)
                   for table in ("disbursements", "repayments", "write_offs") for x in newer[table]
                   if x["engagement_id"] == eid)

    advance = next(e for e in newer["engagements"] if e["kind"] == "repayable_advance" and owed(e["id"]) > 0)
    newer["write_offs"].append({"id": "w-reseau", "engagement_id": advance["id"], "date": "2026-11-20",
                                "amount_cents": 1, "reason": "Essai du réseau"})
    stamp(newer, "2026-11-28T11:00:00+01:00")
    outcome = receive_bundle(network, write_data_bundle(newer, tmp_path / "bassin-07-bis.zip", AS_OF), clock=clock)
    assert outcome.accepted and outcome.replaced, outcome.message
    basins = dict(demo_basins)
    basins[7] = newer
    yield network, basins
    network.dispose()


def test_31_basins_and_each_has_its_own_report_figures(network31):
    engine, basins = network31
    report = build_network_report(engine, AS_OF)

    assert report["basins_count"] == 31 and counts(engine)["network_basins"] == 31
    by_name = {b["name"]: b for b in report["basins"]}
    assert sorted(by_name) == sorted(d["basin"]["name"] for d in basins.values())
    for data in basins.values():
        assert by_name[data["basin"]["name"]]["report"] == _own_report(data), data["basin"]["name"]
    seventh = by_name["Bassin d'essai n° 7"]
    assert seventh["last_bundle"]["exported_at"] == "2026-11-28T11:00:00+01:00"
    assert seventh["report"]["fund"]["written_off_cents"] == _own_report(basins[7])["fund"]["written_off_cents"]


def test_network_figures_add_the_basins_up(network31):
    engine, basins = network31
    report = build_network_report(engine, AS_OF)
    net = report["network"]["running_conventions"]
    own = [_own_report(d) for d in basins.values()]

    assert net["jobs_created"] == sum(r["jobs_created_total"] for r in own)
    assert net["jobs_target"] == 31 * 225
    assert net["projects_approved"] == sum(y["projects_approved"] for r in own for y in r["years"])
    written = sum(r["fund"]["written_off_cents"] for r in own)
    disbursed = sum(r["fund"]["disbursed_cents"] for r in own)
    assert net["fund"]["written_off_cents"] == written and net["fund"]["disbursed_cents"] == disbursed
    assert net["fund"]["loss_rate"] == loss_rate(written, disbursed)
    assert net["fund"]["overdue_cents"] == sum(net["fund"]["ageing_cents"].values())
    company = sum(r["resources"]["company"]["cents"] for r in own)
    assert net["resources"]["company"]["cents"] == company and net["resources"]["company"]["profile"] == 0.40
    assert net["skills_days"]["delivered"] == sum(r["skills_days"]["delivered"] for r in own)
    assert net["loss_rate_benchmark"] == 0.06
    json.dumps(report)  # JSON-ready


def test_calendar_years_count_what_is_dated_in_each_year(network31):
    engine, basins = network31
    report = build_network_report(engine, AS_OF)
    data = basins[3]
    basin = next(b for b in report["basins"] if b["name"] == data["basin"]["name"])
    years = {y["year"]: y for y in basin["calendar_years"]}

    assert max(years) == 2026
    for year, row in years.items():
        assert row["meetings"] == sum(1 for m in data["meetings"] if m["date"][:4] == str(year)
                                      and m["date"] <= AS_OF.isoformat())
        assert row["projects_received"] == sum(1 for p in data["projects"] if p["received_on"][:4] == str(year))
        assert row["disbursed_cents"] == sum(d["amount_cents"] for d in data["disbursements"]
                                             if d["date"][:4] == str(year))
    network_2025 = next(y for y in report["network"]["calendar_years"] if y["year"] == 2025)
    assert network_2025["meetings"] == sum(
        y["meetings"] for b in report["basins"] for y in b["calendar_years"] if y["year"] == 2025)
    assert network_2025["basins"] == 31


def test_the_basin_report_of_the_command_line_is_the_same(network31, tmp_path, capsys):
    """Against the basin's own `report --json`: import the basin in its own file, run the command."""
    from alize_desktop.cli import main as cli

    engine, basins = network31
    report = build_network_report(engine, AS_OF)
    for seed in (2, 7):
        db = tmp_path / f"bassin-{seed}.sqlite"
        bundle = tmp_path / f"b{seed}.zip"
        write_data_bundle(basins[seed], bundle, AS_OF)
        assert cli(["--db", str(db), "import", str(bundle)]) == 0
        capsys.readouterr()
        assert cli(["--db", str(db), "report", "--json", "--as-of", AS_OF.isoformat()]) == 0
        own = json.loads(capsys.readouterr().out)
        del own["engagements"]
        entry = next(b for b in report["basins"] if b["name"] == basins[seed]["basin"]["name"])
        assert entry["report"] == own


@pytest.mark.parametrize("seed", [1, 12, 25])
def test_calendar_years_follow_the_report_year_rules(demo_basins, seed):
    """The one-pass calendar figures equal the report's own year rule run on calendar years."""
    from alize_desktop.basin import records, snapshot_from_v1
    from alize_desktop.network.figures import calendar_years
    from alize_desktop.rules.evaluation import FollowUps, decisions, year_figures

    data = demo_basins[seed]
    as_of = dt.date(2026, 5, 14)  # mid-year: the rules stop at as_of inside the year
    rows = calendar_years(data, as_of)
    snap = snapshot_from_v1(data)
    follow_ups, decided = FollowUps(snap.follow_ups, as_of), decisions(snap, as_of)
    keys = ("meetings", "projects_examined", "projects_approved", "jobs_created", "jobs_maintained")
    for row in rows:
        calendar_year = records.Convention("", dt.date(row["year"], 1, 1), None, None, None)
        [first, *_] = year_figures(snap, calendar_year, as_of, follow_ups, decided)
        assert {k: row[k] for k in keys} == {k: first[k] for k in keys}, row["year"]
    assert rows[-1]["year"] == 2026 and sum(r["jobs_created"] for r in rows) > 0


def test_report_json_of_the_command_line_shares_the_basins_between_cores(network31):
    """`network report --json` (its own process, the basins shared out between forked workers)."""
    import os
    import subprocess
    import sys

    engine, _basins = network31
    url = engine.url.render_as_string(hide_password=False)
    env = {**os.environ, "ALIZE_TODAY": "2026-12-01"}
    out = subprocess.run([sys.executable, "-m", "alize_desktop", "network", "--db-url", url, "report", "--json",
                          "--as-of", AS_OF.isoformat()], capture_output=True, text=True, env=env, check=True).stdout
    assert json.loads(out) == json.loads(json.dumps(build_network_report(engine, AS_OF)))
