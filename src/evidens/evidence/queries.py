"""The query layer: the only module (with ``search``) that runs SQL.

Plain functions over a read-only connection that return the frozen dataclasses of
:mod:`evidens.evidence.records`. No Qt here: the desktop app, the briefs, the CLI and the JSON
export all stand on these functions, so they show the same facts.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable

from .names import Candidate
from .records import (
    EVIDENCE_ORDER,
    Barrier,
    BarrierSource,
    Category,
    CellRef,
    Conclusion,
    CrossRef,
    Figure,
    Intervention,
    InterventionSummary,
    Level,
    Matrix,
    MatrixCell,
    MatrixLink,
    Provenance,
    Reference,
    Result,
    RiskFactor,
    Sample,
    Source,
)


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


def sources(conn: sqlite3.Connection) -> list[Source]:
    return [Source(r["id"], r["file"], r["title"], r["publisher"], r["year"], r["kind"], r["note"],
                   r["label"], r["curator_note"])
            for r in _rows(conn, "SELECT * FROM sources ORDER BY file")]


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


def _reference(r: sqlite3.Row) -> Reference:
    return Reference(r["id"], r["citation"], r["kind"], r["note"], r["curator_note"])


def references(conn: sqlite3.Connection) -> list[Reference]:
    return [_reference(r) for r in _rows(conn, "SELECT * FROM bibliography ORDER BY citation")]


def _references_for(conn, owner_type: str, owner_id: str) -> tuple[Reference, ...]:
    return tuple(_reference(r) for r in _rows(
        conn, "SELECT b.* FROM citations c JOIN bibliography b ON b.id = c.reference_id "
              "WHERE c.owner_type = ? AND c.owner_id = ? ORDER BY c.rowid", [owner_type, owner_id]))


def _figures_for(conn, owner_type: str, owner_id: str) -> tuple[Figure, ...]:
    return tuple(Figure(r["value"], r["unit"], r["label"]) for r in _rows(
        conn, "SELECT * FROM figures WHERE owner_type = ? AND owner_id = ? ORDER BY position",
        [owner_type, owner_id]))


def provenance(conn, owner_type: str, owner_id: str) -> tuple[Provenance, ...]:
    return tuple(Provenance(r["source_id"], r["title"], r["file"], r["locator"], r["label"])
                 for r in _rows(
        conn, "SELECT p.source_id, p.locator, s.title, s.file, s.label FROM provenance p "
              "JOIN sources s ON s.id = p.source_id WHERE p.owner_type = ? AND p.owner_id = ? "
              "ORDER BY p.position", [owner_type, owner_id]))


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
    chosen = "SELECT id FROM interventions" + (
        " WHERE " + " AND ".join(conditions) if conditions else "")
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
           for r in _rows(conn, f"SELECT * FROM interventions WHERE id IN ({chosen})", params)]
    out.sort(key=lambda s: (s.group != "adult", s.kind != "intervention",
                            EVIDENCE_ORDER[s.evidence], s.name.casefold()))
    return out


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
    return [Candidate(s.id, f"{s.name} ({s.id})", (s.id, s.name, s.short_name, *s.aliases))
            for s in interventions(conn, group=group)]


def risk_factor_candidates(conn: sqlite3.Connection, group: str) -> list[Candidate]:
    """Risk factors by id, short id, name, and every table's own wording of the row."""
    wordings = {r["id"]: json.loads(r["table_names"] or "{}").values() for r in _rows(
        conn, "SELECT id, table_names FROM risk_factors WHERE age_group = ?", [group])}
    out = []
    for rf in risk_factors(conn, group, matrix_only=True):
        short = rf.id.split("-", 1)[1]
        out.append(Candidate(rf.id, f"{rf.name} ({rf.id})",
                             (rf.id, short, rf.name, *wordings.get(rf.id, ()))))
    return out


def intervention(conn: sqlite3.Connection, intervention_id: str) -> Intervention | None:
    """One intervention or tool with everything the card shows, or None if the id is unknown."""
    r = conn.execute("SELECT * FROM interventions WHERE id = ?", [intervention_id]).fetchone()
    if r is None:
        return None
    iid = r["id"]
    aliases = list(_column(conn, "SELECT alias FROM intervention_aliases "
                                 "WHERE intervention_id = ? ORDER BY position", [iid]))
    cell_rows = _rows(
        conn, "SELECT m.*, rf.name AS rf_name, lv.name AS lv_name FROM matrix_links m "
              "JOIN risk_factors rf ON rf.id = m.risk_factor_id "
              "JOIN levels lv ON lv.id = m.level_id WHERE m.intervention_id = ? "
              "ORDER BY m.age_group, rf.position, lv.position", [iid])
    summary = _summary(r, aliases, {(c["risk_factor_id"], c["level_id"]) for c in cell_rows})
    outcomes = vocabulary(conn, "outcomes")
    results = tuple(
        Result(x["outcome"], outcomes.get(x["outcome"], x["outcome"]), x["text"],
               x["source_id"], x["source_title"], x["locator"],
               x["quote"], x["quote_locator"], _figures_for(conn, "result", x["id"]),
               _references_for(conn, "result", x["id"]), source_label=x["source_label"],
               direction=x["direction"], design=x["design"], headline=bool(x["headline"]),
               note=x["note"], curator_note=x["curator_note"],
               quote_source_id=x["quote_source_id"], quote_source_label=x["quote_label"] or "")
        for x in _rows(conn, "SELECT r.*, s.title AS source_title, s.label AS source_label, "
                             "q.label AS quote_label FROM results r "
                             "JOIN sources s ON s.id = r.source_id "
                             "LEFT JOIN sources q ON q.id = r.quote_source_id "
                             "WHERE r.intervention_id = ? ORDER BY r.position", [iid]))
    tools = ()
    if summary.kind == "intervention":
        tools = tuple(interventions(conn, group=summary.group, kind="tool"))
    return Intervention(
        **summary.__dict__,
        evidence_wording=r["evidence_wording"], target_group=r["target_group"],
        elements=_column(conn, "SELECT text FROM intervention_elements "
                               "WHERE intervention_id = ? ORDER BY position", [iid]),
        element_tags=_column(conn, "SELECT tag FROM intervention_tags "
                                   "WHERE intervention_id = ? ORDER BY rowid", [iid]),
        evaluation_design=r["evaluation_design"], status_text=r["status_text"], note=r["note"],
        curator_note=r["curator_note"],
        samples=tuple(Sample(s["n"], s["text"], s["locator"], s["source_id"], s["label"],
                             s["note"], s["curator_note"]) for s in _rows(
            conn, "SELECT m.*, s.label FROM samples m JOIN sources s ON s.id = m.source_id "
                  "WHERE m.intervention_id = ? ORDER BY m.position", [iid])),
        results=results,
        references=_references_for(conn, "intervention", iid),
        provenance=provenance(conn, "intervention", iid),
        cells=tuple(CellRef(c["age_group"], c["risk_factor_id"], c["rf_name"], c["level_id"],
                            c["lv_name"], bool(c["starred"])) for c in cell_rows),
        crossrefs=tuple(_crossref(x) for x in _rows(
            conn, "SELECT * FROM crossrefs WHERE intervention_id = ?", [iid])),
        conclusions=tuple(conclusions(conn, intervention_id=iid)),
        related_tools=tools,
    )


def _crossref(r: sqlite3.Row) -> CrossRef:
    return CrossRef(r["age_group"], r["mark"], r["risk_factor_id"], r["level_id"],
                    r["intervention_id"], r["text"], r["note"], r["curator_note"])


def conclusions(conn: sqlite3.Connection, *, intervention_id: str | None = None,
                source_id: str | None = None, conclusion_id: str | None = None
                ) -> list[Conclusion]:
    sql = ("SELECT c.*, s.title AS source_title, s.label AS source_label FROM conclusions c "
           "JOIN sources s ON s.id = c.source_id WHERE (? IS NULL OR c.source_id = ?) "
           "AND (? IS NULL OR c.id = ?)")
    params: list = [source_id, source_id, conclusion_id, conclusion_id]
    if intervention_id is not None:
        sql += (" AND c.id IN (SELECT conclusion_id FROM conclusion_interventions "
                "WHERE intervention_id = ?)")
        params.append(intervention_id)
    sql += " ORDER BY s.file, c.number, c.id"
    out = []
    for r in _rows(conn, sql, params):
        cid = r["id"]
        out.append(Conclusion(
            id=cid, source_id=r["source_id"], source_title=r["source_title"], kind=r["kind"],
            number=r["number"], title=r["title"], text=r["text"], period=r["period"],
            target_group=r["target_group"], design=r["design"], quote=r["quote"],
            quote_locator=r["quote_locator"], note=r["note"],
            figures=_figures_for(conn, "conclusion", cid),
            intervention_ids=_column(conn, "SELECT intervention_id FROM conclusion_interventions "
                                           "WHERE conclusion_id = ? ORDER BY rowid", [cid]),
            topics=_column(conn, "SELECT topic FROM conclusion_topics "
                                 "WHERE conclusion_id = ? ORDER BY rowid", [cid]),
            references=_references_for(conn, "conclusion", cid),
            provenance=provenance(conn, "conclusion", cid), curator_note=r["curator_note"],
            source_label=r["source_label"]))
    return out


def conclusion(conn: sqlite3.Connection, conclusion_id: str) -> Conclusion | None:
    found = conclusions(conn, conclusion_id=conclusion_id)
    return found[0] if found else None


def barriers(conn: sqlite3.Connection, group: str | None = None) -> list[Barrier]:
    sources_by_barrier: dict[str, list[BarrierSource]] = defaultdict(list)
    for r in _rows(conn, "SELECT s.*, b.citation, b.kind, b.note AS ref_note, "
                         "b.curator_note AS ref_curator_note FROM barrier_sources s "
                         "JOIN bibliography b ON b.id = s.reference_id ORDER BY s.rowid"):
        sources_by_barrier[r["barrier_id"]].append(BarrierSource(
            r["footnote"], r["label"], Reference(r["reference_id"], r["citation"], r["kind"],
                                                 r["ref_note"], r["ref_curator_note"])))
    return [Barrier(r["id"], r["age_group"], r["risk_factor_id"], r["level_id"], r["text"],
                    tuple(sources_by_barrier[r["id"]]), r["note"], r["curator_note"])
            for r in _rows(conn, "SELECT * FROM barriers WHERE (? IS NULL OR age_group = ?) "
                                 "ORDER BY position", [group, group])]


def matrix_links(conn: sqlite3.Connection, group: str | None = None) -> list[MatrixLink]:
    return [MatrixLink(r["age_group"], r["risk_factor_id"], r["level_id"], r["intervention_id"],
                       bool(r["starred"]), r["note"], r["curator_note"])
            for r in _rows(conn, "SELECT * FROM matrix_links WHERE (? IS NULL OR age_group = ?) "
                                 "ORDER BY rowid", [group, group])]


def crossrefs(conn: sqlite3.Connection, group: str | None = None) -> list[CrossRef]:
    return [_crossref(r) for r in _rows(
        conn, "SELECT * FROM crossrefs WHERE (? IS NULL OR age_group = ?) ORDER BY rowid",
        [group, group])]


def matrix(conn: sqlite3.Connection, group: str, evidence_only: bool = False) -> Matrix:
    """The risk-factor × level matrix of one group: barriers and interventions in every cell."""
    lv = levels(conn)
    rfs = risk_factors(conn, group, matrix_only=True)
    summaries = {s.id: s for s in interventions(conn)}
    by_cell: dict[tuple[str, str], dict[str, list]] = defaultdict(
        lambda: {"barriers": [], "links": [], "crossrefs": []})
    for b in barriers(conn, group):
        by_cell[(b.risk_factor_id, b.level_id)]["barriers"].append(b)
    for link in matrix_links(conn, group):
        if evidence_only and summaries[link.intervention_id].evidence != "effect":
            continue
        by_cell[(link.risk_factor_id, link.level_id)]["links"].append(link)
    for x in crossrefs(conn, group):
        if evidence_only and summaries[x.intervention_id].evidence != "effect":
            continue
        by_cell[(x.risk_factor_id, x.level_id)]["crossrefs"].append(x)
    cells = {}
    for rf in rfs:
        for level in lv:
            found = by_cell[(rf.id, level.id)]
            links = sorted(found["links"], key=lambda m: (
                EVIDENCE_ORDER[summaries[m.intervention_id].evidence],
                summaries[m.intervention_id].table_number or 0))
            cells[(rf.id, level.id)] = MatrixCell(rf.id, level.id, tuple(found["barriers"]),
                                                  tuple(links), tuple(found["crossrefs"]))
    return Matrix(group, tuple(lv), tuple(categories(conn, group)), tuple(rfs), cells,
                  summaries)
