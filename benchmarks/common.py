"""What the benchmarks share: timing statistics, the real database, a description of the machine."""

from __future__ import annotations

import contextlib
import io
import os
import platform
import sqlite3
import statistics
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL_SOURCE = REPO / "db"
REAL_DB = REAL_SOURCE / "evidens.sqlite"


@dataclass(frozen=True)
class Measurement:
    """One line of the results table: a timed operation on one database."""

    benchmark: str
    database: str
    samples: list[float]  # seconds
    target_ms: float | None = None  # the p95 we aim for, if the issue names one
    detail: str = ""

    @property
    def p50_ms(self) -> float:
        return statistics.median(self.samples) * 1000

    @property
    def p95_ms(self) -> float:
        return percentile(self.samples, 95) * 1000

    @property
    def max_ms(self) -> float:
        return max(self.samples) * 1000

    @property
    def verdict(self) -> str:
        if self.target_ms is None:
            return ""
        mark = "ok" if self.p95_ms < self.target_ms else "MISSED"
        return f"p95 < {self.target_ms:g} ms: {mark}"


@dataclass(frozen=True)
class Skipped:
    """A benchmark that could not run, with the reason (shown in the table instead of figures)."""

    benchmark: str
    database: str
    reason: str


def percentile(values: list[float], pct: float) -> float:
    """The ``pct``-th percentile, linear between closest ranks (like numpy's default)."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def real_database() -> Path:
    """``db/evidens.sqlite``, built with ``evidens build-db`` first if it is missing.

    Raises RuntimeError with the builder's messages when the curated data do not build.
    """
    if not REAL_DB.is_file():
        from evidens.cli.main import main

        err = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
            code = main(["build-db", "--source", str(REAL_SOURCE), "--output", str(REAL_DB)])
        if code != 0 or not REAL_DB.is_file():
            lines = err.getvalue().strip().splitlines()
            raise RuntimeError(lines[0] if lines else f"evidens build-db exited with {code}")
    return REAL_DB


def count(conn: sqlite3.Connection, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def machine() -> dict[str, str]:
    """The facts about the machine and software that the figures depend on."""
    cpu = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "CPU": cpu,
        "Cores": str(os.cpu_count()),
        "OS": f"{platform.system()} {platform.release()}",
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
    }


def write_section(path: Path, name: str, body: str) -> None:
    """Replace what stands between ``<!-- name:begin -->`` and ``<!-- name:end -->`` in ``path``
    (each benchmark that writes figures into the docs owns one such section)."""
    import re

    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(begin) + r".*?" + re.escape(end), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{path} has no {begin} ... {end} section to rewrite")
    path.write_text(pattern.sub(lambda _: f"{begin}\n{body}\n{end}", text, count=1),
                    encoding="utf-8")
