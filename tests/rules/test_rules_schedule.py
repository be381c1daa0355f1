"""Repayment schedules (DOMAIN.md §5.1): hand-computed cases and properties."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from alize_desktop.rules.schedule import (
    Instalment,
    Terms,
    actual_schedule,
    add_months,
    build_schedule,
    engagement_principal,
    projected_base_date,
    projected_schedule,
    terms_problems,
)


def dates(schedule: list[Instalment]) -> list[date]:
    return [i.due_on for i in schedule]


# --- add_months ------------------------------------------------------------------------------


def test_add_months_clips_to_month_end() -> None:
    assert add_months(date(2023, 1, 31), 1) == date(2023, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2024, 3, 31), 1) == date(2024, 4, 30)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2024, 11, 15), 3) == date(2025, 2, 15)
    assert add_months(date(2024, 5, 10), -5) == date(2023, 12, 10)
    assert add_months(date(2024, 5, 10), 0) == date(2024, 5, 10)


# --- terms ----------------------------------------------------------------------------------


def test_terms_from_dict_reads_format_v1() -> None:
    t = Terms.from_dict(
        {
            "duration_months": 36,
            "deferral_months": 12,
            "period_months": 1,
            "annual_rate": 0.0,
            "first_due_on": "2024-02-29",
        }
    )
    assert t == Terms(36, 12, 1, 0.0, date(2024, 2, 29))
    assert (
        Terms.from_dict({"duration_months": 12, "deferral_months": 0, "period_months": 3}).annual_rate == 0.0
    )


def test_valid_terms_have_no_problem() -> None:
    assert terms_problems(Terms(36, 6, 3)) == []
    assert terms_problems(Terms(12, 0, 12, 0.02)) == []


@pytest.mark.parametrize(
    ("terms", "fragment"),
    [
        (Terms(12, 0, 2), "périodicité"),
        (Terms(6, 6, 1), "supérieure au différé"),
        (Terms(6, 12, 1), "supérieure au différé"),
        (Terms(14, 0, 3), "multiple de la périodicité"),
        (Terms(12, -1, 1), "différé ne peut pas être négatif"),
        (Terms(-12, 0, 1), "durée ne peut pas être négative"),
        (Terms(12, 0, 1, -0.01), "taux annuel ne peut pas être négatif"),
    ],
)
def test_invalid_terms_are_explained_in_french(terms: Terms, fragment: str) -> None:
    problems = terms_problems(terms)
    assert any(fragment in p for p in problems), problems


def test_build_schedule_refuses_invalid_terms_and_missing_base() -> None:
    with pytest.raises(ValueError, match="invalides"):
        build_schedule(100_000, Terms(14, 0, 3), date(2024, 1, 1))
    with pytest.raises(ValueError, match="ni date"):
        build_schedule(100_000, Terms(12, 0, 1), None)


# --- rate 0 ---------------------------------------------------------------------------------


def test_disbursed_31_january_monthly() -> None:
    s = build_schedule(100_000, Terms(4, 0, 1), date(2023, 1, 31))
    assert dates(s) == [date(2023, 2, 28), date(2023, 3, 31), date(2023, 4, 30), date(2023, 5, 31)]
    assert [i.amount_cents for i in s] == [25_000] * 4
    assert all(i.interest_cents == 0 and i.principal_cents == i.amount_cents for i in s)
    assert [i.number for i in s] == [1, 2, 3, 4]


def test_29_february_in_a_leap_year() -> None:
    monthly = build_schedule(1_300_000, Terms(13, 0, 1, first_due_on=date(2024, 2, 29)), None)
    assert dates(monthly)[:2] == [date(2024, 2, 29), date(2024, 3, 29)]
    # February 2025 has 28 days; March goes back to the 29th (no drift).
    assert dates(monthly)[11:] == [date(2025, 1, 29), date(2025, 2, 28)]
    yearly = build_schedule(300, Terms(48, 12, 12), date(2024, 2, 29))
    assert dates(yearly) == [date(2026, 2, 28), date(2027, 2, 28), date(2028, 2, 29)]


def test_quarterly_with_deferral_and_remainder_on_last() -> None:
    s = build_schedule(100_000, Terms(15, 6, 3), date(2024, 1, 15))
    # n = (15 - 6) / 3 = 3; due = base + 6 + 3k months.
    assert dates(s) == [date(2024, 10, 15), date(2025, 1, 15), date(2025, 4, 15)]
    assert [i.amount_cents for i in s] == [33_333, 33_333, 33_334]


def test_first_due_on_wins_over_base_date() -> None:
    terms = Terms(24, 12, 3, first_due_on=date(2025, 5, 31))
    s = build_schedule(400_001, terms, date(2020, 1, 1))
    assert dates(s) == [date(2025, 5, 31), date(2025, 8, 31), date(2025, 11, 30), date(2026, 2, 28)]
    assert [i.amount_cents for i in s] == [100_000, 100_000, 100_000, 100_001]


def test_principal_smaller_than_count_goes_on_last() -> None:
    s = build_schedule(2, Terms(3, 0, 1), date(2024, 1, 10))
    assert [i.amount_cents for i in s] == [0, 0, 2]


# --- rate > 0 -------------------------------------------------------------------------------


def test_subsidised_loan_annuity_by_hand() -> None:
    # P = 10 000 €, 12 %/year monthly → r = 0.01, n = 3.
    # A = P·r·1.01³ / (1.01³ − 1) = 10 303.01 / 0.030301 = 340 022.11… → 340 022 cents.
    # k=1: interest 10 000, principal 330 022, left 669 978
    # k=2: interest 6 699.78 → 6 700, principal 333 322, left 336 656
    # k=3: interest 3 366.56 → 3 367, principal 336 656 (the rest), amount 340 023.
    s = build_schedule(1_000_000, Terms(3, 0, 1, 0.12), date(2024, 1, 10))
    assert [(i.amount_cents, i.principal_cents, i.interest_cents) for i in s] == [
        (340_022, 330_022, 10_000),
        (340_022, 333_322, 6_700),
        (340_023, 336_656, 3_367),
    ]


def test_annuity_and_interest_round_half_up() -> None:
    # P = 250 cents, r = 0.01, n = 1: A = 2.5 / (1 − 1/1.01) = 252.5 → 253; interest 2.5 → 3.
    s = build_schedule(250, Terms(1, 0, 1, 0.12), date(2024, 1, 10))
    assert [(i.amount_cents, i.principal_cents, i.interest_cents) for i in s] == [(253, 250, 3)]


def test_no_interest_during_deferral() -> None:
    # Quarterly at 4 %/year: r = 0.01 per quarter, six months of deferral add nothing.
    s = build_schedule(1_000_000, Terms(18, 6, 3, 0.04), date(2024, 1, 10))
    assert s[0].interest_cents == 10_000
    assert s[0].due_on == date(2024, 10, 10)
    assert sum(i.principal_cents for i in s) == 1_000_000


# --- engagement helpers ---------------------------------------------------------------------

ADVANCE = {
    "id": "e10",
    "kind": "repayable_advance",
    "amount_cents": 2_500_001,
    "terms": {
        "duration_months": 24,
        "deferral_months": 0,
        "period_months": 1,
        "annual_rate": 0.0,
        "first_due_on": None,
    },
}
TRANCHES = [
    {"id": "d4", "engagement_id": "e10", "date": "2023-01-30", "amount_cents": 1_250_000},
    {"id": "d5", "engagement_id": "e10", "date": "2023-03-16", "amount_cents": 1_250_001},
    {"id": "d9", "engagement_id": "other", "date": "2022-01-01", "amount_cents": 7},
]


def test_two_tranche_disbursement() -> None:
    assert engagement_principal(ADVANCE, TRANCHES) == 2_500_001
    s = actual_schedule(ADVANCE, TRANCHES)
    assert s is not None and len(s) == 24
    # Base = the first tranche; every date from it: 28 Feb then back to the 30th.
    assert dates(s)[:3] == [date(2023, 2, 28), date(2023, 3, 30), date(2023, 4, 30)]
    assert s[0].amount_cents == 104_166 and s[-1].amount_cents == 2_500_001 - 23 * 104_166
    # Before the second tranche only the first one is owed.
    first_only = actual_schedule(ADVANCE, TRANCHES[:1])
    assert first_only is not None
    assert sum(i.amount_cents for i in first_only) == 1_250_000


def test_actual_schedule_exists_only_when_disbursed_or_first_due_on() -> None:
    assert engagement_principal(ADVANCE, []) == 2_500_001
    assert actual_schedule(ADVANCE, []) is None
    with_first = {**ADVANCE, "terms": {**ADVANCE["terms"], "first_due_on": "2024-02-29"}}
    s = actual_schedule(with_first, [])
    assert s is not None and s[0].due_on == date(2024, 2, 29)
    assert sum(i.amount_cents for i in s) == 2_500_001
    loan = {**ADVANCE, "kind": "subsidised_loan"}
    assert actual_schedule(loan, TRANCHES) is None


def test_actual_schedule_refuses_a_tranche_without_date() -> None:
    # Format v1 requires the date; a hand-made dict without it gets a clear ValueError, not a
    # TypeError from comparing None with a date.
    undated = [TRANCHES[0], {**TRANCHES[1], "date": None}]
    with pytest.raises(ValueError, match="sans date"):
        actual_schedule(ADVANCE, undated)


def test_projected_base_date_and_schedule() -> None:
    signed = {"convention_signed_on": "2024-04-15"}
    unsigned = {"convention_signed_on": None}
    assert projected_base_date(signed, "2024-03-20") == date(2024, 4, 15)
    assert projected_base_date(unsigned, date(2024, 3, 20)) == date(2024, 3, 20)
    with pytest.raises(ValueError):
        projected_base_date(unsigned, None)
    s = projected_schedule(ADVANCE, signed, "2024-03-20")
    assert s[0].due_on == date(2024, 5, 15)


def _rounding_drift_bound(terms: Terms, n: int) -> float:
    """The most principal, in cents, that half-up rounding can repay ahead of the exact annuity."""
    r = terms.annual_rate * terms.period_months / 12
    return 1 + ((1 + r) ** n - 1) / r


# --- properties -----------------------------------------------------------------------------

valid_terms = st.builds(
    lambda period, n, deferral, rate: Terms(deferral + n * period, deferral, period, rate),
    st.sampled_from([1, 3, 6, 12]),
    st.integers(1, 60),
    st.integers(0, 24),
    st.sampled_from([0.0, 0.0, 0.005, 0.015, 0.035, 0.12]),
)
base_dates = st.dates(date(2000, 1, 1), date(2060, 12, 31))


@given(st.integers(0, 10**10), valid_terms, base_dates)
@example(7_708, Terms(624, 0, 12, 0.12), date(2000, 1, 1))  # clears before its last instalment
def test_principal_parts_sum_to_principal(principal: int, terms: Terms, base: date) -> None:
    s = build_schedule(principal, terms, base)
    assert len(s) == terms.instalment_count
    assert sum(i.principal_cents for i in s) == principal
    assert all(i.amount_cents == i.principal_cents + i.interest_cents for i in s)
    if terms.annual_rate == 0:
        assert sum(i.amount_cents for i in s) == principal
    if terms.annual_rate == 0 and principal >= len(s):
        assert all(i.amount_cents > 0 for i in s)
    if terms.annual_rate > 0 and s[0].amount_cents > _rounding_drift_bound(terms, len(s)):
        # DOMAIN.md §5.1 rounds the payment and each interest half-up: up to one cent per
        # instalment goes to principal too early, and that drift compounds at the periodic rate.
        # While one payment exceeds the worst drift, principal is left for the last instalment.
        # (A 52-year loan at 12 % on 77 € does clear early, by the domain's exact arithmetic.)
        assert all(i.amount_cents > 0 for i in s)
    assert all(i.principal_cents >= 0 and i.interest_cents >= 0 for i in s)


@given(valid_terms, base_dates)
def test_due_dates_increase_and_never_drift(terms: Terms, base: date) -> None:
    s = build_schedule(10_000, terms, base)
    ds = dates(s)
    assert all(a < b for a, b in zip(ds, ds[1:], strict=False))
    for k, d in enumerate(ds, start=1):
        assert d == add_months(base, terms.deferral_months + k * terms.period_months)


@given(valid_terms, base_dates, base_dates)
def test_first_due_on_dates_never_drift(terms: Terms, first: date, base: date) -> None:
    t = Terms(terms.duration_months, terms.deferral_months, terms.period_months, 0.0, first)
    ds = dates(build_schedule(10_000, t, base))
    assert ds[0] == first
    for k, d in enumerate(ds, start=1):
        assert d == add_months(first, (k - 1) * t.period_months)
