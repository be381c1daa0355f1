"""The network report: every basin's own figures side by side, and the whole network's.

Per basin: its own report on the running convention for the date (`rules.report.build_report` on
the basin's data, so the figures equal the basin's `report --json`), its calendar years and its
last bundle. For the network: the sums of the basins' running conventions (rates recomputed from
the summed amounts, shares against the 40/20/25/15 profile, loss rate against 6 %) and the sums
per calendar year. Median delays cannot be added up: the network shows the median of the basins'
medians. Basins are read one at a time (per process), so memory stays that of the largest basin.
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, select

from alize_desktop.formatting import round_half_up
from alize_desktop.network import models as nm
from alize_desktop.network.figures import (
    DEFAULT_BENCHMARK,
    YEAR_FIELDS,
    basin_report,
    benchmark,
    calendar_years,
    cohort_cents,
)
from alize_desktop.rules.evaluation import RESOURCE_KINDS, ReportError, median_lower
from alize_desktop.rules.fund import AGEING_BUCKETS, loss_rate

REPORT_FORMAT = "alize-network-report"
RESOURCE_PROFILE = {"company": 0.40, "territorial_actor": 0.20, "local_authority": 0.25, "state": 0.15}
DELAYS = ("receipt_to_decision", "decision_to_signature", "signature_to_disbursement")


def load_data(engine: Engine, key: str) -> dict[str, Any]:
    """A basin's format v1 document as received."""
    with engine.connect() as conn:
        blob = conn.execute(select(nm.Basin.data_zlib).where(nm.Basin.key == key)).scalar_one()
    return json.loads(zlib.decompress(blob))


def basin_rows(engine: Engine) -> list[dict[str, Any]]:
    """Every basin with its last bundle's reception, sorted by name (no data decompressed)."""
    query = (select(nm.Basin.key, nm.Basin.name, nm.Basin.siret, nm.Basin.territory, nm.Basin.exported_at,
                    nm.Reception.received_at, nm.Reception.received_by, nm.Reception.file_name,
                    nm.Reception.file_sha256, nm.Reception.as_of, nm.Reception.convention_id,
                    nm.Reception.period_start, nm.Reception.period_end)
             .join(nm.Reception, nm.Reception.id == nm.Basin.reception_id).order_by(nm.Basin.name, nm.Basin.key))
    with engine.connect() as conn:
        return [dict(row._mapping) for row in conn.execute(query)]


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def aware(moment: dt.datetime) -> dt.datetime:
    """A stored timestamp as an aware one (SQLite gives the stored UTC value back without offset)."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment


def _last_bundle(row: dict[str, Any]) -> dict[str, Any]:
    received = aware(row["received_at"])
    return {"file_name": row["file_name"], "file_sha256": row["file_sha256"], "exported_at": row["exported_at"],
            "received_at": _iso(received), "received_by": row["received_by"], "as_of": _iso(row["as_of"]),
            "convention_id": row["convention_id"], "period_start": _iso(row["period_start"]),
            "period_end": _iso(row["period_end"])}


def _entry(row: dict[str, Any], data: dict[str, Any], as_of: dt.date) -> dict[str, Any]:
    """One basin's entry of the network report."""
    try:
        report: dict[str, Any] | None = basin_report(data, as_of)
        problem = None
    except ReportError as exc:
        report, problem = None, str(exc)
    return {"key": row["key"], "name": row["name"], "siret": row["siret"], "territory": row["territory"],
            "last_bundle": _last_bundle(row), "loss_rate_benchmark": benchmark(data),
            "report": report, "problem": problem, "calendar_years": calendar_years(data, as_of),
            "_cohorts": cohort_cents(data, as_of)}


_WORKER_ENGINE: Engine | None = None


def _start_worker(url: str) -> None:
    global _WORKER_ENGINE
    from alize_desktop.network.db import make_network_engine

    _WORKER_ENGINE = make_network_engine(url)  # never the parent's pooled connections


def _worker_entry(job: tuple[dict[str, Any], dt.date]) -> dict[str, Any]:
    row, as_of = job
    assert _WORKER_ENGINE is not None
    return _entry(row, load_data(_WORKER_ENGINE, row["key"]), as_of)


def _entries(engine: Engine, rows: list[dict[str, Any]], as_of: dt.date, workers: int) -> list[dict[str, Any]]:
    """Each basin's entry, one basin in memory at a time per process.

    With `workers` > 1 the basins are shared out between that many forked processes (the command
    line uses the machine's cores): a basin's figures are independent of the others'. Only from a
    single-threaded program (the command line), never from the window: forking a threaded process
    is unsafe.
    """
    import multiprocessing

    if workers <= 1 or len(rows) < 2 * workers or "fork" not in multiprocessing.get_all_start_methods():
        return [_entry(row, load_data(engine, row["key"]), as_of) for row in rows]
    from concurrent.futures import ProcessPoolExecutor

    url = engine.url.render_as_string(hide_password=False)
    engine.dispose()  # no connection crosses the fork
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_start_worker, initargs=(url,)) as pool:
        return list(pool.map(_worker_entry, [(row, as_of) for row in rows]))


def build_network_report(engine: Engine, as_of: dt.date, *, workers: int = 1) -> dict[str, Any]:
    """The whole network report as of `as_of` (JSON-ready)."""
    basins = _entries(engine, basin_rows(engine), as_of, workers)
    network = {"running_conventions": _sum_conventions(basins), "calendar_years": _sum_years(basins)}
    for b in basins:
        del b["_cohorts"]
    return {"format": REPORT_FORMAT, "version": 1, "as_of": as_of.isoformat(), "basins_count": len(basins),
            "network": network, "basins": basins}


def _share(part: int, total: int) -> float:
    return round_half_up(Decimal(part) / Decimal(total), 4) if total else 0.0


def _sum_conventions(basins: list[dict[str, Any]]) -> dict[str, Any]:
    reports = [b["report"] for b in basins if b["report"] is not None]
    years = [y for r in reports for y in r["years"]]
    cents = {k: sum(r["resources"][k]["cents"] for r in reports) for k in RESOURCE_KINDS}
    total = sum(cents.values())
    fund_keys = ("disbursed_cents", "repaid_cents", "written_off_cents", "outstanding_cents", "overdue_cents")
    fund: dict[str, Any] = {k: sum(r["fund"][k] for r in reports) for k in fund_keys}
    fund["ageing_cents"] = {k: sum(r["fund"]["ageing_cents"][k] for r in reports) for k in AGEING_BUCKETS}
    fund["loss_rate"] = loss_rate(fund["written_off_cents"], fund["disbursed_cents"])
    cohorts: dict[str, list[int]] = {}
    for b in basins:
        if b["report"] is None:
            continue
        for year, (disbursed, written) in b["_cohorts"].items():
            row = cohorts.setdefault(year, [0, 0])
            row[0] += disbursed
            row[1] += written
    fund["loss_rate_by_cohort"] = {y: loss_rate(w, d) for y, (d, w) in sorted(cohorts.items())}
    return {
        "basins_reported": len(reports),
        "meetings": sum(y["meetings"] for y in years),
        "projects_examined": sum(y["projects_examined"] for y in years),
        "projects_approved": sum(y["projects_approved"] for y in years),
        "jobs_created": sum(r["jobs_created_total"] for r in reports),
        "jobs_maintained": sum(r["jobs_maintained_total"] for r in reports),
        "jobs_target": sum(r["jobs_target_total"] for r in reports),
        "resources": {k: {"cents": cents[k], "share": _share(cents[k], total), "profile": RESOURCE_PROFILE[k]}
                      for k in RESOURCE_KINDS},
        "skills_days": {k: sum(r["skills_days"][k] for r in reports) for k in ("pledged", "granted", "delivered")},
        "fund": fund,
        "loss_rate_benchmark": DEFAULT_BENCHMARK,
        "delays_days_median_of_basins": {
            k: median_lower([r["delays_days"][k] for r in reports if r["delays_days"][k] is not None])
            for k in DELAYS},
    }


def _sum_years(basins: list[dict[str, Any]]) -> list[dict[str, Any]]:
    years: dict[int, dict[str, Any]] = {}
    for b in basins:
        for row in b["calendar_years"]:
            total = years.setdefault(row["year"], {"year": row["year"], "basins": 0,
                                                   **dict.fromkeys(YEAR_FIELDS, 0)})
            total["basins"] += 1
            for field in YEAR_FIELDS:
                total[field] += row[field]
    return [years[y] for y in sorted(years)]
