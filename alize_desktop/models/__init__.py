"""SQLAlchemy typed models: tables only, no rules.

The mapped classes are imported together on first use of any of them (PEP 562 `__getattr__`):
`models.enums` — the codes and their French labels, which the first page reads — then comes
without SQLAlchemy's ORM and the twenty mapped tables (a tenth of a second of start-up). All
of them at once, because relationships name each other and the metadata must be whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .base import Base, Cents
    from .basin import Basin, Commitment, Convention, Expense, Partner, Person, Receipt, SupportScheme
    from .documents import DocumentArticle
    from .fund import Disbursement, Engagement, Repayment, WriteOff
    from .journal import AppSetting, JournalEntry
    from .meetings import AgendaItem, Attendance, ItemConflict, ItemVote, Meeting
    from .projects import Company, FollowUp, Project, ProjectSupport

__all__ = [
    "AgendaItem", "AppSetting", "Attendance", "Base", "Basin", "Cents", "Commitment", "Company",
    "Convention", "DocumentArticle", "Disbursement", "Engagement", "Expense", "FollowUp", "ItemConflict", "ItemVote",
    "JournalEntry", "Meeting", "Partner", "Person", "Project", "ProjectSupport", "Receipt",
    "Repayment", "SupportScheme", "WriteOff",
]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from . import base, basin, documents, fund, journal, meetings, projects

    for module in (base, basin, documents, fund, journal, meetings, projects):
        globals().update({n: getattr(module, n) for n in __all__ if hasattr(module, n)})
    return globals()[name]
