"""What a write says back: the `Changes` it made (pages refresh what they show), or the
`RuleError` that refused it. Kept apart from the unit of work so that the window's shell (the
runner, the change bus, the undo stacks) loads without SQLAlchemy: start-up shows the window first.
"""

from __future__ import annotations

import dataclasses


class RuleError(Exception):
    """A write refused by a rule of the programme. `problems` maps a field to its French message."""

    def __init__(self, problems: dict[str, str] | str):
        if isinstance(problems, str):
            problems = {"": problems}
        self.problems = problems
        super().__init__(" ; ".join(problems.values()))


@dataclasses.dataclass(frozen=True)
class Changes:
    """What a service changed, so that each page refreshes only what it shows."""

    basin: bool = False
    partners: bool = False
    conventions: bool = False
    projects: bool = False
    meetings: bool = False
    fund: bool = False
    follow_ups: bool = False

    @classmethod
    def everything(cls) -> Changes:
        return cls(**{f.name: True for f in dataclasses.fields(cls)})

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in dataclasses.fields(self)})
