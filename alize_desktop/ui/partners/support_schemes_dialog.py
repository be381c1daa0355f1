"""The register of existing local schemes (prêts d'honneur, subventions, garanties…) that ALIZÉ complements."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import count, integer
from alize_desktop.models.enums import SCHEME_KINDS, label
from alize_desktop.services.projects.projects import SchemeRow, delete_scheme, list_schemes, save_scheme
from alize_desktop.services.uow import RuleError
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.forms import FieldErrors
from alize_desktop.ui.widgets.kit_messages import delete_on_worker
from alize_desktop.ui.widgets.kit_tables import list_view
from alize_desktop.ui.widgets.kit_widgets import shortcut
from alize_desktop.ui.widgets.read_only import writes
from alize_desktop.ui.widgets.table_model import ROW_ROLE, Column, RowFilterProxy, RowTableModel

COLUMNS = (
    Column("Dispositif", lambda x: x.name),
    Column("Nature", lambda x: label(x.kind)),
    Column("Projets", lambda x: integer(x.uses), sort=lambda x: x.uses, align_right=True),
)


class SupportSchemesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("support_schemes_dialog")
        self.setWindowTitle("Dispositifs existants")
        self.resize(640, 460)
        lay = QVBoxLayout(self)
        self.model = RowTableModel(COLUMNS, self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = list_view(self.proxy, "schemes_view", record_list=True, sort=(0, Qt.SortOrder.AscendingOrder),
                              stretch=0)
        lay.addWidget(self.view, 1)

        self.box = box = QGroupBox("Nouveau dispositif")
        form = QFormLayout(box)
        self.errors = FieldErrors(form)
        self.name = writes(QLineEdit())
        self.name.setObjectName("name")
        self.name.setPlaceholderText("Par exemple : Initiative Sorne, prêt d'honneur")
        self.kind = writes(QComboBox())
        for code in SCHEME_KINDS:
            self.kind.addItem(label(code), code)
        self.errors.add_row("name", "Nom *", self.name)
        self.errors.add_row("kind", "Nature", self.kind)
        form.addRow(self.errors.general)
        lay.addWidget(box)
        row = QHBoxLayout()
        self.new_button = writes(QPushButton("Nouveau"))
        self.new_button.setToolTip("Saisir un nouveau dispositif (Ctrl+Maj+N)")
        self.save_button = writes(QPushButton("Enregistrer"))
        self.save_button.setToolTip("Enregistrer le dispositif saisi (Entrée)")
        self.save_button.setDefault(True)
        self.delete_button = writes(QPushButton("Supprimer…"))
        for b in (self.new_button, self.save_button, self.delete_button):
            row.addWidget(b)
        row.addStretch()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        close.rejected.connect(self.reject)
        row.addWidget(close)
        lay.addLayout(row)
        self.new_button.clicked.connect(self.start_new)
        self.save_button.clicked.connect(self.save)
        self.delete_button.clicked.connect(self.delete)
        writes(shortcut(self, "Ctrl+Shift+N", self.start_new))
        writes(shortcut(self.view, QKeySequence.StandardKey.Delete, self.delete,
                        context=Qt.ShortcutContext.WidgetShortcut))
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._load_selected())
        self.current_id: str | None = None
        self.loading = False  # the register is being read on the database worker
        self.saving = False  # a scheme is being written
        self.start_new()
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the register on the database worker; the list is painted when it comes back
        (`loading` meanwhile), with `select` chosen."""
        engine = self.ctx.engine
        self.loading = True
        self.ctx.runner.query(self, lambda: list_schemes(engine), lambda rows: self._show_rows(rows, select),
                              self._load_failed, key="schemes")

    def _show_rows(self, rows: list[SchemeRow], select: str | None) -> None:
        self.loading = False
        self.model.set_rows(rows)
        if select:
            for r in range(self.proxy.rowCount()):
                if self.proxy.index(r, 0).data(ROW_ROLE).id == select:
                    self.view.selectRow(r)

    def _load_failed(self, exc: BaseException) -> None:
        self.loading = False
        raise exc  # the window's crash handler logs it and shows a French dialog

    def selected(self) -> SchemeRow | None:
        idx = self.view.currentIndex()
        if not idx.isValid() or not self.view.selectionModel().isRowSelected(idx.row()):
            return None
        return self.model.row_at(self.proxy.mapToSource(idx).row())

    def _load_selected(self) -> None:
        x = self.selected()
        self.errors.clear()
        if x is None:
            return
        self.current_id = x.id
        self.box.setTitle("Dispositif sélectionné")
        self.name.setText(x.name)
        self.kind.setCurrentIndex(self.kind.findData(x.kind))
        self.delete_button.setEnabled(x.uses == 0)
        self.delete_button.setToolTip("Supprimer le dispositif sélectionné (Suppr)" if x.uses == 0 else
                                      f"Mobilisé par {count(x.uses, 'projet')} : il ne peut pas être supprimé.")

    def start_new(self) -> None:
        self.view.clearSelection()
        self.current_id = None
        self.box.setTitle("Nouveau dispositif")
        self.errors.clear()
        self.name.clear()
        self.kind.setCurrentIndex(0)
        self.delete_button.setEnabled(False)
        self.delete_button.setToolTip("Sélectionnez un dispositif dans la liste")
        self.name.setFocus()

    def save(self) -> None:
        """Save the scheme typed on the database worker (Enregistrer is off meanwhile); a refusal
        shows under its field and keeps what was typed."""
        if self.saving:
            return
        self.errors.clear()
        engine, scheme_id, name, kind = self.ctx.engine, self.current_id, self.name.text(), self.kind.currentData()
        self._set_saving(True)

        def saved(result: tuple[str, object]) -> None:
            self._set_saving(False)
            self.current_id = result[0]
            self.reload(select=result[0])

        def refused(exc: BaseException) -> None:
            self._set_saving(False)
            if not isinstance(exc, RuleError):
                raise exc  # the window's crash handler logs it and shows a French dialog
            self.errors.show(exc.problems)

        self.ctx.runner.op(self, lambda: save_scheme(engine, scheme_id, name, kind), saved, refused)

    def _set_saving(self, busy: bool) -> None:
        self.saving = busy
        self.save_button.setEnabled(not busy and not self.ctx.read_only)

    def delete(self) -> None:
        x = self.selected()
        if x is None:
            return
        refused = f"« {x.name} » est mobilisé par {count(x.uses, 'projet')} : il ne peut pas être supprimé." if x.uses else None
        engine, scheme_id = self.ctx.engine, x.id

        def deleted() -> None:
            self.reload()
            self.start_new()

        delete_on_worker(self, self.ctx, refused, "Supprimer le dispositif", f"Supprimer « {x.name} » du registre ?",
                         lambda: delete_scheme(engine, scheme_id), deleted)
