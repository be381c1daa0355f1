"""Tableau de bord: the basin at a glance (basin, operator, running convention and its year, counts)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from alize_desktop.formatting import date_long, integer
from alize_desktop.services.overview import basin_overview
from alize_desktop.services.uow import Changes
from alize_desktop.ui.context import AppContext
from alize_desktop.ui.pages.base import Page, heading, note


class DashboardPage(Page):
    key = "dashboard"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        lay = QVBoxLayout(self)
        self.title = heading("Tableau de bord")
        lay.addWidget(self.title)
        self.empty = QWidget()
        el = QVBoxLayout(self.empty)
        el.addWidget(note("Cette base ne contient pas encore de bassin. Importez un fichier au format ALIZÉ "
                          "(menu Fichier › Importer…) ou ouvrez la démonstration."))
        self.import_button = QPushButton("Importer un bassin…")
        el.addWidget(self.import_button)
        el.addStretch()
        lay.addWidget(self.empty)
        self.body = QWidget()
        bl = QHBoxLayout(self.body)
        self.basin_box = QGroupBox("Bassin")
        self.basin_form = QFormLayout(self.basin_box)
        self.conv_box = QGroupBox("Convention de partenariat en cours")
        self.conv_form = QFormLayout(self.conv_box)
        self.count_box = QGroupBox("Enregistrements")
        self.count_form = QFormLayout(self.count_box)
        for box in (self.basin_box, self.conv_box, self.count_box):
            bl.addWidget(box)
        lay.addWidget(self.body)
        lay.addStretch()

    def concerns(self, changes: Changes) -> bool:
        return True

    @staticmethod
    def _fill(form: QFormLayout, rows: list[tuple[str, str]]) -> None:
        while form.rowCount():
            form.removeRow(0)
        for label, value in rows:
            v = QLabel(value)
            v.setTextFormat(Qt.TextFormat.PlainText)  # user text is shown literally, never as HTML
            v.setWordWrap(True)
            form.addRow(label, v)

    def reload(self) -> None:
        ov = basin_overview(self.ctx.engine, dt.date.today())
        self.empty.setVisible(ov is None)
        self.body.setVisible(ov is not None)
        if ov is None:
            return
        self.title.setText(f"Tableau de bord — {ov.name}")
        self._fill(self.basin_form, [("Bassin", ov.name), ("Territoire", ov.territory),
                                     ("Opérateur local", ov.operator_name),
                                     ("Représentant", ov.operator_representative or "—")])
        if ov.running is None:
            self._fill(self.conv_form, [("État", "Aucune convention en cours à ce jour")])
        else:
            r = ov.running
            self._fill(self.conv_form, [("Convention", r.id), ("Début", date_long(r.start)),
                                        ("Fin", date_long(r.end)), ("Année en cours", f"année {ov.running_year} sur 3"),
                                        ("Signée le", date_long(r.signed_on) if r.signed_on else "non signée")])
        labels = (("partners", "Partenaires"), ("active_companies", "Entreprises partenaires actives"),
                  ("people", "Représentants"), ("committee_members", "Membres actifs du comité"),
                  ("companies", "PME"), ("projects", "Projets"), ("meetings", "Comités d'agrément"),
                  ("engagements", "Moyens accordés"), ("follow_ups", "Rapports de suivi"))
        self._fill(self.count_form, [(lab, integer(ov.counts[k])) for k, lab in labels])
