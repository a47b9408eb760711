"""Card render, one-page brief and whole card timed with both clocks: wall time and the
process's CPU time.

On a shared machine wall time mostly measures the neighbours; CPU time (``time.process_time``)
is what this process itself spent. ``python -m benchmarks.card_cpu`` prints both; the figures are
in docs/performance.md ("Card overview and one-page brief"). The youth matrix PDF, whose code the
card work did not change, is timed too, as a yardstick against its idle figure.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from evidens.briefs.builders import card_brief, data_edition, matrix_brief, one_page_brief
from evidens.briefs.export import save_brief
from evidens.evidence.database import open_database
from evidens.resource_files import data_dir

from .bench_briefs import CARD, _render_card

SAMPLES = 20


def _p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * len(values)) - 1]


def main() -> None:
    conn = open_database(data_dir() / "evidens.sqlite")
    out = Path(tempfile.mkdtemp())
    edition = data_edition(conn)
    cases = {
        "card render (IPS, the app's card HTML)": lambda: _render_card(conn, out / "c.html"),
        "one-page brief PDF (IPS)": lambda: save_brief(
            one_page_brief(conn, CARD), "pdf", out / "b.pdf", data_version=edition),
        "card PDF (IPS, --full)": lambda: save_brief(
            card_brief(conn, CARD), "pdf", out / "c.pdf", data_version=edition),
        "matrix PDF (youth; yardstick)": lambda: save_brief(
            matrix_brief(conn, "youth"), "pdf", out / "m.pdf", data_version=edition),
    }
    for name, action in cases.items():
        action()
        action()  # warm-up: Qt, fonts, templates
        cpu, wall = [], []
        for _ in range(SAMPLES):
            c0, w0 = time.process_time(), time.perf_counter()
            action()
            cpu.append((time.process_time() - c0) * 1000)
            wall.append((time.perf_counter() - w0) * 1000)
        print(f"{name}: CPU p50 {statistics.median(cpu):.1f} p95 {_p95(cpu):.1f} ms | "
              f"wall p50 {statistics.median(wall):.1f} p95 {_p95(wall):.1f} ms")


if __name__ == "__main__":
    main()
