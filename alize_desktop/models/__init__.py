"""SQLAlchemy typed models: tables only, no rules."""

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
