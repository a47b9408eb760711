"""The user store: persistence, validation, privacy-shaped schema and robust fallback."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from evidens.user_store import (
    SCHEMA_VERSION,
    NullUserStore,
    SavedComparison,
    UserStore,
    UserStoreError,
    open_or_fallback,
)


@pytest.fixture
def store_path(tmp_path) -> Path:
    return tmp_path / "appdata" / "user.sqlite"


@pytest.fixture
def store(store_path):
    with UserStore.open(store_path) as opened:
        yield opened


@contextlib.contextmanager
def exclusive_lock(path: Path):
    """Another process's view: a second connection holding an exclusive lock on the file."""
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_open_creates_folders_and_file(store_path):
    assert not store_path.parent.exists()
    with UserStore.open(store_path) as store:
        assert store.read_only is False
    assert store_path.is_file()
    with contextlib.closing(sqlite3.connect(store_path)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_favourites_and_notes_persist_across_reopen(store_path):
    with UserStore.open(store_path) as store:
        store.set_favourite("mentor", True)
        store.set_favourite("ips", True)
        store.set_favourite("ips", True)  # twice is still once
        store.set_favourite("virksomhedspraktik", True)
        store.set_favourite("virksomhedspraktik", False)
        store.set_note("ips", "Spørg jobcentret om ventetid.\nAnden linje: æøå")
    with UserStore.open(store_path) as store:
        assert store.favourites() == ["mentor", "ips"]
        assert store.is_favourite("ips")
        assert not store.is_favourite("virksomhedspraktik")
        assert store.note("ips") == "Spørg jobcentret om ventetid.\nAnden linje: æøå"
        assert store.note("mentor") == ""
        assert store.notes() == {"ips": "Spørg jobcentret om ventetid.\nAnden linje: æøå"}


def test_every_write_is_committed_at_once(store):
    """A crash right after a setter returns must lose nothing: another reader sees it already."""
    store.set_note("mentor", "gemt")
    store.set_favourite("mentor", True)
    with contextlib.closing(sqlite3.connect(store.path)) as reader:
        assert reader.execute("SELECT text FROM note").fetchall() == [("gemt",)]
        assert reader.execute("SELECT intervention_id FROM favourite").fetchall() == [("mentor",)]


def test_empty_note_deletes_it(store_path):
    with UserStore.open(store_path) as store:
        store.set_note("mentor", "første")
        store.set_note("mentor", "anden")
        store.set_note("ips", "bliver")
        assert store.note("mentor") == "anden"
        store.set_note("mentor", "   \n")
    with UserStore.open(store_path) as store:
        assert store.note("mentor") == ""
        assert store.notes() == {"ips": "bliver"}
        store.set_note("ips", "")
        assert store.notes() == {}


def test_profiles_save_replace_delete_and_order(store_path):
    with UserStore.open(store_path) as store:
        store.save_profile("  Unge uden uddannelse ", "youth", ["rf-skole", "rf-misbrug"])
        store.save_profile("ældre ledige", "adult", ["rf-helbred"])
        store.save_profile("Borgere i ressourceforløb", "adult", [])
        store.save_profile("Unge uden uddannelse", "youth", ["rf-misbrug"])  # replaces
    with UserStore.open(store_path) as store:
        profiles = store.profiles()
        assert [p.name for p in profiles] == [
            "Borgere i ressourceforløb", "Unge uden uddannelse", "ældre ledige"]
        young = profiles[1]
        assert (young.group, young.risk_factor_ids) == ("youth", ("rf-misbrug",))
        updated = datetime.fromisoformat(young.updated)
        assert updated.utcoffset() == timedelta(0)
        assert abs(datetime.now(UTC) - updated) < timedelta(minutes=5)
        store.delete_profile("ældre ledige")
        store.delete_profile("findes ikke")
    with UserStore.open(store_path) as store:
        assert [p.name for p in store.profiles()] == [
            "Borgere i ressourceforløb", "Unge uden uddannelse"]


def test_comparisons_save_replace_delete_and_keep_order(store_path):
    with UserStore.open(store_path) as store:
        store.save_comparison("B-sammenligning", ["ips", "mentor", "praktik"])
        store.save_comparison("A-sammenligning", ["praktik", "ips"])
        store.save_comparison("B-sammenligning", ["mentor", "ips", "praktik", "løntilskud"])
    with UserStore.open(store_path) as store:
        comparisons = store.comparisons()
        assert [c.name for c in comparisons] == ["A-sammenligning", "B-sammenligning"]
        assert isinstance(comparisons[1], SavedComparison)
        assert comparisons[0].intervention_ids == ("praktik", "ips")
        assert comparisons[1].intervention_ids == ("mentor", "ips", "praktik", "løntilskud")
        store.delete_comparison("A-sammenligning")
        assert [c.name for c in store.comparisons()] == ["B-sammenligning"]


@pytest.mark.parametrize("ids", [[], ["ips"], ["a", "b", "c", "d", "e"], ["ips", "ips"],
                                 ["ips", ""]])
def test_comparison_needs_two_to_four_distinct_ids(store, ids):
    with pytest.raises(ValueError):
        store.save_comparison("Forkert", ids)
    assert store.comparisons() == []


@pytest.mark.parametrize("name", ["", "   ", "x" * 121])
def test_invalid_names_are_refused_in_danish(store, name):
    with pytest.raises(ValueError, match="Navnet må"):
        store.save_profile(name, "adult", [])
    with pytest.raises(ValueError, match="Navnet må"):
        store.save_comparison(name, ["a", "b"])
    assert store.profiles() == [] and store.comparisons() == []


def test_name_of_120_characters_is_accepted_and_group_is_checked(store):
    store.save_profile("x" * 120, "youth", [])
    assert [p.name for p in store.profiles()] == ["x" * 120]
    with pytest.raises(ValueError, match="Målgruppen"):
        store.save_profile("Gruppe", "children", [])


def test_current_comparison_persists(store_path):
    with UserStore.open(store_path) as store:
        assert store.current_comparison() == []
        store.set_current_comparison(["mentor"])
        store.set_current_comparison(["praktik", "mentor", "ips"])
    with UserStore.open(store_path) as store:
        assert store.current_comparison() == ["praktik", "mentor", "ips"]
        with pytest.raises(ValueError):
            store.set_current_comparison(["a", "b", "c", "d", "e"])
        store.set_current_comparison([])
    with UserStore.open(store_path) as store:
        assert store.current_comparison() == []


def test_non_ascii_folder_names_work(tmp_path):
    path = tmp_path / "Søren Æblegård" / "AppData" / "Evidenshåndbogen" / "brugerdata.sqlite"
    with UserStore.open(path) as store:
        store.set_favourite("ips", True)
        store.set_note("ips", "ønsker ærlig vurdering")
    with UserStore.open(path) as store:
        assert store.favourites() == ["ips"]
        assert store.note("ips") == "ønsker ærlig vurdering"


def test_corrupt_file_raises_danish_error_and_falls_back(store_path):
    store_path.parent.mkdir(parents=True)
    store_path.write_bytes(b"dette er ikke en database\x00\xff" * 200)
    with pytest.raises(UserStoreError, match="kunne ikke åbnes.*beskadiget.*skrivebeskyttet"):
        UserStore.open(store_path)
    store, message = open_or_fallback(store_path)
    assert isinstance(store, NullUserStore)
    assert store.read_only is True
    assert message is not None and "beskadiget" in message
    assert store.favourites() == [] and store.notes() == {} and store.note("ips") == ""
    assert store.profiles() == [] and store.comparisons() == []
    assert store.current_comparison() == [] and not store.is_favourite("ips")
    store.close()
    assert store_path.read_bytes().startswith(b"dette er ikke")  # left alone for support


def test_damaged_pages_in_a_real_store_are_detected(store_path):
    with UserStore.open(store_path) as store:
        for number in range(100):
            store.set_note(f"id-{number}", "tekst " * 200)
    data = bytearray(store_path.read_bytes())
    page = 4096
    data[2 * page:2 * page + 600] = b"\xff" * 600
    store_path.write_bytes(bytes(data))
    with pytest.raises(UserStoreError, match="beskadiget"):
        UserStore.open(store_path)


def test_fallback_setters_refuse_with_danish_message():
    store = NullUserStore()
    for change in (lambda: store.set_favourite("ips", True),
                   lambda: store.set_note("ips", "tekst"),
                   lambda: store.save_profile("Unge", "youth", []),
                   lambda: store.delete_profile("Unge"),
                   lambda: store.save_comparison("Sml", ["a", "b"]),
                   lambda: store.delete_comparison("Sml"),
                   lambda: store.set_current_comparison(["a"])):
        with pytest.raises(UserStoreError, match="skrivebeskyttet"):
            change()
    with pytest.raises(ValueError):  # validation still comes first
        store.save_comparison("Sml", ["a"])


def test_open_or_fallback_returns_real_store_when_all_is_well(store_path):
    store, message = open_or_fallback(store_path)
    with store:
        assert message is None
        assert isinstance(store, UserStore) and store.read_only is False
        store.set_favourite("ips", True)
        assert store.favourites() == ["ips"]


def test_locked_file_fails_fast_on_open(store_path):
    UserStore.open(store_path).close()
    with exclusive_lock(store_path):
        started = time.monotonic()
        with pytest.raises(UserStoreError, match="låst af et andet program"):
            UserStore.open(store_path)
        assert time.monotonic() - started < 3
        store, message = open_or_fallback(store_path)
        assert store.read_only and "låst" in message


def test_locked_file_fails_fast_on_write_and_recovers(store):
    store.set_favourite("mentor", True)
    with exclusive_lock(store.path):
        started = time.monotonic()
        with pytest.raises(UserStoreError, match="kunne ikke gemmes.*låst"):
            store.set_favourite("ips", True)
        with pytest.raises(UserStoreError, match="kunne ikke læses.*låst"):
            store.favourites()
        assert time.monotonic() - started < 5
    store.set_favourite("ips", True)  # the failed write left no open transaction behind
    assert store.favourites() == ["mentor", "ips"]


def test_commit_blocked_by_a_reader_rolls_back_the_whole_change(store):
    """BEGIN succeeds next to a reader but COMMIT cannot; the change must vanish, not linger."""
    with contextlib.closing(sqlite3.connect(store.path, isolation_level=None)) as reader:
        reader.execute("BEGIN")
        reader.execute("SELECT * FROM favourite").fetchall()  # holds a shared lock
        started = time.monotonic()
        with pytest.raises(UserStoreError, match="kunne ikke gemmes.*låst"):
            store.set_favourite("ips", True)
        assert time.monotonic() - started < 3
        reader.execute("ROLLBACK")
    assert store.favourites() == []
    store.set_favourite("mentor", True)
    assert store.favourites() == ["mentor"]


def test_folder_that_cannot_be_created_raises(tmp_path):
    blocker = tmp_path / "AppData"
    blocker.write_text("en fil, ikke en mappe")
    with pytest.raises(UserStoreError, match="skriveadgang"):
        UserStore.open(blocker / "Evidenshåndbogen" / "user.sqlite")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="folder permissions do not stop root or Windows")
def test_unwritable_folder_raises(tmp_path):
    folder = tmp_path / "låst"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        with pytest.raises(UserStoreError, match="skriveadgang"):
            UserStore.open(folder / "user.sqlite")
    finally:
        folder.chmod(0o700)


def test_file_from_a_newer_version_is_refused(store_path):
    UserStore.open(store_path).close()
    with contextlib.closing(sqlite3.connect(store_path)) as conn:
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(UserStoreError, match="nyere version"):
        UserStore.open(store_path)


def test_schema_has_no_room_for_citizen_data(store):
    """Only the note is free text; every other column is an id, a chosen name or a timestamp."""
    with contextlib.closing(sqlite3.connect(store.path)) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        schema = {table: [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
                  for table in tables}
    assert schema == {
        "comparison": ["name", "intervention_ids", "updated"],
        "current_comparison": ["id", "intervention_ids", "updated"],
        "favourite": ["intervention_id", "updated"],
        "note": ["intervention_id", "text", "updated"],
        "profile": ["name", "target_group", "risk_factor_ids", "updated"],
    }
