"""The whole evidence base as one JSON document: the public interchange format.

The shape is documented in ``docs/data-model.md``; it is built from the query layer (not from the
tables) so that it says exactly what the app shows.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from evidens.atomic_files import write_atomic
from evidens.evidence import effects, queries

from .records import Figure, Provenance, Reference

FORMAT_VERSION = 1


def _prov(items: tuple[Provenance, ...]) -> list[dict]:
    return [{"source": p.source_id, "locator": p.locator} for p in items]


def _figures(items: tuple[Figure, ...]) -> list[dict]:
    return [{"value": f.value, "unit": f.unit, "label": f.label, "display": f.display}
            for f in items]


def _refs(items: tuple[Reference, ...]) -> list[str]:
    return [r.id for r in items]


def evidence_base(conn: sqlite3.Connection) -> dict:
    meta = queries.meta(conn)
    out: dict = {
        "meta": {"data_version": meta["data_version"], "built": meta["built"],
                 "format_version": FORMAT_VERSION, "title": meta.get("title")},
        "sources": [
            {"id": s.id, "file": s.file, "label": s.label, "title": s.title,
             "publisher": s.publisher, "year": s.year, "kind": s.kind, "note": s.note,
             "curator_note": s.curator_note,
             "provenance": _prov(queries.provenance(conn, "source", s.id))}
            for s in queries.sources(conn)],
        "levels": [
            {"id": lv.id, "name": lv.name, "short_name": lv.short_name, "position": lv.position,
             "definition": lv.definition, "quote": lv.quote,
             "provenance": _prov(queries.provenance(conn, "level", lv.id))}
            for lv in queries.levels(conn)],
        "risk_factors": [
            {"id": r.id, "group": r.group, "category": r.category_name,
             "category_id": r.category_id, "name": r.name, "position": r.position,
             "in_matrix": r.in_matrix, "note": r.note, "curator_note": r.curator_note,
             "provenance": _prov(queries.provenance(conn, "risk_factor", r.id))}
            for r in queries.risk_factors(conn)],
        "barriers": [
            {"id": b.id, "group": b.group, "risk_factor": b.risk_factor_id, "level": b.level_id,
             "text": b.text, "note": b.note, "curator_note": b.curator_note,
             "sources": [{"footnote": s.footnote, "label": s.label, "reference": s.reference.id}
                         for s in b.sources],
             "provenance": _prov(queries.provenance(conn, "barrier", b.id))}
            for b in queries.barriers(conn)],
        "interventions": [],
        "matrix": [
            {"group": m.group, "risk_factor": m.risk_factor_id, "level": m.level_id,
             "intervention": m.intervention_id, "starred": m.starred, "note": m.note,
             "curator_note": m.curator_note}
            for m in queries.matrix_links(conn)],
        "matrix_crossrefs": [
            {"group": x.group, "mark": x.mark, "risk_factor": x.risk_factor_id,
             "level": x.level_id, "intervention": x.intervention_id, "text": x.text,
             "note": x.note, "curator_note": x.curator_note}
            for x in queries.crossrefs(conn)],
        "conclusions": [
            {"id": c.id, "source": c.source_id, "kind": c.kind, "number": c.number,
             "title": c.title, "text": c.text, "period": c.period,
             "target_group": c.target_group, "design": c.design, "quote": c.quote,
             "quote_locator": c.quote_locator, "note": c.note, "curator_note": c.curator_note,
             "figures": _figures(c.figures),
             "interventions": list(c.intervention_ids), "topics": list(c.topics),
             "references": _refs(c.references), "provenance": _prov(c.provenance)}
            for c in queries.conclusions(conn)],
        "references": [{"id": r.id, "citation": r.citation, "kind": r.kind, "note": r.note,
                        "curator_note": r.curator_note}
                       for r in queries.references(conn)],
        "vocabularies": {k: queries.vocabulary(conn, k)
                         for k in ("element_tags", "outcomes", "topics")}
        | {"directions": {k: t.display for k, t in effects.DIRECTIONS.items()},
           "designs": {k: t.label for k, t in effects.DESIGNS.items()}},
    }
    for summary in queries.interventions(conn):
        iv = queries.intervention(conn, summary.id)
        out["interventions"].append({
            "id": iv.id, "name": iv.name, "short_name": iv.short_name,
            "aliases": list(iv.aliases), "group": iv.group, "kind": iv.kind,
            "table_number": iv.table_number, "evidence": iv.evidence,
            "evidence_wording": iv.evidence_wording, "status": iv.status,
            "status_year": iv.status_year, "status_text": iv.status_text,
            "summary": iv.summary, "strength": iv.strength,
            "purpose": iv.purpose, "target_group": iv.target_group,
            "elements": list(iv.elements), "element_tags": list(iv.element_tags),
            "evaluation_design": iv.evaluation_design,
            "samples": [{"n": s.n, "text": s.text, "source": s.source_id, "locator": s.locator,
                         "note": s.note, "curator_note": s.curator_note} for s in iv.samples],
            "results": [{"outcome": r.outcome, "text": r.text, "source": r.source_id,
                         "locator": r.locator, "direction": r.direction, "design": r.design,
                         "headline": r.headline, "quote": r.quote,
                         "quote_source": r.quote_source_id, "quote_locator": r.quote_locator,
                         "figures": _figures(r.figures), "references": _refs(r.references),
                         "note": r.note, "curator_note": r.curator_note}
                        for r in iv.results],
            "references": _refs(iv.references), "note": iv.note, "curator_note": iv.curator_note,
            "provenance": _prov(iv.provenance),
        })
    return out


def export(conn: sqlite3.Connection, target: Path) -> Path:
    text = json.dumps(evidence_base(conn), ensure_ascii=False, indent=2)
    return write_atomic(target, text + "\n")
