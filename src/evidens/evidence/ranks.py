"""The rank tables behind an intervention's strength key, and each direction's symbol.

:mod:`.effects` ranks findings with them; :mod:`evidens.analysis.strength` reads a stored key
back into "▲ RCT" in the list's first frame, before effects (and typing) is loaded
(tests/test_startup.py). So they live here once, in a module that imports nothing.
"""

# Larger is stronger. See effects' docstring for why a review sits between RCT and quasi.
DESIGN_STRENGTH = {"rct": 5, "review": 4, "quasi": 3, "before_after": 2, "qualitative": 1,
                   "unknown": 0}
# Direction first when ranking "what works"; see effects' docstring.
DIRECTION_RANK = {"positive": 4, "mixed": 3, "descriptive": 2, "none": 1, "negative": 0}
# A symbol beside every direction's words, so the effect never rests on colour alone.
DIRECTION_SYMBOLS = {"positive": "▲", "none": "○", "negative": "▼", "mixed": "◐",
                     "descriptive": "·"}
