"""Run every benchmark and print a results table: ``python -m benchmarks`` (``make bench``).

``--write-docs`` also rewrites the figures section of ``docs/performance.md`` (between the
``figures:begin`` and ``figures:end`` markers) with this run's table and machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from evidens.evidence.database import database_info, open_database

from . import bench_briefs, bench_gui, bench_matrix, bench_search, bench_startup, synthetic
from .common import REPO, Measurement, Skipped, count, machine, real_database

DOCS = REPO / "docs" / "performance.md"
BEGIN, END = "<!-- figures:begin -->", "<!-- figures:end -->"
HEADER = ("Benchmark", "Database", "Samples", "p50 ms", "p95 ms", "Max ms", "Target")

Row = Measurement | Skipped


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _label(path: Path) -> str:
    """The real database, with its size and data version."""
    conn = open_database(path)
    try:
        n = count(conn, "interventions")
        version = database_info(conn).data_version
    finally:
        conn.close()
    return f"real ({n} interventions, data {version})"


def run(only: str | None) -> list[Row]:
    rows: list[Row] = []
    reason = ""
    try:
        real: Path | None = real_database()
    except RuntimeError as exc:
        real, reason = None, f"real database missing and the data do not build: {exc}"
    if only in (None, "search"):
        if real is None:
            rows.extend(Skipped(name, "real", reason) for name in bench_search.PATHS.values())
        else:
            _log("search: real database ...")
            rows.extend(bench_search.run(real, _label(real), "real"))
        path = synthetic.build(synthetic.SEARCH_SPEC, log=_log)
        _log("search: synthetic database ...")
        rows.extend(bench_search.run(path, synthetic.SEARCH_SPEC.label, "synthetic"))
    # Start-up runs only when asked for: it takes minutes, wants a quiet machine, and writes its
    # own section of the docs (python -m benchmarks.bench_startup --write-docs).
    if only == "startup" and real is not None:
        _log("start-up: bare window, same widgets and app ...")
        rows.extend(bench_startup.run(real, _label(real)))
    if only in (None, "gui"):
        _log("gui: list and matrix view at scale ...")
        rows.extend(bench_gui.run_list(synthetic.build(synthetic.SEARCH_SPEC, log=_log),
                                       synthetic.SEARCH_SPEC.label))
        rows.extend(bench_gui.run_matrix(synthetic.build(synthetic.MATRIX_SPEC, log=_log),
                                         synthetic.MATRIX_SPEC.label))
    if only in (None, "matrix"):
        name = 'matrix(conn, "adult")'
        if real is None:
            rows.append(Skipped(name, "real", reason))
        else:
            _log("matrix: real database ...")
            rows.append(bench_matrix.run(real, _label(real)))
        path = synthetic.build(synthetic.MATRIX_SPEC, log=_log)
        _log("matrix: synthetic database ...")
        rows.append(bench_matrix.run(path, synthetic.MATRIX_SPEC.label))
    if only in (None, "briefs") and real is not None:
        _log("briefs: card, matrix and handbook PDF ...")
        rows.extend(bench_briefs.run(real, _label(real)))
    return rows


def _cells(row: Row) -> tuple[str, ...]:
    if isinstance(row, Skipped):
        return (row.benchmark, row.database, "–", "–", "–", "–", "skipped")
    return (row.benchmark, row.database, str(len(row.samples)), f"{row.p50_ms:.2f}",
            f"{row.p95_ms:.2f}", f"{row.max_ms:.2f}", row.verdict)


def _notes(rows: list[Row]) -> list[str]:
    return [f"{r.benchmark}, {r.database}: {r.reason if isinstance(r, Skipped) else r.detail}"
            for r in rows]


def text_table(rows: list[Row]) -> str:
    table = [HEADER, *(_cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    numeric = {2, 3, 4, 5}

    def fmt(line: tuple[str, ...]) -> str:
        return "  ".join(c.rjust(w) if i in numeric else c.ljust(w)
                         for i, (c, w) in enumerate(zip(line, widths, strict=True))).rstrip()

    lines = [fmt(HEADER), "  ".join("-" * w for w in widths), *(fmt(c) for c in table[1:])]
    return "\n".join(lines + [""] + [f"- {n}" for n in _notes(rows)])


def markdown(rows: list[Row]) -> str:
    when = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    lines = [f"Measured {when} (`python -m benchmarks --write-docs`) on:", ""]
    lines += [f"- {key}: {value}" for key, value in machine().items()]
    lines += ["", "| " + " | ".join(HEADER) + " |",
              "| " + " | ".join("---:" if i in (2, 3, 4, 5) else "---"
                                for i in range(len(HEADER))) + " |"]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in _cells(r)) + " |" for r in rows]
    lines += ["", *(f"- {n}" for n in _notes(rows))]
    return "\n".join(lines)


def write_docs(rows: list[Row], path: Path = DOCS) -> None:
    text = path.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + r".*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise SystemExit(f"{path} has no {BEGIN} ... {END} section to rewrite")
    body = f"{BEGIN}\n{markdown(rows)}\n{END}"
    path.write_text(pattern.sub(lambda _: body, text, count=1), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=("search", "matrix", "startup", "gui", "briefs"),
                        help="run one benchmark only")
    parser.add_argument("--write-docs", action="store_true",
                        help=f"rewrite the figures section of {DOCS.relative_to(REPO)}")
    parser.add_argument("--profile", choices=("real", "synthetic"),
                        help="print a cProfile of search on that database instead of timing")
    args = parser.parse_args(argv)
    if args.profile:
        path = (real_database() if args.profile == "real"
                else synthetic.build(synthetic.SEARCH_SPEC, log=_log))
        print(bench_search.profile(path))
        return 0
    rows = run(args.only)
    print(text_table(rows))
    if args.write_docs:
        write_docs(rows)
        _log(f"Wrote the figures to {DOCS}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
