"""Python's cyclic garbage collector, run on the GUI thread only.

CPython starts a collection in whichever thread happens to allocate. In a worker thread it may
finalise Qt wrappers of GUI objects (a closed dialog caught in a reference cycle), which Qt only
allows on the GUI thread: the program then aborts at random. So automatic collection is off for
the life of the window and the GUI thread collects on a timer, generation by generation, when
the allocation counters pass the usual thresholds — what Anki does (aqt's GarbageCollector) for
the same reason. Reference counting still frees everything that is not in a cycle at once.
"""

from __future__ import annotations

import gc
import logging

from PySide6.QtCore import QObject, QTimer

from alize_desktop.memory import building

INTERVAL_MS = 1000
log = logging.getLogger(__name__)


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject):
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect)
        self.timer.start(INTERVAL_MS)

    def collect(self) -> None:
        if gc.isenabled():  # turned back on by some library: it would collect in any thread again
            log.warning("le ramasse-miettes automatique avait été réactivé : de nouveau coupé")
            gc.disable()
        if building():  # the worker is building what it will freeze: nothing to collect in it (alize_desktop.memory)
            return
        g0, g1, g2 = gc.get_count()
        if g0 > self.threshold[0]:
            gc.collect(0)
            if g1 > self.threshold[1]:
                gc.collect(1)
                if g2 > self.threshold[2]:
                    gc.collect(2)


def install(app: QObject) -> GuiThreadCollector:
    """Once per application (a second call returns the first collector)."""
    existing = app.findChild(GuiThreadCollector)
    return existing if existing is not None else GuiThreadCollector(app)
