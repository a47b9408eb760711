"""The yardstick for the bundle: an empty PySide6 QMainWindow, frozen with the same options.

``bench_bundle`` compares the real bundle's size and start-up with this one, so the figures show
what the handbook itself adds on top of Python and Qt. ``--exit-after-startup`` behaves like the
app's: show the window, then quit as soon as the event queue is idle.
"""

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("bare")
    window.resize(1280, 720)
    window.show()
    if "--exit-after-startup" in sys.argv[1:]:
        QTimer.singleShot(0, window.close)
        QTimer.singleShot(0, app.quit)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
