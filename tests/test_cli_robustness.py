"""The command line never crashes on how it is called or where it prints (issue 16, items 9, 10
and 13): argparse speaks Danish, odd bytes in file names and consoles without UTF-8 are fine, and
``gui --exit-after-startup`` never waits on a dialog nobody can close."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from evidens.cli.main import main

ENGLISH = ("usage:", "error:", "invalid choice", "required", "unrecognized", "show this help",
           "positional arguments", "options:", "expected one argument")


def run(capsys, *argv):
    with pytest.raises(SystemExit) as info:
        main(list(argv))
    out, err = capsys.readouterr()
    return info.value.code, out + err


@pytest.mark.parametrize("argv", [
    ["--ukendt"], ["search"], ["matrix", "--group", "børn"], ["brief", "ips"],
    ["search", "x", "--group"], ["kommando-der-ikke-findes"], ["compare", "a", "b", "--json", "x"],
])
def test_argparse_errors_are_danish(capsys, argv):
    code, text = run(capsys, *argv)
    assert code == 2
    assert "fejl:" in text and "brug:" in text and " -h' for at se hjælpen" in text
    for english in ENGLISH:
        assert english not in text, (english, text)


@pytest.mark.parametrize("argv", [["-h"], ["search", "-h"], ["brief", "--help"],
                                  ["build-db", "-h"]])
def test_help_is_danish(capsys, argv):
    code, text = run(capsys, *argv)
    assert code == 0 and "brug:" in text and "vis denne hjælp og afslut" in text
    for english in ENGLISH:
        assert english not in text, (english, text)


def test_output_name_with_a_byte_that_is_not_utf8(built_db, tmp_path, capsys):
    # What Linux hands Python for the file name b"kort-\xff.html" on the command line.
    name = os.fsdecode(b"kort-\xff.html")
    out = tmp_path / name
    assert main(["brief", "ips", "--db", str(built_db), "-o", str(out)]) == 0
    assert os.fsencode(out) in [os.fsencode(p) for p in tmp_path.iterdir()]
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize("encoding", ["cp1252", "cp850", "ascii"])
def test_console_without_utf8_prints_the_evidence_symbols(built_db, monkeypatch, encoding):
    raw = io.BytesIO()
    console = io.TextIOWrapper(raw, encoding=encoding)  # strict, like a Windows console
    monkeypatch.setattr(sys, "stdout", console)
    assert main(["search", "ips", "--db", str(built_db)]) == 0
    console.flush()
    printed = raw.getvalue().decode(encoding)
    assert "IPS" in printed and "?" in printed  # ◆/◇ became "?" rather than a crash


def gui_env(tmp_path):
    return {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "PATH": "/usr/bin:/bin",
            "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "cfg")}


@pytest.mark.parametrize("make_bad", [
    lambda p: p / "findes-ikke.sqlite",
    lambda p: p,  # a folder
    lambda p: (p / "skrald.sqlite").write_bytes(b"x" * 1000) and p / "skrald.sqlite",
])
def test_gui_check_with_a_broken_database_prints_and_exits(tmp_path, make_bad):
    bad = make_bad(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "evidens", "gui", "--db", str(bad), "--exit-after-startup"],
        env=gui_env(tmp_path), capture_output=True, text=True, timeout=30)
    assert result.returncode == 3
    assert result.stderr.startswith("evidens: ") and "Traceback" not in result.stderr
