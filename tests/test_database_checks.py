"""A database that passes the old ``meta`` check but cannot be trusted is refused on open.

Issue 16 items 4, 5 and 15: a dropped table or column, damaged pages, a flipped bit, a folder
given as the database. Each ends in exit 3 with a Danish message that says what to do (never
SQLite's English text, never a traceback), and the app shows the same message in a dialog.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3

import pytest

from evidens.cli.main import main
from evidens.evidence import database
from evidens.evidence.database import DatabaseError, open_database


def copy_db(built_db, tmp_path, manifest: bool = False):
    target = tmp_path / "kopi" / "evidens.sqlite"
    target.parent.mkdir(exist_ok=True)
    shutil.copy(built_db, target)
    if manifest:
        shutil.copy(built_db.with_name("manifest.json"), target.with_name("manifest.json"))
    return target


def alter(path, *statements):
    conn = sqlite3.connect(path)
    for sql in statements:
        conn.execute(sql)
    conn.commit()
    conn.execute("VACUUM")
    conn.close()


def run_cli(capsys, *argv):
    code = main(list(argv))
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return code, captured.err


def assert_danish(message: str) -> None:
    for english in ("file is not a database", "malformed", "no such", "(", "Error"):
        assert english not in message, message


@pytest.mark.parametrize("statements, named", [
    (["DROP TABLE intervention_elements"], "intervention_elements"),
    (["ALTER TABLE interventions DROP COLUMN purpose"], "purpose"),
    (["DROP TABLE search_index"], "search_index"),
    (["DELETE FROM meta WHERE key = 'data_version'"], "data_version"),
])
@pytest.mark.parametrize("command", [["search", "ips"], ["brief", "ips", "-o", "x.html"],
                                     ["matrix", "--group", "adult", "--json"]])
def test_older_schema_is_refused_with_exit_3(built_db, tmp_path, capsys, monkeypatch,
                                             statements, named, command):
    monkeypatch.chdir(tmp_path)
    db = copy_db(built_db, tmp_path)
    alter(db, *statements)
    code, err = run_cli(capsys, *command, "--db", str(db))
    assert code == 3
    assert named in err and "ældre" in err and "build-db" in err
    assert_danish(err.replace(str(db), ""))


def test_damaged_pages_are_refused_with_exit_3(built_db, tmp_path, capsys):
    db = copy_db(built_db, tmp_path)
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(page * 20, min(len(data), page * 40)):  # the middle of the file
        data[offset] = 0xAB
    db.write_bytes(bytes(data))
    code, err = run_cli(capsys, "search", "ips", "--db", str(db))
    assert code == 3 and "beskadiget" in err
    assert_danish(err.replace(str(db), ""))


def flip_a_text_bit(path) -> None:
    data = bytearray(path.read_bytes())
    offset = data.find(b"koordination")
    assert offset > 0
    data[offset + 9] ^= 0x02  # "koordination" → "koordinction"
    path.write_bytes(bytes(data))


def test_a_flipped_bit_passes_quick_check_but_not_the_checksum(built_db, tmp_path, capsys):
    db = copy_db(built_db, tmp_path, manifest=True)
    flip_a_text_bit(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA quick_check").fetchall() == [("ok",)]  # why a checksum is needed
    conn.close()
    code, err = run_cli(capsys, "search", "koordination", "--db", str(db))
    assert code == 3 and "kontrolsum" in err


def test_the_bundled_database_is_verified_on_open(built_db, tmp_path, monkeypatch):
    db = copy_db(built_db, tmp_path, manifest=True)
    monkeypatch.setattr(database, "bundled_database", lambda: db)
    open_database().close()  # intact: opens
    flip_a_text_bit(db)
    with pytest.raises(DatabaseError) as info:
        open_database()
    assert "kontrolsum" in str(info.value) and "geninstallere" in str(info.value)
    assert hashlib.sha256(db.read_bytes()).hexdigest()  # the file is still there, untouched


def test_the_bundled_database_needs_its_manifest(built_db, tmp_path, monkeypatch):
    db = copy_db(built_db, tmp_path, manifest=False)
    monkeypatch.setattr(database, "bundled_database", lambda: db)
    with pytest.raises(DatabaseError, match="geninstallere"):
        open_database()


def test_a_folder_is_named_a_folder(tmp_path, capsys):
    code, err = run_cli(capsys, "search", "ips", "--db", str(tmp_path))
    assert code == 3 and "er en mappe" in err and "findes ikke" not in err


@pytest.mark.parametrize("content", [b"", b"not a database" * 100,
                                     b"SQLite format 3\0" + b"x" * 80])
def test_garbage_gives_a_danish_message_without_sqlite_text(tmp_path, capsys, content):
    db = tmp_path / "skrald.sqlite"
    db.write_bytes(content)
    code, err = run_cli(capsys, "search", "ips", "--db", str(db))
    assert code == 3 and "beskadiget" in err and "build-db" in err
    assert_danish(err.replace(str(db), ""))


def test_the_app_shows_the_message_in_a_dialog(built_db, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from evidens.app import main as app_main

    db = copy_db(built_db, tmp_path)
    alter(db, "DROP TABLE results")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    assert app_main.run_app(db) == 3
    assert shown and "results" in shown[0] and "ældre" in shown[0]
