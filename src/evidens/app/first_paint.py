"""Knowing when a window's first frame is on the screen, not merely when show() returned.

``QWidget.show()`` only asks for a window; the platform exposes it later and Qt paints it then.
In Qt Widgets the whole first frame is painted in one synchronous pass when the window is
exposed: every dirty widget gets its paint event, the top-level widget first, and the backing
store is flushed to the screen at the end of that same pass, before control returns to the event
loop. So the moment the top-level widget receives its first ``QEvent.Paint`` the pass has begun,
and a zero-timer started then runs only after the pass, flush included, is over. That is what
:class:`FirstPaint` reports: the first frame painted *and* flushed. ``tests/test_startup.py``
checks that the window's children had painted before it fires.

The same mechanism serves the app (``evidens gui --exit-after-startup``), the bare-window
yardstick (``build/bare/bare_window.py``) and the same-widgets baseline
(``benchmarks/same_widgets.py``), so all three are timed alike. Those two scripts copy these few
lines rather than import them: they must not load any evidens code.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget


class FirstPaint(QObject):
    """Emits ``finished`` once, after the first frame of ``window`` is painted and flushed."""

    finished = Signal()

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.done = False
        self.finished_ns: int | None = None  # time.perf_counter_ns() when the frame was done
        self.finished_cpu_ns: int | None = None  # time.process_time_ns() then
        self._window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self._window and event.type() == QEvent.Type.Paint:
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self._finish)  # runs after this paint pass and its flush
        return False

    def _finish(self) -> None:
        self.finished_ns = time.perf_counter_ns()
        self.finished_cpu_ns = time.process_time_ns()
        self.done = True
        self.finished.emit()


def report(event: str, ns: int | None = None) -> None:
    """Print ``<event> <perf_counter_ns>`` (now, or at ``ns``) for ``--exit-after-startup``.

    ``time.perf_counter_ns`` reads a system-wide clock (CLOCK_MONOTONIC on Linux,
    QueryPerformanceCounter on Windows, mach_absolute_time on macOS), so the benchmark can
    subtract the moment it launched the process. A windowed Windows program has no stdout.
    """
    if sys.stdout is not None:
        print(f"{event} {time.perf_counter_ns() if ns is None else ns}", flush=True)
