"""The evaluation report (`report.json`, INTERCHANGE.md) built from the basin snapshot.

`build_report` returns the JSON document key for key, in the order of the specification.
The figures of a date are computed once (rules.figures) and shared by every convention's report.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from alize_desktop.basin import Snapshot
from alize_desktop.basin.convert import as_snapshot
from alize_desktop.basin.defaults import JOBS_TARGET_PER_YEAR
from alize_desktop.rules.evaluation import (
    CONVENTION_YEARS,
    ReportError,
    delays,
    resources,
    select_convention,
    skills_days,
    year_figures,
)
from alize_desktop.rules.figures import Figures, figures

__all__ = ["ReportError", "build_report", "fund_figures", "report_as_text", "summary_of"]

DEFAULT_JOBS_TARGET_PER_YEAR = JOBS_TARGET_PER_YEAR


def fund_figures(data: Snapshot | Mapping[str, Any], as_of: date) -> tuple[dict[str, Any], list[dict]]:
    """The `fund` object and the `engagements` list of the report.

    Covers every repayable advance of the basin, whatever its convention; only the
    disbursements, repayments and write-offs dated on or before `as_of` count.
    """
    snap = as_snapshot(data)  # held here: the figures keep only a weak reference to it
    fig = figures(snap, as_of)
    return fig.fund, fig.engagement_rows


def summary_of(fig: Figures, convention_id: str | None) -> dict[str, Any]:
    """The head of a convention's report.json — `as_of` to `resources`: its years, the job totals
    and the partners' resources — memoised; it needs none of the fund's figures (the dashboard
    shows it first, before the 8 000 advances of a network basin are computed)."""
    found = fig.summaries.get(convention_id)
    if found is None:
        snap, as_of = fig.snapshot, fig.as_of
        if not snap.complete:
            raise ValueError("Le rapport se calcule sur le bassin entier, pas sur l'extrait d'un projet.")
        convention = select_convention(snap.conventions, as_of, convention_id)
        years = year_figures(snap, convention, as_of, fig.follow_ups, fig.decided)
        per_year = snap.settings.jobs_target_per_year
        per_year = DEFAULT_JOBS_TARGET_PER_YEAR if per_year is None else int(per_year)
        found = fig.summaries[convention_id] = {
            "as_of": as_of.isoformat(),
            "convention_id": convention.id,
            "years": years,
            "jobs_created_total": sum(y["jobs_created"] for y in years),
            "jobs_maintained_total": sum(y["jobs_maintained"] for y in years),
            "jobs_target_total": per_year * CONVENTION_YEARS,
            "resources": resources(snap, convention.id),
        }
    return found


def report_of(fig: Figures, convention_id: str | None) -> dict[str, Any]:
    """The report.json of one convention from the shared figures of a date."""
    head = summary_of(fig, convention_id)
    snap, as_of = fig.snapshot, fig.as_of
    convention = snap.convention[head["convention_id"]]
    return {
        **head,
        "skills_days": skills_days(snap, convention, as_of, fig.follow_ups),
        "fund": fig.fund,
        "accounts": fig.balances,
        "delays_days": delays(snap, convention, as_of, fig.decided, fig.first_disbursement),
        "engagements": fig.engagement_rows,
    }


def build_report(data: Snapshot | Mapping[str, Any], as_of: date, convention_id: str | None = None) -> dict[str, Any]:
    """The report.json of INTERCHANGE.md for a basin (a snapshot, or a format v1 document) on `as_of`.

    `convention_id` defaults to the convention running on `as_of`, else the latest one that
    started before it. Raises ReportError (French message) when the id is unknown or there is
    no convention to report on. On a snapshot the report is computed once and shared (read it,
    never change it); a format v1 document gets a report of its own.
    """
    snap = as_snapshot(data)  # held here: the figures keep only a weak reference to it
    return figures(snap, as_of).report(convention_id)


def report_as_text(report: Mapping[str, Any], data: Snapshot | Mapping[str, Any]) -> str:
    """The report's figures as a readable French plain-text table."""
    from alize_desktop.rules.report_text import render  # kept apart: presentation, not rules

    return render(report, data)
