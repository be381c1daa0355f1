"""Long work off the GUI thread, with a progress dialog and a cancel button.

The task is a plain function `task(progress) -> result` where `progress(done, total, text)` returns
False once the user has cancelled; the task then stops and raises `Cancelled` (its own transaction
rolls back). Sessions are created inside the task, never shared with the GUI thread.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from alize_desktop.services.progress import Cancelled


class _Signals(QObject):
    progress = Signal(int, int, str)
    # The outcome waits on the job (`_Job.outcome`); the signal carries nothing: a queued signal
    # copies its arguments under Qt's lock of the sender, and a Python object needs the interpreter's
    # lock for that, which the GUI thread may hold while it waits for the same Qt lock (runner.py).
    ended = Signal()


# Jobs still running, so that closing the window can cancel them and wait instead of pulling the
# database from under them. Strong references also keep each job's signal object alive until it ends.
_ACTIVE: dict[int, _Job] = {}


def active_jobs() -> list[str]:
    """Titles of the long operations still running."""
    return [job.title for job in _ACTIVE.values()]


def cancel_all_and_wait(timeout_ms: int = 60_000) -> bool:
    """Ask every running job to stop, wait until each has ended and its last signal was delivered
    (it leaves _ACTIVE then). True when all ended.

    Short sleeps are counted rather than timed waits on a condition: a timed wait's deadline is read
    from the monotonic clock, so a clock that jumps (suspend, NTP, libfaketime in CI) can make it end
    at once or never. Closing must neither hang nor pull the database from under a job."""
    for job in list(_ACTIVE.values()):
        job.cancelled = True
    for _ in range(max(1, timeout_ms // 20)):
        QCoreApplication.processEvents()  # delivers the jobs' last signals: they leave _ACTIVE
        if not _ACTIVE:
            return True
        time.sleep(0.02)
    return not _ACTIVE


class _Job(QRunnable):
    def __init__(self, task: Callable[[Callable[[int, int, str], bool]], Any], title: str = ""):
        super().__init__()
        # Python owns the job: with auto-delete, the pool would free the C++ runnable under its Python
        # wrapper (kept in _ACTIVE and by the dialog), and the wrapper's own release later freed it
        # again — an intermittent abort at the end of an export.
        self.setAutoDelete(False)
        self.task = task
        self.title = title
        self.signals = _Signals()
        self.cancelled = False

    def report(self, done: int, total: int, text: str = "") -> bool:
        self.signals.progress.emit(done, total, text)
        return not self.cancelled

    outcome: tuple[bool, Any] = (False, None)

    def run(self) -> None:
        try:
            self.outcome = (True, self.task(self.report))
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread to show
            self.outcome = (False, exc)
        self.signals.ended.emit()


def run_with_progress(
    parent: QWidget | None,
    title: str,
    task: Callable[[Callable[[int, int, str], bool]], Any],
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException], None] | None = None,
    *,
    modal: bool = True,
) -> QProgressDialog:
    """Start `task` in the thread pool; `on_done(result)` runs on the GUI thread when it ends.

    A long job (the export) passes `modal=False`: a window blocked by a modal dialog never receives
    the close button's request, so closing during an export was silently ignored; without the modal
    block the window's closeEvent says what is running and offers to stop it."""
    dialog = QProgressDialog(title, "Annuler", 0, 0, parent)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal if modal else Qt.WindowModality.NonModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    job = _Job(task, title)
    _ACTIVE[id(job)] = job
    dialog.canceled.connect(lambda: setattr(job, "cancelled", True))

    def progress(done: int, total: int, text: str) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        if text:
            dialog.setLabelText(text)

    def finished(result: Any) -> None:
        _ACTIVE.pop(id(job), None)
        dialog.close()
        on_done(result)

    def failed(exc: BaseException) -> None:
        _ACTIVE.pop(id(job), None)
        dialog.close()
        if isinstance(exc, Cancelled):
            return
        if on_error is not None:
            on_error(exc)
        else:
            QMessageBox.critical(parent, title, str(exc))

    def ended() -> None:
        done, value = job.outcome
        if done:
            finished(value)
        else:
            failed(value)

    job.signals.progress.connect(progress)
    job.signals.ended.connect(ended)
    dialog._job = job  # type: ignore[attr-defined]  # keep the job alive with its dialog
    QThreadPool.globalInstance().start(job)
    return dialog
