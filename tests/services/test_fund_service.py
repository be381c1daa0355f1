"""Fund writes: each one transaction, journaled, refused with a French message keyed by field."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.formatting import money_plain
from alize_desktop.interchange.exporter import export_basin
from alize_desktop.interchange.validate import validate_basin
from alize_desktop.rules.schedule import add_months
from alize_desktop.services.fund import entries as fund
from alize_desktop.services.fund.views import advance_position, fund_view, reimbursement_status
from alize_desktop.services.uow import RuleError

D = dt.date(2026, 11, 26)


def running_advance(engine):
    """An advance being repaid on time with at least two instalments left."""
    v = fund_view(engine, D)
    return next(a for a in v.advances if a.state == "En cours" and sum(1 for i in a.schedule if i.left_cents) >= 2
                and a.next_due_cents == next(i.amount_cents for i in a.schedule if i.left_cents))


def undisbursed_advance(engine):
    v = fund_view(engine, D)
    return next(a for a in v.advances if a.disbursed_cents == 0)


def _counts(engine) -> dict[str, int]:
    with Session(engine) as s:
        return {model.__name__: s.scalar(select(func.count()).select_from(model)) or 0
                for model in (m.Disbursement, m.Repayment, m.WriteOff, m.Receipt, m.Expense, m.JournalEntry)}


def test_repayment_is_allocated_and_moves_the_advances_balance(demo_engine):
    before = fund_view(demo_engine, D)
    adv = running_advance(demo_engine)
    first_open = next(k for k, i in enumerate(adv.schedule) if i.left_cents)
    fund.record_repayment(demo_engine, adv.engagement_id, D, adv.next_due_cents)
    after = fund_view(demo_engine, D)
    assert after.advances_balance_cents == before.advances_balance_cents + adv.next_due_cents
    assert after.operating_balance_cents == before.operating_balance_cents
    adv2 = after.advance(adv.engagement_id)
    assert adv2.outstanding_cents == adv.outstanding_cents - adv.next_due_cents
    assert adv2.schedule[first_open].status == "Payée"
    assert adv2.schedule[first_open + 1].paid_cents == adv.schedule[first_open + 1].paid_cents
    with Session(demo_engine) as s:
        entry = s.execute(select(m.JournalEntry).order_by(m.JournalEntry.pk.desc())).scalars().first()
    assert (entry.entity, entry.action, entry.changed["amount_cents"]) == ("repayment", "create", adv.next_due_cents)


def test_refusals_write_nothing(demo_engine):
    adv = running_advance(demo_engine)
    eid, left = adv.engagement_id, adv.outstanding_cents
    start = _counts(demo_engine)
    with pytest.raises(RuleError) as exc:
        fund.record_repayment(demo_engine, eid, D, left + 1)
    message = exc.value.problems["amount"].replace("\u202f", " ").replace("\xa0", " ")
    assert "dépasse le capital restant dû" in message
    assert money_plain(left).replace("\u202f", " ").replace("\xa0", " ") in message
    with pytest.raises(RuleError) as exc:
        fund.record_write_off(demo_engine, eid, D, left + 1, "Liquidation")
    assert "Sinistre refusé" in exc.value.problems["amount"]
    with pytest.raises(RuleError) as exc:
        fund.record_write_off(demo_engine, eid, D, 100, "  ")
    assert set(exc.value.problems) == {"reason"}
    with pytest.raises(RuleError) as exc:
        fund.record_disbursement(demo_engine, eid, D, 1)  # already fully paid out
    assert "reste à verser" in exc.value.problems["amount"]
    with pytest.raises(RuleError) as exc:
        fund.record_repayment(demo_engine, undisbursed_advance(demo_engine).engagement_id, D, 100)
    assert "amount" in exc.value.problems
    with pytest.raises(RuleError) as exc:
        fund.record_receipt(demo_engine, "advances", None, D, 100)
    assert "partner" in exc.value.problems
    cap, used = reimbursement_status(demo_engine, D.year)
    with pytest.raises(RuleError) as exc:
        fund.record_expense(demo_engine, "operating", D, cap - used + 1, "operator_reimbursement", "Défraiement T4")
    message = exc.value.problems["amount"].replace("\u202f", " ").replace("\xa0", " ")
    assert "plafond annuel de 10 000,00 €" in message
    assert f"reste possible {money_plain(cap - used)} €".replace("\u202f", " ").replace("\xa0", " ") in message
    assert _counts(demo_engine) == start


def test_disbursement_within_granted_and_after_approval(demo_engine):
    adv = undisbursed_advance(demo_engine)
    eid, granted = adv.engagement_id, adv.granted_cents
    with pytest.raises(RuleError) as exc:
        fund.record_disbursement(demo_engine, eid, dt.date(2020, 1, 1), 100_000)
    assert "précéder l'agrément" in exc.value.problems["date"]
    with pytest.raises(RuleError):
        fund.record_disbursement(demo_engine, eid, D, granted + 1)
    fund.record_disbursement(demo_engine, eid, D, granted - 50_000)
    fund.record_disbursement(demo_engine, eid, D, 50_000)
    pos = advance_position(demo_engine, eid)
    assert pos.disbursed_cents == granted and sum(i.amount_cents for i in pos.schedule) == granted
    with pytest.raises(RuleError):
        fund.record_disbursement(demo_engine, eid, D, 1)


def test_only_repayable_advances_move_the_fund(demo_engine, demo_data):
    loan = next(e for e in demo_data["engagements"] if e["kind"] != "repayable_advance")
    with pytest.raises(RuleError) as exc:
        fund.record_repayment(demo_engine, loan["id"], D, 100)
    assert "engagement" in exc.value.problems


def test_reimbursement_up_to_the_cap_then_refused(demo_engine):
    cap, used = reimbursement_status(demo_engine, D.year)
    fund.record_expense(demo_engine, "operating", D, cap - used, "operator_reimbursement", "Défraiement T4 2026")
    with pytest.raises(RuleError) as exc:
        fund.record_expense(demo_engine, "operating", D, 1, "operator_reimbursement", "Un centime de trop")
    assert "reste possible 0,00" in exc.value.problems["amount"]
    # Another year has its own cap; other categories are not capped.
    fund.record_expense(demo_engine, "operating", dt.date(2027, 1, 5), 100_000, "operator_reimbursement", "Janvier")
    fund.record_expense(demo_engine, "operating", D, 5_000_000, "engineering", "Ingénierie")


def test_delete_refused_when_repayments_rely_on_the_disbursement(demo_engine, demo_data):
    repaid = {r["engagement_id"] for r in demo_data["repayments"]}
    disbursement = next(d for d in demo_data["disbursements"] if d["engagement_id"] in repaid)
    with pytest.raises(RuleError) as exc:
        fund.delete_entry(demo_engine, "disbursement", disbursement["id"])
    assert "Suppression refusée" in exc.value.problems[""]
    with Session(demo_engine) as s:
        assert s.get(m.Disbursement, disbursement["id"]) is not None


def test_delete_and_restore_round_trip(demo_engine):
    eid = running_advance(demo_engine).engagement_id
    fund.record_repayment(demo_engine, eid, D, 12_345, entry_id="rp9999")
    values = fund.entry_values(demo_engine, "repayment", "rp9999")
    fund.delete_entry(demo_engine, "repayment", "rp9999")
    with Session(demo_engine) as s:
        assert s.get(m.Repayment, "rp9999") is None
        last = s.execute(select(m.JournalEntry).order_by(m.JournalEntry.pk.desc())).scalars().first()
        assert (last.action, last.changed["amount_cents"]) == ("delete", 12_345)
    fund.restore_entry(demo_engine, "repayment", values)
    with Session(demo_engine) as s:
        assert s.get(m.Repayment, "rp9999").amount_cents == 12_345


def test_a_repayment_dated_before_the_disbursement_is_refused(demo_engine, demo_data):
    first = min(demo_data["disbursements"], key=lambda d: d["date"])
    day = dt.date.fromisoformat(first["date"]) - dt.timedelta(days=1)
    with pytest.raises(RuleError) as exc:
        fund.record_repayment(demo_engine, first["engagement_id"], day, 100)
    assert "capital restant dû" in exc.value.problems["amount"]


def test_what_the_services_write_imports_again(demo_engine):
    eid = undisbursed_advance(demo_engine).engagement_id
    fund.record_disbursement(demo_engine, eid, D, 700_000)
    fund.record_repayment(demo_engine, eid, D, 100_000)
    fund.record_write_off(demo_engine, eid, D, 600_000, "Liquidation <judiciaire> & clôture")
    fund.record_receipt(demo_engine, "operating", "p1", D, 123_456)
    fund.record_expense(demo_engine, "advances", D, 1_000, "other", "Frais bancaires")
    assert validate_basin(export_basin(demo_engine)) == []


def test_view_figures(demo_engine):
    v = fund_view(demo_engine, D)
    assert v.fund_size_cents == v.advances_balance_cents + v.totals["outstanding"]
    assert sum(v.ageing.values()) == v.totals["overdue"]
    for row in v.insolvencies:
        assert row.claim_deadline == add_months(row.published_on, 2)
    f = v.forecast
    if f.next_meeting_on is not None:
        assert f.until == f.next_meeting_on
    assert f.available_cents == v.advances_balance_cents + f.instalments_cents
    later = fund_view(demo_engine, D, forecast_until=dt.date(2027, 6, 30))
    assert later.forecast.instalments_cents > f.instalments_cents
    adv = running_advance(demo_engine)
    pos = advance_position(demo_engine, adv.engagement_id)
    lines = pos.allocation(adv.next_due_cents + 100)
    assert [ln.this_cents for ln in lines] == [adv.next_due_cents, 100]
    assert lines[1].left_after_cents == lines[1].amount_cents - lines[1].paid_before_cents - 100
