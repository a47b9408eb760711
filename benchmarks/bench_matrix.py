"""Building the risk-factor × level matrix: ``evidens.evidence.queries.matrix(conn, "adult")``.

This is what the matrix view asks for when it opens (and again when the evidence filter changes):
every cell's barriers, intervention links and cross-references, with the intervention summaries.
"""

from __future__ import annotations

import time
from pathlib import Path

from evidens.evidence import queries
from evidens.evidence.database import open_database

from .common import Measurement

WARMUP = 2
SAMPLES = 30


def run(path: Path, database: str, samples: int = SAMPLES) -> Measurement:
    conn = open_database(path)
    try:
        for _ in range(WARMUP):
            m = queries.matrix(conn, "adult")
        times = []
        for _ in range(samples):
            start = time.perf_counter()
            queries.matrix(conn, "adult")
            times.append(time.perf_counter() - start)
    finally:
        conn.close()
    links = sum(len(c.links) for c in m.cells.values())
    barriers = sum(len(c.barriers) for c in m.cells.values())
    detail = (f"{len(m.risk_factors)} risk factors × {len(m.levels)} levels, {links} links, "
              f"{barriers} barriers, {len(m.interventions)} interventions")
    return Measurement('matrix(conn, "adult")', database, times, None, detail)
