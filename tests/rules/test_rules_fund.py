"""Fund arithmetic (DOMAIN.md §5, §5.2): allocation, arrears, limits, balances, loss rate."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from alize_desktop.formatting import money
from alize_desktop.rules.fund import (
    account_balances,
    ageing_bucket,
    allocate,
    days_late,
    due_cents,
    loss_rate,
    outstanding,
    overdue_cents,
    reimbursement_cap_problem,
    repayment_problem,
    write_off_problem,
)
from alize_desktop.rules.schedule import Instalment, Terms, build_schedule

# 1 200,00 € disbursed on 15 Jan 2024, 12 monthly instalments of 100,00 € from 15 Feb 2024.
SCHEDULE = build_schedule(120_000, Terms(12, 0, 1), date(2024, 1, 15))


def test_allocation_fills_oldest_first() -> None:
    paid = allocate(SCHEDULE, [5_000, 20_000])
    assert paid[:4] == [10_000, 10_000, 5_000, 0]
    assert sum(paid) == 25_000
    assert allocate(SCHEDULE, []) == [0] * 12
    # An excess (refused upstream) is not invented onto an instalment.
    assert sum(allocate(SCHEDULE, [200_000])) == 120_000


def test_repayment_on_the_due_day_is_on_time() -> None:
    due_day = date(2024, 2, 15)
    assert due_cents(SCHEDULE, due_day) == 10_000
    paid = allocate(SCHEDULE, [10_000])  # repaid on 15 Feb itself
    assert overdue_cents(SCHEDULE, 10_000, due_day) == 0
    assert days_late(SCHEDULE, paid, due_day) == 0
    # Unpaid on its due day: overdue, but 0 days late; the next day it is 1 day late.
    nothing = allocate(SCHEDULE, [])
    assert overdue_cents(SCHEDULE, 0, due_day) == 10_000
    assert days_late(SCHEDULE, nothing, due_day) == 0
    assert days_late(SCHEDULE, nothing, date(2024, 2, 16)) == 1


def test_days_late_counts_from_oldest_instalment_not_fully_paid() -> None:
    as_of = date(2024, 6, 1)  # due: 15 Feb, 15 Mar, 15 Apr, 15 May = 40 000
    paid = allocate(SCHEDULE, [15_000])  # Feb paid, Mar half paid
    assert overdue_cents(SCHEDULE, 15_000, as_of) == 25_000
    assert days_late(SCHEDULE, paid, as_of) == (as_of - date(2024, 3, 15)).days == 78
    assert ageing_bucket(78) == "31-90"


def test_partial_write_off_caps_overdue() -> None:
    as_of = date(2024, 6, 1)
    left = outstanding(120_000, 15_000, 100_000)
    assert left == 5_000
    assert overdue_cents(SCHEDULE, 15_000, as_of, left) == 5_000
    assert overdue_cents(SCHEDULE, 15_000, as_of, 0) == 0
    assert loss_rate(100_000, 120_000) == 0.8333


def test_ageing_buckets() -> None:
    assert [ageing_bucket(d) for d in (0, 1, 30, 31, 90, 91, 180, 181, 999)] == [
        "1-30",
        "1-30",
        "1-30",
        "31-90",
        "31-90",
        "91-180",
        "91-180",
        "181+",
        "181+",
    ]


def test_loss_rate_half_up_and_zero() -> None:
    assert loss_rate(0, 0) == 0.0
    assert loss_rate(5, 0) == 0.0
    assert loss_rate(1, 8) == 0.125
    assert loss_rate(12_345, 1_000_000) == 0.0123  # 0.012345 → 0.0123 (5th decimal 4)
    assert loss_rate(123_455, 10_000_000) == 0.0123  # 0.0123455 → 0.0123
    assert loss_rate(6_125, 1_000_000) == 0.0061  # 0.006125 → 0.0061
    assert loss_rate(1, 20_000) == 0.0001  # 0.00005 → half-up 0.0001


def test_repayment_and_write_off_limits() -> None:
    assert repayment_problem(50_000, 50_000) is None
    msg = repayment_problem(50_000, 50_001)
    assert msg is not None and money(50_001) in msg and money(50_000) in msg
    assert repayment_problem(50_000, 0) is not None
    assert write_off_problem(10_000, 10_000) is None
    msg = write_off_problem(10_000, 10_001)
    assert msg is not None and "Sinistre" in msg and money(10_000) in msg


def _expense(id_: str, day: str, cents: int, category: str = "operator_reimbursement") -> dict:
    return {"id": id_, "account": "operating", "date": day, "amount_cents": cents, "category": category}


def test_reimbursement_cap_per_calendar_year() -> None:
    existing = [
        _expense("x1", "2024-06-30", 600_000),
        _expense("x2", "2023-12-31", 900_000),
        _expense("x3", "2024-03-01", 5_000_000, "engineering"),
    ]
    assert reimbursement_cap_problem(existing, _expense("n", "2024-12-15", 400_000), 1_000_000) is None
    msg = reimbursement_cap_problem(existing, _expense("n", "2024-12-15", 400_001), 1_000_000)
    assert msg is not None and money(1_000_000) in msg and "2024" in msg and money(400_000) in msg
    # Other years and other categories do not count; editing x1 replaces it.
    assert reimbursement_cap_problem(existing, _expense("n", "2025-01-01", 1_000_000)) is None
    assert reimbursement_cap_problem(existing, _expense("x1", "2024-06-30", 1_000_000)) is None
    assert reimbursement_cap_problem(existing, _expense("n", "2024-01-01", 9_999_999, "other")) is None


def test_account_balances_count_only_what_is_dated_by_as_of() -> None:
    data = {
        "receipts": [
            {
                "id": "r1",
                "account": "advances",
                "partner_id": "p1",
                "date": "2024-01-01",
                "amount_cents": 500_000,
            },
            {
                "id": "r2",
                "account": "operating",
                "partner_id": "p1",
                "date": "2024-01-02",
                "amount_cents": 90_000,
            },
            {"id": "r3", "account": "advances", "partner_id": "p1", "date": "2024-07-01", "amount_cents": 1},
        ],
        "disbursements": [{"id": "d1", "engagement_id": "e1", "date": "2024-02-01", "amount_cents": 300_000}],
        "repayments": [
            {"id": "rp1", "engagement_id": "e1", "date": "2024-03-01", "amount_cents": 10_000},
            {"id": "rp2", "engagement_id": "e1", "date": "2024-06-30", "amount_cents": 10_000},
            {"id": "rp3", "engagement_id": "e1", "date": "2024-07-01", "amount_cents": 10_000},
        ],
        "expenses": [_expense("x1", "2024-06-30", 25_000), _expense("x2", "2024-07-01", 1)],
    }
    assert account_balances(data, date(2024, 6, 30)) == {
        "advances_cents": 500_000 - 300_000 + 20_000,
        "operating_cents": 90_000 - 25_000,
    }


# --- properties -----------------------------------------------------------------------------

schedules = st.lists(st.integers(0, 10**7), min_size=1, max_size=40).map(
    lambda amounts: [Instalment(k, date(2024, 1, 1), a, a, 0) for k, a in enumerate(amounts, start=1)]
)


@given(schedules, st.lists(st.integers(0, 10**7), max_size=30))
def test_allocation_conserves_money(schedule: list[Instalment], repayments: list[int]) -> None:
    paid = allocate(schedule, repayments)
    total_due = sum(i.amount_cents for i in schedule)
    assert len(paid) == len(schedule)
    assert sum(paid) == min(sum(repayments), total_due)
    assert all(0 <= p <= i.amount_cents for p, i in zip(paid, schedule, strict=True))
    # Oldest first: an instalment gets something only once all earlier ones are full.
    for k in range(1, len(paid)):
        if paid[k] > 0:
            assert all(paid[j] == schedule[j].amount_cents for j in range(k))
