"""Property-based fuzzing of every ``evidens`` subcommand (issue 14).

Hypothesis draws arguments a tired, hurried or hostile user could type or paste: FTS5 syntax,
unbalanced quotes, 10 kB strings, NUL, emoji, right-to-left text, NFD-decomposed å, SQL fragments,
empty strings, repeated flags, and output paths that cannot or should not be written. Every case
must end as :func:`fault_helpers.assert_well_ended` says: a documented exit code, a Danish message
and no traceback. The cases run in-process (fast); ``test_fault_cli_subprocess.py`` proves the same
for a few of them through a real process and its stderr.

``make test`` runs the fixed-seed "fast" profile; ``--hypothesis-profile=long`` hunts with new
cases (see docs/reliability.md).
"""

from __future__ import annotations

import os
import shutil
import stat
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fault_helpers import assert_well_ended, run_cli

pytestmark = pytest.mark.fault

FTS = ['"', '""', '"ips', "*", "ips*", "NEAR(", "NEAR(a b", "^", "^mentor", "name:", "body:ips",
       "col:", "AND", "OR", "NOT", "(", ")", "-", "+", "{", "}", ":", "'"]
SQL = ["'; DROP TABLE interventions; --", "1 OR 1=1", "%", "_", "\\", "' OR ''='",
       "SELECT * FROM meta", "/*", "--"]
ODD = ["", " ", "\t", "\n", "\x00", "a\x00b", "😀", "👩‍👧‍👦", "🇩🇰", "שלום", "مرحبا", "\u202eips",
       "\u200b", "\ufeff", unicodedata.normalize("NFD", "Å"),
       unicodedata.normalize("NFD", "bolig å"),
       "ÆØÅ æøå", "x" * 10_000, "ø" * 10_000, "mentor " * 1500, "\udcff"]
KNOWN = ["ips", "IPS", "Housing First", "kvis", "mentor", "adult-sindslidelser", "bolig",
         "housing-first", "ips ", " IPS"]

pieces = st.sampled_from(FTS + SQL + ODD + KNOWN)
hostile = st.one_of(
    pieces,
    st.lists(pieces, max_size=6).map(" ".join),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
)


# -- output paths ---------------------------------------------------------------------------------
PATH_KINDS = ("folder", "through_file", "symlink", "newline", "long_name", "no_extension",
              "unknown_extension", "missing_folder", "fifo", "existing", "plain_pdf")


def make_path(root: Path, kind: str, suffix: str = ".html") -> Path:
    """A fresh output path of ``kind`` under ``root`` (which the test empties between cases)."""
    if kind == "folder":
        (root / f"mappe{suffix}").mkdir()
        return root / f"mappe{suffix}"
    if kind == "through_file":
        (root / "fil.txt").write_text("x", encoding="utf-8")
        return root / "fil.txt" / f"ud{suffix}"
    if kind == "symlink":
        (root / f"mål{suffix}").write_text("gammelt", encoding="utf-8")
        (root / f"link{suffix}").symlink_to(root / f"mål{suffix}")
        return root / f"link{suffix}"
    if kind == "newline":
        return root / f"ny\nlinje{suffix}"
    if kind == "long_name":
        return root / ("a" * (300 - len(suffix)) + suffix)
    if kind == "no_extension":
        return root / "udskrift"
    if kind == "unknown_extension":
        return root / "udskrift.docx"
    if kind == "missing_folder":
        return root / "findes-ikke" / f"ud{suffix}"
    if kind == "fifo":  # a special file: /dev/full stands for it in test_dev_full below
        os.mkfifo(root / f"rør{suffix}")
        return root / f"rør{suffix}"
    if kind == "existing":
        (root / f"gammel{suffix}").write_text("gammelt indhold", encoding="utf-8")
        return root / f"gammel{suffix}"
    return root / "kort.pdf"


# What each kind of path must end as when everything else about the command is right.
EXPECTED = {"folder": 4, "through_file": 4, "symlink": 0, "newline": 0, "long_name": 4,
            "no_extension": 2, "unknown_extension": 2, "missing_folder": 4, "fifo": 4,
            "existing": 0, "plain_pdf": 0}


@pytest.fixture
def scratch(tmp_path):
    """An output folder emptied before each Hypothesis case."""
    root = tmp_path / "ud"

    def fresh() -> Path:
        if root.exists():
            shutil.rmtree(root)
        root.mkdir()
        return root

    return fresh


def leftovers(root: Path) -> list[str]:
    """Temporary files a failed or finished save left behind (there must be none)."""
    return [p.name for p in root.rglob("*") if p.name.endswith(".tmp")]


def check_output(root: Path, path: Path, kind: str, code: int) -> None:
    assert leftovers(root) == []
    if code == 0 and kind not in ("fifo",):
        assert path.is_file() and path.stat().st_size > 0
    if kind == "fifo":
        assert stat.S_ISFIFO(path.lstat().st_mode), "a special file was replaced"
    if kind == "folder":
        assert path.is_dir()


# -- the properties -------------------------------------------------------------------------------
@given(query=hostile, group=st.sampled_from([None, "adult", "youth"]), as_json=st.booleans(),
       repeat=st.integers(1, 3))
def test_search_any_query(built_db, query, group, as_json, repeat):
    argv = ["search", "--db", str(built_db)]
    argv += (["--group", group] if group else []) + ["--json"] * (repeat if as_json else 0)
    argv += ["--", query]  # a query starting with '-' is an option otherwise (argparse's case)
    outcome = run_cli(argv)
    assert_well_ended(outcome, argv, {0, 1})


@given(name=st.one_of(hostile, st.sampled_from(KNOWN)), kind=st.sampled_from(PATH_KINDS))
def test_brief_any_name_any_path(built_db, scratch, name, kind):
    root = scratch()
    path = make_path(root, kind)
    argv = ["brief", "-o", str(path), "--db", str(built_db), "--", name]
    outcome = run_cli(argv)
    assert_well_ended(outcome, argv, {0, 2, 4})
    check_output(root, path, kind, outcome.code)
    if outcome.code == 0:
        assert EXPECTED[kind] == 0, (kind, outcome)


@given(kind=st.sampled_from(PATH_KINDS), name=st.sampled_from(["ips", "Housing First", "kvis"]))
def test_brief_known_name_ends_as_the_path_says(built_db, scratch, kind, name):
    root = scratch()
    path = make_path(root, kind, ".pdf" if kind == "plain_pdf" else ".html")
    argv = ["brief", name, "-o", str(path), "--db", str(built_db)]
    outcome = run_cli(argv)
    assert_well_ended(outcome, argv, {EXPECTED[kind]})
    check_output(root, path, kind, outcome.code)


@given(names=st.lists(st.one_of(hostile, st.sampled_from(KNOWN)), max_size=6),
       as_json=st.booleans())
def test_compare_any_names(built_db, names, as_json):
    argv = ["compare", "--db", str(built_db)] + (["--json"] if as_json else []) + ["--", *names]
    outcome = run_cli(argv)
    assert_well_ended(outcome, argv, {0, 2})


@given(group=st.sampled_from(["adult", "youth"]), evidence_only=st.integers(0, 40),
       fmt=st.sampled_from(["text", "json", "file"]), kind=st.sampled_from(PATH_KINDS),
       paper=st.sampled_from([None, "A4", "A3"]))
def test_matrix_any_output(built_db, scratch, group, evidence_only, fmt, kind, paper):
    root = scratch()
    argv = ["matrix", "--group", group, "--db", str(built_db)] + ["--evidence-only"] * evidence_only
    argv += ["--paper", paper] if paper else []
    path = None
    if fmt == "json":
        argv.append("--json")
    elif fmt == "file":
        path = make_path(root, "unknown_extension" if kind == "plain_pdf" else kind)
        argv += ["-o", str(path)]
    outcome = run_cli(argv)
    assert_well_ended(outcome, argv, {0, 2, 4})
    if path is not None:
        check_output(root, path, kind, outcome.code)


@given(risks=st.lists(st.one_of(hostile, st.sampled_from(
           ["bolig", "adult-sindslidelser", "youth-bolig", "misbrug", "Psykiske lidelser"])),
           min_size=1, max_size=30),
       group=st.sampled_from(["adult", "youth"]),
       intervention=st.one_of(st.none(), hostile, st.sampled_from(KNOWN)),
       as_json=st.booleans())
def test_profile_any_risks(built_db, risks, group, intervention, as_json):
    argv = ["profile", "--group", group, "--db", str(built_db)]
    argv += [f"--risk={risk}" for risk in risks]  # '=' so a value may start with '-'
    argv += [f"--intervention={intervention}"] if intervention is not None else []
    argv += ["--json"] if as_json else []
    outcome = run_cli(argv)
    assert_well_ended(outcome, argv, {0, 2})


@given(kind=st.sampled_from(PATH_KINDS))
def test_export_json_any_path(built_db, scratch, kind):
    root = scratch()
    path = make_path(root, kind, ".json")
    argv = ["export-json", str(path), "--db", str(built_db)]
    outcome = run_cli(argv)
    # export-json writes JSON whatever the name ends with.
    expected = 0 if kind in ("no_extension", "unknown_extension", "plain_pdf") else EXPECTED[kind]
    assert_well_ended(outcome, argv, {expected})
    check_output(root, path, kind, outcome.code)


@given(source=st.sampled_from(["missing", "file", "empty", "nested-empty"]),
       check=st.booleans())
def test_build_db_any_source_folder(scratch, source, check):
    root = scratch()
    folder = {"missing": root / "findes-ikke", "file": root / "fil.toml",
              "empty": root, "nested-empty": root / "a" / "b"}[source]
    if source == "file":
        folder.write_text("[[level]]\n", encoding="utf-8")
    if source == "nested-empty":
        folder.mkdir(parents=True)
    argv = ["build-db", "--source", str(folder), "--output", str(root / "ud.sqlite")]
    argv += ["--check"] if check else []
    outcome = run_cli(argv)
    assert_well_ended(outcome, argv, {3})
    assert not (root / "ud.sqlite").exists()


def test_handbook_any_path(built_db, scratch):
    """The handbook is the slowest export: each kind of path that must fail, and one that must
    succeed, once each, not drawn."""
    for kind in ("folder", "through_file", "long_name", "no_extension", "unknown_extension",
                 "missing_folder", "fifo", "existing"):
        root = scratch()
        path = make_path(root, kind)
        argv = ["handbook", "-o", str(path), "--db", str(built_db)]
        outcome = run_cli(argv)
        assert_well_ended(outcome, argv, {EXPECTED[kind]})
        check_output(root, path, kind, outcome.code)


@given(query=hostile)
def test_database_option_any_path(scratch, query):
    """--db pointing at anything that is not an evidence database: exit 3, every command."""
    root = scratch()
    argv = ["search", "ips", "--db", str(root / query)] if query else ["search", "x", "--db", ""]
    outcome = run_cli(argv)
    assert_well_ended(outcome, argv, {3})


# -- found by the long profile; each kept as a named case ---------------------------------------
def test_an_option_value_of_two_dashes(built_db):
    """argparse turns ``--risk=--`` into an empty list, not a string (was: AttributeError)."""
    argv = ["profile", "--group", "adult", "--risk=--", "--db", str(built_db)]
    assert_well_ended(run_cli(argv), argv, {2})


def test_a_database_path_too_long_to_look_at(tmp_path):
    """A 10,000-character --db path (was: OSError 'File name too long' as a traceback)."""
    argv = ["search", "ips", "--db", str(tmp_path / ("x" * 10_000))]
    assert_well_ended(run_cli(argv), argv, {3})
