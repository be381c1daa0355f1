"""Conventions: the partnership conventions with their commitments, and (when that module is
present) the cooperation and development conventions of the approved projects."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from alize_desktop.services.conventions import conventions as svc
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
    key = "conventions"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        lay = QVBoxLayout(self)
        lay.addWidget(heading("Conventions"))
        self.tabs = QTabWidget()
        self.tabs.setObjectName("conventions_tabs")
        self.partnership = PartnershipTab(ctx, self)
        self.tabs.addTab(self.partnership, "Partenariat et engagements")
        self.cooperation = CooperationTab(ctx) if CooperationTab is not None else None
        if self.cooperation is not None:
            self.tabs.addTab(self.cooperation, "Coopération et développement")
        lay.addWidget(self.tabs, 1)

    def concerns(self, changes: Changes) -> bool:
        return changes.conventions or changes.partners or changes.basin or changes.projects

    def reload(self) -> None:
        self.partnership.reload()
        reload = getattr(self.cooperation, "reload", None)
        if callable(reload):
            reload()

    def show_record(self, record_id: str) -> None:
        """A project id opens its cooperation convention; a convention id selects that convention."""
        if self.cooperation is not None and svc.record_kind(self.ctx.engine, record_id) == "project":
            self.tabs.setCurrentWidget(self.cooperation)
            self.cooperation.show_project(record_id)
            return
        self.tabs.setCurrentWidget(self.partnership)
        self.partnership.reload()
        self.partnership.select(record_id)
