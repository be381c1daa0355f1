"""The programme's defaults (DOMAIN.md §4–6), defined once.

Every reader of a basin's settings (the report, the fund page, the alerts, the basin form, the
import's checks, the schema's column defaults) takes its fallback from here, so changing a
default changes it everywhere. No import: every layer may read this module.
"""

from __future__ import annotations

from types import MappingProxyType

REIMBURSEMENT_CAP_CENTS = 1_000_000  # 10 000 €: the operator's yearly reimbursement cap
JOBS_TARGET_PER_YEAR = 75
EXAMINED_TARGET_PER_YEAR = 15
APPROVED_TARGET_PER_YEAR = 12
BUDGET_TARGET_CENTS = 90_000_000  # 900 000 €
LOSS_RATE_BENCHMARK = 0.06
QUORUM_FRACTION = 0.5
CONVENTION_YEARS = 3

SETTINGS = MappingProxyType({
    "quorum_fraction": QUORUM_FRACTION,
    "jobs_target_per_year": JOBS_TARGET_PER_YEAR,
    "examined_target_per_year": EXAMINED_TARGET_PER_YEAR,
    "approved_target_per_year": APPROVED_TARGET_PER_YEAR,
    "budget_target_cents": BUDGET_TARGET_CENTS,
    "loss_rate_benchmark": LOSS_RATE_BENCHMARK,
    "operator_reimbursement_cap_cents": REIMBURSEMENT_CAP_CENTS,
})
