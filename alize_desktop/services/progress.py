"""Progress reporting for long services, without Qt: a callback that says whether to go on."""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[int, int, str], bool]


class Cancelled(Exception):
    """The user cancelled; whatever the task was writing has been rolled back or removed."""


def no_progress(done: int, total: int, text: str = "") -> bool:
    return True


def step(progress: Progress, done: int, total: int, text: str = "") -> None:
    """Report progress and stop the task (raising Cancelled) once the user has cancelled."""
    if not progress(done, total, text):
        raise Cancelled("opération annulée : rien n'a été écrit")
