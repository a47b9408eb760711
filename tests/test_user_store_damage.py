"""A damaged user store opens read-only with a Danish message and is never written (issue 16,
items 7 and 15): a missing table or column, a note that is not UTF-8, JSON that is not JSON."""

from __future__ import annotations

import errno
import hashlib
import sqlite3

import pytest

from evidens.user_store import NullUserStore, UserStore, UserStoreError, open_or_fallback

DAMAGE = {
    "missing note table": ["DROP TABLE note"],
    "missing favourite table": ["DROP TABLE favourite"],
    "missing profile table": ["DROP TABLE profile"],
    "missing current comparison": ["DROP TABLE current_comparison"],
    "missing column": ["ALTER TABLE note DROP COLUMN updated"],
    "renamed column": ["ALTER TABLE profile RENAME COLUMN risk_factor_ids TO rf"],
    "note not UTF-8": ["INSERT INTO note VALUES ('ips', CAST(x'fffe41' AS TEXT), 'x')"],
    "profile JSON broken": ["INSERT INTO profile VALUES ('P', 'adult', '[\"a\"', 'x')"],
    "profile JSON not a list": ["INSERT INTO profile VALUES ('P', 'adult', '{\"a\": 1}', 'x')"],
    "comparison JSON broken": ["INSERT INTO comparison VALUES ('C', 'nej', 'x')"],
    "comparison ids not text": ["INSERT INTO comparison VALUES ('C', '[1, 2]', 'x')"],
    "current comparison broken": ["INSERT INTO current_comparison VALUES (1, '[', 'x')"],
    "favourite id not text": ["INSERT INTO favourite VALUES (x'00ff', 'x')"],
}


def damaged_store(path, statements):
    with UserStore.open(path) as store:
        store.set_favourite("ips", True)
        store.set_note("kvis", "Min note")
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.close()
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("statements", DAMAGE.values(), ids=DAMAGE.keys())
def test_damaged_store_opens_read_only_and_is_not_written(tmp_path, statements):
    path = tmp_path / "brugerdata.sqlite"
    before = damaged_store(path, statements)
    store, message = open_or_fallback(path)
    assert isinstance(store, NullUserStore) and store.read_only
    assert message and "skrivebeskyttet" in message and "beskadiget" in message
    for english in ("no such", "malformed", "decode", "JSON", "Expecting"):
        assert english not in message
    # Every getter answers; nothing raises, nothing is written.
    assert store.favourites() == [] and store.notes() == {} and store.note("ips") == ""
    assert store.profiles() == [] and store.comparisons() == []
    assert store.current_comparison() == []
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize("statements", list(DAMAGE.values())[:7:3], ids=list(DAMAGE)[:7:3])
def test_the_app_starts_read_only_with_the_message(make_window, statements):
    from evidens.app import main as app_main

    folder = app_main.user_data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    damaged_store(folder / "brugerdata.sqlite", statements)
    window = make_window()
    assert "skrivebeskyttet" in window.statusBar().currentMessage()
    window.interventions_page.open_card("kvis")
    window.show_page(window.compare_page)  # builds the page: it reads saved comparisons
    window.show_page(window.adult_matrix)
    assert not window.interventions_page.card.note_edit.isEnabled()


def test_full_disk_while_saving_says_so_in_danish(tmp_path):
    store = UserStore.open(tmp_path / "u.sqlite")
    store.set_note("ips", "før")
    # SQLite's own "disk full" (SQLITE_FULL), for real: the file may not grow any more.
    pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
    store._conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(UserStoreError) as info:
        store.set_note("ips", "x" * 9000)
    message = str(info.value)
    assert "plads" in message and "disk is full" not in message and "uventet" not in message
    assert store.note("ips") == "før"  # the previous content is kept


def test_os_level_full_disk_is_danish_too():
    from evidens.user_store import _reason

    assert "plads" in _reason(OSError(errno.ENOSPC, "No space left on device"))
    assert "No space" not in _reason(OSError(errno.ENOSPC, "No space left on device"))
