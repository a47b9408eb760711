"""How the briefs word what the data holds: numbers with their unit, Danish quote marks, and
text shortened for a one-page brief.

Qt-free and template-free, so the same wording reaches the app's card, the PDF and the HTML
export, and the tests can check it without rendering anything.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the records are imported on first use, not when the app starts
    from evidens.evidence.records import Figure

# Labels of "personer" figures that already name the people ("243 borgere henvist …"): the unit
# would say it twice ("243 personer borgere henvist …").
_PEOPLE = re.compile(
    r"^(?:[\wæøå]+ grænse: )?(?:[\wæøå-]*deltagere|borgere|brugere|unge|elever|ledere|"
    r"indvandrere|svarpersoner|personer|kvinder|mænd|familier)\b", re.IGNORECASE)


def figure_number(figure: Figure) -> str:
    """The number as the reader should see it next to its label.

    A share (unit "andel", 0,75) reads as a percentage (75 %); a count of people drops the unit
    when the label itself names the people.
    """
    if figure.unit == "andel" and 0 <= figure.value <= 1:
        percent = round(figure.value * 100)
        return f"{percent} %"
    if figure.unit == "personer" and _PEOPLE.match(figure.label.strip()):
        return type(figure)(figure.value, "antal", figure.label).display
    return figure.display


def figure_line(figure: Figure) -> str:
    """'59,5 % i arbejde eller uddannelse …' – the number, then what it counts."""
    return f"{figure_number(figure)} {figure.label}".strip()


# A quote mark opens after the start, a space or an opening bracket and closes before the end,
# a space or punctuation; an apostrophe between letters ("STAR's") is neither.
_QUOTED = re.compile(
    r"""(?<![\w=])["“”„'‘’]"""     # opening mark, not after a letter, digit or "=" (markup)
    r"""(?=\S)([^"“”„'‘’\n]*?\S)"""  # the quoted words
    r"""["“”'‘’](?![\w])""")       # closing mark, not before a letter or digit


def danish_quotes(text: str) -> str:
    """Quoted words in the data ("…", ”…”, '…') in the Danish marks the templates use: »…«."""
    if not any(mark in text for mark in "\"“”„'‘’"):
        return text
    return _QUOTED.sub(r"»\1«", text)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9»(])")


def shorten(text: str, limit: int) -> str:
    """At most ``limit`` characters: whole sentences while they fit, else the first sentence cut
    at a word and marked with "…" (the brief says where the full text is)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    out = ""
    for sentence in _SENTENCE_END.split(text):
        candidate = f"{out} {sentence}".strip()
        if len(candidate) > limit:
            break
        out = candidate
    if out:
        return out
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:–- ")
    return cut + " …"


def short_element(text: str, limit: int = 110) -> str:
    """An element in short: up to its first semicolon or colon clause, within ``limit``."""
    head = re.split(r";\s|:\s(?=[a-zæøå])", text, maxsplit=1)[0].strip()
    return shorten(head, limit)


# Locators that start with a common noun read lower-case after a source label ("VIVE 2018,
# afsnit 5.2.1.2"); a name ("4. Projekt Inklusion") keeps its capital.
_COMMON_NOUNS = {"afsnit", "bilag", "tabel", "figur", "kapitel", "konklusion", "ad", "note",
                 "noter", "indledning", "forord", "forside", "boks", "side", "resumé",
                 "sammenfatning", "vidensprojekt", "litteraturliste", "opsamling"}


def locator_words(locator: str) -> str:
    """'Afsnit 5.2.1.2' → 'afsnit 5.2.1.2'; a record-id prefix ("star-unge: Ad 1") is dropped."""
    locator = locator.strip()
    head, sep, rest = locator.partition(": ")
    if sep and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)+", head):
        locator = rest
    first = locator.split(" ", 1)[0].rstrip(",.").casefold()
    if first in _COMMON_NOUNS:
        return locator[:1].lower() + locator[1:]
    return locator


def cite(label: str, locator: str | None) -> str:
    """'VIVE 2018' + 'Afsnit 5.1.3' → 'VIVE 2018, afsnit 5.1.3'."""
    return f"{label}, {locator_words(locator)}" if locator else label


_AUTHOR_YEAR = re.compile(r"^(.{3,80}?\(\d{4}[a-z]?\))")


def short_reference(citation: str) -> str:
    """'Christensen, T., & Nordentoft, M. (2011). Review …' → 'Christensen, T., & Nordentoft,
    M. (2011)': the author and year beside a result; the full entry is in the card's literature."""
    match = _AUTHOR_YEAR.match(citation.strip())
    return match.group(1) if match else citation.strip().rstrip(".")
