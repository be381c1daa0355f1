from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoStack

from alize_desktop.formatting import integer
from alize_desktop.interchange.exporter import export_basin
from alize_desktop.rules.report import build_report
from alize_desktop.services.evaluation.alerts import compute_alerts
from alize_desktop.ui.dashboard.page import DashboardPage

TODAY = dt.date(2026, 11, 26)


def _page(qtbot, ctx, settle) -> DashboardPage:  # type: ignore[no-untyped-def]
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    settle(page)
    return page


def test_running_year_against_targets(qtbot, ctx, settle):
    page = _page(qtbot, ctx, settle)
    data = export_basin(ctx.engine)
    report = build_report(data, TODAY)
    year = next(y for y in report["years"] if y["start"] <= TODAY.isoformat() <= y["end"])
    for key in ("jobs_created", "jobs_maintained", "projects_examined", "projects_approved", "meetings"):
        assert page.values[key].text() == integer(year[key])
    settings = data["basin"]["settings"]
    assert page.targets["jobs_created"].text() == integer(settings["jobs_target_per_year"])
    assert page.targets["projects_approved"].text() == integer(settings["approved_target_per_year"])
    assert page.targets["meetings"].text() == "6 à 10"
    assert f"Année {year['year']} de la convention {report['convention_id']}" in page.year_box.title()
    assert integer(report["jobs_created_total"]) in page.convention_jobs.text()
    assert page.findChild(object, "chart_jobs") is not None and page.findChild(object, "chart_outstanding")


def test_alert_click_opens_its_record(qtbot, ctx, settle):
    page = _page(qtbot, ctx, settle)
    expected = compute_alerts(export_basin(ctx.engine), TODAY)
    assert expected, "the demo basin always has something to watch"
    assert page.alerts.list.count() == len(expected)
    assert [page.alerts.list.item(i).text() for i in range(len(expected))] == \
        [f"{a.severity_label} — {a.text}" for a in expected]
    for i in (0, len(expected) - 1):
        item = page.alerts.list.item(i)
        rect = page.alerts.list.visualItemRect(item)
        page.alerts.list.scrollToItem(item)
        rect = page.alerts.list.visualItemRect(item)
        with qtbot.waitSignal(page.navigate, timeout=2000) as blocker:
            qtbot.mouseClick(page.alerts.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert blocker.args == [expected[i].page_key, expected[i].record_id]


def test_empty_database_offers_the_import(qtbot, empty_db, settle):
    from alize_desktop.db import open_database
    from alize_desktop.ui.shell.context import AppContext, ChangeBus

    engine = open_database(empty_db)
    try:
        page = DashboardPage(AppContext(engine=engine, db_path=empty_db, bus=ChangeBus(), undo=QUndoStack()))
        qtbot.addWidget(page)
        page.show()
        settle(page)
        assert page.empty.isVisible() and not page.body.isVisible()
        assert page.import_button.text() == "Importer un bassin…"
        assert page.title.text() == "Tableau de bord"
    finally:
        engine.dispose()


def test_an_advance_alert_opens_the_advance_on_the_fund_page(qtbot, main_window, settle):  # type: ignore[no-untyped-def]
    """Through the real window: the click changes page and selects the record the alert speaks of."""
    dash = main_window.pages["dashboard"]
    dash.reload()
    settle(dash)
    expected = compute_alerts(export_basin(main_window.ctx.engine), TODAY)
    row = next(i for i, a in enumerate(expected) if a.page_key == "fund" and a.record_id)
    item = dash.alerts.list.item(row)
    dash.alerts.list.scrollToItem(item)
    qtbot.mouseClick(dash.alerts.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=dash.alerts.list.visualItemRect(item).center())
    fund = main_window.current_page()
    settle(fund)
    assert fund.objectName() == "page_fund"
    assert fund.tabs.currentWidget() is fund.advances
    assert fund.advances.current() is not None and fund.advances.current().engagement_id == expected[row].record_id


def test_figures_show_before_the_alerts_and_history_are_read(qtbot, ctx, monkeypatch, settle):
    """The year's figures need no advance's schedule; the alerts and the history charts do (on a
    network basin, seconds): the figures are painted first, the rest when its read is done."""
    import threading

    import alize_desktop.services.evaluation.alerts as alerts_module

    release = threading.Event()
    real = alerts_module.basin_alerts

    def slow_alerts(engine, today):  # type: ignore[no-untyped-def]
        release.wait(20)
        return real(engine, today)

    monkeypatch.setattr(alerts_module, "basin_alerts", slow_alerts)
    page = DashboardPage(ctx)
    qtbot.addWidget(page)
    page.show()
    report = build_report(export_basin(ctx.engine), TODAY)
    year = next(y for y in report["years"] if y["start"] <= TODAY.isoformat() <= y["end"])
    qtbot.waitUntil(lambda: page.values["jobs_created"].text() == integer(year["jobs_created"]), timeout=20_000)
    assert page.loading and page.alerts.list.count() == 0  # still on its way
    release.set()
    settle(page)
    assert page.alerts.list.count() == len(compute_alerts(export_basin(ctx.engine), TODAY)) > 0
