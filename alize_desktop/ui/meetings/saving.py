"""What the meeting panels share when they write on the database worker (ctx.runner.op)."""

from __future__ import annotations

from alize_desktop.services.uow import Changes, RuleError


def told(changes: Changes) -> Changes | None:
    """What the runner tells the change bus: nothing when the write changed nothing."""
    return None if changes == Changes() else changes


def refusal(exc: BaseException) -> str:
    """The French message of a refusal; anything else goes on to the window's crash handler."""
    if not isinstance(exc, RuleError):
        raise exc
    return "\n".join(exc.problems.values())
