"""Money shapes several views share (amounts in integer cents)."""

from __future__ import annotations

from alize_desktop.rules.fund import outstanding


class AdvanceMovements:
    """Mixin for a frozen dataclass that carries an advance's movements: gives what is still owed.

    The dataclass declares the three fields itself (a plain mixin adds no field to it).
    """

    disbursed_cents: int
    repaid_cents: int
    written_off_cents: int

    @property
    def outstanding_cents(self) -> int:
        """Disbursed − repaid − written off (DOMAIN.md §5.2)."""
        return outstanding(self.disbursed_cents, self.repaid_cents, self.written_off_cents)
