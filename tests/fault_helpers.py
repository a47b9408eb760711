"""What the fault suite's tests share: running the CLI in-process and judging how it ended.

A case passes when it ends with one of the documented exit codes (0 success, 1 nothing found, 2 bad
input, 3 missing or broken database or source data, 4 file not writable), with a Danish message on
stderr whenever it fails, and never with a traceback (an exception escaping ``main`` fails the
test with its traceback, which is what a user would have seen).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass

from evidens.cli.main import main

EXIT_CODES = {0, 1, 2, 3, 4}

# The figures docs/reliability.md reports, summed over a run and printed at its end (conftest).
FIGURES: Counter[str] = Counter()

# Text a Danish caseworker should never meet: argparse's, SQLite's and Python's own words.
ENGLISH = re.compile(
    r"usage:|error:|Traceback|invalid choice|the following arguments|unrecognized arguments"
    r"|expected one argument|No such file|Permission denied|disk is full|not a database"
    r"|malformed|unable to open|no such (?:table|column)|\[Errno|Exception|codec can't"
    r"|Is a directory|Not a directory|File name too long|options:",
)
DANISH = re.compile(
    r"[æøå]|\b(?:ikke|kan|findes|ukendt|angiv|ingen|fejl|gemme|vælg|kender|filen|databasen"
    r"|mappe|resultater|skal|mangler|er|flere|mente|eller)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Outcome:
    code: int
    out: str
    err: str


def run_cli(argv: list[str]) -> Outcome:
    """``evidens argv`` in this process; an exception other than SystemExit propagates."""
    FIGURES["CLI cases run"] += 1
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as exc:  # argparse's way of ending
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return Outcome(code, out.getvalue(), err.getvalue())


def without_input(text: str, said: list[str]) -> str:
    """``text`` without what the user typed (messages echo names and paths back in quotes)."""
    for word in sorted(said, key=len, reverse=True):
        if len(word.strip()) >= 4:  # shorter input cannot hide an English phrase
            text = text.replace(word, "")
    return text


def english_in(text: str, said: list[str]) -> str | None:
    """English words in ``text``, not counting what the user typed."""
    found = ENGLISH.search(without_input(text, said))
    return found.group(0) if found else None


def assert_well_ended(outcome: Outcome, argv: list[str], allowed: set[int] = EXIT_CODES) -> None:
    """The promise every CLI case keeps (see the module docstring)."""
    context = f"evidens {argv!r} → {outcome.code}\nstderr: {outcome.err[:600]!r}"
    FIGURES["CLI cases judged"] += 1
    assert outcome.code in allowed, context
    assert "Traceback" not in outcome.err, context
    if outcome.code != 0:
        assert outcome.err.strip(), context
        assert english_in(outcome.err, argv) is None, context
        assert DANISH.search(without_input(outcome.err, argv)), context
