"""Limits (issue 14): how the handbook copes at the edges a caseworker can reach.

A 10,000-character note, 100,000 favourites, a search on the 10,000-intervention synthetic
database, and the handbook export (real data, and the synthetic databases as a scaling check).
Each case runs in a fresh child process, so its peak memory (``VmHWM``) is its own; the
interpreter with the modules the case imports is measured the same way as a baseline.

Run: ``.venv/bin/python -m benchmarks.bench_limits`` (``--write-docs`` rewrites the "Limits"
figures in docs/performance.md between the ``limits:begin`` and ``limits:end`` markers).
The synthetic handbook exports run under a memory cap (``RLIMIT_AS``) and a time limit, so an
export that would take the machine down is reported as such instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

from . import synthetic
from .common import REPO, machine, real_database

DOCS = REPO / "docs" / "performance.md"
BEGIN, END = "<!-- limits:begin -->", "<!-- limits:end -->"
CAP_BYTES = 2 * 1024**3  # address-space cap for the synthetic handbook exports
CAP_SECONDS = 600

PRELUDE = """
import json, resource, statistics, sys, time
from pathlib import Path
def peak_mb():
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the forked parent.
    try:
        for line in open("/proc/self/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
def done(**figures):
    figures["peak_mb"] = round(peak_mb(), 1)
    print("RESULT " + json.dumps(figures))
def timed(fn, n=1):
    samples = []
    for _ in range(n):
        t = time.perf_counter(); fn(); samples.append(time.perf_counter() - t)
    return samples
def ms(samples):
    s = sorted(samples)
    return {"p50_ms": round(statistics.median(s) * 1000, 2),
            "p95_ms": round(s[min(len(s) - 1, int(len(s) * 0.95))] * 1000, 2),
            "max_ms": round(s[-1] * 1000, 2)}
"""

BASELINE = """
import evidens.user_store, evidens.evidence.search, evidens.briefs.builders
done()
"""

NOTE = """
import os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from evidens.user_store import UserStore
folder = Path(sys.argv[1])
paragraph = ("Borgeren har deltaget i virksomhedspraktik og mentorforløb; næste skridt er "
             "et møde med jobcentret om løntilskud. ")
note = (paragraph * 200)[:10_000]
store = UserStore.open(folder / "brugerdata.sqlite")
save = timed(lambda: store.set_note("ips", note), 50)
read = timed(lambda: store.note("ips"), 50)
assert store.note("ips") == note
from PySide6.QtWidgets import QApplication, QPlainTextEdit
app = QApplication([])
edit = QPlainTextEdit()
edit.resize(500, 300)
edit.show()
def show():
    edit.setPlainText(note)
    app.processEvents()
display = timed(show, 20)
done(save=ms(save), read=ms(read), display=ms(display), chars=len(note))
"""

FAVOURITES = """
from evidens.user_store import UserStore
folder = Path(sys.argv[1])
path = folder / "brugerdata.sqlite"
store = UserStore.open(path)
t = time.perf_counter()
with store._write():  # one transaction: setting up the 100,000, not a caseworker's pace
    store._conn.executemany("INSERT INTO favourite VALUES (?, '2026-01-01T00:00:00+00:00')",
                            ((f"indsats-{i}",) for i in range(100_000)))
bulk = time.perf_counter() - t
one = timed(lambda: store.set_favourite("ips", True), 1)
single = timed(lambda: store.set_favourite(f"ny-{time.perf_counter_ns()}", True), 50)
listing = timed(lambda: store.favourites(), 10)
check = timed(lambda: store.is_favourite("indsats-99999"), 200)
store.close()
reopen = timed(lambda: UserStore.open(path).close(), 5)
n = len(UserStore.open(path).favourites())
done(bulk_s=round(bulk, 2), set_favourite=ms(single), favourites=ms(listing),
     is_favourite=ms(check), open=ms(reopen), count=n,
     file_mb=round(path.stat().st_size / 1024**2, 1))
"""

SEARCH = """
from evidens.evidence.database import open_database
from evidens.evidence.search import search
from benchmarks.bench_search import prefixes
conn = open_database(Path(sys.argv[1]))
typed = prefixes()
for p in typed:
    search(conn, p)
samples = [s for p in typed for s in timed(lambda p=p: search(conn, p), 2)]
whole = timed(lambda: [search(conn, q) for q in ("mentor", "unge med misbrug", "e")], 5)
done(keystroke=ms(samples), samples=len(samples))
"""

HANDBOOK = """
import os
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from evidens.evidence.database import open_database
from evidens.briefs.export import save_handbook
conn = open_database(Path(sys.argv[1]))
target = Path(sys.argv[2])
t = time.perf_counter()
save_handbook(conn, None, target)
done(seconds=round(time.perf_counter() - t, 2),
     file_mb=round(target.stat().st_size / 1024**2, 2))
"""


@dataclass
class Result:
    case: str
    database: str
    figures: dict | None
    problem: str = ""


def run_child(code: str, *args: str, cap: bool = False, timeout: float = 900) -> dict:
    """Run PRELUDE + code in a fresh interpreter; return its RESULT figures."""
    preexec = None
    if cap:
        def preexec():
            import resource

            resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))
    source = PRELUDE + textwrap.dedent(code)
    done = subprocess.run([sys.executable, "-c", source, *args], capture_output=True,
                          text=True, timeout=timeout, cwd=REPO, preexec_fn=preexec)
    for line in done.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
    raise RuntimeError(f"exit {done.returncode}: {tail[:200]}")


def attempt(case: str, database: str, code: str, *args: str, cap: bool = False,
            timeout: float = 900) -> Result:
    print(f"limits: {case} ({database}) ...", file=sys.stderr, flush=True)
    try:
        return Result(case, database, run_child(code, *args, cap=cap, timeout=timeout))
    except subprocess.TimeoutExpired:
        return Result(case, database, None, f"did not finish within {timeout:.0f} s")
    except RuntimeError as exc:
        text = str(exc)
        if "MemoryError" in text:
            text = f"ran out of the {CAP_BYTES // 1024**3} GB memory cap ({text})"
        return Result(case, database, None, text)


def run(synthetic_handbook: bool = True) -> list[Result]:
    real = real_database()
    results = [attempt("interpreter + evidens modules (baseline)", "-", BASELINE)]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "note").mkdir()
        (tmp / "fav").mkdir()
        results.append(attempt("10,000-character note", "user store", NOTE, str(tmp / "note")))
        results.append(attempt("100,000 favourites", "user store", FAVOURITES,
                               str(tmp / "fav")))
        big = synthetic.build(synthetic.SEARCH_SPEC, log=lambda m: print(m, file=sys.stderr))
        results.append(attempt("search, every keystroke of 14 queries", "synthetic 10,000",
                               SEARCH, str(big)))
        for suffix in ("html", "pdf"):
            results.append(attempt(f"handbook export ({suffix.upper()})", "real", HANDBOOK,
                                   str(real), str(tmp / f"bog.{suffix}")))
        if synthetic_handbook:
            small = synthetic.build(synthetic.Spec(n_interventions=1_000),
                                    log=lambda m: print(m, file=sys.stderr))
            for db, label in ((small, "synthetic 1,000"), (big, "synthetic 10,000")):
                results.append(attempt("handbook export (HTML)", label, HANDBOOK, str(db),
                                       str(tmp / "syn.html"), cap=True, timeout=CAP_SECONDS))
    return results


def _figures(r: Result) -> tuple[str, str, str]:
    if r.figures is None:
        return "—", "—", f"**not finished**: {r.problem}"
    f = dict(r.figures)
    peak = f"{f.pop('peak_mb'):.0f} MB"
    if "seconds" in f:
        return f"{f['seconds']:.1f} s", peak, f"file {f['file_mb']} MB"
    if "keystroke" in f:
        k = f["keystroke"]
        return (f"p50 {k['p50_ms']} ms, p95 {k['p95_ms']} ms, max {k['max_ms']} ms", peak,
                f"{f['samples']} keystrokes")
    if "save" in f:
        return (f"save p50 {f['save']['p50_ms']} ms / p95 {f['save']['p95_ms']} ms; read "
                f"p95 {f['read']['p95_ms']} ms; editor display p95 {f['display']['p95_ms']} ms",
                peak, f"{f['chars']} characters")
    if "bulk_s" in f:
        return (f"one more favourite p95 {f['set_favourite']['p95_ms']} ms; list all p95 "
                f"{f['favourites']['p95_ms']} ms; is_favourite p95 "
                f"{f['is_favourite']['p95_ms']} ms; open p95 {f['open']['p95_ms']} ms",
                peak, f"{f['count']} favourites, file {f['file_mb']} MB "
                      f"(bulk insert {f['bulk_s']} s)")
    return "—", peak, ""


def table(results: list[Result]) -> str:
    lines = ["| Case | Database | Time | Peak memory (RSS) | Notes |",
             "| --- | --- | --- | --- | --- |"]
    for r in results:
        time_text, peak, notes = _figures(r)
        lines.append(f"| {r.case} | {r.database} | {time_text} | {peak} | {notes} |")
    return "\n".join(lines)


def write_docs(text: str) -> None:
    doc = DOCS.read_text(encoding="utf-8")
    if BEGIN not in doc:
        doc = doc.rstrip("\n") + "\n\n## Limits\n\n" + BEGIN + "\n" + END + "\n"
    doc = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: f"{BEGIN}\n{text}\n{END}",
                 doc, flags=re.DOTALL)
    DOCS.write_text(doc, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--no-synthetic-handbook", action="store_true",
                        help="skip the capped handbook exports of the synthetic databases")
    args = parser.parse_args()
    results = run(synthetic_handbook=not args.no_synthetic_handbook)
    info = machine()
    text = (f"Measured {dt.date.today().isoformat()} with `python -m benchmarks.bench_limits` "
            f"on {info['CPU']}, {info['Cores']} cores, {info['OS']}, Python {info['Python']}, "
            f"SQLite {info['SQLite']} (a machine shared with other jobs: times are upper "
            f"bounds).\n\n" + table(results))
    print(text)
    if args.write_docs:
        write_docs(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
