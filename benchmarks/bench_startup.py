"""Start-up to a shown window, against a bare PySide6 QMainWindow measured in the same run.

Both are started as fresh processes (what a user waits for), offscreen, and quit as soon as the
window is shown and the event loop is idle (``evidens gui --exit-after-startup``). The target is
the app within 1.5× the bare window: the handbook may cost its database and models, not seconds.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import Measurement

RUNS = 7
RATIO_TARGET = 1.5
BARE = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 720)
window.show()
QTimer.singleShot(0, window.close)
QTimer.singleShot(0, app.quit)
app.exec()
"""


def _time(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=120)
    return time.perf_counter() - start


def run(database: Path, label: str, runs: int = RUNS) -> list[Measurement]:
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": home,
               "XDG_DATA_HOME": f"{home}/data", "XDG_CONFIG_HOME": f"{home}/config"}
        bare_cmd = [sys.executable, "-c", BARE]
        app_cmd = [sys.executable, "-m", "evidens", "gui", "--db", str(database),
                   "--exit-after-startup"]
        _time(bare_cmd, env), _time(app_cmd, env)  # warm the file cache
        bare, app = [], []
        for _ in range(runs):  # interleaved, so machine load hits both alike
            bare.append(_time(bare_cmd, env))
            app.append(_time(app_cmd, env))
    ratio = statistics.median(app) / statistics.median(bare)
    target = statistics.median(bare) * RATIO_TARGET * 1000
    verdict = "ok" if ratio <= RATIO_TARGET else "MISSED"
    return [
        Measurement("start-up: bare QMainWindow", "none", bare, None,
                    "a fresh python process showing an empty QMainWindow"),
        Measurement("start-up: evidens gui", label, app, None,
                    f"median {ratio:.2f}× the bare window (target ≤ {RATIO_TARGET}×, "
                    f"i.e. ≤ {target:.0f} ms here): {verdict}"),
    ]
