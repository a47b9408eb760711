"""Open the evidence database read-only, and refuse one the program cannot trust.

Following Datasette, the file is opened through an SQLite URI: ``immutable=1`` for the bundled
copy (it never changes while the program runs, and SQLite then skips locking, which also works on
read-only program folders) and ``mode=ro`` for a database given with ``--db`` (an evidence team
may rebuild it while testing). Nothing in the program can write to it.

Opening also checks the file, because a damaged database must end in a Danish message (exit 3, or
a dialog), not in a traceback half-way through a card:

- the ``manifest.json`` that ``build-db`` writes beside the database holds its sha256; when the
  manifest names this file, the checksum must match. A single flipped bit passes SQLite's own
  checks and would silently change a fact ("koordination" → "koordinction"), so this is the check
  that counts for the bundled copy, where the manifest is always present;
- every table and column the query layer reads must exist (an older or hand-edited database);
- for a database given with ``--db``, ``PRAGMA quick_check`` finds damaged pages.

SQLite's own English text never reaches the user: each failure gets a Danish sentence that says
what to do next.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from evidens.resource_files import bundled_database

SCHEMA_VERSION = "3"  # must equal build_db.SCHEMA_VERSION
MANIFEST_NAME = "manifest.json"

# The tables and columns the query layer and search read by name. A column the builder adds later
# and the queries use should be added here, so an older database is refused on open rather than
# failing on the first card that needs it.
REQUIRED_SCHEMA: dict[str, tuple[str, ...]] = {
    "meta": ("key", "value"),
    "vocabulary": ("kind", "key", "label"),
    "sources": ("id", "file", "label", "title", "publisher", "year", "kind"),
    "levels": ("id", "name", "short_name", "position", "definition"),
    "categories": ("id", "age_group", "name", "position"),
    "risk_factors": ("id", "age_group", "category_id", "name", "position", "in_matrix",
                     "table_names"),
    "bibliography": ("id", "citation", "kind"),
    "barriers": ("id", "age_group", "risk_factor_id", "level_id", "position", "text"),
    "barrier_sources": ("barrier_id", "footnote", "label", "reference_id"),
    "interventions": ("id", "kind", "age_group", "name", "short_name", "evidence", "purpose",
                      "target_group", "evaluation_design", "status", "summary", "strength"),
    "intervention_aliases": ("intervention_id", "position", "alias"),
    "intervention_elements": ("intervention_id", "position", "text"),
    "intervention_tags": ("intervention_id", "tag"),
    "samples": ("intervention_id", "position", "n", "text"),
    "results": ("id", "intervention_id", "position", "outcome", "text", "source_id",
                "direction", "design", "headline"),
    "figures": ("owner_type", "owner_id", "position", "value", "unit", "label"),
    "citations": ("owner_type", "owner_id", "reference_id"),
    "provenance": ("owner_type", "owner_id", "position", "source_id", "locator"),
    "matrix_links": ("age_group", "risk_factor_id", "level_id", "intervention_id", "starred"),
    "crossrefs": ("age_group", "mark", "risk_factor_id", "level_id", "intervention_id", "text"),
    "conclusions": ("id", "source_id", "kind", "title", "text"),
    "conclusion_interventions": ("conclusion_id", "intervention_id"),
    "conclusion_topics": ("conclusion_id", "topic"),
    # The search tables belong to evidence/search.py, which changes them with its ranking: only
    # their presence is required here (a search on an older index fails as damage, exit 3).
    "search_index": (),
    "search_targets": (),
}
REQUIRED_META = ("schema_version", "data_version", "built")

REINSTALL = "Bed IT om at geninstallere Evidenshåndbogen."
REBUILD = ("Byg den igen med 'evidens build-db', eller start uden --db for at bruge den "
           "indbyggede database.")


class DatabaseError(Exception):
    """A database problem a user can meet; the message is Danish and fit to show as it is."""


@dataclass(frozen=True)
class DatabaseInfo:
    path: Path
    data_version: str
    built: str
    title: str


def _what_to_do(bundled: bool) -> str:
    return REINSTALL if bundled else REBUILD


def open_database(path: Path | None = None, *, verify: bool = True) -> sqlite3.Connection:
    """Return a read-only connection, or raise DatabaseError with a message for the user.

    ``verify=False`` skips the checksum, schema and page checks: only for the self-test, which
    runs those checks itself and reports each of them on its own line.
    """
    bundled = path is None
    path = Path(path) if path is not None else bundled_database()
    name = "Evidensdatabasen" if bundled else f"Databasen {path}"
    try:
        is_dir, is_file = path.is_dir(), path.is_file()
    except (OSError, ValueError):  # a path too long even to look at, or with a NUL in it
        is_dir = is_file = False
    if is_dir:
        raise DatabaseError(f"{path} er en mappe, ikke en evidensdatabase. Angiv selve "
                            "databasefilen (fx evidens.sqlite).")
    if not is_file:
        hint = (" Kør 'evidens build-db' for at bygge den, eller bed IT om at geninstallere "
                "Evidenshåndbogen." if bundled else " Kontrollér stien.")
        raise DatabaseError(f"Evidensdatabasen findes ikke: {path}.{hint}")
    try:
        if verify:
            verify_checksum(path, required=bundled)
    except OSError:
        raise DatabaseError(f"{name} kan ikke læses: der er ikke adgang til filen. "
                            f"{_what_to_do(bundled)}") from None
    except ValueError as exc:
        raise DatabaseError(f"{name} er ændret eller beskadiget: {exc}. {_what_to_do(bundled)}"
                            ) from None
    uri = path.resolve().as_uri() + ("?immutable=1" if bundled else "?mode=ro")
    conn = None
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        problem = _schema_problem(conn, check_pages=not bundled, full=verify)
    except (sqlite3.Error, UnicodeDecodeError):
        problem = "damaged"
    if problem is None:
        return conn
    if conn is not None:
        conn.close()
    if problem == "version":
        raise DatabaseError(f"{name} har et format, denne version af Evidenshåndbogen ikke "
                            f"kender. {_what_to_do(bundled)}")
    if problem == "damaged":
        raise DatabaseError(f"{name} er ikke en gyldig evidensdatabase, eller den er "
                            f"beskadiget. {_what_to_do(bundled)}")
    raise DatabaseError(f"{name} er lavet af en ældre eller anden version af "
                        f"Evidenshåndbogen: {problem} mangler. {_what_to_do(bundled)}")


def _schema_problem(conn: sqlite3.Connection, check_pages: bool, full: bool = True
                    ) -> str | None:
    """None when the database has what the program reads; otherwise what is wrong, in Danish
    (or "version" / "damaged"). SQLite errors propagate (the caller calls them damage)."""
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "meta" not in tables:
        return "damaged"
    meta = {r[0]: r[1] for r in conn.execute("SELECT key, value FROM meta")}
    if meta.get("schema_version") != SCHEMA_VERSION:
        return "version"
    if not full:
        return None
    missing_meta = [k for k in REQUIRED_META if not isinstance(meta.get(k), str)]
    if missing_meta:
        return f"oplysningen »{missing_meta[0]}« i tabellen meta"
    for table, columns in REQUIRED_SCHEMA.items():
        if table not in tables:
            return f"tabellen »{table}«"
        present = {r[1] for r in conn.execute(f"PRAGMA table_info('{table}')")}
        for column in columns:
            if column not in present:
                return f"kolonnen »{column}« i tabellen »{table}«"
    if check_pages and [r[0] for r in conn.execute("PRAGMA quick_check")] != ["ok"]:
        return "damaged"
    return None


def verify_checksum(path: Path, required: bool = False) -> bool:
    """Compare ``path`` with the sha256 in the manifest beside it.

    True when it matches; False when there is no readable manifest for this file and
    ``required`` is false; ValueError (a Danish reason) when it differs, or when the manifest is
    required and missing. OSError when the database itself cannot be read.
    """
    manifest_path = path.with_name(MANIFEST_NAME)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        if required:
            raise ValueError("filen med dens kontrolsum (manifest.json) mangler eller kan ikke "
                             "læses") from None
        return False
    if not isinstance(manifest, dict) or manifest.get("database") != path.name:
        if required:
            raise ValueError("filen med dens kontrolsum (manifest.json) hører til en anden "
                             "database")
        return False
    with path.open("rb") as fh:  # one reused buffer: no fresh megabyte per block at start-up
        digest = hashlib.file_digest(fh, "sha256")
    if digest.hexdigest() != manifest.get("sha256"):
        raise ValueError("dens kontrolsum passer ikke med den, der blev gemt, da den blev "
                         "bygget")
    return True


def database_info(conn: sqlite3.Connection) -> DatabaseInfo:
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    path = Path(conn.execute("PRAGMA database_list").fetchone()[2])
    return DatabaseInfo(path, meta["data_version"], meta["built"], meta.get("title", ""))
