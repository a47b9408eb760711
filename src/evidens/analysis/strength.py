"""An intervention's evidence strength in words, for everything that ranks by it.

The evidence layer stores one integer per intervention (:func:`evidens.evidence.effects.strength`:
the direction of its main finding first, then the design behind it), so lists and profiles can
sort on it cheaply. A reader must be told what that order means, so here it is read back into
its direction and design and said in words with a symbol (never colour alone), and the sentences
the app shows beside a ranking live here once.
"""

from __future__ import annotations

from evidens.evidence.ranks import DESIGN_STRENGTH, DIRECTION_RANK, DIRECTION_SYMBOLS

# effects.rank read backwards; the tables come from evidence.ranks, which the list's first frame
# can load without effects (and typing; tests/test_startup.py).
_DIRECTIONS = {rank: direction for direction, rank in DIRECTION_RANK.items()}
_DESIGNS = {rank: design for design, rank in DESIGN_STRENGTH.items()}

# Designs in a word that fits a list column; the tooltip and the screen reader get the full label.
DESIGN_SHORT = {"rct": "RCT", "review": "review", "quasi": "kvasi", "before_after": "før-efter",
                "qualitative": "kvalitativ", "unknown": "ukendt"}
# What "Styrke" means and how it sorts (the list's header and order line).
STRENGTH_EXPLANATION = (
    "Styrke: det stærkeste hovedfund i kilderne – retning (▲ positiv effekt, ◐ blandede "
    "resultater, · beskrivende, ○ ingen effekt, ▼ negativ effekt) og det stærkeste design bag "
    "det. Sorteret efter styrke kommer et positivt randomiseret forsøg (RCT) før en beskrivende "
    "før-efter-måling; ved lige styrke evidens for effekt før positive indikationer.")


def strength_terms(strength: int) -> tuple[str, str] | None:
    """The (direction, design) behind an intervention's strength key, or None without results.

    Reads :func:`evidens.evidence.effects.rank` backwards (10 × direction rank + design rank),
    so the list can say in words what it sorts by; a test checks every pair round-trips."""
    if strength <= 0:
        return None
    direction, design = _DIRECTIONS.get(strength // 10), _DESIGNS.get(strength % 10)
    if direction is None or design is None:
        return None
    return direction, design


def strength_text(strength: int, short: bool = True) -> str:
    """"▲ RCT" in the list; "positiv effekt, randomiseret forsøg (RCT)" in a tooltip."""
    terms = strength_terms(strength)
    if terms is None:
        return "—" if short else "ingen resultater med retning og design"
    if short:
        return f"{DIRECTION_SYMBOLS[terms[0]]} {DESIGN_SHORT[terms[1]]}"
    from evidens.evidence import effects  # words for a tooltip: not needed for the first frame

    direction, design = effects.DIRECTIONS[terms[0]], effects.DESIGNS[terms[1]]
    return f"{direction.symbol} {direction.label}, {design.label[:1].lower()}{design.label[1:]}"


# How a target-group profile ranks its interventions (see profiles._rank_key), with the legend
# of the symbols its "Stærkeste fund" column uses.
RANKING_EXPLANATION = (
    "Flest af profilens celler først. Ved lige mange går det stærkeste fund forrest – først "
    "retningen, så designet: et positivt randomiseret forsøg før en beskrivende "
    "før-efter-måling – og derefter evidensklassen. ▲ positiv effekt, ◐ blandede resultater, "
    "· beskrivende (ingen effektmåling), ○ ingen effekt, ▼ negativ effekt.")
