"""Open the evidence database read-only.

Following Datasette, the file is opened through an SQLite URI: ``immutable=1`` for the bundled
copy (it never changes while the program runs, and SQLite then skips locking, which also works on
read-only program folders) and ``mode=ro`` for a database given with ``--db`` (an evidence team
may rebuild it while testing). Nothing in the program can write to it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from evidens.resource_files import bundled_database

SCHEMA_VERSION = "2"  # must equal build_db.SCHEMA_VERSION


class DatabaseError(Exception):
    """A database problem a user can meet; the message is Danish and fit to show as it is."""


@dataclass(frozen=True)
class DatabaseInfo:
    path: Path
    data_version: str
    built: str
    title: str


def open_database(path: Path | None = None) -> sqlite3.Connection:
    """Return a read-only connection, or raise DatabaseError with a message for the user."""
    bundled = path is None
    path = Path(path) if path is not None else bundled_database()
    try:
        is_file = path.is_file()
    except (OSError, ValueError):  # a path too long even to look at, or with a NUL in it
        is_file = False
    if not is_file:
        hint = " Kør 'evidens build-db' for at bygge den." if bundled else ""
        raise DatabaseError(f"Evidensdatabasen findes ikke: {path}.{hint}")
    uri = path.resolve().as_uri() + ("?immutable=1" if bundled else "?mode=ro")
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise DatabaseError(
            f"Filen {path} er ikke en gyldig evidensdatabase eller er beskadiget ({exc})."
        ) from None
    if row is None or row[0] != SCHEMA_VERSION:
        conn.close()
        raise DatabaseError(
            f"Databasen {path} har et format, denne version af Evidenshåndbogen ikke kender."
        )
    return conn


def database_info(conn: sqlite3.Connection) -> DatabaseInfo:
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    path = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    return DatabaseInfo(path, meta["data_version"], meta["built"], meta.get("title", ""))
