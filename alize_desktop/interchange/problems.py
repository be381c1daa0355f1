"""A problem found in data: where (the record path) and what (French)."""

from __future__ import annotations

from dataclasses import dataclass

from alize_desktop.formatting import count


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path} : {self.message}" if self.path else self.message


class ImportRefused(Exception):
    """The document breaks the format or a rule; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:20])
        more = f"\n  … et {count(len(problems) - 20, 'autre')}" if len(problems) > 20 else ""
        super().__init__(f"Import refusé, rien n'a été écrit ({count(len(problems), 'problème')}) :\n{shown}{more}")
