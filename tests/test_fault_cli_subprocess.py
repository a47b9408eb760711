"""The CLI's promise seen from outside: real processes, real stderr, real special files.

The in-process fuzzing (test_fault_cli.py) cannot see what Python prints when an exception
escapes, an encoding fails at exit or a process hangs; these cases run ``python -m evidens`` and
read its stderr. Each is a named example, not drawn, so the suite stays fast.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from fault_helpers import Outcome, assert_well_ended, run_cli

pytestmark = pytest.mark.fault

HANG = 60  # seconds: a hang detector on a shared, loaded machine, not a speed target


def run_process(argv: list[str], home: Path, encoding: str = "utf-8",
                timeout: float = HANG) -> Outcome:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "HOME": str(home),
           "XDG_DATA_HOME": str(home / "data"), "XDG_CONFIG_HOME": str(home / "config"),
           "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "evidens", *argv], capture_output=True,
                            timeout=timeout, env=env)
    return Outcome(result.returncode, result.stdout.decode("utf-8", "replace"),
                   result.stderr.decode("utf-8", "replace"))


def cases(db: Path, out: Path) -> list[tuple[list[str], int]]:
    return [
        # the words "near", "ips", "col": no record has all three, so the search falls back to
        # any word (issue 13 §3), finds IPS and says so on stderr
        (["search", '"NEAR(ips* ^col: 😀 \u202e', "--db", str(db)], 0),
        (["search", '"NEAR(zzq* ^col: 😀 \u202e', "--db", str(db)], 1),  # no real word
        (["search", "mentor", "--db", str(db)], 0),
        (["brief", "ips", "-o", str(out / "mappe.html"), "--db", str(db)], 4),  # a folder
        (["brief", "ips'; DROP TABLE interventions;--", "-o", str(out / "a.html"),
          "--db", str(db)], 2),
        (["compare", "ips", "--db", str(db)], 2),
        (["profile", "--group", "youth", "--risk", "x" * 10_000, "--db", str(db)], 2),
        (["export-json", str(out / "fil.txt" / "x.json"), "--db", str(db)], 4),
        (["build-db", "--check", "--source", str(out / "findes-ikke")], 3),
    ]


def test_no_traceback_reaches_stderr(built_db, tmp_path):
    out = tmp_path / "ud"
    out.mkdir()
    (out / "fil.txt").write_text("x", encoding="utf-8")
    (out / "mappe.html").mkdir()
    for argv, expected in cases(built_db, out):
        outcome = run_process(argv, tmp_path)
        assert_well_ended(outcome, argv, {expected})


def test_dev_full_is_refused_and_left_alone(built_db, tmp_path):
    """Saving over a device: exit 4 and a Danish message; /dev/full is still a device."""
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    for fmt in ("pdf", "html"):
        argv = ["brief", "ips", "-o", "/dev/full", "--format", fmt, "--db", str(built_db)]
        outcome = run_cli(argv)
        assert_well_ended(outcome, argv, {4})
        assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
    assert [p for p in Path("/dev").glob(".full.*.tmp")] == []


# -- issue 16: found by the adversarial run; `fixes` fixes them --------------------------------
def test_a_console_without_utf8(built_db, tmp_path):
    argv = ["search", "ips", "--db", str(built_db)]
    outcome = run_process(argv, tmp_path, encoding="ascii")
    assert_well_ended(outcome, argv, {0})


def test_a_file_name_with_a_non_utf8_byte(built_db, tmp_path):
    target = os.fsdecode(os.fsencode(str(tmp_path)) + b"/kort-\xff.html")
    argv = ["brief", "ips", "-o", target, "--db", str(built_db)]
    outcome = run_cli(argv)
    assert_well_ended(outcome, argv, {0, 4})


@pytest.mark.parametrize("argv", [
    ["-h"], ["search"], ["matrix", "--group", "seniorer"], ["--ukendt"], ["brief", "ips"],
    ["profile", "--group", "adult"], ["search", "ips", "--group"],
])
def test_argument_errors_and_help_are_danish(argv):
    outcome = run_cli(argv)
    text = outcome.err if outcome.code else outcome.out
    assert outcome.code in (0, 2)
    assert "usage:" not in text and "error:" not in text and "options:" not in text, text


def test_saving_through_a_symlink_keeps_the_link(built_db, tmp_path):
    real = tmp_path / "mål.html"
    real.write_text("gammelt", encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(real)
    assert run_cli(["brief", "ips", "-o", str(link), "--db", str(built_db)]).code == 0
    assert link.is_symlink() and "gammelt" not in real.read_text(encoding="utf-8")


def test_saving_over_a_private_file_keeps_it_private(built_db, tmp_path):
    target = tmp_path / "privat.html"
    target.write_text("gammelt", encoding="utf-8")
    target.chmod(0o600)
    assert run_cli(["brief", "ips", "-o", str(target), "--db", str(built_db)]).code == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
