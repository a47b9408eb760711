"""The evidence database is never modified, and a broken one is named, not served (issue 14).

Each variant is a copy of the real database damaged the way files get damaged on municipal
laptops: cut short by a full disk or an interrupted copy, emptied, a flipped bit, a folder where
the file should be, an older build missing a table or a column, a read-only file. Every command
and ``gui --exit-after-startup`` must end with exit 3 and a Danish message (or, for an intact
read-only file, simply work), and the file's sha256 must be the same afterwards, with no journal
or WAL file beside it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from fault_helpers import FIGURES, Outcome, assert_well_ended, run_cli

pytestmark = pytest.mark.fault


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _zero(path: Path) -> None:
    path.write_bytes(b"")


def _garbage_header(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[:100] = b"\xff" * 100
    path.write_bytes(bytes(data))


def _flip_bits(path: Path) -> None:
    """Flip one bit in each of a few pages in the middle: the content changes, the file opens."""
    data = bytearray(path.read_bytes())
    for fraction in (0.3, 0.5, 0.7):
        data[int(len(data) * fraction) + 1234] ^= 0x04
    path.write_bytes(bytes(data))


def _directory(path: Path) -> None:
    path.unlink()
    path.mkdir()


def _edit(sql: str):
    def edit(path: Path) -> None:
        with closing(sqlite3.connect(path)) as conn:
            conn.execute(sql)
            conn.commit()
            conn.execute("VACUUM")
    return edit


def _read_only(path: Path) -> None:
    path.chmod(0o444)


VARIANTS = {
    "truncated": _truncate,
    "zero-byte": _zero,
    "garbage header": _garbage_header,
    "bit-flipped": _flip_bits,
    "directory": _directory,
    "older schema (table missing)": _edit("DROP TABLE results"),
    "older schema (column missing)": _edit("ALTER TABLE interventions DROP COLUMN purpose"),
    "read-only": _read_only,
}
# The variant still holds the whole, correct database: commands must simply work.
INTACT = {"read-only"}


def commands(db: Path, out: Path) -> list[list[str]]:
    common = ["--db", str(db)]
    return [
        ["search", "mentor", *common],
        ["brief", "ips", "-o", str(out / "kort.html"), *common],
        ["matrix", "--group", "adult", *common],
        ["profile", "--group", "adult", "--risk", "adult-sindslidelser", *common],
        ["compare", "ips", "kvis", *common],
        ["export-json", str(out / "alt.json"), *common],
        ["handbook", "-o", str(out / "bog.html"), *common],
    ]


def sha256(path: Path) -> str:
    if path.is_dir():
        return "folder:" + ",".join(sorted(p.name for p in path.iterdir()))
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def damaged(built_db, tmp_path):
    """Make a damaged copy (with the build's manifest.json beside it, as shipped)."""
    def make(variant: str) -> Path:
        folder = tmp_path / variant.replace(" ", "-").replace("(", "").replace(")", "")
        folder.mkdir()
        path = folder / "evidens.sqlite"
        shutil.copy2(built_db, path)
        shutil.copy2(built_db.with_name("manifest.json"), folder / "manifest.json")
        VARIANTS[variant](path)
        return path
    return make


def beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_no_command_changes_the_database(damaged, tmp_path, variant):
    """Whatever a command makes of the damage, the file is byte for byte the same afterwards."""
    db = damaged(variant)
    before, files = sha256(db), beside(db)
    out = tmp_path / "ud"
    out.mkdir()
    for argv in commands(db, out):
        with contextlib.suppress(Exception):  # the message is judged by the test below
            run_cli(argv)
    FIGURES["damaged-database commands run"] += len(commands(db, out))
    FIGURES["database changes"] += (sha256(db) != before) + (beside(db) != files)
    assert sha256(db) == before
    assert beside(db) == files  # no -journal, -wal or -shm left beside it


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_cli_never_serves_a_damaged_database(damaged, tmp_path, variant):
    db = damaged(variant)
    before, files = sha256(db), beside(db)
    out = tmp_path / "ud"
    out.mkdir()
    for argv in commands(db, out):
        outcome = run_cli(argv)
        assert_well_ended(outcome, argv, {0} if variant in INTACT else {3})
    assert sha256(db) == before
    assert beside(db) == files  # no -journal, -wal or -shm left beside it


def _gui(db: Path, home: Path) -> subprocess.Popen:
    env = {**os.environ, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_CONFIG_HOME": str(home / "config"), "QT_QPA_PLATFORM": "offscreen",
           "PYTHONIOENCODING": "utf-8"}
    return subprocess.Popen([sys.executable, "-m", "evidens", "gui", "--exit-after-startup",
                             "--db", str(db)], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def _finish(started: dict, seconds: float) -> tuple[dict[str, Outcome], list[str]]:
    """Wait for every process until one shared deadline; the ones still running have hung."""
    deadline = time.monotonic() + seconds
    outcomes, hung = {}, []
    for variant, process in started.items():
        try:
            out, err = process.communicate(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            hung.append(variant)
            continue
        outcomes[variant] = Outcome(process.returncode, out.decode(), err.decode())
    return outcomes, hung


def test_gui_starts_on_an_intact_read_only_database(damaged, tmp_path):
    db = damaged("read-only")
    before = sha256(db)
    outcomes, hung = _finish({"read-only": _gui(db, tmp_path / "home")}, 60)
    assert hung == []
    assert_well_ended(outcomes["read-only"], ["gui"], {0})
    assert sha256(db) == before


def test_gui_exits_3_on_every_damaged_database(damaged, tmp_path):
    """All variants start at once (the machine is shared); each must exit, not wait on a dialog."""
    dbs = {variant: damaged(variant) for variant in VARIANTS if variant not in INTACT}
    before = {variant: sha256(db) for variant, db in dbs.items()}
    outcomes, hung = _finish({v: _gui(db, tmp_path / "home") for v, db in dbs.items()}, 45)
    assert {v: sha256(db) for v, db in dbs.items()} == before
    assert hung == [], f"waiting forever on a dialog: {hung}"
    for variant, outcome in outcomes.items():
        assert_well_ended(outcome, ["gui", str(dbs[variant])], {3})
