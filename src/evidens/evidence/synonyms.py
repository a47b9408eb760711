"""The reviewed synonym and related-term list (``db/synonyms.toml``), applied to the search index.

Caseworkers search with their own words ("psykisk sygdom", "arbejdsløse", "misbrug"); the sources
say "sindslidelser", "ledige", "rusmidler". The list lives in the curated data, not in the code, so
it is reviewed like every other fact and changes with a rebuild, not a release.

It is applied when the index is built, not when a query runs: a document that contains a word of a
group also gets the group's other words in the same field, so a query stays one plain FTS lookup
and a synonym counts where the word it stands for stands (a synonym in a name ranks as a name).

- ``[[synonyms]] words = [...]``: words that mean the same here; each finds the others.
- ``[[related]] word = "..."`` and ``finds = [...]``: a search for ``word`` also finds documents
  with any of ``finds`` (narrower or more specific terms), but not the other way round: "ledig"
  finds "langtidsledige" and "kontanthjælpsmodtagere", a search for "kontanthjælpsmodtagere" does
  not find every "ledig".

An entry matches a document where its words stand in a row, each as the beginning of a written
word, folded like every search ("psykisk lidelse" matches "psykiske lidelser"; "ledig" matches
"ledige" and "ledighed" but not "ledelse"). Entries are written in the basic form of the words.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from .stemming import fold, index_tokens, words

MIN_LETTERS = 3  # shorter entry words would match the beginning of far too many words


@dataclass(frozen=True)
class Entry:
    text: str                     # as written in the file
    folded: tuple[str, ...]       # its folded words, matched as prefixes of folded words in a row


@dataclass(frozen=True)
class Rule:
    """Where any of ``when`` stands, the index also gets the words of ``add``."""

    when: tuple[Entry, ...]
    add: tuple[Entry, ...]


@dataclass
class Thesaurus:
    rules: list[Rule] = field(default_factory=list)

    def expansion(self, written: list[str]) -> list[str]:
        """The extra index tokens for a field whose folded written words are ``written``."""
        if not self.rules:
            return []
        distinct = sorted(set(written))
        extra: list[str] = []
        for rule in self.rules:
            if any(_occurs(e.folded, written, distinct) for e in rule.when):
                for entry in rule.add:
                    for w in words(entry.text):
                        extra.extend(index_tokens(w))
        return extra


def _starts_any(prefix: str, distinct: list[str]) -> bool:
    i = bisect_left(distinct, prefix)
    return i < len(distinct) and distinct[i].startswith(prefix)


def _occurs(phrase: tuple[str, ...], written: list[str], distinct: list[str]) -> bool:
    """Whether the words of ``phrase`` begin words of ``written`` in a row (a sorted ``distinct``
    copy answers the common case, a first word that is not there at all, in log time)."""
    if not all(_starts_any(p, distinct) for p in phrase):
        return False
    n = len(phrase)
    return any(all(written[i + k].startswith(phrase[k]) for k in range(n))
               for i in range(len(written) - n + 1))


def _entry(text: str) -> Entry:
    return Entry(text, tuple(fold(w) for w in words(text)))


def parse(doc: dict) -> tuple[Thesaurus, list[tuple[str, str, str]]]:
    """The thesaurus of a parsed ``synonyms.toml`` and its problems as (record, field, message).

    Nothing is silently skipped: an unknown table or key, an empty or too short entry, a word
    in two synonym groups or a group of one word is a problem the editor has to fix.
    """
    problems: list[tuple[str, str, str]] = []
    thesaurus = Thesaurus()
    for key in doc:
        if key not in ("synonyms", "related"):
            problems.append(("filen", key, "ukendt tabel; tilladt: synonyms, related"))
    seen: dict[tuple[str, ...], str] = {}

    def entries(label: str, name: str, values) -> list[Entry]:
        if not isinstance(values, list) or not values:
            problems.append((label, name, "skal være en ikke-tom liste af ord"))
            return []
        out = []
        for value in values:
            if not isinstance(value, str) or not words(value):
                problems.append((label, name, f"{value!r} er ikke et ord"))
                continue
            entry = _entry(value)
            if sum(len(w) for w in entry.folded) < MIN_LETTERS + 1 or any(
                    len(w) < MIN_LETTERS for w in entry.folded[:1]):
                problems.append((label, name, f"»{value}« er for kort (mindst {MIN_LETTERS} "
                                              "bogstaver i første ord, 4 i alt)"))
                continue
            if entry.folded in {e.folded for e in out}:
                problems.append((label, name, f"»{value}« står to gange"))
                continue
            out.append(entry)
        return out

    groups = doc.get("synonyms", [])
    for i, group in enumerate(groups if isinstance(groups, list) else [groups]):
        label = f"synonyms nr. {i + 1}"
        if not isinstance(group, dict):
            problems.append((label, "", "skal være en tabel med 'words'"))
            continue
        problems.extend((label, k, "ukendt felt") for k in group if k not in ("words", "note"))
        found = entries(label, "words", group.get("words"))
        if len(found) == 1:
            problems.append((label, "words", "en gruppe skal have mindst to ord"))
        for entry in found:
            if entry.folded in seen:
                problems.append((label, "words", f"»{entry.text}« står også i {seen[entry.folded]}"
                                                 "; slå grupperne sammen"))
            seen[entry.folded] = label
        if len(found) > 1:
            thesaurus.rules.append(Rule(tuple(found), tuple(found)))
    synonym_rules = list(thesaurus.rules)
    related = doc.get("related", [])
    for i, rel in enumerate(related if isinstance(related, list) else [related]):
        label = f"related nr. {i + 1}"
        if not isinstance(rel, dict):
            problems.append((label, "", "skal være en tabel med 'word' og 'finds'"))
            continue
        problems.extend((label, k, "ukendt felt") for k in rel
                        if k not in ("word", "finds", "note"))
        word = entries(label, "word", [rel.get("word")] if "word" in rel else None)
        finds = entries(label, "finds", rel.get("finds"))
        if word and finds:
            # the word brings its synonyms along: "ledig" finds "langtidsledige", and so does
            # its synonym "arbejdsløs"
            group = next((r.add for r in synonym_rules
                          if word[0].folded in {e.folded for e in r.add}), tuple(word))
            thesaurus.rules.append(Rule(tuple(finds), group))
    return thesaurus, problems
