"""The curators' notes: how a table cell, an OCR line or an unclear figure in the sources was
read. They stay in the data and the JSON export so anyone can check the reading, but they are
working material, not something a caseworker needs: no card, cell panel or brief shows them.
They are shown only in the app's "Om datagrundlaget" view and by ``--curator`` on the command
line, each with the place it belongs to in plain words.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from evidens.evidence import queries
from evidens.evidence.records import GROUP_LABELS, Intervention


@dataclass(frozen=True)
class NoteSection:
    title: str
    notes: tuple[tuple[str, str], ...]  # (where, note)


def intervention_notes(iv: Intervention) -> tuple[tuple[str, str], ...]:
    """The notes behind one card: the record's own, its results' and its samples'."""
    out = []
    if iv.curator_note:
        out.append(("Kortet", iv.curator_note))
    for number, result in enumerate(iv.results, start=1):
        if result.curator_note:
            out.append((f"Resultat {number} ({result.outcome_label.lower()})",
                        result.curator_note))
    for number, sample in enumerate(iv.samples, start=1):
        note = getattr(sample, "curator_note", None)
        if note:
            out.append((f"Stikprøve {number}", note))
    return tuple(out)


def all_notes(conn: sqlite3.Connection) -> tuple[NoteSection, ...]:
    """Every curator note in the handbook, grouped by what it belongs to."""
    sections = [NoteSection("Kilderne", tuple(
        (s.label, " ".join(n for n in (s.note, s.curator_note) if n))
        for s in queries.sources(conn) if s.note or s.curator_note))]
    cards = []
    for summary in queries.interventions(conn):
        iv = queries.intervention(conn, summary.id)
        cards += [(f"{iv.name} – {where.lower()}" if where != "Kortet" else iv.name, note)
                  for where, note in intervention_notes(iv)]
    sections.append(NoteSection("Indsatser og redskaber", tuple(cards)))
    for group, label in GROUP_LABELS.items():
        matrix = queries.matrix(conn, group)
        rf_names = {rf.id: rf.name for rf in matrix.risk_factors}
        level_names = {lv.id: lv.name for lv in matrix.levels}
        notes = []
        for (rf, level), cell in matrix.cells.items():
            where = f"{rf_names.get(rf, rf)} – {level_names.get(level, level)}"
            for barrier in cell.barriers:
                if getattr(barrier, "curator_note", None):
                    notes.append((f"{where}, barriere", barrier.curator_note))
            for link in cell.links:
                if getattr(link, "curator_note", None):
                    name = matrix.interventions[link.intervention_id].name
                    notes.append((f"{where}, {name}", link.curator_note))
        for rf in queries.risk_factors(conn, group):
            if getattr(rf, "curator_note", None):
                notes.append((rf.name, rf.curator_note))
        sections.append(NoteSection(f"Matricen – {label.lower()}", tuple(notes)))
    conclusions = tuple((c.title, c.curator_note) for c in queries.conclusions(conn)
                        if getattr(c, "curator_note", None))
    sections.append(NoteSection("STAR's konklusioner", conclusions))
    return tuple(s for s in sections if s.notes)
