"""Printing: a card, a matrix and the whole handbook saved as PDF, as ``evidens brief`` does.

Each sample is the full export a user waits for: the query, the Jinja template, Qt's layout and
pagination, drawing every page with its header and footer, and the atomic write to disk. The
richest card (IPS) and matrix (youth) are measured; the handbook includes the extra layout pass
that finds the page numbers for its contents. Targets (issue 6): card 150 ms, matrix 500 ms,
handbook 5 s.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from evidens.briefs.builders import card_brief, matrix_brief
from evidens.briefs.export import save_brief, save_handbook
from evidens.evidence import queries
from evidens.evidence.database import open_database

from .common import Measurement

CARD, GROUP = "ips", "youth"
CASES = (  # name, samples, target ms
    ("card PDF (IPS)", 20, 150.0),
    ("matrix PDF (youth, A4 landscape)", 10, 500.0),
    ("handbook PDF (all cards, matrices, conclusions)", 3, 5000.0),
)


def _time(action: Callable[[], Path], samples: int) -> tuple[list[float], Path]:
    action()  # warm-up: Qt start, font registration, template compilation
    times = []
    for _ in range(samples):
        start = time.perf_counter()
        path = action()
        times.append(time.perf_counter() - start)
    return times, path


def run(path: Path, database: str) -> list[Measurement]:
    from pypdf import PdfReader

    conn = open_database(path)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder)
            version = queries.meta(conn)["data_version"]
            actions = (
                lambda: save_brief(card_brief(conn, CARD), "pdf", out / "card.pdf",
                                   data_version=version),
                lambda: save_brief(matrix_brief(conn, GROUP), "pdf", out / "matrix.pdf",
                                   data_version=version),
                lambda: save_handbook(conn, "pdf", out / "handbook.pdf"),
            )
            for (name, samples, target), action in zip(CASES, actions, strict=True):
                times, pdf = _time(action, samples)
                pages = len(PdfReader(str(pdf)).pages)
                detail = f"{pages} pages, {pdf.stat().st_size // 1024} KB"
                rows.append(Measurement(name, database, times, target, detail))
    finally:
        conn.close()
    return rows
