"""The record forms (partner, person, convention, commitment) save on the database worker: the
dialog is busy meanwhile and closes once the write has landed, with its undo entry and the
service's Changes told to the pages once; a refusal keeps what was typed, with the message under
the field; a second Enregistrer (or Échap) while saving does nothing."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from alize_desktop.services.conventions import conventions as conventions_svc
from alize_desktop.services.partners import partners as svc
from alize_desktop.services.uow import Changes
from alize_desktop.ui.conventions.dialog import ConventionDialog
from alize_desktop.ui.partners.partner_dialog import PartnerDialog


def _shown(qtbot, dialog):  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _ok(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _told(ctx) -> list[Changes]:  # type: ignore[no-untyped-def]
    said: list[Changes] = []
    ctx.bus.changed.connect(said.append)
    return said


def _named(ctx, name: str) -> list[svc.PartnerRow]:  # type: ignore[no-untyped-def]
    return [r for r in svc.list_partners(ctx.engine) if r.name == name]


def test_a_new_partner_is_written_on_the_database_worker(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads: list[threading.Thread] = []
    create = svc.create_partner
    monkeypatch.setattr(svc, "create_partner",
                        lambda *a: (threads.append(threading.current_thread()), create(*a))[1])
    said = _told(ctx)
    dialog = _shown(qtbot, PartnerDialog(ctx, kind="state"))
    dialog.name.setText("Préfecture des Vosges")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert threads and threads[0] is not threading.main_thread()
    saved = _named(ctx, "Préfecture des Vosges")
    assert [r.id for r in saved] == [dialog.saved_id] and dialog.result() == dialog.DialogCode.Accepted
    assert said == [Changes(partners=True)]  # told once, not once more by the undo entry
    assert ctx.undo.count() == 1 and ctx.undo.undoText() == "création du partenaire Préfecture des Vosges"
    ctx.undo.undo()  # the undo itself stays as it was
    assert _named(ctx, "Préfecture des Vosges") == []


def test_an_edit_is_written_on_the_worker_and_told_once(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads: list[threading.Thread] = []
    update = conventions_svc.update_convention
    monkeypatch.setattr(conventions_svc, "update_convention",
                        lambda *a: (threads.append(threading.current_thread()), update(*a))[1])
    row = next(r for r in conventions_svc.list_conventions(ctx.engine) if r.id == "conv-2025")
    said = _told(ctx)
    dialog = _shown(qtbot, ConventionDialog(ctx, row))
    dialog.objectives.setPlainText("Filière bois")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert threads and threads[0] is not threading.main_thread()
    assert next(r for r in conventions_svc.list_conventions(ctx.engine)
                if r.id == "conv-2025").specific_objectives == "Filière bois"
    assert said == [Changes(conventions=True)] and ctx.undo.count() == 1


def test_an_edit_that_changes_nothing_closes_with_no_undo_entry(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    said = _told(ctx)
    dialog = _shown(qtbot, PartnerDialog(ctx, svc.get_partner(ctx.engine, "p2")))
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert ctx.undo.count() == 0 and said == []


def test_a_refusal_keeps_the_dialog_open_with_the_message_under_the_field(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    before = svc.list_partners(ctx.engine)
    said = _told(ctx)
    dialog = _shown(qtbot, PartnerDialog(ctx, kind="company"))
    dialog.name.setText("Scierie Martin")
    dialog.siret.setText("732 829 320 00075")  # wrong check digit
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: not dialog.saving)
    assert dialog.isVisible() and "clé de contrôle" in dialog.errors.text("siret")
    assert dialog.errors.labels["siret"].isVisible()
    assert dialog.name.text() == "Scierie Martin" and dialog.siret.isEnabled() and dialog.siret.hasFocus()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert svc.list_partners(ctx.engine) == before and said == [] and ctx.undo.count() == 0


def test_a_second_save_or_escape_while_saving_does_nothing(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    release = threading.Event()
    calls: list[str] = []
    create = svc.create_partner

    def slow_create(*a):  # type: ignore[no-untyped-def]
        calls.append(a[1]["name"])
        release.wait(10)  # the write is still running while the operator clicks again
        return create(*a)

    monkeypatch.setattr(svc, "create_partner", slow_create)
    dialog = _shown(qtbot, PartnerDialog(ctx, kind="state"))
    dialog.name.setText("Conseil départemental")
    _ok(qtbot, dialog)
    qtbot.waitUntil(lambda: calls == ["Conseil départemental"])
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert dialog.saving and not ok.isEnabled() and not dialog.name.isEnabled()
    assert dialog.cursor().shape() == Qt.CursorShape.BusyCursor
    _ok(qtbot, dialog)
    dialog.accept()  # Entrée reaches accept() even with the button greyed
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialog.reject()  # the window's close button
    assert dialog.isVisible()
    release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert calls == ["Conseil départemental"] and len(_named(ctx, "Conseil départemental")) == 1
    assert ctx.undo.count() == 1 and dialog.result() == dialog.DialogCode.Accepted


def test_an_unexpected_failure_reaches_the_crash_handler(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*_a):  # type: ignore[no-untyped-def]
        raise RuntimeError("disque plein")

    monkeypatch.setattr(svc, "create_partner", broken)
    dialog = _shown(qtbot, PartnerDialog(ctx, kind="state"))
    dialog.name.setText("Préfecture")
    with qtbot.captureExceptions() as raised:
        _ok(qtbot, dialog)
        qtbot.waitUntil(lambda: not dialog.saving)
    assert [str(exc) for _t, exc, _tb in raised] == ["disque plein"]
    assert dialog.isVisible() and dialog.name.isEnabled() and ctx.undo.count() == 0
