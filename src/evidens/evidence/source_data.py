"""Load and validate the curated TOML source data in ``db/``.

The TOML files are reviewed by people who are not programmers, so every problem is reported with
the file, the record and the field it concerns, and all problems are collected before giving up:
an editor fixing data wants the whole list, not one error per build.

The rules are declared once, in :data:`SCHEMAS`, rather than spread over ad-hoc checks.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import effects, synonyms
from .synonyms import Thesaurus

AGE_GROUPS = ("adult", "youth")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
UNITS = (
    "procent", "procentpoint", "personer", "kr", "maaneder", "aar", "uger", "andel", "timer",
    "dage", "antal",
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the source data, located as precisely as we can."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.record}" + (f", felt '{self.field}'" if self.field else "")
        return f"{where}: {self.message}"


class SourceDataError(Exception):
    """The source data cannot be built; ``problems`` lists every reason."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Field:
    """How one field of a record is checked. ``ref`` names the record kind it must point to."""

    type: type | tuple[type, ...]
    required: bool = False
    ref: str | None = None
    choices: tuple[str, ...] | None = None
    vocab: str | None = None
    items: type | None = None  # for a list: the type of each item (tables are checked apart)


PROV = Field(list, required=True)
INT_MIN, INT_MAX = -(2**63), 2**63 - 1  # what SQLite's INTEGER holds
ID = Field(str, required=True)
TEXT = Field(str, required=True)
OPT_TEXT = Field(str)
GROUP = Field(str, required=True, choices=AGE_GROUPS)
# Every result says what it found and how (issue 11); every record has its "Kort fortalt".
EFFECTS_REQUIRED = True
SUMMARY = Field(str, required=EFFECTS_REQUIRED)
SUMMARY_MAX = 300  # "Kort fortalt" fits in the card overview and the one-page brief
MAX_HEADLINES = 3

SCHEMAS: dict[str, dict[str, Field]] = {
    "source": {
        "id": ID, "file": TEXT, "title": TEXT, "publisher": TEXT, "year": Field(int),
        "kind": TEXT, "provenance": PROV, "label": TEXT, "note": OPT_TEXT,
        "curator_note": OPT_TEXT,
    },
    "level": {
        "id": Field(str, True, choices=("structural", "institutional", "interpersonal",
                                        "individual")),
        "name": TEXT, "short_name": TEXT, "position": Field(int, True), "definition": TEXT,
        "quote": OPT_TEXT, "quote_locator": OPT_TEXT,
        "references": Field(list, ref="reference", items=str),
        "provenance": PROV,
    },
    "category": {
        "id": ID, "group": GROUP, "name": TEXT, "position": Field(int, True), "provenance": PROV,
    },
    "risk_factor": {
        "id": ID, "group": GROUP, "category": Field(str, True, ref="category"), "name": TEXT,
        "position": Field(int, True), "in_matrix": Field(bool, True),
        "table_names": Field(dict), "provenance": PROV, "note": OPT_TEXT,
        "curator_note": OPT_TEXT,
    },
    "reference": {
        "id": ID, "citation": TEXT, "kind": OPT_TEXT, "provenance": PROV, "note": OPT_TEXT,
        "curator_note": OPT_TEXT, "url": OPT_TEXT,
    },
    "footnote": {
        "number": Field(int, True), "label": TEXT, "reference": Field(str, True, ref="reference"),
    },
    "barrier": {
        "id": ID, "risk_factor": Field(str, True, ref="risk_factor"),
        "level": Field(str, True, ref="level"), "text": TEXT,
        "footnotes": Field(list, True, items=int),
        "provenance": PROV, "note": OPT_TEXT, "curator_note": OPT_TEXT,
    },
    "intervention": {
        "id": ID, "kind": Field(str, True, choices=("intervention", "tool")), "group": GROUP,
        "name": TEXT, "short_name": OPT_TEXT, "aliases": Field(list, items=str),
        "table_number": Field(int),
        "evidence": Field(str, True, choices=("effect", "indication")),
        "evidence_wording": TEXT, "purpose": TEXT, "target_group": TEXT,
        "elements": Field(list, True, items=str),
        "element_tags": Field(list, True, vocab="element_tags", items=str),
        "evaluation_design": TEXT,
        "status": Field(str, True, choices=("active", "ended", "unknown")),
        "status_year": Field(int), "status_text": OPT_TEXT,
        "references": Field(list, ref="reference", items=str), "provenance": PROV,
        "note": OPT_TEXT, "curator_note": OPT_TEXT, "summary": SUMMARY,
        "sample": Field(list), "result": Field(list, True),
    },
    "sample": {
        "n": Field(int), "text": TEXT, "source": Field(str, ref="source"), "locator": OPT_TEXT,
        "note": OPT_TEXT, "curator_note": OPT_TEXT,
    },
    "result": {
        "outcome": Field(str, True, vocab="outcomes"), "text": TEXT, "locator": OPT_TEXT,
        "source": Field(str, ref="source"),
        "direction": Field(str, EFFECTS_REQUIRED, choices=tuple(effects.DIRECTIONS)),
        "design": Field(str, EFFECTS_REQUIRED, choices=tuple(effects.DESIGNS)),
        "headline": Field(bool),
        "references": Field(list, ref="reference", items=str), "quote": OPT_TEXT,
        "quote_source": Field(str, ref="source"), "quote_locator": OPT_TEXT,
        "figure": Field(list), "note": OPT_TEXT, "curator_note": OPT_TEXT,
    },
    "figure": {
        "value": Field((int, float), True), "unit": Field(str, True, choices=UNITS),
        "label": TEXT, "text": OPT_TEXT,
    },
    "link": {
        "risk_factor": Field(str, True, ref="risk_factor"), "level": Field(str, True, ref="level"),
        "intervention": Field(str, True, ref="intervention"), "starred": Field(bool, True),
        "provenance": PROV, "note": OPT_TEXT, "curator_note": OPT_TEXT,
    },
    "crossref": {
        "mark": TEXT, "risk_factor": Field(str, True, ref="risk_factor"),
        "level": Field(str, True, ref="level"),
        "intervention": Field(str, True, ref="intervention"), "text": TEXT, "provenance": PROV,
        "note": OPT_TEXT, "curator_note": OPT_TEXT,
    },
    "conclusion": {
        "id": ID, "source": Field(str, True, ref="source"),
        "kind": Field(str, True, choices=("conclusion", "project")), "number": Field(int),
        "title": TEXT, "text": TEXT, "period": OPT_TEXT, "target_group": OPT_TEXT,
        "design": OPT_TEXT, "interventions": Field(list, True, ref="intervention", items=str),
        "topics": Field(list, True, vocab="topics", items=str),
        "references": Field(list, ref="reference", items=str),
        "provenance": PROV, "quote": OPT_TEXT, "quote_locator": OPT_TEXT, "note": OPT_TEXT,
        "curator_note": OPT_TEXT, "figure": Field(list),
    },
    "provenance": {"source": Field(str, True, ref="source"), "locator": TEXT},
}


_TYPE_NAMES = {str: "en tekst", int: "et heltal"}


@dataclass
class Record:
    """A record as read, with where it came from (for error messages and provenance)."""

    kind: str
    data: dict
    file: str

    @property
    def label(self) -> str:
        key = self.data.get("id") or self.data.get("number")
        if self.kind in ("link", "crossref"):
            key = "/".join(str(self.data.get(k)) for k in ("risk_factor", "level", "intervention"))
        return f"{self.kind} '{key}'"


@dataclass
class SourceData:
    """Everything in ``db/``, validated. Records keep their file for provenance and errors."""

    records: dict[str, list[Record]] = field(default_factory=dict)
    vocabulary: dict[str, dict[str, str]] = field(default_factory=dict)
    meta: dict[str, str] = field(default_factory=dict)
    # synonyms.toml, checked by evidence.synonyms (the search's word list; optional)
    synonyms: Thesaurus = field(default_factory=Thesaurus)

    def all(self, kind: str) -> list[Record]:
        return self.records.get(kind, [])

    def add(self, record: Record) -> None:
        self.records.setdefault(record.kind, []).append(record)


# Which top-level array tables each kind of file may hold. Intervention files are one record each.
FILE_KINDS = {
    "sources.toml": ("source",),
    "levels.toml": ("level",),
    "risk_factors.toml": ("category", "risk_factor"),
    "references": ("reference",),
    "barriers": ("footnote", "barrier"),
    "matrix": ("link", "crossref"),
    "conclusions": ("conclusion",),
}


def load(root: Path) -> SourceData:
    """Read and validate every source file under ``root``; raise SourceDataError on problems."""
    data = SourceData()
    problems: list[Problem] = []
    files = sorted(root.glob("*.toml")) + sorted(root.glob("*/*.toml"))
    for path in files:
        rel = path.relative_to(root).as_posix()
        try:
            # utf-8-sig: Notepad on Windows may save with a byte-order mark; it is not content.
            doc = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            problems.append(Problem(rel, "filen", "", f"kan ikke læses ({_os_reason(exc)})"))
            continue
        except UnicodeDecodeError as exc:  # Python's own text is English
            problems.append(Problem(rel, "filen", "", f"er ikke gemt som UTF-8 (byte "
                                    f"0x{exc.object[exc.start]:02x} på plads {exc.start}); "
                                    "gem den som UTF-8 i editoren"))
            continue
        except tomllib.TOMLDecodeError as exc:
            problems.append(Problem(rel, "filen", "", f"kan ikke læses som TOML: {exc}"))
            continue
        except RecursionError:
            problems.append(Problem(rel, "filen", "", "kan ikke læses som TOML: lister eller "
                                    "tabeller er indlejret for dybt"))
            continue
        if rel == "vocabulary.toml":
            data.vocabulary = _vocabulary(rel, doc, problems)
            continue
        if rel == "meta.toml":
            data.meta = dict(doc)
            continue
        if rel == "synonyms.toml":
            data.synonyms, found = synonyms.parse(doc)
            problems.extend(Problem(rel, record, key, message) for record, key, message in found)
            continue
        _collect(rel, doc, data, problems)
    if not problems and not (root / "meta.toml").is_file():
        problems.append(Problem("meta.toml", "filen", "", f"findes ikke i {root}"))
    elif not problems and "data_version" not in data.meta:
        problems.append(Problem("meta.toml", "filen", "data_version", "mangler"))
    if not problems:
        problems.extend(validate(data))
    if problems:
        raise SourceDataError(problems)
    return data


def _os_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "ingen adgang til filen"
    if isinstance(exc, IsADirectoryError):
        return "det er en mappe"
    return "filsystemet svarede med en fejl"


def _vocabulary(rel: str, doc: dict, problems: list[Problem]) -> dict[str, dict[str, str]]:
    """Each section of vocabulary.toml is a table of key = "label"."""
    out: dict[str, dict[str, str]] = {}
    for section, entries in doc.items():
        if not isinstance(entries, dict):
            problems.append(Problem(rel, f"[{section}]", "", "skal være en tabel af "
                                    'nøgle = "tekst"'))
            continue
        for key, label in entries.items():
            if not isinstance(label, str):
                problems.append(Problem(rel, f"[{section}]", key, "skal være en tekst"))
        out[section] = {k: v for k, v in entries.items() if isinstance(v, str)}
    return out


def _collect(rel: str, doc: dict, data: SourceData, problems: list[Problem]) -> None:
    top = rel.split("/")[0]
    if top == "interventions":
        data.add(Record("intervention", doc, rel))
        return
    allowed = FILE_KINDS.get(top)
    if allowed is None:
        problems.append(Problem(rel, "filen", "", "ukendt datafil (se db/README.md)"))
        return
    group = Path(rel).stem if top in ("barriers", "matrix") else None
    for key, value in doc.items():
        if key not in allowed or not isinstance(value, list):
            problems.append(Problem(rel, "filen", key, f"ukendt tabel; tilladt: {allowed}"))
            continue
        for i, item in enumerate(value):
            if not isinstance(item, dict):
                problems.append(Problem(rel, f"{key}[{i}]", "",
                                        f"skal være en tabel ([[{key}]]), ikke {item!r:.40}"))
                continue
            if group is not None:
                item = {**item, "_group": group}
            data.add(Record(key, item, rel))


def validate(data: SourceData) -> list[Problem]:
    """Check types, required fields, choices, vocabularies, unique ids and every cross-reference."""
    problems: list[Problem] = []
    ids: dict[str, set[str]] = {}
    for kind, records in data.records.items():
        seen: dict[str, str] = {}
        for rec in records:
            rid = rec.data.get("id")
            if isinstance(rid, str):
                if rid in seen:
                    problems.append(Problem(rec.file, rec.label, "id",
                                            f"dobbelt id (også i {seen[rid]})"))
                seen[rid] = rec.file
                if not ID_PATTERN.match(rid):
                    problems.append(Problem(rec.file, rec.label, "id",
                                            "id må kun have små bogstaver a-z, tal og '-'"))
        ids[kind] = set(seen)
    footnotes: dict[str, set[int]] = {}  # the numbers each barrier file's source list defines
    for f in data.all("footnote"):
        if isinstance(f.data.get("number"), int):
            footnotes.setdefault(f.file, set()).add(f.data.get("number"))
    for kind, records in data.records.items():
        for rec in records:
            _check(kind, rec.data, rec, data, ids, problems)
            problems.extend(_check_record_rules(rec, footnotes))
    return problems


def _check(kind: str, values: dict, rec: Record, data: SourceData, ids: dict[str, set[str]],
           problems: list[Problem], prefix: str = "") -> None:
    schema = SCHEMAS[kind]
    for name in values:
        if name not in schema and not name.startswith("_"):
            problems.append(Problem(rec.file, rec.label, prefix + name, "ukendt felt"))
    for name, spec in schema.items():
        where = prefix + name
        if name not in values:
            if spec.required:
                problems.append(Problem(rec.file, rec.label, where, "mangler"))
            continue
        value = values[name]
        if isinstance(value, bool) and spec.type in (int, (int, float)) or \
                not isinstance(value, spec.type):
            problems.append(Problem(rec.file, rec.label, where, f"har forkert type ({value!r})"))
            continue
        if isinstance(value, int) and not INT_MIN <= value <= INT_MAX:
            problems.append(Problem(rec.file, rec.label, where, f"tallet er for stort ({value})"))
            continue
        if isinstance(value, str) and spec.required and not value.strip():
            problems.append(Problem(rec.file, rec.label, where, "er tom"))
        if spec.items is not None and isinstance(value, list):
            wrong = [(i, item) for i, item in enumerate(value)
                     if not isinstance(item, spec.items) or isinstance(item, bool)
                     or (isinstance(item, int) and not INT_MIN <= item <= INT_MAX)]
            for i, item in wrong:
                problems.append(Problem(rec.file, rec.label, f"{where}[{i}]",
                                        f"har forkert type ({item!r:.40}); "
                                        f"skal være {_TYPE_NAMES.get(spec.items, 'en værdi')}"))
            if wrong:
                continue
        items = value if isinstance(value, list) else [value]
        if spec.choices and value not in spec.choices:
            problems.append(Problem(rec.file, rec.label, where,
                                    f"ukendt værdi '{value}'; tilladt: {', '.join(spec.choices)}"))
        if spec.vocab:
            vocab = data.vocabulary.get(spec.vocab, {})
            for item in items:
                if item not in vocab:
                    problems.append(Problem(rec.file, rec.label, where,
                                            f"'{item}' står ikke i vocabulary.toml [{spec.vocab}]"))
        if spec.ref:
            for item in items:
                if item not in ids.get(spec.ref, set()):
                    problems.append(Problem(rec.file, rec.label, where,
                                            f"henviser til ukendt {spec.ref} '{item}'"))
        if name in ("provenance", "sample", "result", "figure"):
            sub = "provenance" if name == "provenance" else name
            if name == "provenance" and not value:
                problems.append(Problem(rec.file, rec.label, where, "mangler kildeangivelse"))
            for i, item in enumerate(value):
                if not isinstance(item, dict):
                    problems.append(Problem(rec.file, rec.label, f"{where}[{i}]",
                                            "skal være en tabel"))
                    continue
                _check(sub, item, rec, data, ids, problems, f"{where}[{i}].")


def _check_record_rules(rec: Record, footnotes: dict[str, set[int]]) -> list[Problem]:
    """Rules that span fields: quotes need locators, groups must agree, footnotes must resolve."""
    d, out = rec.data, []

    def bad(field_name: str, message: str) -> None:
        out.append(Problem(rec.file, rec.label, field_name, message))

    quotes = [d, *d.get("result", [])] if isinstance(d.get("result", []), list) else [d]
    for item in quotes:
        if isinstance(item, dict) and item.get("quote") and not item.get("quote_locator"):
            bad("quote_locator", "et citat skal have sin egen kildeangivelse")
    if rec.kind == "intervention":
        expected = f"interventions/{d.get('id')}.toml"
        if rec.file != expected:
            bad("id", f"filen skal hedde {expected}")
        if d.get("kind") == "intervention" and "table_number" not in d:
            bad("table_number", "en indsats skal have sit nummer fra Tabel 5.1/6.1")
        if d.get("status") != "ended" and "status_year" in d:
            bad("status_year", "kun afsluttede indsatser har et slutår")
        summary = d.get("summary")
        if isinstance(summary, str) and len(summary) > SUMMARY_MAX:
            bad("summary", f"er {len(summary)} tegn; højst {SUMMARY_MAX}")
        results = d.get("result") if isinstance(d.get("result"), list) else []
        headlines = sum(1 for r in results if isinstance(r, dict) and r.get("headline") is True)
        if headlines > MAX_HEADLINES or (EFFECTS_REQUIRED and headlines < 1):
            bad("result.headline", f"{headlines} resultater er markeret som headline; "
                                   f"der skal være 1-{MAX_HEADLINES}")
    if rec.kind in ("risk_factor", "category") and not str(d.get("id", "")).startswith(
            f"{d.get('group')}-"):
        bad("id", "id skal begynde med gruppen (adult-/youth-)")
    if rec.kind in ("barrier", "link", "crossref"):
        group = d.get("_group")
        if group not in AGE_GROUPS:
            bad("", f"filen skal hedde adult.toml eller youth.toml, ikke {group}.toml")
        elif not str(d.get("risk_factor", "")).startswith(f"{group}-"):
            bad("risk_factor", f"risikofaktoren hører ikke til gruppen '{group}'")
    if rec.kind == "barrier" and isinstance(d.get("footnotes"), list):
        numbers = footnotes.get(rec.file, set())
        for n in d["footnotes"]:
            if isinstance(n, int) and n not in numbers:
                bad("footnotes", f"fodnote {n} står ikke i filens [[footnote]]-liste")
    return out
