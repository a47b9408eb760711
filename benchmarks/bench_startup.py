"""Start-up to the first painted frame: bare window, the same widgets in plain PySide6, the app.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.bench_startup [--runs N]

What a caseworker waits for is launch → the first frame on the screen. Every contestant is a
fresh process started with ``--exit-after-startup``: it prints ``first-paint <ns>`` once its first
frame is painted and flushed (``evidens.app.first_paint``), read from ``time.perf_counter_ns()``,
a system-wide monotonic clock, and this script subtracts the moment it launched the process.
Teardown is not timed. The contestants, run interleaved (each round launches all five, in an
order shuffled with a fixed seed, after one warm-up round) so that load from other programs on
the machine hits all of them alike and none always runs right after the same neighbour:

- **bare**: ``build/bare/bare_window.py``, an empty ``QMainWindow`` (also the frozen yardstick);
- **same widgets**: ``benchmarks/same_widgets.py``, the app's first screen in plain PySide6;
- **same widgets + the evidence layer**: the same script with ``--with-data``: before its window
  it does the evidence layer's share of the app's first screen (import it, open and check the
  database, read the records the list and filters show, read the favourites), so the figures
  split the app's lead over the plain widgets into that layer and the app's own Qt code;
- **new user**: ``evidens gui`` with empty user folders (no settings, no user store);
- **returning user**: ``evidens gui`` with the folders of someone who last left the IPS card and
  the Voksne matrix open, with a favourite and a note (seeded once by driving the real window).

User folders are redirected to a fresh temporary folder for every run. The app opens its bundled
database (no ``--db``), as a caseworker's does, and everything runs from compiled bytecode, as an
installed program does: the source is compiled once before the first round (a checkout whose
environment sets PYTHONDONTWRITEBYTECODE would otherwise compile changed modules on every launch,
and the same-widgets script, run as a file, on every launch too). Target (issue 15): the
app's first paint ≤ 1.2× the same-widgets window's, for new and returning users alike. The
returning user's second figure, "restored", is when the remembered card and matrix are painted.
"""

from __future__ import annotations

import argparse
import compileall
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import REPO, Measurement, real_database, write_section

RUNS = 15
RATIO_TARGET = 1.2
BARE = REPO / "build" / "bare" / "bare_window.py"
SAME = REPO / "benchmarks" / "same_widgets.py"
# The start of every script that drives the real window: open it on the database in argv[1] and
# wait until the remembered view is restored after the first paint.
OPEN_WINDOW = """
import sys
from evidens.app import main as app_main
app = app_main.application()
window = app_main.create_main_window(sys.argv[1])
window.show()
while not window.view_restored:
    app.processEvents()
"""
SEED = OPEN_WINDOW + """
page = window.interventions_page
page.open_card("ips")
page.card.favourite_button.setChecked(True)
page.card.note_edit.setPlainText("Bruges i jobcentret")
window.nav.setCurrentRow(1)
window.close()
"""


def user_env(home: Path) -> dict[str, str]:
    """The environment of a process whose user folders all live under ``home``."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    env.update({"HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
                "XDG_CONFIG_HOME": str(home / "config"), "XDG_CACHE_HOME": str(home / "cache"),
                "APPDATA": str(home / "appdata"), "LOCALAPPDATA": str(home / "localappdata")})
    return env


def seed_returning_user(home: Path, database: Path) -> None:
    """Leave the folders a returning user has: settings with a card and a matrix, a store."""
    subprocess.run([sys.executable, "-c", SEED, str(database)], env=user_env(home), check=True,
                   capture_output=True, timeout=120)
    if not any(home.rglob("settings.ini")):
        raise RuntimeError(f"seeding the returning user wrote no settings.ini under {home}")


def launch(command: list[str], seed: Path | None = None) -> dict[str, float]:
    """Run ``command`` once in fresh user folders (a copy of ``seed``); seconds to each event."""
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home"
        if seed is None:
            home.mkdir()
        else:
            shutil.copytree(seed, home)
        env = user_env(home)
        start = time.perf_counter_ns()
        # No timeout: with one, subprocess polls the child in sleeps of up to 50 ms.
        result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=REPO)
        end = time.perf_counter_ns()
    if result.returncode != 0:
        raise RuntimeError(f"{command} exited with {result.returncode}: {result.stderr[-500:]}")
    events = {"exit": (end - start) / 1e9}
    for line in result.stdout.splitlines():
        name, _, value = line.partition(" ")
        if value.isdigit():  # a moment on the shared clock, or (-cpu) the child's CPU time
            events[name] = int(value) / 1e9 if name.endswith("-cpu") else (
                int(value) - start) / 1e9
    if "first-paint" not in events:
        raise RuntimeError(f"{command} reported no first paint: {result.stdout!r}")
    return events


def contestants(seed: Path) -> dict[str, tuple[list[str], Path | None]]:
    """The five command lines; the app opens its bundled database, as a caseworker's does."""
    app = [sys.executable, "-m", "evidens", "gui", "--exit-after-startup"]
    return {
        "bare": ([sys.executable, str(BARE), "--exit-after-startup"], None),
        # As a module, so it runs from its compiled bytecode like the app (a script given by
        # path is compiled from source at every launch: about 4 ms here).
        "same": ([sys.executable, "-m", "benchmarks.same_widgets", "--exit-after-startup"], None),
        "data": ([sys.executable, "-m", "benchmarks.same_widgets", "--exit-after-startup",
                  "--with-data"], None),
        "new": (app, None),
        "returning": (app, seed),
    }


def compile_sources() -> None:
    """Compile the program and the benchmarks as an installer would (pip compiles on install)."""
    for folder in (REPO / "src", REPO / "benchmarks", BARE.parent):
        compileall.compile_dir(folder, quiet=1)


def measure(database: Path, runs: int = RUNS) -> dict[str, list[dict[str, float]]]:
    compile_sources()
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed"
        seed_returning_user(seed, database)
        return interleave(contestants(seed), runs)


def interleave(commands: dict[str, tuple[list[str], Path | None]],
               runs: int = RUNS) -> dict[str, list[dict[str, float]]]:
    """Launch every contestant once per round, in an order shuffled with a fixed seed, so a busy
    moment on a shared machine costs all of them alike and none always follows the same
    neighbour; returns each one's first-paint events per run. Round 0 only warms the file cache
    and is not counted."""
    results: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
    order = random.Random(15)
    for round_ in range(runs + 1):
        names = list(commands)
        order.shuffle(names)
        for name in names:
            command, home = commands[name]
            events = launch(command, home)
            if round_:
                results[name].append(events)
    return results


def rows(results: dict[str, list[dict[str, float]]], label: str) -> list[Measurement]:
    def times(name: str, event: str = "first-paint") -> list[float]:
        return [r[event] for r in results[name]]

    def median(name: str, event: str = "first-paint") -> float:
        return statistics.median(times(name, event))

    same, bare = median("same"), median("bare")
    same_cpu = median("same", "first-paint-cpu")

    def paired(name: str, event: str = "first-paint") -> float:
        """The median of each round's ratio to the same widgets of that round: a slow minute
        of the machine then weighs on both sides of every ratio."""
        return statistics.median(a / b for a, b in zip(times(name, event), times("same", event),
                                                        strict=True))

    def verdict(name: str) -> str:
        ratio = median(name) / same
        mark = "ok" if ratio <= RATIO_TARGET else "MISSED"
        cpu = median(name, "first-paint-cpu") / same_cpu
        return (f"median {ratio:.2f}× the same-widgets window (target ≤ {RATIO_TARGET}×, i.e. "
                f"≤ {same * RATIO_TARGET * 1000:.0f} ms here): {mark}; round by round "
                f"{paired(name):.2f}× (CPU {paired(name, 'first-paint-cpu'):.2f}×); "
                f"{median(name) / bare:.2f}× the bare window; CPU time {cpu:.2f}× the "
                "same-widgets window's")

    def exit_note(name: str) -> str:
        return f"; the process ended after {median(name, 'exit') * 1000:.0f} ms"

    def cpu_row(name: str, title: str, database: str) -> Measurement:
        return Measurement(f"first paint, CPU time: {title}", database,
                           times(name, "first-paint-cpu"), None,
                           "the process's own CPU time (user + system) when its first frame was "
                           "done: moves much less with other load than wall time; "
                           f"{median(name, 'first-paint-cpu') / same_cpu:.2f}× the same widgets")

    return [
        Measurement("first paint: bare QMainWindow", "none", times("bare"), None,
                    "build/bare/bare_window.py, an empty QMainWindow" + exit_note("bare")),
        Measurement("first paint: same widgets, plain PySide6", "none", times("same"), None,
                    f"benchmarks/same_widgets.py; {same / bare:.2f}× the bare window"
                    + exit_note("same")),
        Measurement("first paint: same widgets + the evidence layer", label, times("data"),
                    None, "benchmarks/same_widgets.py --with-data: the same window after the "
                    "evidence layer's share of the first screen (import it, open and check the "
                    "database, read the list, filters, edition and favourites); "
                    f"{median('data') / same:.2f}× the same-widgets window (round by round "
                    f"{paired('data'):.2f}×)"
                    + exit_note("data")),
        Measurement("first paint: evidens gui, new user", label, times("new"), None,
                    verdict("new") + exit_note("new")),
        Measurement("first paint: evidens gui, returning user", label, times("returning"),
                    None, "last view: the IPS card and the Voksne matrix; "
                    + verdict("returning") + exit_note("returning")),
        Measurement("card and matrix restored: returning user", label,
                    times("returning", "restored"), None,
                    "the remembered card rendered and the matrix page built and painted, "
                    "after the first frame"),
        cpu_row("bare", "bare QMainWindow", "none"),
        cpu_row("same", "same widgets", "none"),
        cpu_row("data", "same widgets + the evidence layer", label),
        cpu_row("new", "evidens gui, new user", label),
        cpu_row("returning", "evidens gui, returning user", label),
    ]


def run(database: Path, label: str, runs: int = RUNS) -> list[Measurement]:
    return rows(measure(database, runs), label)


def markdown(measurements: list[Measurement], runs: int) -> str:
    """The figures section of docs/performance.md: a table, the notes, the machine and load."""
    from . import __main__ as tables

    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return "\n".join([
        f"Measured {when} (`python -m benchmarks.bench_startup --runs {runs} --write-docs`), "
        f"{runs} interleaved rounds after one warm-up round, "
        f"QT_QPA_PLATFORM={os.environ.get('QT_QPA_PLATFORM', 'offscreen')}; "
        f"load average after the run (1, 5, 15 min): {load}.",
        "", tables.markdown(measurements).split("\n", 2)[2]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_startup",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help=f"rounds (default {RUNS})")
    parser.add_argument("--write-docs", action="store_true",
                        help="rewrite the start-up figures in docs/performance.md")
    args = parser.parse_args(argv)
    from . import __main__ as tables

    database = real_database()
    measurements = run(database, tables._label(database), args.runs)
    print(tables.text_table(measurements))
    if args.write_docs:
        write_section(tables.DOCS, "startup", markdown(measurements, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
