"""The synonym list in db/synonyms.toml: validated like all curated data, grounded in the data."""

from __future__ import annotations

import tomllib

import pytest

from evidens.cli.main import main
from evidens.evidence import source_data, synonyms
from evidens.evidence.stemming import fold, words
from evidens.resource_files import data_dir


def problems(doc: dict) -> list[str]:
    return [message for _record, _field, message in synonyms.parse(doc)[1]]


def test_the_real_list_is_valid():
    doc = tomllib.loads((data_dir() / "synonyms.toml").read_text(encoding="utf-8"))
    thesaurus, found = synonyms.parse(doc)
    assert found == []
    assert len(thesaurus.rules) >= 15


@pytest.mark.parametrize("doc, message", [
    ({"synonym": []}, "ukendt tabel"),
    ({"synonyms": [{"words": ["misbrug"]}]}, "mindst to ord"),
    ({"synonyms": [{"words": ["misbrug", "ab"]}]}, "for kort"),
    ({"synonyms": [{"words": ["misbrug", "misbrug"]}]}, "to gange"),
    ({"synonyms": [{"words": ["misbrug", "alkohol"]}, {"words": ["alkohol", "sprut"]}]},
     "slå grupperne sammen"),
    ({"synonyms": [{"words": "misbrug"}]}, "ikke-tom liste"),
    ({"synonyms": [{"words": ["misbrug", 3]}]}, "ikke et ord"),
    ({"synonyms": [{"words": ["misbrug", "alkohol"], "ord": 1}]}, "ukendt felt"),
    ({"related": [{"word": "ledig"}]}, "ikke-tom liste"),
    ({"related": [{"finds": ["langtidsledig"]}]}, "ikke-tom liste"),
    ({"related": ["ledig"]}, "skal være en tabel"),
])
def test_mistakes_are_reported(doc, message):
    assert any(message in p for p in problems(doc)), problems(doc)


def test_build_db_refuses_a_broken_list(source_copy, tmp_path, capsys):
    (source_copy / "synonyms.toml").write_text(
        '[[synonyms]]\nwords = ["misbrug"]\n', encoding="utf-8")
    code = main(["build-db", "--source", str(source_copy), "--output", str(tmp_path / "x.db")])
    err = capsys.readouterr().err
    assert code == 3
    assert "synonyms.toml" in err and "mindst to ord" in err
    assert "Traceback" not in err


def test_phrases_match_inflected_words_in_a_row():
    thesaurus, _ = synonyms.parse({"synonyms": [{"words": ["psykisk sygdom", "sindslidelse"]}],
                                   "related": [{"word": "ledig", "finds": ["langtidsledig"]}]})

    def expand(text):
        return set(thesaurus.expansion([fold(w) for w in words(text)]))

    assert "sindslidelse" in expand("Borgere med psykiske sygdomme")
    assert "psykisk" in expand("unge med sindslidelser")
    assert not expand("psykisk og fysisk sygdom")  # not in a row
    assert "ledig" in expand("langtidsledige kontanthjælpsmodtagere")
    assert not expand("ledige")  # related goes one way
    assert not expand("ledelse")


def test_every_entry_list_is_grounded_in_the_data():
    """Each synonym group and related entry meets words the curated records actually use."""
    data = source_data.load(data_dir())
    texts = []
    for kind in ("intervention", "conclusion", "barrier", "risk_factor"):
        for rec in data.all(kind):
            texts.append([fold(w) for w in words(" ".join(_strings(rec.data)))])
    for rule in data.synonyms.rules:
        assert any(rule_hits(rule, t) for t in texts), [e.text for e in rule.when]


def rule_hits(rule, written):
    distinct = sorted(set(written))
    return any(synonyms._occurs(e.folded, written, distinct) for e in rule.when)


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            if k != "curator_note":
                yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
