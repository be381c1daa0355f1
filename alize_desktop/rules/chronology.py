"""Chronology of an advance: money leaves the fund only after the comité approved it and the
convention de coopération et développement was signed.

`disbursement_problems(data)` reads the basin data (format v1 dict) and returns one French
problem per disbursement dated before its approving meeting, or before (or without) the
signature of its project's convention. Pure: `check` and the import call it and decide what to
do with the problems. Each problem names the record the operator can find on screen (the
company, the project, the date and the amount), never an internal id alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from alize_desktop.formatting import date_long, money


@dataclass(frozen=True)
class ChronologyProblem:
    path: str  # where in the data: "disbursements[3].date"
    message: str  # one French sentence that says what is wrong and what to do

    def __str__(self) -> str:
        return f"{self.path} : {self.message}" if self.path else self.message


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None  # a malformed date is the format validator's to report


def _index(records: Any) -> dict[str, Mapping[str, Any]]:
    return {r["id"]: r for r in records or [] if isinstance(r, Mapping) and "id" in r}


def disbursement_problems(data: Mapping[str, Any]) -> list[ChronologyProblem]:
    """Disbursements dated before the approving meeting or before the convention's signature."""
    engagements = _index(data.get("engagements"))
    projects = _index(data.get("projects"))
    companies = _index(data.get("companies"))
    meetings = _index(data.get("meetings"))
    problems: list[ChronologyProblem] = []
    for n, disbursement in enumerate(data.get("disbursements") or []):
        paid_on = _day(disbursement.get("date"))
        engagement = engagements.get(disbursement.get("engagement_id", ""))
        if paid_on is None or engagement is None:
            continue  # missing links and dates are reported by the format validation
        project = projects.get(engagement.get("project_id", "")) or {}
        company = companies.get(project.get("company_id", "")) or {}
        what = (f"Le versement du {date_long(paid_on)} ({money(int(disbursement.get('amount_cents') or 0))}) "
                f"de l'avance accordée à {company.get('name') or 'une entreprise inconnue'} pour le projet "
                f"« {project.get('title') or 'sans titre'} »")
        path = f"disbursements[{n}].date"
        meeting = meetings.get(engagement.get("meeting_id", "")) or {}
        approved_on = _day(meeting.get("date"))
        if approved_on is not None and paid_on < approved_on:
            problems.append(ChronologyProblem(path, (
                f"{what} précède le comité d'agrément du {date_long(approved_on)} qui l'a accordée : "
                "corrigez la date du versement ou rattachez l'avance au comité qui l'a décidée.")))
            continue
        signed_on = _day(project.get("convention_signed_on"))
        if signed_on is None:
            problems.append(ChronologyProblem(path, (
                f"{what} est enregistré alors que la convention de coopération et développement du projet n'est "
                "pas signée : enregistrez la date de signature de la convention ou corrigez le versement.")))
        elif paid_on < signed_on:
            problems.append(ChronologyProblem(path, (
                f"{what} précède la signature de la convention de coopération et développement, le "
                f"{date_long(signed_on)} : corrigez la date du versement ou celle de la signature.")))
    return problems
