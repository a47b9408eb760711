"""The caseworker's own data: favourites, notes, saved profiles and comparisons.

Privacy: the store lives in its own SQLite file in the user's app-data folder, apart from the
read-only evidence database, and it must never hold personal data about citizens. The schema
therefore has no column for a name, CPR number, case number or the like; it keys everything on
intervention ids and on names the caseworker gives profiles and comparisons. The one free-text
field is the personal note per intervention, and the UI warns not to write personal data in it.

Atomic writes: every setter is one short transaction, committed at once, so a crash or a power
cut loses nothing the caseworker has already seen saved, and never leaves half a change.

Fallback: a broken, locked or unwritable file must not stop the handbook from opening. Every
SQLite or file-system error becomes :class:`UserStoreError` with a Danish message fit to show, and
:func:`open_or_fallback` then hands back a :class:`NullUserStore`: empty, ``read_only = True``,
and its setters raise :class:`UserStoreError` (rather than silently dropping a note the caseworker
believes is saved), so the UI can say why the change was not kept.
"""

from __future__ import annotations

import errno
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

SCHEMA_VERSION = 1
NAME_MAX = 120
NOTE_MAX = 10_000  # characters: a page and a half; a 1 MB note took 31 s to show
GROUPS = ("adult", "youth")
COMPARISON_MIN, COMPARISON_MAX = 2, 4
LOCK_TIMEOUT = 1.0  # seconds to wait for another process's lock before giving up

# Migration hook: MIGRATIONS[n] takes the file from user_version n-1 to n. Add an entry (and bump
# SCHEMA_VERSION) for a new schema; existing files are upgraded step by step when opened.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE TABLE favourite (intervention_id TEXT PRIMARY KEY, updated TEXT NOT NULL)",
        "CREATE TABLE note (intervention_id TEXT PRIMARY KEY, text TEXT NOT NULL,"
        " updated TEXT NOT NULL)",
        "CREATE TABLE profile (name TEXT PRIMARY KEY, target_group TEXT NOT NULL"
        " CHECK (target_group IN ('adult', 'youth')), risk_factor_ids TEXT NOT NULL,"
        " updated TEXT NOT NULL)",
        "CREATE TABLE comparison (name TEXT PRIMARY KEY, intervention_ids TEXT NOT NULL,"
        " updated TEXT NOT NULL)",
        "CREATE TABLE current_comparison (id INTEGER PRIMARY KEY CHECK (id = 1),"
        " intervention_ids TEXT NOT NULL, updated TEXT NOT NULL)",
    ),
}
READ_ONLY_MESSAGE = ("Dine favoritter og noter er skrivebeskyttet i denne session, så ændringen "
                     "blev ikke gemt. Genstart Håndbogen for at prøve igen.")


class UserStoreError(Exception):
    """The user store failed; the message is Danish and fit to show as it is."""


# The saved items are rows of the user's own store, read only after the first frame; named
# tuples rather than frozen dataclasses because this module loads before the first frame (the ★
# column reads the favourites) and a named tuple class costs a fifth of a frozen dataclass to
# create (docs/performance.md).
class SavedProfile(NamedTuple):
    name: str
    group: str  # 'adult' or 'youth'
    risk_factor_ids: tuple[str, ...]
    updated: str  # ISO 8601, UTC


class SavedComparison(NamedTuple):
    name: str
    intervention_ids: tuple[str, ...]
    updated: str  # ISO 8601, UTC


def _reason(exc: BaseException) -> str:
    """Why the store failed, in Danish (never SQLite's or the system's English text)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return "filen er låst af et andet program, måske er Håndbogen åben to gange"
    if "full" in text or getattr(exc, "errno", None) == errno.ENOSPC:
        return "der er ikke plads nok på disken; gør plads, og prøv igen"
    if "not a database" in text or "malformed" in text or "corrupt" in text or \
            isinstance(exc, _Damaged):
        return "filen er beskadiget"
    if isinstance(exc, PermissionError | NotADirectoryError | FileExistsError) or any(
            word in text for word in ("readonly", "read-only", "unable to open", "permission")):
        return "der er ikke skriveadgang til mappen eller filen"
    if "decode" in text:
        return "filen er beskadiget"
    return "filen kunne ikke bruges"


class _Damaged(sqlite3.DatabaseError):
    """The file opens, but its tables or contents are not what this version wrote."""


@lru_cache(maxsize=1)
def expected_schema() -> dict[str, tuple[str, ...]]:
    """Every table and its columns, as the migrations make them (worked out, not repeated)."""
    conn = sqlite3.connect(":memory:")
    try:
        for step in sorted(MIGRATIONS):
            for statement in MIGRATIONS[step]:
                conn.execute(statement)
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: tuple(r[1] for r in conn.execute(f"PRAGMA table_info('{t}')")) for t in names}
    finally:
        conn.close()


# The columns holding a JSON list of ids; everything else but current_comparison.id is text.
JSON_COLUMNS = {"profile": "risk_factor_ids", "comparison": "intervention_ids",
                "current_comparison": "intervention_ids"}


def _check_contents(conn: sqlite3.Connection) -> None:
    """Raise _Damaged unless every table, column and value is as this version writes them.

    Run at open, so a store damaged by another program, a disk error or a hand edit is found
    before any getter meets it (the app then opens read-only and says so) and is never written.
    Reads every row: small even at 100,000 favourites.
    """
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table, columns in expected_schema().items():
        if table not in tables:
            raise _Damaged(f"missing table {table}")
        present = {r[1] for r in conn.execute(f"PRAGMA table_info('{table}')")}
        if not set(columns) <= present:
            raise _Damaged(f"missing column in {table}")
        listed = [c for c in columns if c != "id"]
        json_at = listed.index(JSON_COLUMNS[table]) if table in JSON_COLUMNS else None
        for row in conn.execute(f"SELECT {', '.join(listed)} FROM {table}"):  # decodes every text
            if not all(isinstance(value, str) for value in row):
                raise _Damaged(f"a value in {table} is not text")
            if json_at is not None:
                try:
                    ids = json.loads(row[json_at])
                except ValueError:
                    raise _Damaged(f"bad JSON in {table}") from None
                if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
                    raise _Damaged(f"bad id list in {table}")


def _danish_number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def note_too_long(length: int) -> str:
    return (f"Noten er for lang til at blive gemt: højst {_danish_number(NOTE_MAX)} tegn, og den "
            f"er nu {_danish_number(length)} tegn. Forkort den, eller gem teksten et andet sted.")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _check_id(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"Ugyldigt id: {value!r}.")
    return value


def _check_name(name: str) -> str:
    name = name.strip() if isinstance(name, str) else ""
    if not name:
        raise ValueError("Navnet må ikke være tomt.")
    if len(name) > NAME_MAX:
        raise ValueError(f"Navnet må højst være {NAME_MAX} tegn langt.")
    return name


def _check_selection(ids: Iterable[str], minimum: int) -> list[str]:
    ids = [_check_id(i) for i in ids]
    if len(set(ids)) != len(ids):
        raise ValueError("Den samme indsats må kun være med én gang i en sammenligning.")
    if not minimum <= len(ids) <= COMPARISON_MAX:
        raise ValueError(f"En sammenligning skal have {minimum}–{COMPARISON_MAX} indsatser.")
    return ids


class UserStore:
    """Per-user data in one SQLite file; see the module docstring for the rules it keeps."""

    read_only = False

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn, self.path = conn, path

    @classmethod
    def open(cls, path: Path) -> UserStore:
        """Open (creating folders and file) and migrate; raise UserStoreError on any failure.

        Opening also checks integrity and writes the schema version, so a corrupt, locked or
        read-only file is found now, before the caseworker tries to save something.
        """
        path = Path(path)
        conn = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=LOCK_TIMEOUT, isolation_level=None)
            store = cls(conn, path)
            store._migrate()
            return store
        except BaseException as exc:
            if conn is not None:
                conn.close()
            if not isinstance(exc, sqlite3.Error | OSError):
                raise
            raise UserStoreError(f"Dine favoritter og noter i {path} kunne ikke åbnes "
                                 f"({_reason(exc)}). Håndbogen åbner uden dem, "
                                 "skrivebeskyttet, og filen er ikke ændret. Bed IT om hjælp, "
                                 "hvis det sker igen.") from exc

    def _migrate(self) -> None:
        check = self._conn.execute("PRAGMA quick_check").fetchall()
        if check != [("ok",)]:
            raise sqlite3.DatabaseError("database disk image is malformed")
        with self._write():
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise UserStoreError(f"Filen {self.path} er lavet af en nyere version af "
                                     "Evidenshåndbogen. Håndbogen åbner uden dine favoritter "
                                     "og noter, skrivebeskyttet.")
            for step in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[step]:
                    self._conn.execute(statement)
            _check_contents(self._conn)  # before anything is written; rolled back if damaged
            # Written even when unchanged: proves now that the file and folder are writable.
            self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    @contextmanager
    def _write(self) -> Iterator[None]:
        """One transaction, committed at once; rolled back if anything (even COMMIT) fails."""
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    def _rows(self, sql: str, *params) -> list[tuple]:
        try:
            return self._conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise UserStoreError(f"Dine favoritter og noter kunne ikke læses ({_reason(exc)})."
                                 ) from exc

    def _exec(self, sql: str, *params) -> None:
        """Run one change as its own committed transaction."""
        try:
            with self._write():
                self._conn.execute(sql, params)
        except (sqlite3.Error, OSError) as exc:
            raise UserStoreError(f"Ændringen kunne ikke gemmes ({_reason(exc)}).") from exc

    def is_favourite(self, intervention_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM favourite WHERE intervention_id = ?",
                               intervention_id))

    def set_favourite(self, intervention_id: str, favourite: bool) -> None:
        if favourite:
            self._exec("INSERT OR IGNORE INTO favourite VALUES (?, ?)",
                       _check_id(intervention_id), _now())
        else:
            self._exec("DELETE FROM favourite WHERE intervention_id = ?", intervention_id)

    def favourites(self) -> list[str]:
        """Favourite ids, the oldest first."""
        return [r[0] for r in self._rows("SELECT intervention_id FROM favourite"
                                         " ORDER BY updated, rowid")]

    def note(self, intervention_id: str) -> str:
        rows = self._rows("SELECT text FROM note WHERE intervention_id = ?", intervention_id)
        return rows[0][0] if rows else ""

    def set_note(self, intervention_id: str, text: str) -> None:
        """Save the note; empty (or only whitespace) text deletes it. ValueError over NOTE_MAX."""
        if len(text) > NOTE_MAX:
            raise ValueError(note_too_long(len(text)))
        if text.strip():
            self._exec("INSERT OR REPLACE INTO note VALUES (?, ?, ?)",
                       _check_id(intervention_id), text, _now())
        else:
            self._exec("DELETE FROM note WHERE intervention_id = ?", intervention_id)

    def notes(self) -> dict[str, str]:
        return dict(self._rows("SELECT intervention_id, text FROM note ORDER BY intervention_id"))

    def save_profile(self, name: str, group: str, risk_factor_ids: Iterable[str]) -> None:
        """Save a target-group profile; an existing profile with the same name is replaced."""
        if group not in GROUPS:
            raise ValueError("Målgruppen skal være 'adult' (voksne) eller 'youth' (unge).")
        name, ids = _check_name(name), [_check_id(i) for i in risk_factor_ids]
        self._exec("INSERT OR REPLACE INTO profile VALUES (?, ?, ?, ?)",
                   name, group, json.dumps(ids), _now())

    def profiles(self) -> list[SavedProfile]:
        """Saved profiles in alphabetical order of name."""
        rows = self._rows("SELECT name, target_group, risk_factor_ids, updated FROM profile")
        return sorted((SavedProfile(n, g, tuple(json.loads(r)), u) for n, g, r, u in rows),
                      key=lambda p: p.name.casefold())

    def delete_profile(self, name: str) -> None:
        self._exec("DELETE FROM profile WHERE name = ?", name.strip())

    def save_comparison(self, name: str, ids: Iterable[str]) -> None:
        """Save 2–4 distinct ids in order; an existing comparison with the name is replaced."""
        ids = _check_selection(ids, COMPARISON_MIN)
        self._exec("INSERT OR REPLACE INTO comparison VALUES (?, ?, ?)",
                   _check_name(name), json.dumps(ids), _now())

    def comparisons(self) -> list[SavedComparison]:
        """Saved comparisons in alphabetical order of name."""
        rows = self._rows("SELECT name, intervention_ids, updated FROM comparison")
        return sorted((SavedComparison(n, tuple(json.loads(i)), u) for n, i, u in rows),
                      key=lambda c: c.name.casefold())

    def delete_comparison(self, name: str) -> None:
        self._exec("DELETE FROM comparison WHERE name = ?", name.strip())

    def set_current_comparison(self, ids: Iterable[str]) -> None:
        """Replace the current selection: 0–4 distinct ids, in order."""
        self._exec("INSERT OR REPLACE INTO current_comparison VALUES (1, ?, ?)",
                   json.dumps(_check_selection(ids, 0)), _now())

    def current_comparison(self) -> list[str]:
        rows = self._rows("SELECT intervention_ids FROM current_comparison")
        return json.loads(rows[0][0]) if rows else []

    def close(self) -> None:
        self._conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class NullUserStore(UserStore):
    """Stand-in when the file cannot be used: empty and read-only, with the same interface.

    Getters return nothing; setters validate their arguments like UserStore (so a bad name is
    still a ValueError) and then raise UserStoreError, rather than ignoring the change: a
    caseworker must not believe a note was saved when it was not.
    """

    read_only = True

    def __init__(self) -> None:
        self._conn, self.path = None, None

    def _rows(self, sql: str, *params) -> list[tuple]:
        return []

    def _exec(self, sql: str, *params) -> None:
        raise UserStoreError(READ_ONLY_MESSAGE)

    def close(self) -> None:
        pass


def open_or_fallback(path: Path) -> tuple[UserStore | NullUserStore, str | None]:
    """Open the store, or fall back to a NullUserStore and return the message to show."""
    try:
        return UserStore.open(path), None
    except UserStoreError as exc:
        return NullUserStore(), str(exc)


def read_favourites(path: Path) -> list[str] | None:
    """Favourite ids read without writing anything: ``[]`` when there is no file yet, ``None``
    when the file cannot be read as it is (corrupt, locked, a newer schema, a journal left by a
    crash). For the app's first frame, which shows the ★ column; the write that
    :meth:`UserStore.open` does to prove the file writable comes after it
    (``evidens.app.deferred_store``). On ``None`` the caller opens the store properly, which
    finds out why and falls back."""
    path = Path(path)
    if not path.is_file():
        return [] if not path.exists() else None
    try:
        conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True,
                               timeout=LOCK_TIMEOUT)
    except sqlite3.Error:
        return None
    try:
        if conn.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            return None
        return [r[0] for r in conn.execute("SELECT intervention_id FROM favourite"
                                           " ORDER BY updated, rowid")]
    except sqlite3.Error:
        return None
    finally:
        conn.close()
