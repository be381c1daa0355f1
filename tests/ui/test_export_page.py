"""The Export page: export with progress, the files shown, cancel, the draft and SMTP sending."""

from __future__ import annotations

import datetime as dt
import email
import gc
import pathlib
import socket
import zipfile
from email import policy

import pytest
from aiosmtpd.controller import Controller
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QPushButton

from alize_desktop.ui.export.page import ExportPage
from alize_desktop.ui.export.smtp_dialog import SmtpDialog

DEMO_TODAY = dt.date(2026, 11, 26)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def page(qtbot, ctx, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    boxes: list[str] = []
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda _p, title, text, *a, **k: boxes.append(f"{title}: {text}"))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    p = ExportPage(ctx)
    p.boxes = boxes  # type: ignore[attr-defined]
    qtbot.addWidget(p)
    p.resize(1176, 740)
    p.show()
    (tmp_path / "sortie").mkdir()
    p.folder.setText(str(tmp_path / "sortie"))
    p.as_of.setDate(QDate(2026, 11, 26))
    _loaded(qtbot, p)
    return p


def _loaded(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not page.loading and not page.ctx.runner.busy(), timeout=30_000)


def _export(qtbot, page) -> pathlib.Path:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.last is not None or "impossible" in page.status.text(), timeout=60_000)
    assert page.last is not None, page.status.text()
    return page.last.path


def test_export_shows_the_files_and_then_drafts_and_sends(qtbot, page, ctx, tmp_path, monkeypatch) -> None:
    assert page.convention.text() == "conv-2025 (du 1er janvier 2025 au 31 décembre 2027, en cours)"
    assert page.file_name.text() == "paquet-astrees-alize-vallee-de-la-sorne-2026-11-26.zip"
    assert "non renseignée" in page.address.text()
    assert not page.draft_button.isEnabled()
    out = _export(qtbot, page)
    assert out == tmp_path / "sortie" / "paquet-astrees-alize-vallee-de-la-sorne-2026-11-26.zip"
    shown = {page.files_model.index(r, 0).data(): page.files_model.index(r, 2).data()
             for r in range(page.files_model.rowCount())}
    with zipfile.ZipFile(out) as zf:
        assert set(shown) == set(zf.namelist()) - {"manifest.json"}
    assert shown["csv/basin.csv"].endswith("octets") and shown["data.json"].endswith("ko")
    assert page.status.text().startswith(str(out))
    assert "chiffres au 26 novembre 2026" in page.status.text()
    assert page.draft_button.isEnabled() and page.smtp_button.isEnabled()

    # No ASTREES address yet: the operator is told where to enter it.
    with qtbot.waitSignal(page.navigate) as asked:
        qtbot.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
    assert asked.args == ["basin", ""]
    assert not out.with_suffix(".eml").exists()
    with ctx.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO app_setting(key, value) VALUES ('astrees_email', 'donnees@astrees.example')")
    page.reload()
    _loaded(qtbot, page)
    assert page.address.text() == "Adresse d'ASTREES : donnees@astrees.example"
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    qtbot.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
    eml = out.with_suffix(".eml")
    assert opened == [str(eml)]
    assert page.mail_status.text() == f"Brouillon pour donnees@astrees.example écrit : {eml}"
    msg = email.message_from_bytes(eml.read_bytes(), policy=policy.default)
    assert msg["X-Unsent"] == "1"
    assert next(msg.iter_attachments()).get_content() == out.read_bytes()

    received: list = []

    class Inbox:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd API
            received.append(envelope)
            return "250 OK"

    controller = Controller(Inbox(), hostname="127.0.0.1", port=_free_port())
    # The server's thread allocates too: leave no Qt garbage for a collection to finalise there.
    gc.collect()
    controller.start()
    try:
        dialog = SmtpDialog(ctx, page.last, "donnees@astrees.example", page)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: not dialog.loading)  # the remembered server, read on the worker
        dialog.host.setText("127.0.0.1")
        dialog.port.setValue(_free_port())
        dialog.starttls.setChecked(False)
        dialog.accept()  # the "Envoyer" button
        qtbot.waitUntil(lambda: bool(dialog.errors.general.text()), timeout=10_000)
        assert dialog.errors.general.text().startswith("Connexion refusée par 127.0.0.1:")
        assert dialog.isVisible()
        dialog.port.setValue(controller.port)
        dialog.user.setText("operateur")
        dialog.accept()
        assert dialog.errors.text("password") == "Saisissez le mot de passe de ce compte."
        dialog.user.clear()
        dialog.accept()
        qtbot.waitUntil(lambda: dialog.sent, timeout=10_000)
    finally:
        controller.stop()
    [env] = received
    assert env.rcpt_tos == ["donnees@astrees.example"]
    sent = email.message_from_bytes(env.original_content, policy=policy.default)
    assert next(sent.iter_attachments()).get_content() == out.read_bytes()
    assert page.boxes[-1] == f"Courriel envoyé: Le paquet {out.name} a été envoyé à donnees@astrees.example."
    qtbot.waitUntil(lambda: not ctx.runner.busy())  # remembered on the worker
    reopened = SmtpDialog(ctx, page.last, "donnees@astrees.example", page)
    qtbot.addWidget(reopened)
    assert not reopened.host.isEnabled()  # waits for the remembered server
    qtbot.waitUntil(lambda: not reopened.loading)
    assert reopened.host.text() == "127.0.0.1" and reopened.password.text() == ""


def test_cancel_writes_nothing(qtbot, page, tmp_path) -> None:
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    [dialog] = page.findChildren(QProgressDialog)
    [cancel] = [b for b in dialog.findChildren(QPushButton) if b.text() == "Annuler"]
    cancel.click()
    qtbot.waitUntil(lambda: page.status.text() == "Export annulé : aucun fichier n'a été écrit.", timeout=30_000)
    assert list((tmp_path / "sortie").iterdir()) == []
    assert page.export_button.isEnabled() and not page.draft_button.isEnabled()


def test_missing_folder_is_refused(qtbot, page, tmp_path) -> None:
    page.folder.setText(str(tmp_path / "absent"))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert page.boxes[-1].startswith("Export du paquet ASTREES: Le dossier")
    assert page.last is None


def test_after_a_reexport_the_page_points_to_the_new_bundle_not_the_old_draft(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    first = _export(qtbot, page)
    old_draft = first.with_suffix(".eml")
    old_draft.write_bytes(b"Subject: ancien\r\n\r\nancien paquet")
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    page.last = None
    again = _export(qtbot, page)
    assert again == first and page.last.eml is None
    assert "paquet précédent" in page.mail_status.text() and old_draft.name in page.mail_status.text()


def test_the_plan_the_address_and_the_smtp_settings_are_read_on_the_worker(qtbot, page, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Changing the date, preparing the email and opening the SMTP dialog read nothing on the GUI
    thread: what they need came with the page's load."""
    import threading

    from tests.ui.worker_checks import Statements

    _export(qtbot, page)
    with ctx.engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO app_setting(key, value) VALUES ('astrees_email', 'donnees@astrees.example'),"
                             " ('smtp_host', 'smtp.bassin.example')")
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: True)
    opened: list[SmtpDialog] = []
    monkeypatch.setattr(SmtpDialog, "exec", lambda self: opened.append(self) or 0)
    with Statements(ctx.engine) as seen:
        page.as_of.setDate(QDate(2024, 6, 30))
        _loaded(qtbot, page)
        assert page.file_name.text().endswith("-2024-06-30.zip")
        assert page.address.text() == "Adresse d'ASTREES : donnees@astrees.example"
        qtbot.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
        assert page.mail_status.text().startswith("Brouillon pour donnees@astrees.example écrit")
        qtbot.mouseClick(page.smtp_button, Qt.MouseButton.LeftButton)
        assert opened and opened[0].host.text() == "smtp.bassin.example" and not opened[0].loading
        assert seen.seen and seen.on(threading.main_thread()) == []
