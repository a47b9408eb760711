"""The app's models and views at scale, in-process and offscreen.

- the intervention list with 10,000 rows: loading the model, filtering and sorting through the
  proxy, and painting the visible rows (what scrolling and typing in the filter cost);
- the matrix view with 100 risk factors × 4 levels × 50 interventions per cell: loading the model,
  laying out every row to its wrapped height, and painting the view.
"""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from evidens.evidence import queries
from evidens.evidence.database import open_database

from .common import Measurement

SAMPLES = 10


def _app():
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _timed(action, samples: int) -> tuple[list[float], str]:
    """Wall-clock samples, and the median CPU time of this process in words: on a shared
    machine the CPU time moves much less with other load than the wall clock does."""
    action()  # warm-up
    times, cpu = [], []
    for _ in range(samples):
        start, start_cpu = time.perf_counter(), time.process_time()
        action()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return times, f"CPU p50 {statistics.median(cpu) * 1000:.1f} ms"


def _measure(name: str, label: str, action, samples: int, target: float | None,
             detail: str) -> Measurement:
    times, cpu = _timed(action, samples)
    return Measurement(name, label, times, target, f"{detail}; {cpu}")


def run_list(path: Path, label: str, samples: int = SAMPLES) -> list[Measurement]:
    from PySide6.QtCore import Qt

    from evidens.app.intervention_model import (
        Filters,
        InterventionFilterProxy,
        InterventionTableModel,
    )

    app = _app()
    conn = open_database(path)
    rows = queries.interventions(conn)
    conn.close()
    model = InterventionTableModel()
    proxy = InterventionFilterProxy()
    proxy.setSourceModel(model)
    from PySide6.QtWidgets import QTableView

    view = QTableView()
    view.setModel(proxy)
    view.resize(700, 600)
    view.show()

    def load():
        model.set_interventions(rows)
        app.processEvents()

    def filter_and_sort():
        proxy.set_filters(Filters(group="youth", evidence="effect"))
        proxy.sort(InterventionTableModel.COL_NAME, Qt.SortOrder.AscendingOrder)
        proxy.set_filters(Filters())
        app.processEvents()

    def scroll_and_paint():
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
        view.viewport().grab()

    detail = f"{len(rows)} rows"
    out = [_measure("list: load model", label, load, samples, None, detail),
           _measure("list: filter + sort", label, filter_and_sort, samples, None, detail),
           _measure("list: scroll + paint", label, scroll_and_paint, samples, 16.0,
                    detail + "; a frame at 60 Hz is 16 ms")]
    view.close()
    return out


def run_matrix(path: Path, label: str, samples: int = SAMPLES) -> list[Measurement]:
    from evidens.app.matrix_model import MatrixModel
    from evidens.app.matrix_view import MatrixView

    app = _app()
    conn = open_database(path)
    matrix = queries.matrix(conn, "adult")
    conn.close()
    model = MatrixModel()
    view = MatrixView(model)
    view.resize(1000, 700)
    view.show()

    def load_and_layout():
        model.set_matrix(matrix)
        view.fit()
        app.processEvents()

    def paint():
        view.verticalScrollBar().setValue(view.verticalScrollBar().maximum() // 2)
        view.viewport().grab()

    links = sum(len(c.links) for c in matrix.cells.values())
    detail = f"{len(matrix.risk_factors)} risk factors × {len(matrix.levels)} levels, {links} links"
    out = [_measure("matrix view: load + lay out", label, load_and_layout, samples, None,
                    detail),
           _measure("matrix view: scroll + paint", label, paint, samples, 16.0,
                    detail + "; a frame at 60 Hz is 16 ms")]
    view.close()
    return out
