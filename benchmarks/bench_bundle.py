"""Size and start-up of the frozen bundle, against a bare PySide6 window frozen the same way.

    make bundle
    .venv/bin/pyinstaller --noconfirm --workpath build/work --distpath dist build/bare/bare.spec
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m benchmarks.bench_bundle [--markdown] [--check]

What a caseworker's laptop pays for the handbook is what it adds on top of Python and Qt, so each
figure is compared with ``dist/bare`` (``build/bare/bare.spec``: an empty QMainWindow with the same
excludes, pruning and options). Targets (issue 7): zipped size within 1.2× and start-up within
1.5× of the bare bundle. Start-up is the wall time of ``<exe> --exit-after-startup`` (show the
main window, quit when the event queue is idle), offscreen, median of 5 runs after one warm-up,
each run with a fresh temporary HOME so the user's own folders are not touched.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .common import REPO, machine

DIST = REPO / "dist"
RUNS = 5
SIZE_TARGET, STARTUP_TARGET = 1.2, 1.5


@dataclass(frozen=True)
class BundleFigures:
    name: str
    folder_bytes: int
    files: int
    zip_bytes: int
    startup_s: list[float]

    @property
    def startup_median(self) -> float:
        return statistics.median(self.startup_s)


def _make_zip_module():
    spec = importlib.util.spec_from_file_location("make_zip", REPO / "build" / "make_zip.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) on disk; a symbolic link counts as itself, not as what it points to."""
    total = files = 0
    for path in folder.rglob("*"):
        if path.is_symlink() or path.is_file():
            total += path.lstat().st_size
            files += 1
    return total, files


def zipped_size(folder: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        return _make_zip_module().make_zip(folder, Path(tmp) / "bundle.zip").stat().st_size


def startup_times(command: list[str], runs: int = RUNS) -> list[float]:
    times = []
    for run in range(runs + 1):
        with tempfile.TemporaryDirectory() as home:
            env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen"),
                   "HOME": home, "XDG_DATA_HOME": f"{home}/data",
                   "XDG_CONFIG_HOME": f"{home}/config", "XDG_CACHE_HOME": f"{home}/cache"}
            # No timeout: with one, subprocess polls the child in sleeps of up to 50 ms, which
            # would round every figure up to the next 50 ms.
            start = time.perf_counter()
            subprocess.run(command, env=env, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            elapsed = time.perf_counter() - start
        if run:  # the first run only warms the disk cache
            times.append(elapsed)
    return times


def executable(folder: Path, name: str) -> Path:
    return folder / (f"{name}-cli.exe" if sys.platform == "win32" and name == "evidens"
                     else f"{name}.exe" if sys.platform == "win32" else name)


def measure(name: str, arguments: list[str]) -> BundleFigures:
    folder = DIST / name
    size, files = folder_size(folder)
    print(f"{name}: zipping ...", file=sys.stderr, flush=True)
    zipped = zipped_size(folder)
    print(f"{name}: starting {RUNS + 1} times ...", file=sys.stderr, flush=True)
    times = startup_times([str(executable(folder, name)), *arguments])
    return BundleFigures(name, size, files, zipped, times)


def ratios(app: BundleFigures, bare: BundleFigures) -> dict[str, float]:
    return {"folder": app.folder_bytes / bare.folder_bytes,
            "zip": app.zip_bytes / bare.zip_bytes,
            "startup": app.startup_median / bare.startup_median}


def table(app: BundleFigures, bare: BundleFigures) -> list[tuple[str, ...]]:
    r = ratios(app, bare)
    ok = {"zip": r["zip"] <= SIZE_TARGET, "startup": r["startup"] <= STARTUP_TARGET}

    def verdict(key: str, target: float) -> str:
        return f"≤ {target}×: {'ok' if ok[key] else 'MISSED'}"

    return [
        ("Measure", "evidens", "bare", "Ratio", "Target"),
        ("Folder (MB)", f"{app.folder_bytes / 1e6:.1f}", f"{bare.folder_bytes / 1e6:.1f}",
         f"{r['folder']:.2f}×", ""),
        ("Files", str(app.files), str(bare.files), f"{app.files / bare.files:.2f}×", ""),
        ("Zipped (MB)", f"{app.zip_bytes / 1e6:.1f}", f"{bare.zip_bytes / 1e6:.1f}",
         f"{r['zip']:.2f}×", verdict("zip", SIZE_TARGET)),
        ("Start-up, median of 5 (ms)", f"{app.startup_median * 1000:.0f}",
         f"{bare.startup_median * 1000:.0f}", f"{r['startup']:.2f}×",
         verdict("startup", STARTUP_TARGET)),
    ]


def markdown(rows: list[tuple[str, ...]], app: BundleFigures, bare: BundleFigures) -> str:
    lines = ["| " + " | ".join(rows[0]) + " |", "| --- | ---: | ---: | ---: | --- |"]
    lines += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    lines += ["", "Start-up runs (ms): evidens "
              + ", ".join(f"{t * 1000:.0f}" for t in app.startup_s) + "; bare "
              + ", ".join(f"{t * 1000:.0f}" for t in bare.startup_s) + "."]
    lines += ["", "Machine: " + "; ".join(f"{k}: {v}" for k, v in machine().items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench_bundle",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    missing = [n for n in ("evidens", "bare") if not (DIST / n / "_internal").is_dir()]
    if missing:
        print(f"No bundle in dist/ for: {', '.join(missing)}. Build them first (see the module "
              "docstring); nothing measured.", file=sys.stderr)
        return 0
    app = measure("evidens", ["gui", "--exit-after-startup"])
    bare = measure("bare", ["--exit-after-startup"])
    rows = table(app, bare)
    if args.markdown:
        print(markdown(rows, app, bare))
    else:
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    r = ratios(app, bare)
    missed = r["zip"] > SIZE_TARGET or r["startup"] > STARTUP_TARGET
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
