"""Peak memory (peak RSS) of start-up, of a session that visits every page, and of the export.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.bench_memory [--runs N]

Each case is a fresh process in fresh temporary user folders, and its peak resident set size is
read by the parent from ``os.wait4`` (the kernel's ``ru_maxrss`` of that one child, in KiB on
Linux), so nothing the benchmark itself holds is counted. The cases:

- the bare window and the same widgets in plain PySide6 (``bench_startup``'s yardsticks);
- ``evidens gui --exit-after-startup`` for a new user, and for a returning user whose last card
  and matrix are restored after the first frame;
- every page visited: the list, a card, Voksne and Unge (matrix and profile tab), Sammenlign
  with three interventions, driven through the real window;
- ``evidens handbook -o håndbog.pdf``: the whole handbook as PDF (the app's Filer → Eksportér
  hele håndbogen runs the same code in a worker thread).

The median of ``--runs`` runs is reported (peak RSS varies by a few hundred KiB between runs).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .bench_startup import BARE, OPEN_WINDOW, seed_returning_user, user_env
from .common import REPO, machine, real_database, write_section

RUNS = 3
EVERY_PAGE = OPEN_WINDOW + """
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QTabWidget
page = window.interventions_page
page.open_card("ips")
page.card.view.anchorClicked.emit(QUrl("evidens:conclusion/star-unge-1"))
for row in range(len(window.page_keys)):
    window.nav.setCurrentRow(row)
    app.processEvents()
    for tabs in window.stack.currentWidget().findChildren(QTabWidget):
        for tab in range(tabs.count()):
            tabs.setCurrentIndex(tab)
            app.processEvents()
window.add_to_comparison(["ips", "kvis", "housing-first"])
app.processEvents()
window.repaint()
# The visit really happened: every page built, the conclusion shown, three compared.
assert set(window._built) == set(window.page_keys), sorted(window._built)
assert page.card.view.current == ("conclusion", "star-unge-1"), page.card.view.current
assert list(window.compare_page.ids) == ["ips", "kvis", "housing-first"], window.compare_page.ids
window.close()
"""


def peak_kib(command: list[str], home: Path) -> int:
    """Run ``command`` with its user folders under ``home``; its peak RSS in KiB."""
    process = subprocess.Popen(command, env=user_env(home), stdout=subprocess.DEVNULL, cwd=REPO,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    stderr = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode != 0:
        raise RuntimeError(f"{command} exited with {process.returncode}: {stderr[-500:]}")
    return usage.ru_maxrss  # KiB on Linux


def cases(database: Path, out: Path) -> dict[str, tuple[list[str], bool]]:
    """name → (command, run as a returning user)."""
    app = [sys.executable, "-m", "evidens"]
    return {
        "bare QMainWindow, first paint": ([sys.executable, str(BARE), "--exit-after-startup"],
                                          False),
        "same widgets, plain PySide6, first paint": (
            [sys.executable, "-m", "benchmarks.same_widgets", "--exit-after-startup"], False),
        # The bundled database, as a caseworker's app opens it (bench_startup does the same).
        "evidens gui, new user: start-up": ([*app, "gui", "--exit-after-startup"], False),
        "evidens gui, returning user: start-up with card and matrix restored": (
            [*app, "gui", "--exit-after-startup"], True),
        "evidens gui: every page visited": (
            [sys.executable, "-c", EVERY_PAGE, str(database)], False),
        "evidens handbook -o håndbog.pdf": (
            [*app, "handbook", "--db", str(database), "-o", str(out / "håndbog.pdf")], False),
    }


def measure(database: Path, runs: int = RUNS) -> dict[str, list[int]]:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        seed = tmp / "seed"
        seed_returning_user(seed, database)
        found: dict[str, list[int]] = {}
        for _ in range(runs):  # interleaved, like the timings
            for name, (command, returning) in cases(database, tmp).items():
                home = tmp / "home"
                shutil.rmtree(home, ignore_errors=True)
                if returning:
                    shutil.copytree(seed, home)
                else:
                    home.mkdir()
                found.setdefault(name, []).append(peak_kib(command, home))
    return found


def markdown(found: dict[str, list[int]]) -> str:
    same = statistics.median(found["same widgets, plain PySide6, first paint"])
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    runs = len(next(iter(found.values())))
    lines = [f"Measured {when} (`python -m benchmarks.bench_memory --runs {runs} --write-docs`), "
             f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen')}.", "",
             "| Case | Peak RSS, median (MB) | Runs (MB) | vs. same widgets |",
             "| --- | ---: | --- | ---: |"]
    for name, values in found.items():
        median = statistics.median(values)
        all_runs = ", ".join(f"{v / 1024:.1f}" for v in values)
        lines.append(f"| {name} | {median / 1024:.1f} | {all_runs} | {median / same:.2f}× |")
    lines += ["", "MB = 1024 × 1024 bytes. Machine: "
              + "; ".join(f"{k}: {v}" for k, v in machine().items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_memory",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"runs per case (default {RUNS})")
    parser.add_argument("--write-docs", action="store_true",
                        help="rewrite the memory figures in docs/performance.md")
    args = parser.parse_args(argv)
    text = markdown(measure(real_database(), args.runs))
    print(text)
    if args.write_docs:
        write_section(REPO / "docs" / "performance.md", "memory", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
