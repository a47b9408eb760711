"""Danish word handling shared by the index builder and the search query.

Both sides must cut, normalise and stem words the same way, or a query would never meet the index:
that is why this small module exists instead of two copies of the same rules.

- Text is normalised to NFC first, so an "å" pasted from a PDF or a Mac (an "a" followed by a
  combining ring) is the same letter as a typed one.
- Words are *folded* so that spelling without æ, ø and å finds the same: æ, ø, å become ae, oe,
  aa, and then ae, oe, aa become a, o, a. "løntilskud", "loentilskud" and "lontilskud" all fold to
  "lontilskud"; "gæld", "gaeld" and "gald" to "gald". Other accents are dropped ("é" → "e").
  The index stores only folded words, so a word written with æ, ø, å still finds itself.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Letters and digits; not "_", which SQLite's tokenizer would split a word at.
WORD = re.compile(r"[^\W_]+", re.UNICODE)
_DANISH = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
_DIGRAPH = re.compile(r"aa|ae|oe")


@lru_cache(maxsize=1)
def _stemmer():
    # Imported on first use: snowballstemmer loads all its ~30 languages on import, which the
    # app's start-up should not wait for.
    import snowballstemmer

    return snowballstemmer.stemmer("danish")


def words(text: str) -> list[str]:
    """Lower-cased NFC words; punctuation, FTS operators and emoji fall away."""
    text = unicodedata.normalize("NFC", text).lower()
    return [w for w in WORD.findall(text) if not w.isdigit() or len(w) > 1]


@lru_cache(maxsize=8192)
def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


@lru_cache(maxsize=16384)
def fold(word: str) -> str:
    """A lower-case word without æ, ø, å or accents, the same however it was spelt (see above)."""
    word = unicodedata.normalize("NFC", word).lower().translate(_DANISH)
    word = _DIGRAPH.sub(lambda m: m.group()[0], word)
    if not word.isascii():
        decomposed = unicodedata.normalize("NFKD", word)
        word = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))
    return word


def index_tokens(word: str) -> list[str]:
    """What the index holds for one written word: its folded form and, if different, its folded
    Danish stem (so that "mentorer" finds "mentoren", whose stem is "mentor")."""
    folded, stemmed = fold(word), fold(stem(word))
    return [folded] if stemmed == folded else [folded, stemmed]


_SPELLINGS = {"a": "(?:aa|ae|a|æ|å)", "o": "(?:oe|o|ø)"}


def spelling_pattern(word: str) -> str:
    """A regular expression for the beginning of any word that folds like ``word`` does
    ("lontilskud" → also "løntilskud", "loentilskud"): how the card marks what a search found."""
    return "".join(_SPELLINGS.get(c, re.escape(c)) for c in fold(word))
