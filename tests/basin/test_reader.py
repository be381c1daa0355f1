"""The shared snapshot: reused between writes, brought up to date after each one, never stale."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import text
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.basin import load_snapshot
from alize_desktop.rules.report import build_report
from alize_desktop.services.basin_reader import current_snapshot
from alize_desktop.services.evaluation import alerts
from alize_desktop.services.evaluation import view as evaluation_view
from alize_desktop.services.fund import entries as fund
from alize_desktop.services.fund import views as fund_views

D = dt.date(2026, 11, 26)


def _fresh_view(engine):  # type: ignore[no-untyped-def]
    return fund_views.fund_view_from_data(load_snapshot(engine), D)


def _running_advance(engine):  # type: ignore[no-untyped-def]
    view = fund_views.fund_view(engine, D)
    return next(a for a in view.advances if a.outstanding_cents > 10_000 and a.disbursed_cents > 0)


def test_reads_share_one_snapshot_until_a_write(demo_engine):
    first = current_snapshot(demo_engine)
    alerts.basin_alerts(demo_engine, D)
    evaluation_view.dashboard(demo_engine, D)
    assert current_snapshot(demo_engine) is first
    assert fund_views.fund_view(demo_engine, D) is fund_views.fund_view(demo_engine, D)


def test_a_repayment_updates_the_figures_like_a_fresh_read(demo_engine):
    adv = _running_advance(demo_engine)
    before = current_snapshot(demo_engine)
    fund.record_repayment(demo_engine, adv.engagement_id, D, 100)  # 1,00 €
    after = current_snapshot(demo_engine)
    assert after is not before and ("repayment", after.repayments[-1].id) in after.touched
    view = fund_views.fund_view(demo_engine, D)
    assert view == _fresh_view(demo_engine)
    assert view.advance(adv.engagement_id).repaid_cents == adv.repaid_cents + 100
    assert json.dumps(build_report(after, D)) == json.dumps(build_report(load_snapshot(demo_engine), D))


def test_delete_restore_expense_and_receipt_stay_exact(demo_engine):
    adv = _running_advance(demo_engine)
    fund_views.fund_view(demo_engine, D)
    fund.record_repayment(demo_engine, adv.engagement_id, D, 12_345, entry_id="rp9999")
    values = fund.entry_values(demo_engine, "repayment", "rp9999")
    fund.delete_entry(demo_engine, "repayment", "rp9999")
    assert fund_views.fund_view(demo_engine, D) == _fresh_view(demo_engine)
    fund.restore_entry(demo_engine, "repayment", values)
    fund.record_expense(demo_engine, "operating", D, 1_000, "engineering", "Ingénierie")
    partner = current_snapshot(demo_engine).partners[0].id
    fund.record_receipt(demo_engine, "advances", partner, D, 50_000)
    view = fund_views.fund_view(demo_engine, D)
    assert view == _fresh_view(demo_engine)
    assert {r.id for r in view.movements} >= {"rp9999"}


def test_a_write_behind_the_services_back_reloads(demo_engine):
    snap = current_snapshot(demo_engine)
    pid = snap.projects[0].id
    with Session(demo_engine) as s, s.begin():  # no journal entry: the commit counter still sees it
        s.execute(text("UPDATE project SET title = 'Titre changé' WHERE id = :p"), {"p": pid})
    assert current_snapshot(demo_engine).project[pid].title == "Titre changé"
    assert not current_snapshot(demo_engine).touched


def test_another_kind_of_write_reloads_everything(demo_engine):
    snap = current_snapshot(demo_engine)
    with Session(demo_engine) as s, s.begin():
        company = s.get(m.Company, snap.companies[0].id)
        company.name = "Autre nom"
        s.add(m.JournalEntry(at=dt.datetime(2026, 11, 26, 10, 0, tzinfo=dt.UTC), entity="company",
                             entity_id=company.id, action="update", changed={"name": ["x", "Autre nom"]}))
    fresh = current_snapshot(demo_engine)
    assert fresh.company[snap.companies[0].id].name == "Autre nom" and not fresh.touched
