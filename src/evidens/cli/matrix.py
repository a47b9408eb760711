"""The ``matrix`` and ``profile`` subcommands: the VIVE analysis model on the command line.

``matrix`` prints one group's risk-factor × level matrix; ``profile`` builds a target-group profile
from named risk factors, ranks the interventions by how many of its barrier cells they address and,
with ``--intervention``, shows which cells that intervention leaves open (chapter 7 of the report).
Each handler first builds its data and then hands it to a renderer, so a later ``--format pdf|html
-o FIL`` only adds renderers.
"""

from __future__ import annotations

import json
import textwrap
from contextlib import closing

from evidens.analysis.profiles import (
    GapAnalysis,
    Profile,
    ProfileCell,
    build_profile,
    gap_analysis,
    gap_to_dict,
    matrix_to_dict,
    profile_to_dict,
)
from evidens.evidence import queries
from evidens.evidence.database import open_database
from evidens.evidence.records import GROUP_LABELS, Barrier, InterventionSummary, Matrix

from .briefs import add_output_arguments, output_format, save
from .common import EXIT_USAGE, CliError, resolve_or_fail

NO_INTERVENTIONS = "ingen indsatser fundet"
LEGEND = "◆ = evidens for effekt, ◇ = positive indikationer"


def register(sub, common) -> None:
    matrix = sub.add_parser("matrix", parents=[common],
                            help="vis matrixen over risikofaktorer, barrierer og indsatser")
    matrix.add_argument("--group", choices=("adult", "youth"), required=True,
                        help="voksne (adult) eller unge (youth)")
    matrix.add_argument("--evidence-only", action="store_true",
                        help="vis kun indsatser med evidens for effekt")
    matrix.add_argument("--json", action="store_true", help="skriv matrixen som JSON")
    matrix.add_argument("--paper", choices=("A4", "A3"), default="A4",
                        help="papirstørrelse for PDF (liggende; standard A4)")
    add_output_arguments(matrix, required=False)
    matrix.set_defaults(handler=_matrix)

    profile = sub.add_parser(
        "profile", parents=[common],
        help="målgruppeprofil: barrierer, dækkende indsatser og blinde vinkler")
    profile.add_argument("--group", choices=("adult", "youth"), required=True,
                         help="voksne (adult) eller unge (youth)")
    profile.add_argument("--risk", action="append", required=True, metavar="NAVN",
                         help="en risikofaktor i målgruppen (id eller navn); kan gentages")
    profile.add_argument("--intervention", metavar="NAVN",
                         help="vurder denne indsats mod profilen (hvilke celler står åbne)")
    profile.add_argument("--evidence-only", action="store_true",
                         help="medtag kun indsatser med evidens for effekt")
    profile.add_argument("--json", action="store_true", help="skriv profilen som JSON")
    add_output_arguments(profile, required=False)
    profile.set_defaults(handler=_profile)


def _print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


# --- matrix ----------------------------------------------------------------------------------

def _matrix(args) -> int:
    if args.output:
        from evidens.briefs.builders import matrix_brief  # only when a file is asked for

        output_format(args)
        with closing(open_database(args.db)) as conn:
            brief = matrix_brief(conn, args.group, args.evidence_only, page_size=args.paper)
            path = save(conn, brief, args)
        print(f"Gemte matrixen i {path}.")
        return 0
    with closing(open_database(args.db)) as conn:
        matrix = queries.matrix(conn, args.group, evidence_only=args.evidence_only)
    if args.json:
        data = matrix_to_dict(matrix)
        data["evidence_only"] = args.evidence_only
        _print_json(data)
    else:
        print("\n".join(render_matrix_text(matrix, args.evidence_only)))
    return 0


def _barrier_line(b: Barrier) -> str:
    notes = ", ".join(str(s.footnote) for s in b.sources)
    return f"- {b.text}" + (f" [{notes}]" if notes else "")


def _footnotes(barriers, group: str) -> list[str]:
    """What the numbers after the barriers stand for: VIVE's sources for each barrier, as the
    printed matrix lists them under the table."""
    labels: dict[int, str] = {}
    for b in barriers:
        for s in b.sources:
            labels.setdefault(s.footnote, s.label)
    if not labels:
        return []
    table = "tabel 4.2" if group == "adult" else "tabel 4.3"
    glue = "\ue000"  # a number stays with its source when the line is wrapped
    text = "; ".join(f"[{n}]{glue}{label}" for n, label in sorted(labels.items()))
    wrapped = textwrap.wrap(f"Kilder til barriererne (VIVE 2018, {table}): {text}.", 98,
                            break_on_hyphens=False)
    return ["", *(line.replace(glue, " ") for line in wrapped)]


def _intervention_line(iv: InterventionSummary, crossref_mark: str | None = None) -> str:
    number = f" (nr. {iv.table_number})" if iv.table_number and not crossref_mark else ""
    other = f", {GROUP_LABELS[iv.group].lower()}" if crossref_mark else ""
    mark = f" [{crossref_mark} henvisning{other}]" if crossref_mark else ""
    return f"{iv.evidence_symbol} {iv.name}{number}{mark}"


def render_matrix_text(matrix: Matrix, evidence_only: bool = False) -> list[str]:
    """One block per risk factor, one sub-block per level: barriers, then interventions."""
    title = f"Matrix for {GROUP_LABELS[matrix.group].lower()}"
    lines = [title + (" – kun indsatser med evidens for effekt" if evidence_only else ""), LEGEND]
    for rf in matrix.risk_factors:
        lines += ["", f"{rf.name} ({rf.category_name}) [{rf.id}]"]
        for level in matrix.levels:
            cell = matrix.cell(rf.id, level.id)
            lines.append(f"  {level.name}")
            lines.append("    Barrierer:" + ("" if cell.barriers else " ingen i tabellen"))
            lines += [f"      {_barrier_line(b)}" for b in cell.barriers]
            ivs = [_intervention_line(matrix.interventions[m.intervention_id])
                   for m in cell.links]
            ivs += [_intervention_line(matrix.interventions[x.intervention_id], x.mark)
                    for x in cell.crossrefs]
            lines.append("    Indsatser:" + ("" if ivs else f" {NO_INTERVENTIONS}"))
            lines += [f"      {line}" for line in ivs]
    lines += _footnotes((b for cell in matrix.cells.values() for b in cell.barriers),
                        matrix.group)
    return lines


# --- profile ---------------------------------------------------------------------------------

def _profile(args) -> int:
    with closing(open_database(args.db)) as conn:
        rf_candidates = queries.risk_factor_candidates(conn, args.group)
        risk_ids = [resolve_or_fail(name, rf_candidates, "risikofaktorer") for name in args.risk]
        intervention_id = None
        if args.intervention:
            intervention_id = resolve_or_fail(args.intervention,
                                              queries.intervention_candidates(conn))
        # The whole matrix: the profile filters by evidence itself, and a named intervention is
        # judged on all its cells even when only effect interventions are ranked.
        matrix = queries.matrix(conn, args.group)
        try:
            profile = build_profile(matrix, risk_ids, evidence_only=args.evidence_only)
            gap = gap_analysis(profile, matrix, intervention_id) if intervention_id else None
        except ValueError as exc:
            raise CliError(str(exc), EXIT_USAGE) from None
        if args.output:
            from evidens.briefs.builders import profile_brief_of  # only when a file is asked for

            path = save(conn, profile_brief_of(conn, args.group, profile, gap), args)
            print(f"Gemte profilen i {path}.")
            return 0
    if args.json:
        data = {"profile": profile_to_dict(profile)}
        if gap is not None:
            data["gap"] = gap_to_dict(gap)
        _print_json(data)
    else:
        lines = render_profile_text(profile)
        if gap is not None:
            lines += [""] + render_gap_text(gap, matrix)
        print("\n".join(lines))
    return 0


def _cells(n: int) -> str:
    """A count bends the noun (docs/ordliste.md): 1 celle, 2 celler."""
    return f"{n} celle" if n == 1 else f"{n} celler"


def _percent(share: float) -> str:
    return f"{round(share * 100)} %"


def _cell_title(pc: ProfileCell) -> str:
    return f"{pc.risk_factor.name} – {pc.level.name}"


def render_profile_text(profile: Profile) -> list[str]:
    """The profile's barriers level by level, then the ranked interventions."""
    names = "; ".join(rf.name for rf in profile.risk_factors)
    lines = [f"Målgruppeprofil for {GROUP_LABELS[profile.group].lower()}: {names}",
             f"{_cells(len(profile.cells))} med barrierer."]
    lines += ["", "Barrierer pr. niveau"]
    by_level = profile.barriers_by_level()
    for level in profile.levels:
        cells = by_level[level.id]
        lines.append(f"  {level.name}" + ("" if cells else ": ingen barrierer i profilen"))
        for pc in cells:
            lines.append(f"    {pc.risk_factor.name}:")
            lines += [f"      {_barrier_line(b)}" for b in pc.barriers]
    lines += _footnotes((b for pc in profile.cells for b in pc.barriers), profile.group)
    heading = "Indsatser efter dækning af profilens celler"
    if profile.evidence_only:
        heading += " (kun evidens for effekt)"
    lines += ["", heading, f"  {LEGEND}"]
    lines += textwrap.wrap(profile.ranking_explanation, 98, initial_indent="  ",
                           subsequent_indent="  ")
    if not profile.ranked:
        lines.append(f"  {NO_INTERVENTIONS}")
    total = len(profile.cells)
    for n, r in enumerate(profile.ranked, 1):
        iv = r.intervention
        lines.append(f"  {n:2}. {iv.evidence_symbol} {iv.name} – {r.count} af {_cells(total)} "
                     f"({_percent(r.share)}) – {r.strength_text}")
    return lines


def render_gap_text(gap: GapAnalysis, matrix: Matrix) -> list[str]:
    """Addressed cells, then the blind spots with their barriers (chapter 7's check)."""
    total = len(gap.profile.cells)
    lines = [f"{gap.label} vurderet mod profilen: dækker {len(gap.addressed)} af {_cells(total)} "
             f"({_percent(gap.coverage)})"]
    if not gap.addressed and not gap.extra_cells:
        if gap.intervention is not None and gap.intervention.kind == "tool":
            lines.append("  Redskaber står ikke i matrixens tabeller "
                         "(VIVE 2018, tabel 5.1 og 6.1).")
        else:
            lines.append(f"  Indsatsen står ikke i matrixen for "
                         f"{GROUP_LABELS[matrix.group].lower()}.")
    lines += ["", "Adresserede celler:"]
    own = gap.intervention.id if gap.intervention else None
    lines += [f"  {_cell_title(pc)}" + (" (via henvisning under tabellen)"
                                        if own in pc.crossref_ids else "")
              for pc in gap.addressed] or ["  ingen"]
    lines += ["", "Blinde vinkler (celler med barrierer, som indsatsen ikke adresserer):"]
    if not gap.open:
        lines.append("  ingen")
    for pc in gap.open:
        lines.append(f"  {_cell_title(pc)}")
        lines += [f"    {_barrier_line(b)}" for b in pc.barriers]
    if gap.extra_cells:
        lines += ["", "Indsatsen adresserer også celler uden for profilen:"]
        lines += [f"  {_cell_title(pc)}" for pc in gap.extra_cells]
    return lines
