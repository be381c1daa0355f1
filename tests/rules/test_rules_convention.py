"""Which convention a report is about (INTERCHANGE.md: default = running on as_of)."""

from __future__ import annotations

from datetime import date

import pytest

from alize_desktop.rules.evaluation import select_convention
from alize_desktop.rules.report import ReportError, build_report

CONVENTIONS = [{"id": "c1", "start": "2021-03-01"}, {"id": "c2", "start": "2024-03-01"}]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2021, 3, 1), "c1"),
        (date(2024, 2, 29), "c1"),  # last day of c1
        (date(2024, 3, 1), "c2"),
        (date(2027, 3, 1), "c2"),  # after every convention: the latest that started
    ],
)
def test_convention_running_on_as_of(as_of: date, expected: str) -> None:
    assert select_convention(CONVENTIONS, as_of)["id"] == expected


def test_convention_in_a_gap_is_the_latest_started() -> None:
    convs = [{"id": "a", "start": "2018-01-01"}, {"id": "b", "start": "2025-01-01"}]
    assert select_convention(convs, date(2023, 6, 1))["id"] == "a"


def test_convention_errors() -> None:
    data = {"conventions": CONVENTIONS}
    with pytest.raises(ReportError, match="inconnue"):
        build_report(data, date(2022, 1, 1), "nope")
    with pytest.raises(ReportError):  # every convention starts later
        build_report(data, date(2020, 1, 1))
    assert issubclass(ReportError, ValueError)
    with pytest.raises(ValueError, match="Aucune convention"):
        build_report({"conventions": []}, date(2022, 1, 1))
    with pytest.raises(ReportError):
        build_report({}, date(2022, 1, 1))


def test_explicit_convention_is_honoured_whatever_the_date() -> None:
    data = {"conventions": CONVENTIONS}
    r = build_report(data, date(2022, 1, 11), "c2")
    assert r["convention_id"] == "c2"
    assert r["years"][0]["start"] == "2024-03-01"
    # An empty basin still gives every key, with zeros and nulls.
    assert r["fund"]["loss_rate_by_cohort"] == {} and r["engagements"] == []
    assert r["delays_days"]["receipt_to_decision"] is None
