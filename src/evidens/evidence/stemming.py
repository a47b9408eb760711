"""Danish word handling shared by the index builder and the search query.

Both sides must cut words the same way, or a stemmed query would never meet a stemmed index: that
is why this tiny module exists instead of two copies of the same regular expression.
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"\w+", re.UNICODE)


@lru_cache(maxsize=1)
def _stemmer():
    # Imported on first use: snowballstemmer loads all its ~30 languages on import, which the
    # app's start-up should not wait for.
    import snowballstemmer

    return snowballstemmer.stemmer("danish")


def words(text: str) -> list[str]:
    """Lower-cased words; punctuation, FTS operators and emoji fall away."""
    return [w for w in WORD.findall(text.lower()) if not w.isdigit() or len(w) > 1]


@lru_cache(maxsize=4096)
def stem(word: str) -> str:
    return _stemmer().stemWord(word.lower())


def stemmed_text(text: str) -> str:
    """The text as a space-separated list of stems, for the index's stemmed column."""
    return " ".join(stem(w) for w in words(text))
