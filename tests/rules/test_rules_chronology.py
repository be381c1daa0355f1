"""A disbursement before its approving meeting, before the convention's signature or without one
is flagged in French, naming the company, the project, the date and the amount."""

from __future__ import annotations

import copy

from alize_desktop.rules.chronology import disbursement_problems

DATA = {
    "companies": [{"id": "c1", "name": "Dupont & Fils <SARL>"}],
    "projects": [{"id": "pr1", "company_id": "c1", "title": "Nouvelle ligne", "convention_signed_on": "2024-04-15"}],
    "meetings": [{"id": "m1", "date": "2024-03-20"}],
    "engagements": [{"id": "e3", "project_id": "pr1", "meeting_id": "m1", "kind": "repayable_advance"}],
    "disbursements": [{"id": "d1", "engagement_id": "e3", "date": "2024-05-31", "amount_cents": 2000000}],
}


def _with(date: str, signed: str | None = "2024-04-15") -> dict:
    data = copy.deepcopy(DATA)
    data["disbursements"][0]["date"] = date
    data["projects"][0]["convention_signed_on"] = signed
    return data


def test_a_disbursement_after_approval_and_signature_is_fine() -> None:
    assert disbursement_problems(DATA) == []
    assert disbursement_problems(_with("2024-04-15")) == []  # the day of the signature itself


def test_before_the_approving_meeting() -> None:
    (problem,) = disbursement_problems(_with("2024-03-01"))
    assert problem.path == "disbursements[0].date"
    assert str(problem) == (
        "disbursements[0].date : Le versement du 1er mars 2024 (20\u202f000,00\u00a0€) de l'avance accordée à "
        "Dupont & Fils <SARL> pour le projet « Nouvelle ligne » précède le comité d'agrément du 20 mars 2024 "
        "qui l'a accordée : corrigez la date du versement ou rattachez l'avance au comité qui l'a décidée.")


def test_before_the_signature() -> None:
    (problem,) = disbursement_problems(_with("2024-04-01"))
    assert "précède la signature de la convention de coopération et développement, le 15 avril 2024" \
        in problem.message
    assert "e3" not in problem.message and "d1" not in problem.message


def test_without_a_signed_convention() -> None:
    (problem,) = disbursement_problems(_with("2024-05-31", signed=None))
    assert "n'est pas signée : enregistrez la date de signature" in problem.message


def test_the_demo_basin_is_in_order() -> None:
    import datetime as dt

    from alize_desktop.demo import generate_demo_basin

    assert disbursement_problems(generate_demo_basin(today=dt.date(2026, 11, 26))) == []
