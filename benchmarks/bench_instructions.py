"""Start-up in instructions: what each contestant executes up to its first painted frame.

    .venv/bin/python -m benchmarks.bench_instructions [--write-docs]

The wall and CPU times of ``bench_startup`` move with whatever else the machine is doing (on the
shared 2-core machine of docs/performance.md, by 10–30 % between runs of the same code). The
number of instructions a process executes does not: run under Valgrind's callgrind, the same
code on the same database gives the same count to within a fraction of a percent, whatever the
load. So this benchmark counts them, for the same contestants as ``bench_startup`` (new user,
returning user, the same widgets with and without the evidence layer, the bare window), from
launch to the first frame painted and flushed: each contestant reads ``time.process_time_ns()``
exactly then, and ``--dump-before=time_process_time_ns`` makes callgrind write its counts at
that moment.

Instructions are not time. Python bytecode and Qt's C++ do not run at the same instructions per
cycle, page faults and system calls are not counted, and one thing is counted far too high:
under Valgrind the CPU has no SHA instructions, so OpenSSL hashes the database (the integrity
check of issue 16) in software, about 38 million instructions for what the real CPU does in
about 1 ms. The table therefore also gives each contestant's count without SHA-256. Valgrind
must be installed (``apt-get install valgrind``); each contestant runs once (about 30 s; as many
at a time as there are cores).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .bench_startup import BARE, compile_sources, seed_returning_user, user_env
from .common import REPO, machine, real_database, write_section

DOCS = REPO / "docs" / "performance.md"
APP = ["-m", "evidens", "gui", "--exit-after-startup"]
SAME = ["-m", "benchmarks.same_widgets", "--exit-after-startup"]
CONTESTANTS = {  # name: (arguments after python, label, returning user)
    "bare": ([str(BARE), "--exit-after-startup"], "bare QMainWindow", False),
    "same": (SAME, "same widgets, plain PySide6", False),
    "data": ([*SAME, "--with-data"], "same widgets + the evidence layer", False),
    "new": (APP, "evidens gui, new user", False),
    "returning": (APP, "evidens gui, returning user", True),
}


def count(arguments: list[str], home: Path) -> tuple[int, int]:
    """(instructions up to the first paint, of which in SHA-256) for one launch."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        env = {**user_env(home), "PYTHONHASHSEED": "0"}
        subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=time_process_time_ns",
                        f"--callgrind-out-file={out}", sys.executable, *arguments],
                       env=env, cwd=REPO, check=True, capture_output=True)
        first = Path(f"{out}.1")  # the dump written when the first paint was reported
        if not first.is_file():
            raise RuntimeError(f"{arguments}: no count at the first paint (did it paint?)")
        total = int(re.search(r"^summary: (\d+)", first.read_text(), re.M).group(1))
        annotated = subprocess.run(["callgrind_annotate", "--inclusive=yes", str(first)],
                                   capture_output=True, text=True, check=True).stdout
        sha = max((int(m.group(1).replace(",", "")) for m in re.finditer(
            r"^\s*([\d,]+) .*SHA256_Update", annotated, re.M)), default=0)
    return total, sha


def measure() -> dict[str, tuple[int, int]]:
    compile_sources()
    database = real_database()
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed"
        seed_returning_user(seed, database)
        homes = {}
        for name, (_arguments, _label, returning) in CONTESTANTS.items():
            homes[name] = Path(tmp) / name
            if returning:
                shutil.copytree(seed, homes[name])
            else:
                homes[name].mkdir()
        # Counts do not depend on load, so the contestants may share the cores.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            futures = {name: pool.submit(count, CONTESTANTS[name][0], homes[name])
                       for name in CONTESTANTS}
            results = {name: future.result() for name, future in futures.items()}
    return results


def markdown(results: dict[str, tuple[int, int]]) -> str:
    same_total, same_sha = results["same"]
    lines = [
        f"Counted {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} "
        "(`python -m benchmarks.bench_instructions --write-docs`), one launch each under "
        "Valgrind's callgrind, up to the first paint; "
        + "; ".join(f"{k}: {v}" for k, v in machine().items()) + ".",
        "",
        "| Contestant | Instructions (millions) | × same widgets | Without SHA-256 (millions) "
        "| × same widgets |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, (_arguments, label, _returning) in CONTESTANTS.items():
        total, sha = results[name]
        lines.append(f"| {label} | {total / 1e6:,.1f} | {total / same_total:.3f}× "
                     f"| {(total - sha) / 1e6:,.1f} | "
                     f"{(total - sha) / (same_total - same_sha):.3f}× |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_instructions",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--write-docs", action="store_true",
                        help="rewrite the instruction counts in docs/performance.md")
    args = parser.parse_args(argv)
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 1
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    text = markdown(measure())
    print(text)
    if args.write_docs:
        write_section(DOCS, "instructions", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
