"""One dashboard alert (services.evaluation.alerts computes them): a module of its own, light,
so that the dashboard's widgets can name it without importing what computes the alerts."""

from __future__ import annotations

import dataclasses

SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
SEVERITY_LABELS = {"critical": "Urgent", "warning": "À surveiller", "info": "Information"}


@dataclasses.dataclass(frozen=True)
class Alert:
    kind: str  # follow_up_overdue, repayment_late, insolvency_claim, convention_renewal, few_companies,
    #            reimbursement_cap, fund_low, new_intervention
    severity: str  # critical, warning, info
    text: str  # French, ready to show
    page_key: str  # the page that opens the record
    record_id: str = ""

    @property
    def severity_label(self) -> str:
        return SEVERITY_LABELS[self.severity]
