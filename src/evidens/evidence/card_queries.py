"""What a card, a conclusion and a matrix read: the query layer's second half.

See :mod:`.queries` (which hands these functions out as ``queries.intervention`` and so on): kept
apart so the app's first frame, which shows only the list, does not wait for them or for the card
records they build.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict

from .card_records import (
    Barrier,
    BarrierSource,
    CellRef,
    Conclusion,
    CrossRef,
    Figure,
    Intervention,
    Matrix,
    MatrixCell,
    MatrixLink,
    Provenance,
    Reference,
    Result,
    Sample,
    Source,
)
from .queries import (
    _column,
    _rows,
    _summary,
    categories,
    interventions,
    levels,
    risk_factors,
    vocabulary,
)
from .records import EVIDENCE_ORDER


def sources(conn: sqlite3.Connection) -> list[Source]:
    return [Source(r["id"], r["file"], r["title"], r["publisher"], r["year"], r["kind"], r["note"],
                   r["label"], r["curator_note"])
            for r in _rows(conn, "SELECT * FROM sources ORDER BY file")]


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


def intervention(conn: sqlite3.Connection, intervention_id: str, *,
                 tool_lists: dict[str, tuple] | None = None) -> Intervention | None:
    """One intervention or tool with everything the card shows, or None if the id is unknown.

    ``tool_lists``: a dict the caller keeps across many cards (the handbook), so the group's
    tools every intervention card lists are read once, not once per card (on 10,000 records
    that was a quarter of a second per card).
    """
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
        if tool_lists is not None and summary.group in tool_lists:
            tools = tool_lists[summary.group]
        else:
            tools = tuple(interventions(conn, group=summary.group, kind="tool"))
            if tool_lists is not None:
                tool_lists[summary.group] = tools
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
