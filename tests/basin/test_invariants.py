"""One rule per invariant: the entry dialog's service, `check` and the import refuse the same broken
fact with the same French sentence (rules.fund_invariants)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from alize_desktop.interchange.exporter import export_basin
from alize_desktop.interchange.validate import validate_basin
from alize_desktop.services.check_rules import check_rules
from alize_desktop.services.fund import entries as fund
from alize_desktop.services.fund.views import reimbursement_status
from alize_desktop.services.uow import RuleError


def _plain(message: str) -> str:
    return message.replace("\u202f", " ").replace("\xa0", " ")


def _first_disbursement(engine):  # type: ignore[no-untyped-def]
    with engine.connect() as c:
        return c.execute(text("SELECT id, engagement_id, date FROM disbursement ORDER BY date, id LIMIT 1")).one()


def test_a_healthy_basin_breaks_no_rule(demo_engine):
    with demo_engine.connect() as c:
        assert check_rules(c) == []


def test_repayment_before_its_disbursement_same_sentence_in_dialog_and_check(demo_engine):
    _d, eid, first = _first_disbursement(demo_engine)
    day = dt.date.fromisoformat(str(first)) - dt.timedelta(days=1)
    new_id = fund.new_entry_id(demo_engine, "repayment")
    with pytest.raises(RuleError) as refused:
        fund.record_repayment(demo_engine, eid, day, 100)
    said = refused.value.problems["amount"]
    assert f"« {new_id} »" in said and f"« {eid} »" in said
    assert _plain(said).startswith("Remboursement refusé : le remboursement")
    assert "capital restant dû" in said and "0,00" in said
    # The same fact written behind the dialog's back: `check` says the same sentence.
    with demo_engine.begin() as c:
        c.execute(text("INSERT INTO repayment (id, engagement_id, date, amount_cents) VALUES (:i, :e, :d, 100)"),
                  {"i": new_id, "e": eid, "d": day.isoformat()})
    with demo_engine.connect() as c:
        assert check_rules(c) == [said]
    # And the same fact in a document to import: refused with that sentence, the record named.
    refused_import = validate_basin(export_basin(demo_engine))
    assert [p.message for p in refused_import] == [said]
    assert refused_import[0].path.startswith("repayments[") and refused_import[0].path.endswith("].amount_cents")


def test_reimbursement_over_the_cap_same_sentence_in_dialog_and_check(demo_engine):
    day = dt.date(2026, 11, 26)
    cap, used = reimbursement_status(demo_engine, day.year)
    new_id = fund.new_entry_id(demo_engine, "expense")
    with pytest.raises(RuleError) as refused:
        fund.record_expense(demo_engine, "operating", day, cap - used + 1, "operator_reimbursement", "Trop")
    said = refused.value.problems["amount"]
    assert _plain(said).startswith(f"Défraiement « {new_id} » refusé : le plafond annuel de 10 000,00 €")
    with demo_engine.begin() as c:
        c.execute(text("INSERT INTO expense (id, account, date, amount_cents, category, label) "
                       "VALUES (:i, 'operating', :d, :a, 'operator_reimbursement', 'Trop')"),
                  {"i": new_id, "d": day.isoformat(), "a": cap - used + 1})
    with demo_engine.connect() as c:
        assert check_rules(c) == [said]
    refused_import = validate_basin(export_basin(demo_engine))
    assert [p.message for p in refused_import] == [said]
    assert refused_import[0].path.startswith("expenses[") and refused_import[0].path.endswith("].amount_cents")


def test_check_names_each_broken_rule(demo_engine):
    d_id, eid, _first = _first_disbursement(demo_engine)
    with demo_engine.begin() as c:
        c.execute(text("UPDATE disbursement SET amount_cents = amount_cents + 100000000 WHERE id = :i"), {"i": d_id})
    with demo_engine.connect() as c:
        problems = check_rules(c)
    assert any(p.startswith(f"Versements de l'avance « {eid} » refusés") for p in problems)


def test_check_names_a_vote_by_a_member_in_conflict_of_interest(demo_engine):
    with demo_engine.connect() as c:
        row = c.execute(text("SELECT v.item_pk, v.person_id, i.meeting_id, i.project_id FROM item_vote v "
                             "JOIN agenda_item i ON i.pk = v.item_pk LIMIT 1")).one()
    with demo_engine.begin() as c:
        c.execute(text("INSERT INTO item_conflict (item_pk, person_id, position) VALUES (:i, :h, 99)"),
                  {"i": row.item_pk, "h": row.person_id})
    with demo_engine.connect() as c:
        problems = check_rules(c)
    assert (f"Comité « {row.meeting_id} », projet « {row.project_id} » : « {row.person_id} » est en conflit "
            "d'intérêts sur ce projet et ne peut pas voter ; retirez son vote.") in problems
