"""Screenshots of every page, tab and dialog of the window at 1366 × 768, for reading them.

    QT_QPA_PLATFORM=offscreen ALIZE_TODAY=2026-11-26 .venv/bin/python scripts/screenshots.py [FOLDER]

The demo basin is built by the program's own demo command (app.prepare_demo) into a temporary
folder (the program's data, config and state folders point there too, nothing of the operator's is
touched). Every page and tab is shot; then, with the first row of each list selected, every button
of the page is clicked: a dialog it opens (modal or not) is shot and closed with Annuler, message
boxes answer their safe choice and are listed in FOLDER/messages.txt. The Aide menu (manual,
about) and the network window with three received bundles are shot last. Nothing is written to the
repository; the default FOLDER is /work/notes/screens.
"""

from __future__ import annotations

import os
import pathlib
import re
import sys
import tempfile
import time

os.environ.setdefault("ALIZE_TODAY", "2026-11-26")
_TMP = pathlib.Path(tempfile.mkdtemp(prefix="alize-screens-"))
if os.environ.get("QT_QPA_PLATFORM", "offscreen") == "offscreen":
    # Qt's offscreen screen is 800×800 unless told: dialogs that fit themselves to the screen must
    # see the laptop's 1366×768.
    (_TMP / "screen.json").write_text('{"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, '
                                      '"height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}')
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={_TMP / 'screen.json'}"
# The office's machine speaks French: Qt's own widgets (file dialog sizes and dates) follow the system locale.
os.environ["LANG"] = os.environ["LC_ALL"] = "fr_FR.UTF-8"
for _var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "HOME"):
    os.environ[_var] = str(_TMP / _var.lower())
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from PySide6 import QtWidgets  # noqa: E402
from PySide6.QtCore import QItemSelectionModel  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QDialog,
    QFileDialog,
    QInputDialog,
    QMenu,
    QMessageBox,
    QTabWidget,
    QWidget,
)
from shiboken6 import isValid  # noqa: E402

from alize_desktop.app import prepare_demo  # noqa: E402
from alize_desktop.clock import clock_from_environment  # noqa: E402

SIZE = (1366, 768)
OUT = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else pathlib.Path("/work/notes/screens")
# Buttons whose click leaves the window or writes without a dialog (shooting them shows nothing).
SKIP = re.compile(r"Quitter|Enregistrer$|Liste des comités|Tous présents|^Présent$|^Excusé$|^Effacer$|Supprimer|Désactiver|Réactiver|Clore|Envoyer|↶|↷|Effacer les filtres|Ouvrir le dossier")
messages: list[str] = []
shot_titles: set[str] = set()
counter = {"n": 0}


def slug(text: str) -> str:
    text = re.sub(r"[^0-9A-Za-zÀ-ÿ]+", "-", text.replace("&", "")).strip("-").lower()
    return text[:60] or "sans-titre"


def spin(app: QApplication, rounds: int = 20) -> None:
    from alize_desktop.ui.shell.worker import active_jobs

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        app.processEvents()
        if not active_jobs():
            break
        time.sleep(0.02)
    for _ in range(rounds):
        app.processEvents()
        time.sleep(0.005)


def save(widget: QWidget, name: str) -> pathlib.Path:
    counter["n"] += 1
    path = OUT / f"{counter['n']:03d}-{slug(name)}.png"
    widget.grab().save(str(path))
    print(path.name, flush=True)
    return path


def shoot_dialog(dialog: QWidget, where: str) -> None:
    title = f"{type(dialog).__name__}:{dialog.windowTitle()}"
    if title in shot_titles:
        return
    shot_titles.add(title)
    dialog.show()
    spin(QApplication.instance(), 10)  # type: ignore[arg-type]
    save(dialog, f"dialogue-{dialog.windowTitle() or type(dialog).__name__}")
    messages.append(f"[{where}] dialogue « {dialog.windowTitle()} » ({type(dialog).__name__}), "
                    f"{dialog.width()}×{dialog.height()}")


def patch_modals(app: QApplication) -> None:
    def fake_exec(self: QDialog, *args: object) -> int:
        shoot_dialog(self, "exec")
        QDialog.done(self, int(QDialog.DialogCode.Rejected))
        return int(QDialog.DialogCode.Rejected)

    for name in dir(QtWidgets):
        cls = getattr(QtWidgets, name)
        if isinstance(cls, type) and issubclass(cls, QDialog) and cls is not QMessageBox:
            cls.exec = fake_exec  # type: ignore[method-assign]

    def box(kind: str, answer: object):  # type: ignore[no-untyped-def]
        def ask(parent: object, title: str = "", text: str = "", *a: object, **k: object) -> object:
            messages.append(f"message {kind} « {title} » : {text}")
            return answer
        return staticmethod(ask)

    QMessageBox.question = box("question", QMessageBox.StandardButton.No)  # type: ignore[method-assign]
    QMessageBox.warning = box("avertissement", QMessageBox.StandardButton.Ok)  # type: ignore[method-assign]
    QMessageBox.information = box("information", QMessageBox.StandardButton.Ok)  # type: ignore[method-assign]
    QMessageBox.critical = box("erreur", QMessageBox.StandardButton.Ok)  # type: ignore[method-assign]

    def about(parent: QWidget, title: str, text: str) -> None:
        shown = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
        shoot_dialog(shown, "à propos")
        shown.done(0)

    QMessageBox.about = staticmethod(about)  # type: ignore[method-assign]
    def box_exec(self: QMessageBox, *args: object) -> int:
        shoot_dialog(self, "message")
        messages.append(f"message « {self.windowTitle()} » : {self.text()}")
        return int(QMessageBox.StandardButton.No)

    QMessageBox.exec = box_exec  # type: ignore[method-assign]
    QInputDialog.getItem = box("choix", ("", False))  # type: ignore[method-assign]
    QInputDialog.getText = box("saisie", ("", False))  # type: ignore[method-assign]
    QFileDialog.getOpenFileName = staticmethod(lambda *a, **k: ("", ""))  # type: ignore[method-assign]
    QFileDialog.getSaveFileName = staticmethod(lambda *a, **k: ("", ""))  # type: ignore[method-assign]
    QFileDialog.getExistingDirectory = staticmethod(lambda *a, **k: "")  # type: ignore[method-assign]
    QMenu.exec = lambda self, *a, **k: None  # type: ignore[method-assign]


def select_first_rows(page: QWidget) -> None:
    for view in page.findChildren(QAbstractItemView):
        if not view.isVisibleTo(page) or view.model() is None or view.selectionModel() is None:
            continue
        if view.model().rowCount() > 0:
            index = view.model().index(0, 0)
            view.setCurrentIndex(index)
            view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                         | QItemSelectionModel.SelectionFlag.Rows)


def close_new_windows(app: QApplication, window: QWidget, before: set[QWidget], where: str) -> None:
    spin(app, 5)
    for w in QApplication.topLevelWidgets():
        if w is window or w in before or not w.isVisible() or isinstance(w, QMenu) or not isValid(w):
            continue
        shoot_dialog(w, where)
        if isinstance(w, QDialog):
            QDialog.done(w, int(QDialog.DialogCode.Rejected))
        else:
            w.close()
    spin(app, 3)


def click_buttons(app: QApplication, window: QWidget, page: QWidget, where: str) -> None:
    select_first_rows(page)
    for b in [b for b in page.findChildren(QAbstractButton) if b.isVisibleTo(page)]:
        if not isValid(b) or not b.isVisibleTo(page) or not b.isEnabled() or SKIP.search(b.text() or "x"):
            continue
        if getattr(b, "menu", lambda: None)() is not None:
            continue
        before = set(QApplication.topLevelWidgets())
        select_first_rows(page)
        try:
            b.click()
        except Exception as exc:  # noqa: BLE001 - a screenshot run reports, it does not stop
            messages.append(f"[{where} › {b.text()}] exception {type(exc).__name__}: {exc}")
        close_new_windows(app, window, before, f"{where} › {b.text() or b.toolTip()}")


def meetings(app: QApplication, window) -> None:  # type: ignore[no-untyped-def]
    """The meeting screen of a held comité (inside the page, so not reached as a window), its own
    buttons, and the two PDF previews of the list."""
    page = window.show_page("meetings")
    spin(app)
    held = next(r for r in page.rows if r.decided)
    for button in (page.pack_button, page.minutes_button, page.agenda_button):
        page.select(held.id)
        before = set(QApplication.topLevelWidgets())
        button.click()
        spin(app, 40)
        close_new_windows(app, window, before, f"comités › {button.text()}")
    page.show_record(held.id)
    spin(app)
    save(window, "page-meetings-séance")
    screen = page.meeting_screen
    for tabs in [t for t in screen.findChildren(QTabWidget) if t.isVisibleTo(screen)]:
        for i in range(tabs.count()):
            page.show_record(held.id)
            tabs.setCurrentIndex(i)
            spin(app)
            save(window, f"page-meetings-séance-{tabs.tabText(i)}")
            click_buttons(app, window, screen, f"séance › {tabs.tabText(i)}")
    page.show_list()
    spin(app)


def export_and_files(app: QApplication, window) -> None:  # type: ignore[no-untyped-def]
    """The export page after a real export, the SMTP dialog over that bundle, and Qt's own file
    dialog as the import and the backup copy show it (it must speak French)."""
    from alize_desktop.ui.export.smtp_dialog import SmtpDialog
    from alize_desktop.ui.widgets.kit_forms import documents_folder

    page = window.show_page("export")
    spin(app)
    page.export_button.click()
    spin(app, 60)
    save(window, "page-export-après-export")
    if page.last is not None:
        dialog = SmtpDialog(window.ctx, page.last, "reseau@astrees.example", window)
        shoot_dialog(dialog, "export › Envoyer par SMTP")
        dialog.done(0)
    files = QFileDialog(window, "Importer un bassin", documents_folder(),
                        "Format ALIZÉ (*.json *.zip);;Tous les fichiers (*)")
    files.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    files.resize(900, 560)
    shoot_dialog(files, "Fichier › Importer un bassin")
    files.done(0)


def network_window(app: QApplication, clock) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.network.db import open_network
    from alize_desktop.network.reception import receive_bundle
    from alize_desktop.network.sample import demo_network_basin, write_data_bundle
    from alize_desktop.ui.network.window import NetworkWindow

    engine = open_network(f"sqlite:///{_TMP / 'network.sqlite'}")
    today = clock.today()
    for seed in (1, 2, 3):
        bundle = write_data_bundle(demo_network_basin(seed, today), _TMP / f"bassin-{seed}.zip", today)
        receive_bundle(engine, bundle, clock=clock)
    win = NetworkWindow(engine, clock)
    win.resize(*SIZE)
    win.show()
    spin(app)
    save(win, "reseau")
    before = set(QApplication.topLevelWidgets())
    select_first_rows(win)
    win.open_basin()  # a basin's own view
    close_new_windows(app, win, before, "réseau")
    win.close()


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("*.png"):
        old.unlink()
    clock = clock_from_environment()
    (_TMP / "home" / "Documents").mkdir(parents=True, exist_ok=True)  # where « Enregistrer sous » starts
    db = _TMP / "demo.sqlite"
    prepare_demo(db, clock.today())
    from alize_desktop.ui.shell.application import create_application
    from alize_desktop.ui.shell.launcher import open_main_window

    app = create_application()
    window = open_main_window(db, clock)
    assert window is not None
    window.resize(*SIZE)
    window.show()
    spin(app)
    patch_modals(app)
    for key, page in list(window.pages.items()):
        window.show_page(key)
        spin(app)
        save(window, f"page-{key}")
        tabs = [t for t in page.findChildren(QTabWidget) if t.isVisibleTo(page)]
        if not tabs:
            click_buttons(app, window, page, key)
        for t in tabs:
            for i in range(t.count()):
                window.show_page(key)  # a click on the previous tab may have led to another page
                t.setCurrentIndex(i)
                spin(app)
                save(window, f"page-{key}-{t.tabText(i)}")
                click_buttons(app, window, page, f"{key} › {t.tabText(i)}")
    meetings(app, window)
    export_and_files(app, window)
    before = set(QApplication.topLevelWidgets())
    window.manual_action.trigger()
    close_new_windows(app, window, before, "Aide › Manuel")
    window.about()
    network_window(app, clock)
    (OUT / "messages.txt").write_text("\n".join(messages) + "\n", "utf-8")
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
