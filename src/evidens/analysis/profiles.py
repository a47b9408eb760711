"""Target-group profiles and gap analysis over the VIVE matrix (issue 4 §3–§5).

Chapter 7 of the VIVE report proposes using the risk-factor × barrier-level model to test a
project's change theory: pick the risk factors of the project's target group, list the barriers in
their cells, and see which cells the intervention addresses and which it leaves open (the "blinde
vinkler"). These are pure functions over a :class:`~evidens.evidence.records.Matrix` from
``queries.matrix``, so the CLI, the app and printed briefs draw the same conclusions and no SQL
runs here.

A *profile cell* is a cell of one of the chosen rows that holds at least one barrier: a cell
without barriers in Tabel 4.2/4.3 cannot be a blind spot, so it neither counts towards coverage nor
towards the ranking. An intervention "addresses" a cell when Tabel 5.1/6.1 numbers it there
(``matrix_links``) or a # / ¤ footnote points the cell to it (``crossrefs``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from evidens.evidence.records import (
    EVIDENCE_ORDER,
    GROUP_LABELS,
    Barrier,
    InterventionSummary,
    Level,
    Matrix,
    MatrixCell,
    RiskFactor,
)

from .strength import RANKING_EXPLANATION, strength_text

Cell = tuple[str, str]  # (risk_factor_id, level_id)

LOCAL_LABEL = "Lokal indsats"


@dataclass(frozen=True)
class ProfileCell:
    """One (risk factor, level) cell with its barriers and the interventions addressing it.

    ``intervention_ids`` lists numbered interventions first (effect first, as the matrix sorts
    them) and then cross-referenced ones; ``crossref_ids`` says which came from a # / ¤ note, and
    ``starred_ids`` which cells of Tabel 5.1/6.1 carry the star.
    """

    risk_factor: RiskFactor
    level: Level
    barriers: tuple[Barrier, ...]
    intervention_ids: tuple[str, ...]
    crossref_ids: tuple[str, ...] = ()
    starred_ids: tuple[str, ...] = ()

    @property
    def key(self) -> Cell:
        return (self.risk_factor.id, self.level.id)


@dataclass(frozen=True)
class RankedIntervention:
    intervention: InterventionSummary
    cells: tuple[Cell, ...]  # the profile cells it addresses, in profile order
    count: int
    share: float  # count / number of profile cells

    @property
    def strength_text(self) -> str:
        """The main finding behind the tie-break, in words: "▲ positiv effekt, randomiseret
        forsøg (RCT)"."""
        return strength_text(self.intervention.strength, short=False)

    @property
    def strength_short(self) -> str:
        """The same in a narrow column: "▲ RCT" (the legend says what the symbols mean)."""
        return strength_text(self.intervention.strength)


@dataclass(frozen=True)
class Profile:
    group: str
    risk_factors: tuple[RiskFactor, ...]
    cells: tuple[ProfileCell, ...]
    levels: tuple[Level, ...]
    ranked: tuple[RankedIntervention, ...]
    evidence_only: bool = False

    def barriers_by_level(self) -> dict[str, list[ProfileCell]]:
        """Profile cells grouped by level, every level present (in model order), maybe empty."""
        out: dict[str, list[ProfileCell]] = {level.id: [] for level in self.levels}
        for cell in self.cells:
            out[cell.level.id].append(cell)
        return out

    @property
    def cell_keys(self) -> tuple[Cell, ...]:
        return tuple(c.key for c in self.cells)

    @property
    def ranking_explanation(self) -> str:
        """How ``ranked`` is ordered, in a sentence a reader sees beside the ranking."""
        return RANKING_EXPLANATION


@dataclass(frozen=True)
class GapAnalysis:
    profile: Profile
    intervention: InterventionSummary | None  # None: a local intervention described by cells
    label: str
    addressed: tuple[ProfileCell, ...]
    open: tuple[ProfileCell, ...]  # the blind spots, with their barriers
    coverage: float  # share of the profile's cells addressed, 0..1
    extra_cells: tuple[ProfileCell, ...]  # addressed cells outside the profile (matrix order)

    @property
    def is_local(self) -> bool:
        return self.intervention is None


def _matrix_cell(matrix: Matrix, rf: RiskFactor, level: Level, evidence_only: bool) -> ProfileCell:
    cell = matrix.cell(rf.id, level.id)
    links = [m for m in cell.links
             if not evidence_only or matrix.interventions[m.intervention_id].evidence == "effect"]
    crossrefs = [x for x in cell.crossrefs if not evidence_only
                 or matrix.interventions[x.intervention_id].evidence == "effect"]
    linked = [m.intervention_id for m in links]
    extra = [x.intervention_id for x in crossrefs if x.intervention_id not in linked]
    return ProfileCell(
        risk_factor=rf, level=level, barriers=cell.barriers,
        intervention_ids=tuple(dict.fromkeys(linked + extra)),
        crossref_ids=tuple(dict.fromkeys(extra)),
        starred_ids=tuple(dict.fromkeys(m.intervention_id for m in links if m.starred)))


def _chosen_rows(matrix: Matrix, risk_factor_ids: Iterable[str]) -> tuple[RiskFactor, ...]:
    wanted = list(dict.fromkeys(risk_factor_ids))
    if not wanted:
        raise ValueError("Vælg mindst én risikofaktor til profilen.")
    known = {rf.id for rf in matrix.risk_factors}
    unknown = [rid for rid in wanted if rid not in known]
    if unknown:
        raise ValueError(
            f"{', '.join(unknown)} er ikke en risikofaktor i matrixen for "
            f"{GROUP_LABELS[matrix.group].lower()}.")
    return tuple(rf for rf in matrix.risk_factors if rf.id in wanted)


def _rank_key(item: RankedIntervention) -> tuple:
    """Coverage first; ties broken by the strength of the main finding (direction, then design,
    from :func:`evidens.evidence.effects.strength`), then by VIVE's evidence class, then name.

    Strength before the class: the class is one badge for an RCT of 720 people and for a tool
    whose cited study found no effect, while the strength says what the studies found."""
    iv = item.intervention
    return (-item.count, -iv.strength, EVIDENCE_ORDER[iv.evidence], iv.name.casefold(), iv.id)


def build_profile(matrix: Matrix, risk_factor_ids: Iterable[str],
                  evidence_only: bool = False) -> Profile:
    """The barrier cells of the chosen rows and the interventions ranked by how many they address
    (ties: see :func:`_rank_key` and :data:`RANKING_EXPLANATION`).

    Rows come in matrix order whatever order they were given in, so the same target group always
    reads the same way. ``evidence_only`` keeps only interventions with evidence for effect (the
    same rule as ``queries.matrix``); the barriers, and so the cells, stay.
    """
    rows = _chosen_rows(matrix, risk_factor_ids)
    cells = tuple(
        pc for rf in rows for level in matrix.levels
        if (pc := _matrix_cell(matrix, rf, level, evidence_only)).barriers)
    addressed: dict[str, list[Cell]] = {}
    for pc in cells:
        for iid in pc.intervention_ids:
            addressed.setdefault(iid, []).append(pc.key)
    total = len(cells)
    ranked = sorted(
        (RankedIntervention(matrix.interventions[iid], tuple(keys), len(keys),
                            len(keys) / total if total else 0.0)
         for iid, keys in addressed.items()), key=_rank_key)
    return Profile(matrix.group, rows, cells, matrix.levels, tuple(ranked), evidence_only)


def _addressed_by(matrix: Matrix, intervention_id: str) -> set[Cell]:
    return {key for key, cell in matrix.cells.items()
            if any(m.intervention_id == intervention_id for m in cell.links)
            or any(x.intervention_id == intervention_id for x in cell.crossrefs)}


def gap_analysis(profile: Profile, matrix: Matrix, intervention_id: str | None = None,
                 cells: Iterable[Cell] | None = None, label: str | None = None) -> GapAnalysis:
    """Which of the profile's barrier cells an intervention addresses and which it leaves open.

    Give either ``intervention_id`` (a handbook intervention: its cells are its links and
    cross-references in ``matrix``, whatever the profile's evidence filter, because the user asked
    about that intervention by name) or ``cells``, the (risk factor, level) pairs a local project
    says it works on. Raises ValueError with a Danish message for bad input.
    """
    if matrix.group != profile.group:
        raise ValueError("Profilen og matrixen hører til forskellige målgrupper.")
    if (intervention_id is None) == (cells is None):
        raise ValueError("Angiv enten en indsats fra håndbogen eller de celler, "
                         "den lokale indsats arbejder med.")
    intervention = None
    if intervention_id is not None:
        intervention = matrix.interventions.get(intervention_id)
        if intervention is None:
            raise ValueError(f"Kender ingen indsats med id »{intervention_id}«.")
        mine = _addressed_by(matrix, intervention_id)
    else:
        mine = set(cells)
        if not mine:
            raise ValueError("Sæt kryds ved mindst én celle for den lokale indsats.")
        bad = sorted(c for c in mine if c not in matrix.cells)
        if bad:
            raise ValueError("Cellerne findes ikke i matrixen for "
                             f"{GROUP_LABELS[matrix.group].lower()}: "
                             + ", ".join(f"{rf}/{lv}" for rf, lv in bad) + ".")
    addressed = tuple(pc for pc in profile.cells if pc.key in mine)
    open_cells = tuple(pc for pc in profile.cells if pc.key not in mine)
    inside = set(profile.cell_keys)
    extra = tuple(_matrix_cell(matrix, rf, level, profile.evidence_only)
                  for rf in matrix.risk_factors for level in matrix.levels
                  if (rf.id, level.id) in mine and (rf.id, level.id) not in inside)
    total = len(profile.cells)
    return GapAnalysis(
        profile=profile, intervention=intervention,
        label=label or (intervention.name if intervention else LOCAL_LABEL),
        addressed=addressed, open=open_cells,
        coverage=len(addressed) / total if total else 0.0, extra_cells=extra)


# --- JSON-ready dicts ------------------------------------------------------------------------
# Ids for programs, names for people; the same cell shape in all three documents.

def _level_dict(level: Level) -> dict:
    return {"id": level.id, "name": level.name, "short_name": level.short_name,
            "position": level.position}


def _risk_factor_dict(rf: RiskFactor) -> dict:
    return {"id": rf.id, "name": rf.name, "category_id": rf.category_id,
            "category_name": rf.category_name, "position": rf.position}


def _barrier_dict(b: Barrier) -> dict:
    return {"id": b.id, "text": b.text, "note": b.note,
            "sources": [{"footnote": s.footnote, "label": s.label, "reference": s.reference.id,
                         "citation": s.reference.citation} for s in b.sources]}


def _summary_dict(iv: InterventionSummary) -> dict:
    return {"id": iv.id, "name": iv.name, "short_name": iv.short_name, "group": iv.group,
            "kind": iv.kind, "table_number": iv.table_number, "evidence": iv.evidence,
            "evidence_label": iv.evidence_label, "strength": iv.strength}


def _cell_intervention(iv: InterventionSummary, starred: bool, crossref: bool) -> dict:
    return {"id": iv.id, "name": iv.name, "short_name": iv.short_name, "evidence": iv.evidence,
            "starred": starred, "crossref": crossref}


def _profile_cell_dict(pc: ProfileCell, interventions: dict[str, InterventionSummary]) -> dict:
    return {
        "risk_factor": pc.risk_factor.id, "risk_factor_name": pc.risk_factor.name,
        "level": pc.level.id, "level_name": pc.level.name,
        "barriers": [_barrier_dict(b) for b in pc.barriers],
        "interventions": [_cell_intervention(interventions[i], i in pc.starred_ids,
                                             i in pc.crossref_ids)
                          for i in pc.intervention_ids]}


def _matrix_cell_dict(cell: MatrixCell, rf: RiskFactor, level: Level, matrix: Matrix) -> dict:
    ivs = matrix.interventions
    linked = [m.intervention_id for m in cell.links]
    return {
        "risk_factor": rf.id, "risk_factor_name": rf.name,
        "level": level.id, "level_name": level.name,
        "barriers": [_barrier_dict(b) for b in cell.barriers],
        "interventions": [_cell_intervention(ivs[m.intervention_id], m.starred, False)
                          for m in cell.links]
        + [_cell_intervention(ivs[i], False, True) for i in dict.fromkeys(
            x.intervention_id for x in cell.crossrefs) if i not in linked],
        "crossrefs": [{"mark": x.mark, "intervention": x.intervention_id, "text": x.text}
                      for x in cell.crossrefs]}


def matrix_to_dict(matrix: Matrix) -> dict:
    """The whole matrix of one group: rows with their four cells, and the interventions used."""
    used = {m.intervention_id for c in matrix.cells.values() for m in c.links} | {
        x.intervention_id for c in matrix.cells.values() for x in c.crossrefs}
    rows = []
    for rf in matrix.risk_factors:
        row = _risk_factor_dict(rf)
        row["cells"] = [_matrix_cell_dict(matrix.cell(rf.id, lv.id), rf, lv, matrix)
                        for lv in matrix.levels]
        rows.append(row)
    return {
        "group": matrix.group, "group_label": GROUP_LABELS[matrix.group],
        "levels": [_level_dict(lv) for lv in matrix.levels],
        "categories": [{"id": c.id, "name": c.name, "position": c.position}
                       for c in matrix.categories],
        "risk_factors": rows,
        "interventions": [_summary_dict(iv) for iv in sorted(
            (matrix.interventions[i] for i in used),
            key=lambda s: (s.group != matrix.group, s.table_number or 0, s.id))]}


def _profile_interventions(profile: Profile) -> dict[str, InterventionSummary]:
    return {r.intervention.id: r.intervention for r in profile.ranked}


def profile_to_dict(profile: Profile) -> dict:
    ivs = _profile_interventions(profile)
    return {
        "group": profile.group, "group_label": GROUP_LABELS[profile.group],
        "evidence_only": profile.evidence_only,
        "risk_factors": [_risk_factor_dict(rf) for rf in profile.risk_factors],
        "levels": [_level_dict(lv) for lv in profile.levels],
        "cell_count": len(profile.cells),
        "cells": [_profile_cell_dict(pc, ivs) for pc in profile.cells],
        "ranked": [{**_summary_dict(r.intervention),
                    "cells": [{"risk_factor": rf, "level": lv} for rf, lv in r.cells],
                    "count": r.count, "share": round(r.share, 4)} for r in profile.ranked]}


def gap_to_dict(gap: GapAnalysis) -> dict:
    """The gap analysis; extra cells carry their barriers but not the other interventions."""
    ivs = _profile_interventions(gap.profile)
    return {
        "label": gap.label, "local": gap.is_local,
        "intervention": _summary_dict(gap.intervention) if gap.intervention else None,
        "group": gap.profile.group,
        "risk_factors": [{"id": rf.id, "name": rf.name} for rf in gap.profile.risk_factors],
        "cell_count": len(gap.profile.cells),
        "coverage": round(gap.coverage, 4),
        "addressed": [_profile_cell_dict(pc, ivs) for pc in gap.addressed],
        "open": [_profile_cell_dict(pc, ivs) for pc in gap.open],
        "extra_cells": [{"risk_factor": pc.risk_factor.id, "risk_factor_name": pc.risk_factor.name,
                         "level": pc.level.id, "level_name": pc.level.name,
                         "barriers": [_barrier_dict(b) for b in pc.barriers]}
                        for pc in gap.extra_cells]}
