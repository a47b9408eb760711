"""The yardstick for start-up: an empty PySide6 QMainWindow, run as a script or frozen.

``bench_bundle`` compares the real bundle's size and start-up with this one frozen with the same
options, and ``bench_startup`` runs it from source, so the figures show what the handbook itself
adds on top of Python and Qt. ``--exit-after-startup`` behaves like the app's: once the first
frame is painted and flushed it prints ``first-paint <time.perf_counter_ns()>`` and
``first-paint-cpu <time.process_time_ns()>`` and quits. The first-paint detection is the same as
``evidens.app.first_paint`` (the top-level widget's first paint event starts the one synchronous
paint-and-flush pass; a zero-timer started then runs after it), copied because this script must
not load any evidens code.
"""

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


class ExitAfterFirstPaint(QObject):
    def eventFilter(self, watched, event):  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, lambda: self.finish(watched))
        return False

    def finish(self, window) -> None:
        if sys.stdout is not None:
            print(f"first-paint {time.perf_counter_ns()}", flush=True)
            print(f"first-paint-cpu {time.process_time_ns()}", flush=True)
        window.close()
        QApplication.quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1280, 720)
    if "--exit-after-startup" in sys.argv[1:]:
        watcher = ExitAfterFirstPaint(window)
        window.installEventFilter(watcher)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
