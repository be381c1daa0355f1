"""Partnership convention form: start (end computed), specific objectives, labour market, signature."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from alize_desktop.formatting import date_long
from alize_desktop.services.conventions import conventions as svc
from alize_desktop.services.evaluation.overview import convention_end
from alize_desktop.services.uow import Changes
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.forms import date_edit, get_date, set_date
from alize_desktop.ui.widgets.kit_forms import RecordDialog, form_buttons, form_frame, save_undoable, text_box


def _next_start(rows: list[svc.ConventionRow], today: dt.date) -> dt.date:
    """A renewal starts the day after the last convention ends; the first one on next 1 January."""
    if rows:
        return rows[-1].end + dt.timedelta(days=1)
    return dt.date(today.year + 1, 1, 1)


class ConventionDialog(RecordDialog):
    def __init__(self, ctx: AppContext, row: svc.ConventionRow | None = None, parent: QWidget | None = None,
                 conventions: list[svc.ConventionRow] | None = None):
        """`conventions`: the conventions the page shows, for a new one's proposed start (read here when
        not given)."""
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        layout, self.errors = form_frame(self, "convention_dialog", "Nouvelle convention de partenariat"
                                         if row is None else f"Convention {row.id}", 560)
        self.start = date_edit(row.start if row else _next_start(conventions or [], ctx.clock.today()))
        self.start.setObjectName("start")
        self.errors.add_row("start", "Début *", self.start)
        self.end = QLabel()
        self.end.setObjectName("end")
        self.errors.add_row("end", "Fin (3 ans − 1 jour)", self.end)
        self.objectives = text_box("specific_objectives",
                                   placeholder="Objectifs propres au bassin, en plus des 75 emplois par an…")
        self.errors.add_row("specific_objectives", "Objectifs spécifiques", self.objectives)
        self.labour = text_box("labour_market",
                               placeholder="Articulation avec le service public de l'emploi, l'insertion…")
        self.errors.add_row("labour_market", "Articulation emploi", self.labour)
        self.signed = date_edit(row.signed_on if row else None, optional=True)
        self.signed.setObjectName("signed_on")
        self.signed.setToolTip("Laisser « — » tant que la convention n'est pas signée")
        self.errors.add_row("signed_on", "Signée le", self.signed)
        self.buttons = form_buttons(self, layout, self.errors, row is None)
        if row is not None:
            self.objectives.setPlainText(row.specific_objectives or "")
            self.labour.setPlainText(row.labour_market or "")
        self.start.dateChanged.connect(self._show_end)
        self._show_end()
        self.loading = False
        if row is None and conventions is None:
            # Opened before the page's list came: the proposed start is read on the database worker.
            self.loading = True
            self.start.setEnabled(False)
            engine = ctx.engine
            ctx.runner.query(self, lambda: svc.list_conventions(engine), self._conventions_read, key="conventions")

    def _conventions_read(self, conventions: list[svc.ConventionRow]) -> None:
        set_date(self.start, _next_start(conventions, self.ctx.clock.today()))
        self.start.setEnabled(True)
        self.loading = False

    def _show_end(self, *_: object) -> None:
        start = get_date(self.start)
        self.end.setText(date_long(convention_end(start)) if start else "—")

    def set_start(self, day: dt.date) -> None:
        set_date(self.start, day)

    def values(self) -> dict[str, Any]:
        return {"start": get_date(self.start), "signed_on": get_date(self.signed),
                "specific_objectives": self.objectives.toPlainText(), "labour_market": self.labour.toPlainText()}

    def accept(self) -> None:
        if self.loading:
            return
        save_undoable(self, self.row, self.values(), create=svc.create_convention, update=svc.update_convention,
                      delete=svc.delete_convention, changes=Changes(conventions=True),
                      created=lambda _v, cid: f"création de la convention {cid}",
                      updated=lambda _v, cid: f"modification de la convention {cid}")
