"""The GUI thread's garbage collector waits while the database worker builds what it will freeze
(alize_desktop/memory.py): a collection in the middle would walk every row built so far, holding
the window, for objects that end up out of every collection anyway."""

from __future__ import annotations

import gc
import threading

from alize_desktop.memory import building, long_lived
from alize_desktop.ui.shell.collector import install


def test_no_collection_while_the_worker_builds_then_collections_resume(qapp) -> None:  # type: ignore[no-untyped-def]
    collector = install(qapp)
    seen: list[int] = []

    def on_gc(phase: str, info: dict) -> None:  # type: ignore[type-arg]
        if phase == "start":
            seen.append(info["generation"])

    inside, leave = threading.Event(), threading.Event()
    kept: list[object] = []

    def worker() -> None:
        with long_lived():
            kept.extend([{"row": i}] for i in range(50_000))  # containers the collector would walk
            inside.set()
            leave.wait(20)

    gc.callbacks.append(on_gc)
    try:
        thread = threading.Thread(target=worker)
        thread.start()
        assert inside.wait(20) and building()
        collector.collect()
        assert seen == []  # waited: nothing walked while the block runs
        leave.set()
        thread.join(20)
        assert not building()
        kept.clear()
        junk = [[] for _ in range(3 * collector.threshold[0])]  # young containers past the threshold
        collector.collect()
        assert 0 in seen  # and collecting again once it is over
        del junk
    finally:
        gc.callbacks.remove(on_gc)
