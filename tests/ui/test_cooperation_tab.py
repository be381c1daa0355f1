"""Conventions › Coopération et développement: preview, refusal without mandataire, signature with scan."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import update
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.paths import attachments_dir
from alize_desktop.services.conventions.signatures import cooperation_rows
from alize_desktop.services.uow import Changes
from alize_desktop.ui.conventions.cooperation_tab import CooperationTab
from alize_desktop.ui.conventions.page import ConventionsPage
from alize_desktop.ui.widgets.forms import set_date


@pytest.fixture
def page(qtbot, ctx, settle):
    """The Conventions page open on its cooperation tab, its load painted."""
    widget = ConventionsPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1100, 600)
    widget.show()
    widget.tabs.setCurrentWidget(widget.cooperation)
    settle(widget)
    return widget


@pytest.fixture
def tab(page) -> CooperationTab:
    return page.cooperation


def _row(ctx, status: str = "approved"):
    return next(r for r in cooperation_rows(ctx.engine) if r.status == status and r.mandatary)


def _ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def test_preview_opens_the_convention_of_a_project_with_mandataire(qtbot, tab, ctx):
    row = _row(ctx, "in_follow_up")
    tab.show_project(row.project_id)
    assert tab.current().project_id == row.project_id
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.preview is not None, timeout=20000)
    assert tab.preview.suggested_name.endswith(f"-{row.project_id}.pdf")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(tab.preview.pdf_bytes)).pages)
    text = " ".join(text.split())
    assert "Convention de coopération et développement" in text
    assert row.company_name in text and row.mandatary in text
    tab.preview.close()


def test_a_project_without_mandataire_is_refused_with_the_reason(qtbot, page, tab, ctx, monkeypatch, settle):
    row = _row(ctx)
    with Session(ctx.engine) as s, s.begin():
        s.execute(update(m.Project).where(m.Project.id == row.project_id).values(mandatary_id=None))
    page.reload()
    settle(page)
    tab.show_project(row.project_id)
    assert "aucun mandataire" in tab.detail.text()
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]) or QMessageBox.StandardButton.Ok)
    qtbot.mouseClick(tab.preview_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tab.sign_button, Qt.MouseButton.LeftButton)
    assert len(said) == 3 and all("aucun mandataire" in s for s in said)
    assert tab.preview is None and tab.dialog is None


def test_signature_with_scan_is_recorded_and_the_scan_checked(qtbot, page, tab, ctx, tmp_path, monkeypatch, settle):
    row = _row(ctx)
    scan = tmp_path / "scan signé <SARL>.pdf"
    scan.write_bytes(b"%PDF-1.4\n% exemplaire signe\n%%EOF\n")
    digest = hashlib.sha256(scan.read_bytes()).hexdigest()
    tab.show_project(row.project_id)
    qtbot.mouseClick(tab.sign_button, Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    # A date before the approval is refused next to the field, nothing written.
    set_date(dialog.signed_on, row.approved_on - dt.timedelta(days=1))
    dialog.scan.setText(str(scan))
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.saving)  # refused on the database worker
    assert "précéder l'agrément" in dialog.errors.text("signed_on") and dialog.isVisible()
    assert dialog.scan.text() == str(scan) and dialog.scan.isEnabled()  # what was typed stays
    with Session(ctx.engine) as s:
        assert s.get(m.Project, row.project_id).status == "approved"
    assert not attachments_dir(ctx.db_path).exists() or not any(attachments_dir(ctx.db_path).iterdir())

    signed = min(ctx.clock.today(), row.approved_on + dt.timedelta(days=10))
    set_date(dialog.signed_on, signed)
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(page)  # the page reloads through the bus
    with Session(ctx.engine) as s:
        p = s.get(m.Project, row.project_id)
        assert (p.status, p.convention_signed_on, p.signed_scan_sha256) == ("convention_signed", signed, digest)
        stored = attachments_dir(ctx.db_path) / p.signed_scan_path
    assert stored.read_bytes() == scan.read_bytes()
    assert "/" not in p.signed_scan_path and "<" not in p.signed_scan_path
    assert tab.current().signed_on == signed and tab.current().has_scan  # the list refreshed

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(tab.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(opened))  # the scan is checked on the database worker first
    assert opened == [str(stored)]

    stored.write_bytes(b"%PDF-1.4\n% modifie\n")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda *a, **k: warned.append(a[2]) or QMessageBox.StandardButton.No)
    qtbot.mouseClick(tab.scan_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(warned))
    assert "modifié" in warned[0] and opened == [str(stored)]  # not opened again


def test_the_signed_copys_electronic_signatures_are_checked_and_shown(qtbot, page, tab, ctx, tmp_path, settle):  # type: ignore[no-untyped-def]
    import importlib

    from alize_desktop.services.conventions.signatures import record_signature
    from alize_desktop.ui.conventions.cooperation_tab import convention_bytes

    signing = importlib.import_module("documents.signing")  # tests/documents/signing.py
    row = _row(ctx)
    pdf = convention_bytes(ctx.engine, ctx.db_path, row.project_id, ctx.clock.today())
    first = signing.field_names(pdf)[0]
    signed = tmp_path / "convention-signee.pdf"
    signed.write_bytes(signing.sign_field(pdf, first, tmp_path))
    day = min(ctx.clock.today(), row.approved_on + dt.timedelta(days=10))
    ctx.bus.emit(record_signature(ctx.engine, ctx.db_path, row.project_id, day, signed, today=ctx.clock.today()))
    settle(page)
    assert tab.table.select(lambda r: r.project_id == row.project_id)
    qtbot.waitUntil(lambda: "Signature électronique intacte" in tab.signature_state.text(), timeout=20_000)
    assert first in tab.signature_state.text()


@pytest.mark.parametrize("change", [Changes(projects=True), Changes(meetings=True), Changes(partners=True),
                                    Changes(basin=True)])
def test_a_change_reloads_the_list_keeping_row_filter_and_search(qtbot, page, tab, ctx, settle, change):
    """The page's reload (its `concerns`) refreshes the list; the tab does not reload on its own."""
    row = _row(ctx)
    tab.filter.setCurrentIndex(tab.filter.findText("À produire"))
    tab.search.setText(row.company_name)
    tab.show_project(row.project_id)
    shown = tab.table.proxy.rowCount()
    renamed = f"{row.title} (renommé)"
    with Session(ctx.engine) as s, s.begin():
        s.execute(update(m.Project).where(m.Project.id == row.project_id).values(title=renamed))
    ctx.bus.emit(change)
    assert page.loading and tab.current().title == row.title  # painted when the load comes back
    settle(page)
    assert tab.current().project_id == row.project_id and tab.current().title == renamed
    assert renamed in tab.detail.text()
    assert tab.filter.currentText() == "À produire" and tab.search.text() == row.company_name
    assert tab.table.proxy.rowCount() == shown


def test_the_tab_reads_nothing_by_itself(qtbot, ctx):
    """Alone (outside the page) it shows only what it is given: the page's load."""
    alone = CooperationTab(ctx)
    qtbot.addWidget(alone)
    alone.show()
    ctx.bus.emit(Changes(projects=True))
    assert alone.table.model.rowCount() == 0 and not ctx.runner.busy()
    alone.show_rows(cooperation_rows(ctx.engine))
    assert alone.table.model.rowCount() > 0


def test_signature_and_scan_check_run_on_the_worker(qtbot, page, tab, ctx, tmp_path, monkeypatch, settle):  # type: ignore[no-untyped-def]
    import threading

    from alize_desktop.ui.conventions import cooperation_signature_dialog as dialog_module
    from alize_desktop.ui.conventions import cooperation_tab as tab_module
    from tests.ui.worker_checks import Statements, record_threads

    writes = record_threads(monkeypatch, dialog_module, "record_signature")
    checks = record_threads(monkeypatch, tab_module, "verify_scan")
    row = _row(ctx)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n% exemplaire signe\n%%EOF\n")
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    tab.show_project(row.project_id)
    with Statements(ctx.engine) as sql:
        qtbot.mouseClick(tab.sign_button, Qt.MouseButton.LeftButton)
        dialog = tab.dialog
        set_date(dialog.signed_on, min(ctx.clock.today(), row.approved_on + dt.timedelta(days=3)))
        dialog.scan.setText(str(scan))
        _ok(qtbot, dialog)
        assert dialog.saving and not dialog.buttons.isEnabled()  # busy while the worker writes
        dialog.reject()  # Échap while saving does nothing
        assert dialog.isVisible()
        qtbot.waitUntil(lambda: not dialog.isVisible())
        settle(page)
        assert tab.current().has_scan
        qtbot.mouseClick(tab.scan_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(opened))
        settle(page)
    main = threading.main_thread()
    assert writes and checks and main not in writes + checks
    assert sql.seen and sql.on(main) == []
