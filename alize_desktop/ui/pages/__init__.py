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
    PageSpec("dashboard", "Tableau de bord", "alize_desktop.ui.dashboard.page", "DashboardPage"),
    PageSpec("basin", "Bassin", "alize_desktop.ui.basin.page", "BasinPage"),
    PageSpec("partners", "Partenaires", "alize_desktop.ui.partners.page", "PartnersPage"),
    PageSpec("projects", "Projets", "alize_desktop.ui.projects.page", "ProjectsPage"),
    PageSpec("meetings", "Comités", "alize_desktop.ui.meetings.page", "MeetingsPage"),
    PageSpec("conventions", "Conventions", "alize_desktop.ui.conventions.page", "ConventionsPage"),
    PageSpec("fund", "Fonds", "alize_desktop.ui.fund.page", "FundPage"),
    PageSpec("follow_up", "Suivi", "alize_desktop.ui.follow_up.page", "FollowUpPage"),
    PageSpec("evaluation", "Évaluation", "alize_desktop.ui.evaluation.page", "EvaluationPage"),
    PageSpec("export", "Export", "alize_desktop.ui.export.page", "ExportPage"),
)
