"""The overview at the top of every card: does it work, for whom, how sure, with which numbers.

Built here, in Qt-free code, from the structured effects in the data (each result's direction,
design and headline flag; :mod:`evidens.evidence.effects` words and ranks them), so the template
``_overview.html`` only lays it out, and the app's card, the full brief and the one-page brief
show the same block. Nothing here says more than the data: a direction comes from the results'
own ``direction``, a figure from their ``figures``, and a disagreement between VIVE's evidence
class and the cited studies is only stated when the results say so.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

from evidens.evidence import effects
from evidens.evidence.records import (
    EVIDENCE_LABELS,
    EVIDENCE_SYMBOLS,
    Figure,
    Intervention,
    Result,
)

from .wording import figure_number

# What the evidence class means, in one line (the classes are VIVE 2018's, Tabel 5.1 and 6.1,
# and its chapter on tools, which puts every tool in the first class).
EVIDENCE_MEANING = {
    ("effect", "intervention"): "VIVE 2018: evalueret med et kontrolgruppedesign.",
    ("effect", "tool"): "VIVE 2018 karakteriserer alle redskaber som lovende med evidens for "
                        "effekt (evalueret med kontrolgruppe).",
    ("indication", "intervention"): "VIVE 2018: evalueret med før/efter-måling eller "
                                    "kvalitativt – effekten er ikke målt mod en kontrolgruppe.",
    ("indication", "tool"): "VIVE 2018: evalueret med før/efter-måling eller kvalitativt – "
                            "effekten er ikke målt mod en kontrolgruppe.",
}
# The outcomes a caseworker asks about first; the overview lists the main (headline) outcomes
# first, then these, then the rest in the order the card has them.
OUTCOME_PRIORITY = ("beskaeftigelse", "uddannelse", "selvforsoergelse",
                    "naermere-arbejdsmarkedet", "kriminalitet", "misbrug", "bolig",
                    "helbred-trivsel", "sociale-forhold", "oekonomi", "samfundsoekonomi",
                    "implementering")
# Outcomes whose figures are money, shown on their own line.
ECONOMY_OUTCOMES = ("samfundsoekonomi", "oekonomi")
_BEFORE = re.compile(r"\bfør\b")
CONTROL_WORDS = ("kontrolgruppe", "sammenligningsgruppe", "matchgruppe", "normalindsats")


@dataclass(frozen=True)
class OutcomeLine:
    """One outcome's direction, worded and marked by a symbol, and the design behind it."""

    outcome: str
    outcome_label: str
    direction: str
    direction_label: str
    symbol: str
    design_label: str


@dataclass(frozen=True)
class HeadlineFigure:
    """A number to show large ("59,5 % vs 46,5 %") with what it counts; ``anchor`` is the
    element id of the result it comes from, so the number is one click from its source."""

    number: str
    label: str
    anchor: str
    citation: str


@dataclass(frozen=True)
class Overview:
    evidence: str
    evidence_label: str
    evidence_symbol: str
    evidence_meaning: str
    disagreement: str | None
    effects: tuple[OutcomeLine, ...]
    descriptive_outcomes: tuple[str, ...]
    headlines: tuple[HeadlineFigure, ...]
    largest_sample: str | None
    status: str
    economy: tuple[HeadlineFigure, ...]
    summary: str | None
    # Every outcome of the card, main ones first: the details follow the same order.
    outcome_order: tuple[str, ...] = ()


def result_anchor(intervention_id: str, index: int) -> str:
    """The element id of a card's result (unique in the handbook, which holds every card)."""
    return f"{intervention_id}-result-{index + 1}"


def status_line(iv: Intervention) -> str:
    """"Aktiv – IPS benyttes i dag …"; the source's words only when they add to the label
    (no "Ukendt – »Ukendt.«")."""
    label = iv.status_label
    text = (iv.status_text or "").strip()
    if not text or text.rstrip(".").casefold() in {iv.status_label.casefold(),
                                                   label.split(" (")[0].casefold()}:
        return label
    return f"{label} – {text}"


def _pairs(result: Result) -> list[tuple[list[Figure], str]]:
    """A result's figures, with a treatment share and its control share joined into one
    "59,5 % vs 46,5 %" (the source compares them; the reader should see them together)."""
    figures = list(result.figures)
    control = [f for f in figures if f.unit == "procent"
               and any(w in f.label.casefold() for w in CONTROL_WORDS)]
    treated = [f for f in figures if f.unit == "procent" and f not in control]
    out: list[tuple[list[Figure], str]] = []
    paired: set[int] = set()
    if len(control) == 1 and len(treated) >= 1:
        a, b = treated[0], control[0]
        paired = {id(a), id(b)}
        out.append(([a, b], _pair_label(a.label, b.label)))
    # Before and after, measured on the same people: "77 % → 38 %".
    for a in figures:
        if id(a) in paired or not _BEFORE.search(a.label):
            continue
        after = _BEFORE.sub("efter", a.label, count=1)
        b = next((f for f in figures if id(f) not in paired and f is not a
                  and f.unit == a.unit and f.label == after), None)
        if b is not None:
            paired |= {id(a), id(b)}
            out.append(([a, b], _BEFORE.sub("før → efter", a.label, count=1)))
    for f in figures:
        if id(f) not in paired:
            out.append(([f], f.label))
    order = {id(f): i for i, f in enumerate(figures)}
    return sorted(out, key=lambda item: order[id(item[0][0])])


def _pair_label(a: str, b: str) -> str:
    """'x, IPS-gruppen' + 'x, kontrolgruppen (…)' → 'x: IPS-gruppen mod kontrolgruppen (…)'."""
    prefix = os.path.commonprefix([a, b])
    cut = prefix.rfind(", ")
    if cut > 10:
        return f"{a[:cut]}: {a[cut + 2:]} mod {b[cut + 2:]}"
    return f"{a} mod {b}"


def _number(figures: list[Figure], direction: str, label: str = "") -> str:
    if len(figures) == 2:
        joiner = "→" if "før → efter" in label else "vs"
        return f"{figure_number(figures[0])} {joiner} {figure_number(figures[1])}"
    f = figures[0]
    text = figure_number(f)
    if f.unit == "procentpoint" and direction == "positive" and f.value > 0:
        text = "+" + text
    return text


def _headline_figures(iv: Intervention, indexes: list[int]) -> tuple[HeadlineFigure, ...]:
    """The figures of the headline results, each number once (two results of one study often
    repeat the control group's share)."""
    out: list[HeadlineFigure] = []
    seen: set[tuple[float, str]] = set()
    for index in indexes:
        result = iv.results[index]
        for figures, label in _pairs(result):
            keys = {(f.value, f.unit) for f in figures}
            if keys <= seen:
                continue
            seen |= keys
            out.append(HeadlineFigure(_number(figures, result.direction or "", label), label,
                                      result_anchor(iv.id, index), result.citation))
    return tuple(out)


def _disagreement(iv: Intervention, per_outcome: list[OutcomeLine]) -> str | None:
    """VIVE's class against what the cited studies found, where they differ: a tool classed
    "evidens for effekt" whose only cited study found no effect on employment."""
    if iv.evidence != "effect":
        return None
    weak = sorted((e for e in per_outcome if e.direction in ("none", "negative", "mixed")),
                  key=lambda e: OUTCOME_PRIORITY.index(e.outcome)
                  if e.outcome in OUTCOME_PRIORITY else len(OUTCOME_PRIORITY))
    if not weak or any(e.direction == "positive" for e in per_outcome):
        return None
    findings = "; ".join(f"{e.direction_label.lower()} på {e.outcome_label.lower()}"
                         for e in weak)
    return f"VIVE: {EVIDENCE_LABELS['effect'].lower()} · de citerede studier: {findings}"


def _largest_sample(iv: Intervention) -> str | None:
    sized = [s for s in iv.samples if s.n]
    if not sized:
        return None
    n = max(s.n for s in sized)
    return f"{n:,}".replace(",", ".") + " personer"


def card_overview(iv: Intervention) -> Overview:
    """The overview block of ``iv``'s card."""
    labels = {r.outcome: r.outcome_label for r in iv.results}
    aggregated = sorted(effects.outcome_effects(iv.results), key=lambda agg: (
        not agg.headline, OUTCOME_PRIORITY.index(agg.outcome)
        if agg.outcome in OUTCOME_PRIORITY else len(OUTCOME_PRIORITY)))
    per_outcome = [
        OutcomeLine(agg.outcome, labels[agg.outcome], agg.direction,
                    agg.direction_term.label, agg.direction_term.symbol, agg.design_term.label)
        for agg in aggregated]
    comparative = [e for e in per_outcome if e.direction != "descriptive"]
    descriptive = tuple(e.outcome_label for e in per_outcome if e.direction == "descriptive")
    headline_idx = [i for i, r in enumerate(iv.results) if r.headline]
    economy_idx = [i for i, r in enumerate(iv.results)
                   if r.outcome in ECONOMY_OUTCOMES and any(f.unit == "kr" for f in r.figures)]
    headlines = _headline_figures(iv, [i for i in headline_idx if i not in economy_idx])
    economy = tuple(
        HeadlineFigure(figure_number(f), f.label, result_anchor(iv.id, i),
                       iv.results[i].citation)
        for i in economy_idx for f in iv.results[i].figures if f.unit == "kr")
    return Overview(
        evidence=iv.evidence, evidence_label=EVIDENCE_LABELS[iv.evidence],
        evidence_symbol=EVIDENCE_SYMBOLS[iv.evidence],
        evidence_meaning=EVIDENCE_MEANING[(iv.evidence, iv.kind)],
        disagreement=_disagreement(iv, comparative), effects=tuple(comparative),
        descriptive_outcomes=descriptive, headlines=headlines,
        largest_sample=_largest_sample(iv), status=status_line(iv), economy=economy,
        summary=iv.summary or None,
        outcome_order=tuple(e.outcome for e in per_outcome))
