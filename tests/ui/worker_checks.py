"""What the tests of "read on the database worker" share: every SQL statement an engine runs,
with its thread, and a service function replaced by one that notes the thread it runs on."""

from __future__ import annotations

import threading
from types import ModuleType
from typing import Any

from sqlalchemy import event


class Statements:
    """Every SQL statement run on the engine while the block runs, with the thread that ran it."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.seen: list[tuple[threading.Thread, str]] = []

    def _record(self, _conn, _cursor, statement, *_rest) -> None:  # type: ignore[no-untyped-def]
        self.seen.append((threading.current_thread(), statement))

    def __enter__(self) -> Statements:
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *_exc: object) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    def on(self, thread: threading.Thread) -> list[str]:
        return [s for t, s in self.seen if t is thread]


def record_threads(monkeypatch: Any, module: ModuleType, name: str) -> list[threading.Thread]:
    """Replace `module.name` (a service function a page calls) by one that notes the thread it runs on."""
    real = getattr(module, name)
    threads: list[threading.Thread] = []

    def recorded(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, recorded)
    return threads
