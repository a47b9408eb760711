"""Build the SQLite evidence database from the validated source data.

The database is written with sqlite-utils into a temporary file beside the target and renamed into
place only when it is complete and passes SQLite's integrity check, so a failed or interrupted build
never leaves a half-written database (and never touches the one that is already there).

The schema is normalised (one row per alias, element, figure, citation ...) so that the query layer
can answer every question with plain SQL; ``export_json`` puts records back together.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from evidens.evidence import effects, source_data

from .stemming import fold, index_tokens, words
from .synonyms import Thesaurus

SCHEMA_VERSION = 3  # 2: labels, structured effects, summaries, curator notes; 3: search fields,
# synonyms, search_context (an older database would fail at its first search)
FTS_TOKENIZE = "unicode61 remove_diacritics 0"
# A hit on a conclusion or a barrier counts this much for the interventions it points to.
INDIRECT_FACTOR = 0.35


@dataclass(frozen=True)
class BuildReport:
    path: Path
    data_version: str
    counts: dict[str, int]


def content_hash(root: Path) -> str:
    """A short hash of every source file, so two different data sets never share a version."""
    digest = hashlib.sha256()
    for path in sorted(root.glob("*.toml")) + sorted(root.glob("*/*.toml")):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


class ManifestInTheWay(Exception):
    """A ``manifest.json`` beside the target belongs to something else; the message is Danish."""


def check_manifest_slot(target: Path) -> None:
    """Refuse to build when ``manifest.json`` beside ``target`` is not one of ours for it.

    ``--output`` may point into a folder that holds another program's manifest.json; replacing
    it would break that program. Ours is a JSON object naming this database and its sha256.
    """
    manifest = target.with_name("manifest.json")
    if not manifest.exists() and not manifest.is_symlink():
        return
    try:
        body = json.loads(manifest.read_text(encoding="utf-8"))
        ours = isinstance(body, dict) and body.get("database") == target.name and \
            isinstance(body.get("sha256"), str)
    except (OSError, ValueError):
        ours = False
    if not ours:
        raise ManifestInTheWay(
            f"{manifest} findes allerede og hører ikke til {target.name}, så databasen er ikke "
            "bygget (filen ville blive overskrevet). Vælg en anden mappe til --output, eller "
            "flyt manifest.json væk.")


def build(root: Path, target: Path) -> BuildReport:
    """Validate ``root`` and (re)build ``target`` atomically. Raises SourceDataError on bad data
    and ManifestInTheWay when a foreign manifest.json sits beside ``target``."""
    check_manifest_slot(target)
    data = source_data.load(root)
    version = f"{data.meta['data_version']}+{content_hash(root)}"
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    db = None
    try:
        db = sqlite_utils.Database(tmp)
        counts = _write(db, data, version)
        db.conn.commit()
        check = db.execute("PRAGMA integrity_check").fetchone()[0]
        db.execute("VACUUM")
        db.close()
        db = None
        if check != "ok":
            raise sqlite3.DatabaseError(f"integrity_check: {check}")
        os.replace(tmp, target)
    finally:
        if db is not None:  # failed half-way: close first, or its journal file stays behind
            db.close()
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + "-journal").unlink(missing_ok=True)
    write_manifest(target, version)
    return BuildReport(target, version, counts)


def write_manifest(database: Path, version: str) -> Path:
    """Record the database's checksum so a self-test can tell a damaged copy from a good one."""
    manifest = database.with_name("manifest.json")
    body = {
        "database": database.name,
        "sha256": hashlib.sha256(database.read_bytes()).hexdigest(),
        "data_version": version,
    }
    tmp = manifest.with_name(f".{manifest.name}.tmp")
    tmp.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, manifest)
    return manifest


def index_text(text: str, thesaurus: Thesaurus) -> tuple[str, str]:
    """One field as the search index stores it: its folded words and stems, and the words that
    the synonym list relates to them (kept apart, so that the words a record itself uses rank
    above a synonym in the same place)."""
    written = words(text)
    tokens = [t for w in written for t in index_tokens(w)]
    return " ".join(tokens), " ".join(thesaurus.expansion([fold(w) for w in written]))


def link_id(d: dict) -> str:
    """A matrix link's or cross-reference's identity: group/risk factor/level/intervention."""
    return "/".join(d[k] for k in ("_group", "risk_factor", "level", "intervention"))


def _create_tables(db: sqlite_utils.Database) -> None:
    """Create every child table up front, so an empty kind of record still gives its table."""
    text, num = str, int
    tables = {
        "barrier_sources": {"barrier_id": text, "footnote": num, "label": text,
                            "reference_id": text},
        "intervention_aliases": {"intervention_id": text, "position": num, "alias": text},
        "intervention_elements": {"intervention_id": text, "position": num, "text": text},
        "intervention_tags": {"intervention_id": text, "tag": text},
        "samples": {"intervention_id": text, "position": num, "n": num, "text": text,
                    "source_id": text, "locator": text, "note": text, "curator_note": text},
        "matrix_links": {"age_group": text, "risk_factor_id": text, "level_id": text,
                         "intervention_id": text, "starred": num, "note": text,
                         "curator_note": text},
        "crossrefs": {"age_group": text, "mark": text, "risk_factor_id": text, "level_id": text,
                      "intervention_id": text, "text": text, "note": text,
                      "curator_note": text},
        "conclusion_interventions": {"conclusion_id": text, "intervention_id": text},
        "conclusion_topics": {"conclusion_id": text, "topic": text},
        "figures": {"owner_type": text, "owner_id": text, "position": num, "value": float,
                    "unit": text, "label": text, "text": text},
        "citations": {"owner_type": text, "owner_id": text, "reference_id": text},
        "provenance": {"owner_type": text, "owner_id": text, "position": num,
                       "source_id": text, "locator": text},
    }
    for name, columns in tables.items():
        db[name].create(columns)
    db["results"].create({"id": text, "intervention_id": text, "position": num, "outcome": text,
                          "text": text, "source_id": text, "locator": text,
                          "direction": text, "design": text, "headline": num, "quote": text,
                          "quote_source_id": text, "quote_locator": text, "note": text,
                          "curator_note": text}, pk="id")
    db["conclusions"].create({"id": text, "source_id": text, "kind": text, "number": num,
                              "title": text, "text": text, "period": text, "target_group": text,
                              "design": text, "quote": text, "quote_locator": text,
                              "note": text, "curator_note": text}, pk="id")


@dataclass(frozen=True)
class _EffectRow:
    """The fields of a TOML result that :mod:`effects` reads."""

    outcome: str
    direction: str | None
    design: str | None
    headline: bool


def _effect_rows(results: list[dict]) -> list[_EffectRow]:
    return [_EffectRow(r["outcome"], r.get("direction"), r.get("design"),
                       bool(r.get("headline", False))) for r in results]


def _prov(rows: list, owner_type: str, owner_id: str, provenance: list[dict]) -> None:
    rows.extend(
        {"owner_type": owner_type, "owner_id": owner_id, "position": i,
         "source_id": p["source"], "locator": p["locator"]}
        for i, p in enumerate(provenance)
    )


def _cite(rows: list, owner_type: str, owner_id: str, refs: list[str]) -> None:
    rows.extend({"owner_type": owner_type, "owner_id": owner_id, "reference_id": r} for r in refs)


def _figures(rows: list, owner_type: str, owner_id: str, figures: list[dict]) -> None:
    rows.extend(
        {"owner_type": owner_type, "owner_id": owner_id, "position": i, "value": f["value"],
         "unit": f["unit"], "label": f["label"], "text": f.get("text")}
        for i, f in enumerate(figures)
    )


def _write(db: sqlite_utils.Database, data: source_data.SourceData, version: str) -> dict[str, int]:
    prov: list[dict] = []
    cites: list[dict] = []
    figures: list[dict] = []
    d = {kind: [r.data for r in recs] for kind, recs in data.records.items()}
    _create_tables(db)

    built = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    db["meta"].insert_all(
        [{"key": "data_version", "value": version}, {"key": "built", "value": built},
         {"key": "schema_version", "value": str(SCHEMA_VERSION)},
         {"key": "title", "value": data.meta.get("title", "Evidenshåndbogen")}], pk="key")
    db["vocabulary"].insert_all(
        [{"kind": k, "key": key, "label": label} for k, v in data.vocabulary.items()
         for key, label in v.items()], pk=("kind", "key"))

    for s in d.get("source", []):
        db["sources"].insert({k: s.get(k) for k in
                              ("id", "file", "label", "title", "publisher", "year", "kind", "note",
                               "curator_note")},
                             pk="id", columns={"year": int, "note": str, "curator_note": str})
        _prov(prov, "source", s["id"], s["provenance"])
    for lv in d.get("level", []):
        db["levels"].insert({k: lv.get(k) for k in ("id", "name", "short_name", "position",
                                                    "definition", "quote", "quote_locator")},
                            pk="id")
        _prov(prov, "level", lv["id"], lv["provenance"])
        _cite(cites, "level", lv["id"], lv.get("references", []))
    for r in d.get("reference", []):
        db["bibliography"].insert({k: r.get(k) for k in ("id", "citation", "kind", "note",
                                                         "curator_note", "url")},
                                  pk="id", columns={"kind": str, "note": str, "curator_note": str,
                                                    "url": str})
        _prov(prov, "reference", r["id"], r["provenance"])
    for c in d.get("category", []):
        db["categories"].insert({"id": c["id"], "age_group": c["group"], "name": c["name"],
                                 "position": c["position"]}, pk="id")
        _prov(prov, "category", c["id"], c["provenance"])
    for rf in d.get("risk_factor", []):
        db["risk_factors"].insert(
            {"id": rf["id"], "age_group": rf["group"], "category_id": rf["category"],
             "name": rf["name"], "position": rf["position"], "in_matrix": rf["in_matrix"],
             "table_names": json.dumps(rf.get("table_names", {}), ensure_ascii=False),
             "note": rf.get("note"), "curator_note": rf.get("curator_note")}, pk="id",
            foreign_keys=[("category_id", "categories")],
            columns={"note": str, "curator_note": str})
        _prov(prov, "risk_factor", rf["id"], rf["provenance"])

    footnotes = {(r.file, r.data["number"]): r.data for r in data.all("footnote")}
    barrier_sources = []
    for pos, rec in enumerate(data.all("barrier")):
        b = rec.data
        db["barriers"].insert(
            {"id": b["id"], "age_group": b["_group"], "risk_factor_id": b["risk_factor"],
             "level_id": b["level"], "position": pos, "text": b["text"], "note": b.get("note"),
             "curator_note": b.get("curator_note")},
            pk="id", columns={"note": str, "curator_note": str},
            foreign_keys=[("risk_factor_id", "risk_factors"), ("level_id", "levels")])
        _prov(prov, "barrier", b["id"], b["provenance"])
        for n in b["footnotes"]:
            fn = footnotes[(rec.file, n)]
            barrier_sources.append({"barrier_id": b["id"], "footnote": n, "label": fn["label"],
                                    "reference_id": fn["reference"]})
    db["barrier_sources"].insert_all(barrier_sources)

    aliases, elements, tags, samples, results = [], [], [], [], []
    for iv in sorted(d.get("intervention", []), key=lambda x: x["id"]):
        iid = iv["id"]
        db["interventions"].insert(
            {"id": iid, "kind": iv["kind"], "age_group": iv["group"], "name": iv["name"],
             "short_name": iv.get("short_name") or iv["name"],
             "table_number": iv.get("table_number"), "evidence": iv["evidence"],
             "evidence_wording": iv["evidence_wording"], "purpose": iv["purpose"],
             "target_group": iv["target_group"], "evaluation_design": iv["evaluation_design"],
             "status": iv["status"], "status_year": iv.get("status_year"),
             "status_text": iv.get("status_text"), "summary": iv.get("summary"),
             "strength": effects.strength(_effect_rows(iv["result"])),
             "note": iv.get("note"), "curator_note": iv.get("curator_note")},
            pk="id", columns={"table_number": int, "status_year": int, "status_text": str,
                              "summary": str, "strength": int, "note": str,
                              "curator_note": str})
        aliases += [{"intervention_id": iid, "position": i, "alias": a}
                    for i, a in enumerate(iv.get("aliases", []))]
        elements += [{"intervention_id": iid, "position": i, "text": e}
                     for i, e in enumerate(iv["elements"])]
        tags += [{"intervention_id": iid, "tag": t} for t in iv["element_tags"]]
        own_source = iv["provenance"][0]["source"]
        samples += [{"intervention_id": iid, "position": i, "n": s.get("n"), "text": s["text"],
                     "source_id": s.get("source", own_source), "locator": s.get("locator"),
                     "note": s.get("note"), "curator_note": s.get("curator_note")}
                    for i, s in enumerate(iv.get("sample", []))]
        for i, res in enumerate(iv["result"]):
            rid = f"{iid}/{i + 1}"
            # the record's own source unless the result names another; a quote is in the
            # result's source unless it names its own
            source = res.get("source", own_source)
            results.append({"id": rid, "intervention_id": iid, "position": i,
                            "outcome": res["outcome"], "text": res["text"],
                            "source_id": source, "locator": res.get("locator"),
                            "direction": res.get("direction"), "design": res.get("design"),
                            "headline": bool(res.get("headline", False)),
                            "quote": res.get("quote"),
                            "quote_source_id": res.get("quote_source", source)
                            if res.get("quote") else None,
                            "quote_locator": res.get("quote_locator"), "note": res.get("note"),
                            "curator_note": res.get("curator_note")})
            _figures(figures, "result", rid, res.get("figure", []))
            _cite(cites, "result", rid, res.get("references", []))
        _prov(prov, "intervention", iid, iv["provenance"])
        _cite(cites, "intervention", iid, iv.get("references", []))
    db["intervention_aliases"].insert_all(aliases)
    db["intervention_elements"].insert_all(elements)
    db["intervention_tags"].insert_all(tags)
    db["samples"].insert_all(samples)
    db["results"].insert_all(results)

    links = [{"age_group": r.data["_group"], "risk_factor_id": r.data["risk_factor"],
              "level_id": r.data["level"], "intervention_id": r.data["intervention"],
              "starred": r.data["starred"], "note": r.data.get("note"),
              "curator_note": r.data.get("curator_note")}
             for r in data.all("link")]
    db["matrix_links"].insert_all(links)
    for r in data.all("link"):
        _prov(prov, "link", link_id(r.data), r.data["provenance"])
    for r in data.all("crossref"):
        _prov(prov, "crossref", link_id(r.data), r.data["provenance"])
    db["crossrefs"].insert_all(
        [{"age_group": r.data["_group"], "mark": r.data["mark"],
          "risk_factor_id": r.data["risk_factor"], "level_id": r.data["level"],
          "intervention_id": r.data["intervention"], "text": r.data["text"],
          "note": r.data.get("note"), "curator_note": r.data.get("curator_note")}
         for r in data.all("crossref")])

    c_iv, c_topics = [], []
    for c in d.get("conclusion", []):
        db["conclusions"].insert(
            {k: c.get(k) for k in ("id", "kind", "number", "title", "text", "period",
                                   "target_group", "design", "quote", "quote_locator", "note",
                                   "curator_note")}
            | {"source_id": c["source"]})
        c_iv += [{"conclusion_id": c["id"], "intervention_id": i} for i in c["interventions"]]
        c_topics += [{"conclusion_id": c["id"], "topic": t} for t in c["topics"]]
        _figures(figures, "conclusion", c["id"], c.get("figure", []))
        _cite(cites, "conclusion", c["id"], c.get("references", []))
        _prov(prov, "conclusion", c["id"], c["provenance"])
    db["conclusion_interventions"].insert_all(c_iv)
    db["conclusion_topics"].insert_all(c_topics)

    db["figures"].insert_all(figures)
    db["citations"].insert_all(cites)
    db["provenance"].insert_all(prov)

    for table, cols in {
        "barriers": ["risk_factor_id", "level_id"], "matrix_links": ["intervention_id"],
        "intervention_aliases": ["intervention_id"], "intervention_elements": ["intervention_id"],
        "results": ["intervention_id"], "figures": ["owner_type", "owner_id"],
        "citations": ["owner_type", "owner_id"], "provenance": ["owner_type", "owner_id"],
        "conclusion_interventions": ["intervention_id"],
        # Read once per card: without these the handbook of 10,000 records scans both tables
        # for every card (issue 16 item 12).
        "intervention_tags": ["intervention_id"], "samples": ["intervention_id"],
        "crossrefs": ["intervention_id"],
    }.items():
        db[table].create_index(cols, if_not_exists=True)
    db["matrix_links"].create_index(["age_group", "risk_factor_id", "level_id"],
                                    if_not_exists=True)
    _build_search_index(db, data.synonyms)
    return {t: db[t].count for t in ("sources", "levels", "risk_factors", "barriers",
                                     "interventions", "matrix_links", "crossrefs", "conclusions",
                                     "bibliography", "results", "figures")}


def _build_search_index(db: sqlite_utils.Database, thesaurus: Thesaurus) -> None:
    """One FTS5 document per intervention, conclusion and barrier, in three weighted fields.

    ``name`` (name, short name, aliases) counts most, then ``lead`` (target group, purpose,
    "Kort fortalt"), then ``body`` (design, elements, results and the notes a reader sees;
    never the curators' notes). Every word is stored folded (no æ, ø, å: see
    :mod:`evidens.evidence.stemming`) together with its folded Danish stem. Each field has a
    ``*_related`` twin with the words that ``db/synonyms.toml`` relates to the words it holds
    (:mod:`evidens.evidence.synonyms`): a synonym in a name ranks like a word in the target
    group, a synonym there like a word in the body. Conclusions and barriers point back to the
    interventions they concern, which is how a search for a barrier finds the interventions that
    address it.

    Interventions and tools are in ``search_index``; conclusions and barriers, which count for
    the interventions they concern, in ``search_context`` (a small table, so a common word is
    ranked there in no time), with rowids after the interventions'. The tables hold only text:
    what a document is and which interventions it counts for lives in ``search_targets``, keyed
    by the document's FTS rowid, so that ranking reads nothing but the index and only the
    winners are looked up. The index is contentless (``content=''``): nothing
    reads its text back, and bm25 needs only the token counts. Prefix indexes for one to six
    characters keep every keystroke of search-as-you-type fast, not only the first three.
    """
    for table in ("search_index", "search_context"):
        db.execute(
            f"CREATE VIRTUAL TABLE {table} USING fts5(name, lead, body, name_related,"
            " lead_related, body_related, content='',"
            f" tokenize='{FTS_TOKENIZE}', prefix='1 2 3 4 5 6')")
    docs = []

    def texts(sql: str, iid: str) -> list[str]:
        return [r[0] for r in db.execute(sql, [iid]).fetchall() if r[0]]

    # Strongest evidence first: the search takes the first 200 matches of a tier in rowid
    # order, so on a large database a common word costs 200 documents, not every match.
    for iv in db.query("SELECT * FROM interventions ORDER BY strength DESC, name"):
        iid = iv["id"]
        names = [iv["name"], iv["short_name"]] + texts(
            "SELECT alias FROM intervention_aliases WHERE intervention_id = ?", iid)
        lead = [iv["target_group"], iv["purpose"], iv.get("summary") or ""]
        body = [iv["evaluation_design"], iv.get("note") or ""]
        body += texts("SELECT text FROM intervention_elements WHERE intervention_id = ?", iid)
        body += texts("SELECT text FROM results WHERE intervention_id = ?", iid)
        body += texts("SELECT note FROM results WHERE intervention_id = ?", iid)
        docs.append(("intervention", iid, " ; ".join(names), " ".join(lead), " ".join(body)))
    for c in db.query("SELECT * FROM conclusions"):
        docs.append(("conclusion", c["id"], c["title"], c.get("target_group") or "", c["text"]))
    for b in db.query("SELECT b.*, r.name AS rf FROM barriers b "
                      "JOIN risk_factors r ON r.id = b.risk_factor_id"):
        docs.append(("barrier", b["id"], b["rf"], "", b["text"]))
    rows: dict[str, list] = {"search_index": [], "search_context": []}
    for rowid, (kind, _i, *fields) in enumerate(docs, start=1):
        indexed = [index_text(f, thesaurus) for f in fields]
        table = "search_index" if kind == "intervention" else "search_context"
        rows[table].append((rowid, *(t for t, _r in indexed), *(r for _t, r in indexed)))
    for table, values in rows.items():
        db.conn.executemany(
            f"INSERT INTO {table} (rowid, name, lead, body, name_related, lead_related,"
            " body_related) VALUES (?, ?, ?, ?, ?, ?, ?)", values)
    db.execute("CREATE TEMP TABLE search_docs (doc INTEGER PRIMARY KEY, entity_type TEXT, "
               "entity_id TEXT)")
    db.conn.executemany("INSERT INTO search_docs VALUES (?, ?, ?)",
                        [(rowid, t, i) for rowid, (t, i, *_f) in enumerate(docs, start=1)])
    # Which interventions each document counts for, resolved once here so that a search is a
    # single query: an intervention counts for itself, a conclusion for the interventions it
    # concerns, a barrier for the interventions that address its cell. ``factor`` is the weight
    # of the document's score for that intervention (a hit on the intervention itself counts
    # fully, one on a conclusion or a barrier less).
    db.execute("CREATE TABLE search_targets (doc INTEGER, intervention_id TEXT, "
               "entity_type TEXT, factor REAL, PRIMARY KEY (doc, intervention_id)) WITHOUT ROWID")
    db.execute("INSERT INTO search_targets SELECT d.doc, d.entity_id, d.entity_type, 1.0 "
               "FROM search_docs d WHERE d.entity_type = 'intervention'")
    db.execute("INSERT OR IGNORE INTO search_targets SELECT d.doc, c.intervention_id, "
               f"d.entity_type, {INDIRECT_FACTOR} FROM search_docs d "
               "JOIN conclusion_interventions c ON c.conclusion_id = d.entity_id "
               "WHERE d.entity_type = 'conclusion'")
    db.execute("INSERT OR IGNORE INTO search_targets SELECT d.doc, m.intervention_id, "
               f"d.entity_type, {INDIRECT_FACTOR} FROM search_docs d "
               "JOIN barriers b ON b.id = d.entity_id "
               "JOIN matrix_links m ON m.risk_factor_id = b.risk_factor_id "
               "AND m.level_id = b.level_id WHERE d.entity_type = 'barrier'")
    # The other way round, for the search's common case: the best-placed interventions are
    # known, and only what counts for them is summed (search._ranked).
    db.execute("CREATE INDEX search_targets_by_intervention ON search_targets "
               "(intervention_id, entity_type, factor)")
