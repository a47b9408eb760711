"""Malformed source data (issue 14): ``build-db`` exits 3 naming the file, the record and the
field, and the database that was there before is untouched, byte for byte, manifest and all.

Each case breaks a copy of the real ``db/`` the way an editor's slip or a bad copy would.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path

import pytest

from evidens.evidence import build_db
from fault_helpers import FIGURES, assert_well_ended, run_cli

pytestmark = pytest.mark.fault


def _replace(name: str, old: str, new: str):
    def edit(root: Path) -> None:
        path = root / name
        text = path.read_text(encoding="utf-8")
        assert re.search(old, text, re.MULTILINE), (name, old)
        path.write_text(re.sub(old, new, text, count=1, flags=re.MULTILINE), encoding="utf-8")
    return edit


def _append(name: str, text: str):
    def edit(root: Path) -> None:
        with (root / name).open("a", encoding="utf-8") as fh:
            fh.write(text)
    return edit


def _write_bytes(name: str, data: bytes):
    def edit(root: Path) -> None:
        (root / name).write_bytes(data)
    return edit


def _prefix_bytes(name: str, data: bytes):
    def edit(root: Path) -> None:
        path = root / name
        path.write_bytes(data + path.read_bytes())
    return edit


def _huge(root: Path) -> None:
    """Twenty megabytes of something that is not TOML at the end of a real file."""
    with (root / "interventions" / "kvis.toml").open("ab") as fh:
        chunk = ("Lorem ipsum æøå " * 4096 + "\n").encode("utf-8")
        for _ in range(20 * 1024 * 1024 // len(chunk)):
            fh.write(chunk)


# (what is broken, edit, text the message must contain: file, record, field)
CASES = {
    "TOML syntax error": (_append("levels.toml", "\n[[level]\nid = \n"), ["levels.toml"]),
    "unbalanced quote": (_replace("interventions/ips.toml", r'^short_name = "IPS"$',
                                  'short_name = "IPS'), ["interventions/ips.toml"]),
    "wrong type": (_replace("interventions/ips.toml", r"^table_number = 1$",
                            'table_number = "en"'),
                   ["interventions/ips.toml", "intervention 'ips'", "table_number"]),
    "wrong type in a sub-table": (_replace("interventions/ips.toml", r"^n = 720$", 'n = "720"'),
                                  ["interventions/ips.toml", "intervention 'ips'", "sample[0].n"]),
    "duplicate id": (_replace("interventions/kvis.toml", r'^id = "kvis"$', 'id = "ips"'),
                     ["interventions/kvis.toml", "id", "dobbelt id"]),
    "missing field": (_replace("interventions/ips.toml", r"^purpose = .*$", ""),
                      ["interventions/ips.toml", "intervention 'ips'", "purpose", "mangler"]),
    "empty field": (_replace("interventions/ips.toml", r"^purpose = .*$", 'purpose = "  "'),
                    ["interventions/ips.toml", "intervention 'ips'", "purpose"]),
    "unknown reference": (_replace("interventions/ips.toml", r'^references = \["christensen',
                                   'references = ["findes-ikke", "christensen'),
                          ["interventions/ips.toml", "references", "findes-ikke"]),
    "non-UTF-8 bytes": (_prefix_bytes("levels.toml", b"# \xe6\xf8\xe5 Latin-1\n"),
                        ["levels.toml"]),
    "binary garbage": (_write_bytes("sources.toml", os.urandom(4096)), ["sources.toml"]),
    "empty file": (_write_bytes("sources.toml", b""), ["source"]),
    "huge file": (_huge, ["interventions/kvis.toml"]),
    "unknown file": (_write_bytes("noter.toml", b'x = 1\n'), ["noter.toml"]),
}
# Issue 16 item 8: found by the adversarial run, fixed on the `fixes` branch.
ISSUE_16_ITEM_8 = {
    "record not a table": (_write_bytes("references/extra.toml", b"reference = [1, 2]\n"),
                           ["references/extra.toml", "reference"]),
    "vocabulary section not a table": (_append("vocabulary.toml", "\nbroken = 5\n"),
                                       ["vocabulary.toml", "broken"]),
    "deep nesting": (_append("interventions/ips.toml", "\ndeep = " + "[" * 50_000 + "]" * 50_000
                             + "\n"), ["interventions/ips.toml"]),
    "20-digit integer": (_replace("interventions/ips.toml", r"^table_number = 1$",
                                  "table_number = 12345678901234567890"),
                         ["interventions/ips.toml", "table_number"]),
    "unreadable file": (lambda root: (root / "interventions" / "zz.toml").mkdir(),
                        ["interventions/zz.toml"]),
    # A UTF-8 BOM is accepted since the fixes branch (tests/test_source_data_malformed.py).
    "wrong item type in a list": (_replace("interventions/ips.toml", r"^aliases = \[",
                                           "aliases = [5, "),
                                  ["interventions/ips.toml", "aliases"]),
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def old_database(built_db, tmp_path) -> Path:
    """A database (and manifest) already in place, as after yesterday's build."""
    folder = tmp_path / "ud"
    folder.mkdir()
    shutil.copy2(built_db, folder / "evidens.sqlite")
    shutil.copy2(built_db.with_name("manifest.json"), folder / "manifest.json")
    return folder / "evidens.sqlite"


def _params():
    out = [pytest.param(name, *CASES[name], id=name) for name in CASES]
    # Found by the adversarial run (issue 16 item 8) and fixed on the fixes branch.
    out += [pytest.param(name, *ISSUE_16_ITEM_8[name], id=name) for name in ISSUE_16_ITEM_8]
    return out


@pytest.mark.parametrize("name, edit, expected", _params())
def test_build_db_names_the_problem_and_keeps_the_old_database(
        source_copy, old_database, name, edit, expected):
    edit(source_copy)
    before = {p.name: sha256(p) for p in old_database.parent.iterdir()}
    for check in (True, False):
        argv = ["build-db", "--source", str(source_copy), "--output", str(old_database)]
        argv += ["--check"] if check else []
        outcome = run_cli(argv)
        assert_well_ended(outcome, argv, {3})
        for text in expected:
            assert text in outcome.err, (text, outcome.err[:2000])
        assert len(outcome.err) < 20_000, "a message nobody can read"
    assert {p.name: sha256(p) for p in old_database.parent.iterdir()} == before
    FIGURES["malformed source data sets refused"] += 1


def test_an_interrupted_build_keeps_the_old_database(source_copy, old_database, monkeypatch):
    """The build fails half-way (here: the disk fills while writing): the old file stays."""
    before = sha256(old_database)
    real_write = build_db._write

    def fail_half_way(db, data, version):
        real_write(db, data, version)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_db, "_write", fail_half_way)
    argv = ["build-db", "--source", str(source_copy), "--output", str(old_database)]
    outcome = run_cli(argv)
    assert_well_ended(outcome, argv, {4})
    assert sha256(old_database) == before
    assert sorted(p.name for p in old_database.parent.iterdir()) == ["evidens.sqlite",
                                                                     "manifest.json"]
