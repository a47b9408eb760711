"""The query layer: the only modules (with ``search``) that run SQL.

Plain functions over a read-only connection that return the frozen dataclasses of
:mod:`evidens.evidence.records`. No Qt here: the desktop app, the briefs, the CLI and the JSON
export all stand on these functions, so they show the same facts.

This module holds what the app's first screen reads (the list, the levels and risk factors of
the filters) and the name lookups; what a card, a conclusion or a matrix reads is in
:mod:`.card_queries`, with the card records, so the first frame does not wait for them
(docs/performance.md). ``queries.intervention``, ``queries.matrix`` and the rest still work: this
module hands them out on first use (PEP 562).
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from .records import EVIDENCE_ORDER, Category, InterventionSummary, Level, RiskFactor

# What card_queries holds; queries.<name> imports it on first use.
CARD_QUERIES = frozenset({
    "sources", "references", "provenance", "intervention", "conclusions", "conclusion",
    "barriers", "matrix_links", "crossrefs", "matrix",
})

if TYPE_CHECKING:
    from .names import Candidate


def __getattr__(name: str):
    if name in CARD_QUERIES:
        from . import card_queries

        return getattr(card_queries, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _rows(conn: sqlite3.Connection, sql: str, params: Iterable = ()) -> list[sqlite3.Row]:
    return conn.execute(sql, tuple(params)).fetchall()


def _column(conn: sqlite3.Connection, sql: str, params: Iterable = ()) -> tuple:
    """The first column of every row: a record's aliases, elements, tags, links ..."""
    return tuple(r[0] for r in conn.execute(sql, tuple(params)))


def meta(conn: sqlite3.Connection) -> dict[str, str]:
    return {r["key"]: r["value"] for r in _rows(conn, "SELECT key, value FROM meta")}


def vocabulary(conn: sqlite3.Connection, kind: str) -> dict[str, str]:
    return {r["key"]: r["label"] for r in
            _rows(conn, "SELECT key, label FROM vocabulary WHERE kind = ? ORDER BY rowid", [kind])}


def levels(conn: sqlite3.Connection) -> list[Level]:
    return [Level(r["id"], r["name"], r["short_name"], r["position"], r["definition"], r["quote"])
            for r in _rows(conn, "SELECT * FROM levels ORDER BY position")]


def categories(conn: sqlite3.Connection, group: str) -> list[Category]:
    return [Category(r["id"], r["age_group"], r["name"], r["position"]) for r in
            _rows(conn, "SELECT * FROM categories WHERE age_group = ? ORDER BY position", [group])]


def risk_factors(conn: sqlite3.Connection, group: str | None = None,
                 matrix_only: bool = False) -> list[RiskFactor]:
    sql = ("SELECT r.*, c.name AS category_name FROM risk_factors r "
           "JOIN categories c ON c.id = r.category_id WHERE (? IS NULL OR r.age_group = ?)")
    if matrix_only:
        sql += " AND r.in_matrix"
    sql += " ORDER BY r.age_group, r.position"
    return [RiskFactor(r["id"], r["age_group"], r["category_id"], r["category_name"], r["name"],
                       r["position"], bool(r["in_matrix"]), r["note"], r["curator_note"])
            for r in _rows(conn, sql, [group, group])]


def interventions(conn: sqlite3.Connection, *, group: str | None = None, kind: str | None = None,
                  evidence: str | None = None, status: str | None = None,
                  risk_factor: str | None = None, level: str | None = None,
                  ids: Iterable[str] | None = None) -> list[InterventionSummary]:
    """List interventions and tools, filtered; sorted by group, kind, evidence and name.

    The filters are applied in SQL, and aliases and matrix cells are read only for the rows
    chosen: a card's related tools, or search looking up its hits, cost what they return, not
    what the handbook holds.
    """
    conditions, params = [], []
    for column, value in (("age_group", group), ("kind", kind), ("evidence", evidence),
                          ("status", status)):
        if value is not None:
            conditions.append(f"{column} = ?")
            params.append(value)
    if ids is not None:
        wanted = list(dict.fromkeys(ids))
        conditions.append(f"id IN ({', '.join('?' * len(wanted))})" if wanted else "0")
        params += wanted
    for table, value in (("risk_factor_id", risk_factor), ("level_id", level)):
        if value is not None:
            conditions.append(f"id IN (SELECT intervention_id FROM matrix_links "
                              f"WHERE {table} = ?)")
            params.append(value)
    where = " WHERE " + " AND ".join(conditions) if conditions else ""
    chosen = "SELECT id FROM interventions" + where
    aliases: dict[str, list[str]] = defaultdict(list)
    for r in _rows(conn, "SELECT intervention_id, alias FROM intervention_aliases "
                         f"WHERE intervention_id IN ({chosen}) "
                         "ORDER BY intervention_id, position", params):
        aliases[r["intervention_id"]].append(r["alias"])
    cells: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in _rows(conn, "SELECT intervention_id, risk_factor_id, level_id FROM matrix_links "
                         f"WHERE intervention_id IN ({chosen})", params):
        cells[r["intervention_id"]].add((r["risk_factor_id"], r["level_id"]))
    out = [_summary(r, aliases[r["id"]], cells[r["id"]])
           for r in _rows(conn, f"SELECT {SUMMARY_COLUMNS} FROM interventions{where}", params)]
    out.sort(key=lambda s: (s.group != "adult", s.kind != "intervention",
                            EVIDENCE_ORDER[s.evidence], s.name.casefold()))
    return out


# What a summary row needs: a list or a search reads these, not the card's long texts.
SUMMARY_COLUMNS = ("id, kind, age_group, name, short_name, evidence, status, status_year, "
                   "table_number, purpose, summary, strength")


def _summary(r: sqlite3.Row, aliases: list[str], cells: set[tuple[str, str]]
             ) -> InterventionSummary:
    return InterventionSummary(
        id=r["id"], kind=r["kind"], group=r["age_group"], name=r["name"],
        short_name=r["short_name"], evidence=r["evidence"], status=r["status"],
        status_year=r["status_year"], table_number=r["table_number"], purpose=r["purpose"],
        aliases=tuple(aliases), risk_factor_ids=frozenset(c[0] for c in cells),
        level_ids=frozenset(c[1] for c in cells), summary=r["summary"], strength=r["strength"])


def intervention_candidates(conn: sqlite3.Connection, group: str | None = None
                            ) -> list[Candidate]:
    """Every intervention and tool with all the names a user may call it by."""
    from .names import Candidate  # for the command line's name lookups, not the app's start-up

    return [Candidate(s.id, f"{s.name} ({s.id})", (s.id, s.name, s.short_name, *s.aliases))
            for s in interventions(conn, group=group)]


def risk_factor_candidates(conn: sqlite3.Connection, group: str) -> list[Candidate]:
    """Risk factors by id, short id, name, and every table's own wording of the row."""
    from .names import Candidate

    wordings = {r["id"]: json.loads(r["table_names"] or "{}").values() for r in _rows(
        conn, "SELECT id, table_names FROM risk_factors WHERE age_group = ?", [group])}
    out = []
    for rf in risk_factors(conn, group, matrix_only=True):
        short = rf.id.split("-", 1)[1]
        out.append(Candidate(rf.id, f"{rf.name} ({rf.id})",
                             (rf.id, short, rf.name, *wordings.get(rf.id, ()))))
    return out
