from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from alize_desktop.formatting import integer, money, percent
from alize_desktop.interchange.exporter import export_basin
from alize_desktop.rules.report import build_report
from alize_desktop.ui.evaluation.page import EvaluationPage

TODAY = dt.date(2026, 11, 26)


def read_text(pdf: bytes) -> str:
    import io
    import re

    from pypdf import PdfReader

    raw = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", raw.replace("\u202f", " ").replace("\u00a0", " "))


def _page(qtbot, ctx, settle) -> EvaluationPage:  # type: ignore[no-untyped-def]
    page = EvaluationPage(ctx)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    settle(page)
    return page


def test_tables_show_the_report_of_the_chosen_convention_and_date(qtbot, ctx, settle):
    page = _page(qtbot, ctx, settle)
    data = export_basin(ctx.engine)
    running = build_report(data, TODAY)
    assert page.convention.currentData() == running["convention_id"]
    years = page.years.texts()
    for row, y in zip(years, running["years"], strict=False):
        assert row[2:] == (integer(y["meetings"]), integer(y["projects_examined"]), integer(y["projects_approved"]),
                           integer(y["jobs_created"]), integer(y["jobs_maintained"]))
    assert years[3][5:] == (integer(running["jobs_created_total"]), integer(running["jobs_maintained_total"]))
    fund = dict(page.fund.texts())
    assert fund["Encours"] == money(running["fund"]["outstanding_cents"])
    assert fund["Taux de sinistre"] == percent(running["fund"]["loss_rate"], 2)
    company = page.resources.texts()[0]
    assert company[1:3] == (money(running["resources"]["company"]["cents"]),
                            percent(running["resources"]["company"]["share"], 2))
    # Another convention on another date: the figures follow.
    first = min(data["conventions"], key=lambda c: c["start"])
    day = dt.date.fromisoformat(first["start"]) + dt.timedelta(days=500)
    page.select(first["id"], day)
    settle(page)
    older = build_report(data, day, first["id"])
    assert page.years.texts()[0][5] == integer(older["years"][0]["jobs_created"])
    assert dict(page.accounts.texts())["Compte des avances"] == money(older["accounts"]["advances_cents"])
    assert page.findings.text().startswith("• Emplois créés sur la convention")


def test_pdf_button_opens_the_preview_with_the_report(qtbot, ctx, monkeypatch, settle):
    page = _page(qtbot, ctx, settle)
    seen = {}

    def fake_preview(parent, title, build, suggested_name):  # type: ignore[no-untyped-def]
        seen.update(title=title, pdf=build(), name=suggested_name)

    monkeypatch.setattr("alize_desktop.ui.widgets.pdf_preview.preview_document", fake_preview)
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    conv = page.convention.currentData()
    assert seen["title"] == "Rapport d'évaluation"
    assert seen["name"] == f"rapport-evaluation-{conv}-{TODAY.isoformat()}.pdf"
    text = read_text(seen["pdf"])
    report = build_report(export_basin(ctx.engine), TODAY, conv)
    assert "Rapport d'évaluation" in text and "Situation au 26 novembre 2026" in text
    assert f"Total {integer(sum(y['meetings'] for y in report['years']))}" in text
    import io

    from alize_desktop.documents.evaluation import build_evaluation

    same = io.BytesIO()
    build_evaluation(export_basin(ctx.engine), conv, same, as_of=TODAY)  # what `document evaluation` writes
    assert seen["pdf"] == same.getvalue()


def test_the_figures_come_from_the_shared_snapshot_not_a_format_v1_export(qtbot, ctx, monkeypatch, settle):
    """The page reads the basin's typed snapshot, shared with the dashboard: no whole-basin v1
    document (hundreds of megabytes on a network basin) is made to show the figures."""

    def refuse(*_a, **_k):  # type: ignore[no-untyped-def]
        raise AssertionError("export_basin called to show the figures")

    monkeypatch.setattr("alize_desktop.interchange.exporter.export_basin", refuse)
    page = _page(qtbot, ctx, settle)
    conv = page.convention.currentData()
    monkeypatch.undo()
    report = build_report(export_basin(ctx.engine), TODAY, conv)
    assert [row[5] for row in page.years.texts()[:len(report["years"])]] == [integer(y["jobs_created"]) for y in report["years"]]
    assert page.findings.text().startswith("• Emplois créés sur la convention")
