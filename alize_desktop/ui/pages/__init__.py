"""The pages of the sidebar, in the order of the basin's life (Ctrl+1 … Ctrl+9, Ctrl+0)."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class PageSpec:
    key: str  # objectName is page_<key>
    title: str
    module: str
    cls: str


PAGES = (
    PageSpec("dashboard", "Tableau de bord", "alize_desktop.ui.pages.dashboard", "DashboardPage"),
    PageSpec("basin", "Bassin", "alize_desktop.ui.pages.basin", "BasinPage"),
    PageSpec("partners", "Partenaires", "alize_desktop.ui.pages.partners", "PartnersPage"),
    PageSpec("projects", "Projets", "alize_desktop.ui.pages.projects", "ProjectsPage"),
    PageSpec("meetings", "Comités", "alize_desktop.ui.pages.meetings", "MeetingsPage"),
    PageSpec("conventions", "Conventions", "alize_desktop.ui.pages.conventions", "ConventionsPage"),
    PageSpec("fund", "Fonds", "alize_desktop.ui.pages.fund", "FundPage"),
    PageSpec("follow_up", "Suivi", "alize_desktop.ui.pages.follow_up", "FollowUpPage"),
    PageSpec("evaluation", "Évaluation", "alize_desktop.ui.pages.evaluation", "EvaluationPage"),
    PageSpec("export", "Export", "alize_desktop.ui.pages.export", "ExportPage"),
)
