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
from alize_desktop.ui.widgets.kit_messages import delete_confirmed
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
        self.reload()
        self.start_new()

    def reload(self, select: str | None = None) -> None:
        self.model.set_rows(list_schemes(self.ctx.engine))
        if select:
            for r in range(self.proxy.rowCount()):
                if self.proxy.index(r, 0).data(ROW_ROLE).id == select:
                    self.view.selectRow(r)

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
        self.errors.clear()
        try:
            scheme_id, changes = save_scheme(self.ctx.engine, self.current_id, self.name.text(), self.kind.currentData())
        except RuleError as exc:
            self.errors.show(exc.problems)
            return
        self.ctx.bus.emit(changes)
        self.reload(select=scheme_id)
        self.current_id = scheme_id

    def delete(self) -> None:
        x = self.selected()
        if x is None:
            return
        refused = f"« {x.name} » est mobilisé par {count(x.uses, 'projet')} : il ne peut pas être supprimé." if x.uses else None
        if delete_confirmed(self, self.ctx, refused, "Supprimer le dispositif", f"Supprimer « {x.name} » du registre ?",
                            lambda: delete_scheme(self.ctx.engine, x.id)):
            self.reload()
            self.start_new()
