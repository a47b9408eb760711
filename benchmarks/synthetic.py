"""Synthetic evidence bases, many times larger than the real one, built the real way.

:func:`generate` writes a *source-data folder* in the format of ``db/README.md``: the fixed files
(``sources.toml``, ``levels.toml``, ``vocabulary.toml``, ``meta.toml`` and, unless synthetic risk
factors are asked for, ``risk_factors.toml``) are copied from the real ``db/``; everything else is
generated: a references file, N interventions and tools (one file each, with elements, samples,
results and their figures), barriers, matrix links, cross-references and STAR conclusions. The text
is plausible Danish: sentences drawn from the words of the real curated data, with their real
frequencies, so prefix searches hit about as often as they would in a larger real evidence base.

:func:`build` then runs :func:`evidens.evidence.build_db.build` on that folder, so a synthetic
database has gone through the same validator and builder as the real one. Built databases are
cached in the temporary folder, keyed by the parameters and by everything they are made from (the
copied files, the word list and the builder's source), and reused until one of those changes.


Everything is drawn from one ``random.Random`` with a fixed seed: the same parameters and inputs
give the same database.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import tempfile
import time
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

from evidens.evidence import build_db

from .common import REAL_SOURCE

SEED = 20_180_501
GENERATOR_VERSION = 2  # raise when the generator changes what it writes
COPIED = ("sources.toml", "levels.toml", "vocabulary.toml", "meta.toml", "synonyms.toml")
CACHE = Path(tempfile.gettempdir()) / "evidens-bench"
# The builder's own code is part of the cache key: a new schema or index means a new database.
BUILDER_FILES = ("build_db.py", "source_data.py", "stemming.py", "synonyms.py", "effects.py")

WORD = re.compile(r"[^\W\d_]+")
TEXT_FIELDS = {"name", "short_name", "aliases", "purpose", "target_group", "elements", "text",
               "evaluation_design", "title", "label", "definition", "design", "status_text"}
SURNAMES = ("Andersen", "Bach", "Christensen", "Dahl", "Eplov", "Frederiksen", "Graversen",
            "Hansen", "Holt", "Jensen", "Kristensen", "Larsen", "Madsen", "Nielsen", "Olsen",
            "Pedersen", "Rasmussen", "Sørensen", "Thomsen", "Østergaard")
PUBLISHERS = ("VIVE", "KORA", "SFI", "Rambøll", "Deloitte", "STAR", "Socialstyrelsen", "Epinion")
DESIGNS = ("Randomiseret kontrolleret forsøg (RCT)", "Kvasi-eksperimentelt design med matchet "
           "kontrolgruppe", "Før-efter-måling", "Kvalitativ evaluering med interview",
           "Registerbaseret effektevaluering", "Litteraturgennemgang af effektstudier")
WORDINGS = {"effect": ("Lovende indsats med evidens for effekt", "Indsats med evidens for effekt"),
            "indication": ("Indsats med positive indikationer", "Lovende indsats med positive "
                           "indikationer")}
NAME_SUFFIXES = ("", "", "", "-projektet", "-modellen", "forløb")
EFFECT_DIRECTIONS = ("positive", "positive", "none", "mixed", "descriptive", "negative")
EFFECT_DESIGNS = ("rct", "quasi", "quasi", "before_after", "qualitative", "review", "unknown")
UNITS = ("procent", "procent", "procent", "procentpoint", "personer", "kr", "maaneder", "uger")


@dataclass(frozen=True)
class Spec:
    """What a synthetic evidence base holds.

    ``risk_factors`` = 0 copies the real ``risk_factors.toml``; a number generates that many
    adult risk factors (in ten categories) instead. ``links_per_cell`` = 0 links every
    intervention to one to four random cells of its group's matrix; a number fills every cell of
    the matrix with exactly that many interventions instead.
    """

    n_interventions: int = 10_000
    risk_factors: int = 0
    links_per_cell: int = 0
    seed: int = SEED

    @property
    def label(self) -> str:
        text = f"{self.n_interventions:,} interventions".replace(",", " ")
        if self.risk_factors:
            text += f", {self.risk_factors} risk factors × 4 levels"
        if self.links_per_cell:
            text += f" × {self.links_per_cell} per cell"
        return f"synthetic ({text})"


SEARCH_SPEC = Spec()
MATRIX_SPEC = Spec(n_interventions=2_000, risk_factors=100, links_per_cell=50)


# --- reading the real data ----------------------------------------------------------------------

def _read(path: Path) -> dict | None:
    """A real source file, or None if it cannot be read (curators may be mid-edit)."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None


def _strings(value, key: str = "") -> Iterable[str]:
    if isinstance(value, str):
        if key in TEXT_FIELDS:
            yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item, key)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, k)


def word_list(root: Path = REAL_SOURCE) -> list[str]:
    """Every word of the real interventions, barriers and conclusions, lower-cased, in order.

    Repeated words stay repeated, so sampling from the list keeps the real word frequencies.
    """
    words: list[str] = []
    for folder in ("interventions", "barriers", "conclusions"):
        for path in sorted((root / folder).glob("*.toml")):
            doc = _read(path)
            for text in _strings(doc or {}):
                words += [w for w in WORD.findall(text.lower()) if len(w) > 1]
    if len(set(words)) < 200:
        raise RuntimeError(f"too few words in the real data under {root} to generate text")
    return words


# --- writing TOML -------------------------------------------------------------------------------

INLINE_TABLE_LISTS = {"provenance"}


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_toml_key(k)} = {_toml_value(v)}"
                                for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {value!r} as TOML")


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key, ensure_ascii=False)


def _is_table_list(key: str, value) -> bool:
    return (isinstance(value, list) and bool(value) and key not in INLINE_TABLE_LISTS
            and all(isinstance(v, dict) for v in value))


def toml_dumps(doc: dict, prefix: str = "") -> str:
    """TOML for ``doc``: lists of tables as ``[[name]]`` blocks (provenance stays inline)."""
    lines = [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in doc.items()
             if not _is_table_list(k, v)]
    for key, value in doc.items():
        if _is_table_list(key, value):
            name = f"{prefix}{_toml_key(key)}"
            for item in value:
                lines += ["", f"[[{name}]]", toml_dumps(item, f"{name}.").strip("\n")]
    return "\n".join(lines) + "\n"


# --- generating ---------------------------------------------------------------------------------

class _Text:
    """Danish-looking text from the real word list."""

    def __init__(self, rng: random.Random, words: list[str]):
        self.rng = rng
        self.words = words
        self.long_words = sorted({w for w in words if len(w) >= 5})

    def words_(self, lo: int, hi: int) -> list[str]:
        return self.rng.choices(self.words, k=self.rng.randint(lo, hi))

    def phrase(self, lo: int, hi: int) -> str:
        return " ".join(self.words_(lo, hi))

    def sentence(self, lo: int, hi: int, number: str | None = None) -> str:
        words = self.words_(lo, hi)
        if number is not None:
            words.insert(self.rng.randrange(len(words) + 1), number)
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def sentences(self, lo: int, hi: int) -> str:
        """Sentences of 6-18 words, lo-hi words in all."""
        total, out = self.rng.randint(lo, hi), []
        while total > 0:
            n = min(total, self.rng.randint(6, 18))
            out.append(self.sentence(n, n))
            total -= n
        return " ".join(out)

    def title(self, lo: int, hi: int) -> str:
        words = self.rng.sample(self.long_words, self.rng.randint(lo, hi))
        return words[0].capitalize() + "".join(" " + w for w in words[1:])


def _danish(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _figure(t: _Text) -> tuple[dict, str]:
    unit = t.rng.choice(UNITS)
    if unit in ("procent", "procentpoint"):
        value = round(t.rng.uniform(1, 95), 1)
    elif unit == "kr":
        value = t.rng.randrange(1_000, 250_000, 500)
    else:
        value = t.rng.randint(2, 800)
    written = {"procent": f"{_danish(value)} %", "procentpoint": f"{_danish(value)} procentpoint",
               "kr": f"{value:,} kr.".replace(",", "."), "maaneder": f"{value} måneder",
               "uger": f"{value} uger", "personer": f"{value} personer"}[unit]
    return {"value": value, "unit": unit, "label": t.phrase(4, 10)}, written


def _intervention(t: _Text, iid: str, number: int, ctx: dict) -> dict:
    rng = t.rng
    kind = "tool" if rng.random() < 0.1 else "intervention"
    name = t.title(1, 4) + rng.choice(NAME_SUFFIXES)
    words = name.split()
    short = "".join(w[0] for w in words).upper() if len(words) >= 2 else None
    evidence = "effect" if rng.random() < 0.4 else "indication"
    status = rng.choice(("active", "ended", "unknown"))
    doc: dict = {"id": iid, "kind": kind, "group": ctx["group"](iid), "name": name}
    aliases = []
    if short:
        doc["short_name"] = short
        if rng.random() < 0.3:
            aliases.append(f"{short}-modellen")
    if rng.random() < 0.4:
        aliases.append(t.title(2, 3))
    if aliases:
        doc["aliases"] = aliases
    if kind == "intervention":
        doc["table_number"] = number
    doc |= {
        "evidence": evidence, "evidence_wording": rng.choice(WORDINGS[evidence]),
        "purpose": t.sentences(25, 60), "target_group": t.sentences(20, 55),
        "elements": [t.sentence(6, 16) for _ in range(rng.randint(3, 7))],
        "element_tags": rng.sample(ctx["tags"], rng.randint(2, 5)),
        "evaluation_design": f"{rng.choice(DESIGNS)}; {t.phrase(4, 14)}.",
        "status": status,
    }
    if status == "ended":
        doc["status_year"] = rng.randint(2005, 2024)
        doc["status_text"] = f"Indsatsen blev afsluttet i {doc['status_year']}."
    refs = rng.sample(ctx["references"], rng.randint(1, 3))
    doc["references"] = refs
    doc["provenance"] = [{"source": rng.choice(ctx["sources"]),
                          "locator": f"{rng.choice(('Bilag 2', 'Bilag 3', 'Afsnit 5.2'))}, {name}"}
                         for _ in range(rng.randint(2, 3))]
    doc["sample"] = [{"n": (n := rng.randint(20, 3000)), "text": f"{n} {t.phrase(3, 12)}",
                      "locator": f"Bilag 2, {name}"} for _ in range(rng.randint(0, 2))]
    results = []
    for _ in range(rng.randint(2, 6)):
        figures, written = [], []
        for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
            fig, text = _figure(t)
            figures.append(fig)
            written.append(text)
        text = " ".join(t.sentence(8, 20, number=w) for w in written) or t.sentence(15, 40)
        result = {"outcome": rng.choice(ctx["outcomes"]), "text": text,
                  "locator": f"Bilag 2, {name}", "references": [rng.choice(refs)]}
        if rng.random() < 0.25:
            result |= {"quote": t.sentence(12, 30), "quote_locator": f"Afsnit 5.2, {name}"}
        if figures:
            result["figure"] = figures
        results.append(result)
    # The structured effects and the summary that build-db requires (issue 11), drawn from a
    # random stream of their own so that the text stays what it was before they existed.
    effects = random.Random(f"{SEED}-{iid}")
    for i, result in enumerate(results):
        result |= {"direction": effects.choice(EFFECT_DIRECTIONS),
                   "design": effects.choice(EFFECT_DESIGNS), "headline": i == 0}
    doc["result"] = results
    summary = doc["purpose"][:280]
    doc["summary"] = summary.rsplit(" ", 1)[0] + " …" if len(doc["purpose"]) > 280 else summary
    return doc


def _risk_factors(t: _Text, n: int, vive: str) -> dict:
    prov = [{"source": vive, "locator": "Tabel 3.1"}]
    categories = [{"id": f"adult-syn-kategori-{i:02d}", "group": "adult",
                   "name": t.title(1, 3), "position": i, "provenance": prov}
                  for i in range(1, 11)]
    factors = [{"id": f"adult-syn-{i:03d}", "group": "adult",
                "category": categories[(i - 1) * len(categories) // n]["id"],
                "name": t.title(1, 3), "position": i, "in_matrix": True, "provenance": prov}
               for i in range(1, n + 1)]
    return {"category": categories, "risk_factor": factors}


def _references(t: _Text, needed: set[str], sources: list[str]) -> list[dict]:
    """The real references the copied files cite, then 300 synthetic ones."""
    found: dict[str, dict] = {}
    for path in sorted((REAL_SOURCE / "references").glob("*.toml")):
        for ref in (_read(path) or {}).get("reference", []):
            if ref.get("id") in needed and ref["id"] not in found:
                found[ref["id"]] = ref
    refs = [found[i] for i in sorted(found)]
    prov = [{"source": sources[0], "locator": "Litteraturliste"}]
    for rid in sorted(needed - set(found)):
        refs.append({"id": rid, "citation": f"{rid} (syntetisk erstatning)", "kind": "andet",
                     "provenance": prov})
    for i in range(1, 301):
        year = t.rng.randint(2000, 2024)
        author = f"{t.rng.choice(SURNAMES)}, {t.rng.choice('ABCDEFGHJKLMNPST')}."
        refs.append({"id": f"syn-ref-{i:03d}", "kind": t.rng.choice(("studie", "rapport",
                                                                       "evaluering")),
                     "citation": f"{author} ({year}). {t.title(3, 8)}. "
                                 f"{t.rng.choice(PUBLISHERS)}.",
                     "provenance": prov})
    return refs


def generate(folder: Path, spec: Spec, words: list[str] | None = None) -> dict[str, int]:
    """Write the synthetic source-data folder for ``spec``; return how many records of each kind."""
    rng = random.Random(spec.seed)
    t = _Text(rng, words if words is not None else word_list())
    folder.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        shutil.copyfile(REAL_SOURCE / name, folder / name)
    sources = [s["id"] for s in tomllib.loads((folder / "sources.toml").read_text())["source"]]
    vive = "vive-2018" if "vive-2018" in sources else sources[0]
    vocab = tomllib.loads((folder / "vocabulary.toml").read_text())
    levels = tomllib.loads((folder / "levels.toml").read_text())["level"]
    level_ids = [lv["id"] for lv in levels]

    if spec.risk_factors:
        rf_doc = _risk_factors(t, spec.risk_factors, vive)
        (folder / "risk_factors.toml").write_text(toml_dumps(rf_doc), encoding="utf-8")
    else:
        shutil.copyfile(REAL_SOURCE / "risk_factors.toml", folder / "risk_factors.toml")
        rf_doc = tomllib.loads((folder / "risk_factors.toml").read_text())
    matrix_rfs = {g: [r["id"] for r in rf_doc["risk_factor"] if r["group"] == g and r["in_matrix"]]
                  for g in ("adult", "youth")}

    needed = {r for lv in levels for r in lv.get("references", [])}
    refs = _references(t, needed, sources)
    (folder / "references").mkdir()
    (folder / "references" / "synthetic.toml").write_text(toml_dumps({"reference": refs}),
                                                          encoding="utf-8")
    syn_refs = [r["id"] for r in refs if r["id"].startswith("syn-ref-")]

    # With synthetic (adult) risk factors every intervention is an adult one, so that each cell
    # can draw from them all; otherwise the real data's mix, about three adults to two youths.
    adult_share = 1.0 if spec.risk_factors else 0.6
    groups = {f"syn-{i:05d}": "adult" if rng.random() < adult_share else "youth"
              for i in range(1, spec.n_interventions + 1)}
    ctx = {"group": groups.__getitem__, "tags": sorted(vocab["element_tags"]),
           "outcomes": sorted(vocab["outcomes"]), "references": syn_refs, "sources": sources}
    (folder / "interventions").mkdir()
    for number, iid in enumerate(groups, start=1):
        doc = _intervention(t, iid, number, ctx)
        (folder / "interventions" / f"{iid}.toml").write_text(toml_dumps(doc), encoding="utf-8")

    counts = {"interventions": len(groups), "barriers": 0, "links": 0, "crossrefs": 0}
    for folder_name in ("barriers", "matrix"):
        (folder / folder_name).mkdir()
    by_group = {g: [i for i, grp in groups.items() if grp == g] for g in ("adult", "youth")}
    for group, rfs in matrix_rfs.items():
        if not rfs:
            continue
        table = "Tabel 4.2" if group == "adult" else "Tabel 4.3"
        footnotes = [{"number": n, "label": t.title(2, 5), "reference": syn_refs[n - 1]}
                     for n in range(1, 9)]
        barriers = [{"id": f"{rf}-{level}-{k}", "risk_factor": rf, "level": level,
                     "text": t.sentence(4, 12).rstrip("."),
                     "footnotes": sorted(rng.sample(range(1, 9), rng.randint(0, 2))),
                     "provenance": [{"source": vive, "locator": table}]}
                    for rf in rfs for level in level_ids for k in range(1, rng.randint(1, 3) + 1)]
        (folder / "barriers" / f"{group}.toml").write_text(
            toml_dumps({"footnote": footnotes, "barrier": barriers}), encoding="utf-8")
        counts["barriers"] += len(barriers)

        table = "Tabel 5.1" if group == "adult" else "Tabel 6.1"
        cells: list[tuple[str, str, str]] = []
        pool = by_group[group]
        if spec.links_per_cell:
            for rf in rfs:
                for level in level_ids:
                    k = min(spec.links_per_cell, len(pool))
                    cells += [(rf, level, iid) for iid in sorted(rng.sample(pool, k))]
        else:
            all_cells = [(rf, level) for rf in rfs for level in level_ids]
            for iid in pool:
                cells += [(rf, level, iid) for rf, level in rng.sample(all_cells,
                                                                       rng.randint(1, 4))]
        links = [{"risk_factor": rf, "level": level, "intervention": iid,
                  "starred": rng.random() < 0.3, "provenance": [{"source": vive,
                                                                 "locator": table}]}
                 for rf, level, iid in cells]
        crossrefs = [{"mark": rng.choice("#¤"), "risk_factor": rf, "level": level,
                      "intervention": rng.choice(pool), "text": t.sentence(8, 20),
                      "provenance": [{"source": vive, "locator": f"{table}, note"}]}
                     for rf, level, _ in rng.sample(cells, min(len(cells), len(rfs) // 5))]
        (folder / "matrix" / f"{group}.toml").write_text(
            toml_dumps({"link": links, "crossref": crossrefs}), encoding="utf-8")
        counts["links"] += len(links)
        counts["crossrefs"] += len(crossrefs)

    conclusions: dict[str, list[dict]] = {}
    topics = sorted(vocab["topics"])
    ids = list(groups)
    for k in range(1, spec.n_interventions // 20 + 1):
        source = rng.choice(sources)
        doc = {"id": f"syn-konklusion-{k:04d}", "source": source, "kind": "conclusion",
               "number": k, "title": t.sentence(5, 12).rstrip("."), "text": t.sentences(40, 100),
               "interventions": sorted(rng.sample(ids, min(len(ids), rng.randint(0, 4)))),
               "topics": rng.sample(topics, rng.randint(1, 2)),
               "references": rng.sample(syn_refs, rng.randint(0, 3)),
               "provenance": [{"source": source, "locator": f"Konklusion {k}"}]}
        figures = [_figure(t)[0] for _ in range(rng.choice((0, 0, 1, 2)))]
        if figures:
            doc["figure"] = figures
        conclusions.setdefault(source, []).append(doc)
    (folder / "conclusions").mkdir()
    for source, docs in conclusions.items():
        (folder / "conclusions" / f"{source}.toml").write_text(
            toml_dumps({"conclusion": docs}), encoding="utf-8")
    counts["conclusions"] = sum(len(v) for v in conclusions.values())
    return counts


# --- building, with a cache ---------------------------------------------------------------------

def cache_key(spec: Spec, words: list[str]) -> str:
    digest = hashlib.sha256(json.dumps([GENERATOR_VERSION, asdict(spec)]).encode())
    for name in (*COPIED, "risk_factors.toml"):
        digest.update((REAL_SOURCE / name).read_bytes())
    digest.update("\n".join(words).encode())
    package = Path(build_db.__file__).parent  # evidens/evidence/: the builder and its helpers
    for name in BUILDER_FILES:
        digest.update((package / name).read_bytes())
    return digest.hexdigest()[:12]


def build(spec: Spec = SEARCH_SPEC, log: Callable[[str], None] = print) -> Path:
    """The built database for ``spec``, generated and built first unless it is in the cache."""
    words = word_list()
    stem = f"iv{spec.n_interventions}-rf{spec.risk_factors}-pc{spec.links_per_cell}-s{spec.seed}"
    target = CACHE / f"{stem}-{cache_key(spec, words)}" / "evidens.sqlite"
    if target.is_file():
        return target
    CACHE.mkdir(parents=True, exist_ok=True)
    for old in CACHE.glob(f"{stem}-*"):  # the same parameters over older inputs
        shutil.rmtree(old, ignore_errors=True)
    log(f"Generating {spec.label} in {target.parent} ...")
    started = time.perf_counter()
    source = Path(tempfile.mkdtemp(prefix="source-", dir=CACHE))
    try:
        counts = generate(source, spec, words)
        log(f"  wrote {counts} in {time.perf_counter() - started:.1f} s; building ...")
        report = build_db.build(source, target)
    finally:
        shutil.rmtree(source, ignore_errors=True)
    size = target.stat().st_size / 2**20
    log(f"  built in {time.perf_counter() - started:.1f} s in all: {size:.0f} MB, "
        f"{report.counts}")
    return target
