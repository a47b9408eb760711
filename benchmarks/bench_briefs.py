"""Printing: a card (the app's render, the one-page brief and the whole card), a matrix and the
whole handbook saved as PDF, as ``evidens brief`` does.

Each sample is the full export a user waits for: the query, the Jinja template, Qt's layout and
pagination, drawing every page with its header and footer, and the atomic write to disk. The
richest card (IPS) and matrix (youth) are measured; the handbook includes the extra layout pass
that finds the page numbers for its contents. Targets (issue 6, issue 11): card render, one-page
brief and card 150 ms, matrix 500 ms, handbook 5 s.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from evidens.briefs.builders import (
    card_brief,
    data_context,
    data_edition,
    matrix_brief,
    one_page_brief,
)
from evidens.briefs.card_context import card_variables
from evidens.briefs.export import save_brief, save_handbook
from evidens.evidence import queries
from evidens.evidence.database import open_database

from .common import Measurement

CARD, GROUP = "ips", "youth"
CASES = (  # name, samples, target ms
    ("card render (IPS, the app's card HTML)", 50, 150.0),
    ("one-page brief PDF (IPS)", 20, 150.0),
    ("card PDF (IPS, --full)", 20, 150.0),
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


def _render_card(conn, out: Path) -> Path:
    """What the app does when a card is opened: the query, the overview and the template (the
    QTextBrowser's own layout is in bench_gui's figures)."""
    from evidens.briefs.templating import render

    iv = queries.intervention(conn, CARD)
    html = render("card.html", title=iv.name, data=data_context(conn), links="app",
                  **card_variables(iv, sources_open=False))
    out.write_text(html, encoding="utf-8")
    return out


def run(path: Path, database: str) -> list[Measurement]:
    from pypdf import PdfReader

    conn = open_database(path)
    rows = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder)
            version = data_edition(conn)
            actions = (
                lambda: _render_card(conn, out / "card.html"),
                lambda: save_brief(one_page_brief(conn, CARD), "pdf", out / "brief.pdf",
                                   data_version=version),
                lambda: save_brief(card_brief(conn, CARD), "pdf", out / "card.pdf",
                                   data_version=version),
                lambda: save_brief(matrix_brief(conn, GROUP), "pdf", out / "matrix.pdf",
                                   data_version=version),
                lambda: save_handbook(conn, "pdf", out / "handbook.pdf"),
            )
            for (name, samples, target), action in zip(CASES, actions, strict=True):
                times, pdf = _time(action, samples)
                if pdf.suffix == ".html":
                    detail = f"{pdf.stat().st_size // 1024} KB of HTML, no PDF"
                else:
                    pages = len(PdfReader(str(pdf)).pages)
                    detail = f"{pages} pages, {pdf.stat().st_size // 1024} KB"
                rows.append(Measurement(name, database, times, target, detail))
    finally:
        conn.close()
    return rows
