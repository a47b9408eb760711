"""Subcommands over the evidence base itself: ``build-db``, ``export-json`` and ``search``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from evidens.atomic_files import describe
from evidens.evidence.database import open_database
from evidens.evidence.records import GROUP_LABELS

from .common import EXIT_DATA, EXIT_NOT_FOUND, EXIT_WRITE, CliError

# An empty sources.toml breaks every reference to a source: thousands of lines nobody reads. The
# first ones name the cause.
MAX_PROBLEMS_SHOWN = 100


def register(sub, common) -> None:
    build = sub.add_parser("build-db", help="valider kildedata og byg databasen")
    build.add_argument("--source", type=Path, metavar="MAPPE",
                       help="mappen med kildedata (standard: pakkens db/)")
    build.add_argument("--output", type=Path, metavar="FIL",
                       help="databasefilen (standard: db/evidens.sqlite)")
    build.add_argument("--check", action="store_true", help="valider kun; byg ikke")
    build.set_defaults(handler=_build_db)

    export = sub.add_parser("export-json", parents=[common],
                            help="gem hele evidensgrundlaget som én JSON-fil")
    export.add_argument("out", type=Path, metavar="FIL")
    export.set_defaults(handler=_export_json)

    search = sub.add_parser("search", parents=[common], help="søg i indsatser og redskaber")
    search.add_argument("query", metavar="SØGNING")
    search.add_argument("--group", choices=("adult", "youth"))
    search.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    search.add_argument("--curator", action="store_true",
                        help="vis kuratorens noter om, hvordan kilderne er læst, under hvert fund")
    search.set_defaults(handler=_search)


def _build_db(args) -> int:
    from evidens.evidence import build_db, source_data
    from evidens.resource_files import DATABASE_NAME, data_dir

    root = args.source or data_dir()
    target = args.output or root / DATABASE_NAME
    try:
        if args.check:
            data = source_data.load(root)
            total = sum(len(v) for v in data.records.values())
            print(f"Kildedata er i orden: {total} poster i {root}.")
            return 0
        report = build_db.build(root, target)
    except source_data.SourceDataError as exc:
        print(f"evidens: kildedata har {len(exc.problems)} fejl; databasen er ikke ændret:",
              file=sys.stderr)
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            print(f"  {problem}", file=sys.stderr)
        if len(exc.problems) > MAX_PROBLEMS_SHOWN:
            print(f"  … og {len(exc.problems) - MAX_PROBLEMS_SHOWN} fejl mere; ret de første, "
                  "og kør igen.", file=sys.stderr)
        return EXIT_DATA
    except build_db.ManifestInTheWay as exc:
        raise CliError(str(exc), EXIT_WRITE) from None
    except OSError as exc:
        raise CliError(describe(target, exc), EXIT_WRITE) from None
    counts = ", ".join(f"{k}: {v}" for k, v in report.counts.items())
    print(f"Byggede {report.path} (version {report.data_version}). {counts}")
    return 0


def _export_json(args) -> int:
    from evidens.evidence.export_json import export

    conn = open_database(args.db)
    path = export(conn, args.out)
    print(f"Gemte evidensgrundlaget i {path}.")
    return 0


def _search(args) -> int:
    from evidens.evidence.search import fallback_note, search

    conn = open_database(args.db)
    hits = search(conn, args.query, group=args.group)
    if args.json:
        print(json.dumps([
            {"id": h.intervention.id, "name": h.intervention.name,
             "group": h.intervention.group, "kind": h.intervention.kind,
             "evidence": h.intervention.evidence, "score": round(h.score, 3),
             "matched_in": list(h.matched_in), "all_terms": h.all_terms,
             **({"curator_notes": [{"where": where, "note": note} for where, note in
                                   _curator_notes(conn, h.intervention.id)]} if args.curator
                else {})} for h in hits], ensure_ascii=False, indent=2))
    if not hits:
        print("Ingen resultater.", file=sys.stderr)
        return EXIT_NOT_FOUND
    note = fallback_note(hits)
    if note:  # on stderr, so that the list itself stays one hit per line
        print(f"{note}.", file=sys.stderr)
    if not args.json:
        for h in hits:
            iv = h.intervention
            print(f"{iv.evidence_symbol} {iv.name} [{iv.id}] – {GROUP_LABELS[iv.group]}, "
                  f"{iv.kind_label.lower()}, {iv.evidence_label.lower()}")
            if args.curator:
                for where, note in _curator_notes(conn, iv.id):
                    print(f"    Kuratornote ({where.lower()}): {note}")
    return 0


def _curator_notes(conn, intervention_id: str) -> list[tuple[str, str]]:
    """``--curator``: the notes on how the sources behind a hit were read (never shown on a
    card; see evidens.briefs.curator_notes)."""
    from evidens.briefs.curator_notes import intervention_notes
    from evidens.evidence import queries

    return list(intervention_notes(queries.intervention(conn, intervention_id)))
