"""Conventions: the partnership conventions with their commitments, and (when that module is
present) the cooperation and development conventions of the approved projects."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from alize_desktop.services.conventions import conventions as svc
from alize_desktop.services.conventions.page_data import ConventionsData, conventions_page_data
from alize_desktop.services.uow import Changes
from alize_desktop.ui.conventions.partnership_tab import PartnershipTab
from alize_desktop.ui.pages.base import Page, heading
from alize_desktop.ui.shell.context import AppContext

try:
    from alize_desktop.ui.conventions.cooperation_tab import CooperationTab
except ModuleNotFoundError as exc:  # written by another engineer; the page works without it
    if exc.name != "alize_desktop.ui.conventions.cooperation_tab":
        raise
    CooperationTab = None  # type: ignore[assignment,misc]


class ConventionsPage(Page):
    """Everything both tabs show is read in one load on the database worker (`loader`); the tabs
    only paint it, and choosing another convention reads nothing."""

    key = "conventions"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.data: ConventionsData | None = None
        lay = QVBoxLayout(self)
        lay.addWidget(heading("Conventions"))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("conventions_tabs")
        self.partnership = PartnershipTab(ctx, self.when_loaded, self)
        self.tabs.addTab(self.partnership, "Partenariat et engagements")
        self.cooperation = CooperationTab(ctx) if CooperationTab is not None else None
        if self.cooperation is not None:
            self.tabs.addTab(self.cooperation, "Coopération et développement")
        lay.addWidget(self.tabs, 1)

    def concerns(self, changes: Changes) -> bool:
        # Conventions, commitments and Annex 2; partners' names and kinds; the reference budget
        # (basin); the approved projects, their companies, mandataries (people are partners) and
        # signatures (projects), and their approval dates (meetings).
        return (changes.conventions or changes.partners or changes.basin or changes.projects
                or changes.meetings)

    def loader(self) -> Callable[[], ConventionsData]:
        engine, db_path, cooperation = self.ctx.engine, self.ctx.db_path, self.cooperation is not None
        return lambda: conventions_page_data(engine, db_path, cooperation=cooperation)

    def show_loaded(self, data: ConventionsData) -> None:
        self.data = data
        self.partnership.show_data(data)
        if self.cooperation is not None:
            self.cooperation.show_rows(data.cooperation)

    def show_record(self, record_id: str) -> None:
        """A project id opens its cooperation convention; a convention id selects that convention.
        Decided from the page's load (waited for when one is on its way)."""
        self.when_fresh(lambda: self._show_record(record_id))

    def _show_record(self, record_id: str) -> None:
        kind = self.data.kind_of(record_id) if self.data is not None else None
        if kind is not None:
            self._show_kind(record_id, kind)
            return
        # Neither a convention nor an approved project of the load: ask the base what it is.
        engine = self.ctx.engine
        self.ctx.runner.query(self, lambda: svc.record_kind(engine, record_id),
                              lambda found: self._show_kind(record_id, found), key="record")

    def _show_kind(self, record_id: str, kind: str | None) -> None:
        if self.cooperation is not None and kind == "project":
            self.tabs.setCurrentWidget(self.cooperation)
            self.cooperation.show_project(record_id)
            return
        self.tabs.setCurrentWidget(self.partnership)
        self.partnership.select(record_id)
