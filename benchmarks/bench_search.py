"""Search-as-you-type latency: one ``evidens.evidence.search.search`` call per keystroke.

The search field searches while the user types, so what matters is the time for *every prefix* of a
realistic query ("m", "me", "men", ... "mentor"), short prefixes included: those match the most
documents. Each prefix is timed on its own with ``time.perf_counter`` after a full warm-up pass
(which fills SQLite's page cache and the stemmer's cache, as a session in the app would).
"""

from __future__ import annotations

import cProfile
import io
import math
import pstats
import sqlite3
import time
from collections import defaultdict
from pathlib import Path

from evidens.evidence.database import open_database
from evidens.evidence.search import search

from .common import Measurement, count

# What users type: names and short names, target groups, elements and outcomes, in Danish, some
# with several words. Each is typed one character at a time.
QUERIES = (
    "mentor",
    "hjemløs",
    "ips",
    "virksomhedsrettet",
    "unge med misbrug",
    "housing first",
    "psykisk sygdom",
    "løntilskud",
    "gæld",
    "sindslidelser",
    "kontanthjælp",
    "uddannelse",
    "kvis",
    "tværfaglig indsats",
)
MIN_SAMPLES = 200
TARGETS_MS = {"real": 5.0, "synthetic": 20.0}


def prefixes(queries: tuple[str, ...] = QUERIES) -> list[str]:
    """Every prefix the search field sees while the queries are typed ("m", "me", ...)."""
    return [q[:i] for q in queries for i in range(1, len(q) + 1)]


def time_search(conn: sqlite3.Connection, rounds: int | None = None
                ) -> tuple[list[float], dict[str, list[float]]]:
    """Seconds per call: all samples, and the samples of each prefix."""
    typed = prefixes()
    rounds = rounds or math.ceil(MIN_SAMPLES / len(typed))
    for prefix in typed:  # warm-up pass, not recorded
        search(conn, prefix)
    per_prefix: dict[str, list[float]] = defaultdict(list)
    samples = []
    clock = time.perf_counter
    for _ in range(rounds):
        for prefix in typed:
            start = clock()
            search(conn, prefix)
            elapsed = clock() - start
            samples.append(elapsed)
            per_prefix[prefix].append(elapsed)
    return samples, per_prefix


def run(path: Path, database: str, kind: str, rounds: int | None = None) -> Measurement:
    conn = open_database(path)
    try:
        samples, per_prefix = time_search(conn, rounds)
        n = count(conn, "interventions")
    finally:
        conn.close()
    slowest = sorted(per_prefix, key=lambda p: -min(per_prefix[p]))[:3]
    detail = (f"{len(prefixes())} keystrokes typing {len(QUERIES)} queries, {n} interventions; "
              "slowest: " + ", ".join(f"'{p}' {min(per_prefix[p]) * 1000:.1f} ms"
                                      for p in slowest))
    return Measurement("search as you type (per keystroke)", database, samples,
                       TARGETS_MS[kind], detail)


def profile(path: Path, limit: int = 25) -> str:
    """cProfile of one pass over all prefixes (after a warm-up): where the search time goes."""
    conn = open_database(path)
    try:
        typed = prefixes()
        for prefix in typed:
            search(conn, prefix)
        profiler = cProfile.Profile()
        profiler.enable()
        for prefix in typed:
            search(conn, prefix)
        profiler.disable()
    finally:
        conn.close()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)
    return out.getvalue()
