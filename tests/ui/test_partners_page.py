"""Partenaires page: a partner and a person created through the forms, invalid SIRET refused beside
the field, undo/redo, deactivate instead of delete, the warning under 4 active companies."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox

from alize_desktop.services.partners import partners as svc
from alize_desktop.services.uow import Changes
from alize_desktop.ui.partners.page import PartnersPage
from alize_desktop.ui.partners.partner_dialog import PartnerDialog
from alize_desktop.ui.partners.person_dialog import PersonDialog


def type_text(widget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type like a keyboard, accented letters included (QTest.keyClicks only knows ASCII)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def _page(qtbot, ctx) -> PartnersPage:  # type: ignore[no-untyped-def]
    page = PartnersPage(ctx)
    qtbot.addWidget(page)
    page.resize(1150, 700)
    page.show()
    _settled(qtbot, ctx, page)
    return page


def _settled(qtbot, ctx, page) -> None:  # type: ignore[no-untyped-def]
    """Wait for the writes and the list's reload, both on the database worker."""
    qtbot.waitUntil(lambda: not ctx.runner.busy() and not page.loading)


def _in_dialog(qtbot, cls, fill) -> list:  # type: ignore[no-untyped-def]
    """Fill the next modal dialog of class `cls` when it opens (exec() blocks the test otherwise)."""
    seen: list = []

    def act() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(10, act)
            return
        seen.append(dialog)
        fill(dialog)

    QTimer.singleShot(0, act)
    return seen


def _ok(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def test_create_partner_and_person_through_the_forms(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx)
    before = len(svc.list_partners(ctx.engine))
    attempts: list[str] = []

    def fill(d: PartnerDialog) -> None:
        d.kind.setCurrentIndex(0)  # entreprise partenaire
        type_text(d.name, "Dupont & Fils <SARL>")
        type_text(d.siret, "732 829 320 00075")  # wrong check digit
        _ok(qtbot, d)
        qtbot.waitUntil(lambda: bool(d.errors.text("siret")) and not d.saving)  # refused on the worker
        attempts.append(d.errors.text("siret"))
        assert d.isVisible()  # refused: the dialog stays open, nothing lost
        assert len(svc.list_partners(ctx.engine)) == before
        d.siret.clear()
        type_text(d.siret, "732 829 320 00074")
        type_text(d.address, "3 rue de l'Usine, 88140 Saint-Amand")
        _ok(qtbot, d)

    _in_dialog(qtbot, PartnerDialog, fill)
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, ctx, page)
    assert "clé de contrôle" in attempts[0]
    created = [r for r in svc.list_partners(ctx.engine) if r.name == "Dupont & Fils <SARL>"]
    assert len(created) == 1 and created[0].siret == "73282932000074" and created[0].kind == "company"
    assert page.current_partner().id == created[0].id

    def fill_person(d: PersonDialog) -> None:
        type_text(d.edits["first_name"], "Éloïse")
        type_text(d.edits["last_name"], "Hœrdt")
        type_text(d.edits["role"], "Directrice générale")
        type_text(d.edits["email"], "eloise@dupont.example")
        qtbot.keyClick(d.committee, Qt.Key.Key_Space)
        _ok(qtbot, d)

    _in_dialog(qtbot, PersonDialog, fill_person)
    qtbot.mouseClick(page.new_person_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, ctx, page)
    assert page.current_person().last_name == "Hœrdt"  # the new person is selected in the list
    people = svc.list_people(ctx.engine, created[0].id)
    assert [(p.first_name, p.last_name, p.role, p.committee_member) for p in people] == [
        ("Éloïse", "Hœrdt", "Directrice générale", True)]
    assert page.people_proxy.rowCount() == 1

    ctx.undo.undo()  # the person goes away, then the partner
    assert svc.list_people(ctx.engine, created[0].id) == []
    ctx.undo.undo()
    assert svc.get_partner(ctx.engine, created[0].id) is None
    ctx.undo.redo()
    assert svc.get_partner(ctx.engine, created[0].id).name == "Dupont & Fils <SARL>"


def test_edit_then_undo_restores_previous_value(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx)
    page.select_partner("p2")

    def fill(d: PartnerDialog) -> None:
        d.name.selectAll()
        type_text(d.name, "Énergie Vallée-Est SA")
        _ok(qtbot, d)

    _in_dialog(qtbot, PartnerDialog, fill)
    qtbot.mouseClick(page.edit_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, ctx, page)
    assert svc.get_partner(ctx.engine, "p2").name == "Énergie Vallée-Est SA"
    assert page.proxy.index(page.table.currentIndex().row(), 0).data() == "Énergie Vallée-Est SA"
    page.undo_button.click()
    assert svc.get_partner(ctx.engine, "p2").name == "Énergie Vallée-Est"
    page.redo_button.click()
    assert svc.get_partner(ctx.engine, "p2").name == "Énergie Vallée-Est SA"


def test_referenced_partner_is_deactivated_not_deleted(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx)
    page.select_partner("p1")
    assert not page.delete_button.isEnabled()
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    _settled(qtbot, ctx, page)  # written on the database worker, then read again
    assert svc.get_partner(ctx.engine, "p1").active is False
    page.state_filter.setCurrentIndex(1)  # inactifs
    assert {page.proxy.index(r, 0).data(Qt.ItemDataRole.UserRole + 2).id for r in range(page.proxy.rowCount())} == {
        "p1", "p11"}
    ctx.undo.undo()
    assert svc.get_partner(ctx.engine, "p1").active is True


def test_a_deactivation_is_written_on_the_worker_and_told_once(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    threads: list[threading.Thread] = []
    set_active = svc.set_partner_active
    monkeypatch.setattr(svc, "set_partner_active",
                        lambda *a: (threads.append(threading.current_thread()), set_active(*a))[1])
    page = _page(qtbot, ctx)
    page.select_partner("p1")
    said: list[object] = []
    ctx.bus.changed.connect(said.append)
    qtbot.mouseClick(page.toggle_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ctx.runner.busy())
    assert threads and threads[0] is not threading.main_thread()
    assert said == [Changes(partners=True)] and ctx.undo.count() == 1
    assert ctx.undo.undoText() == "désactivation de Aciéries de la Sorne"


def test_delete_unreferenced_partner_after_confirmation(qtbot, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pid = svc.create_partner(ctx.engine, {"kind": "state", "name": "Préfecture des Vosges"})
    page = _page(qtbot, ctx)
    page.select_partner(pid)
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: answers.pop(0)))
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert not ctx.runner.busy() and svc.get_partner(ctx.engine, pid) is not None  # "Non": kept, nothing sent
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not ctx.runner.busy())  # deleted on the database worker
    assert svc.get_partner(ctx.engine, pid) is None
    ctx.undo.undo()
    assert svc.get_partner(ctx.engine, pid).name == "Préfecture des Vosges"


def test_warning_below_four_active_companies(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx)
    assert not page.warning.isVisible()
    for pid in ("p1", "p2", "p3", "p4", "p5", "p6", "p7"):
        svc.set_partner_active(ctx.engine, pid, False)
    page.reload()
    _settled(qtbot, ctx, page)
    assert page.warning.isVisible()
    assert page.warning.text().startswith("Seulement 3 entreprises partenaires actives")


def test_filters_and_search(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx)
    page.kind_filter.setCurrentIndex(page.kind_filter.findData("state"))
    assert page.proxy.rowCount() == 2
    page.kind_filter.setCurrentIndex(0)
    type_text(page.search, "Pascal Le Gall")  # a representative's name finds the partner
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, 0).data() == "Aciéries de la Sorne"


def test_choosing_searching_and_opening_read_nothing_on_the_gui_thread(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    """The list, its people and the counts are read once on the worker; choosing a partner, typing
    a representative's name or opening a person from elsewhere then reads nothing (SQL on the GUI
    thread would freeze the window on a network-size basin)."""
    import threading

    from tests.ui.worker_checks import Statements

    person = svc.list_people(ctx.engine, "p3")[0]
    with Statements(ctx.engine) as seen:
        page = _page(qtbot, ctx)
        assert seen.on(threading.main_thread()) == [] and seen.seen  # read, on the worker
        page.select_partner("p2")
        assert page.people_model.rowCount() > 0
        type_text(page.search, "Pascal Le Gall")
        assert page.proxy.rowCount() == 1
        page.search.clear()
        page.show_record(person.id)
        _settled(qtbot, ctx, page)
        assert page.current_partner().id == "p3" and page.current_person().id == person.id
        assert seen.on(threading.main_thread()) == []
