"""Structured effects: vocabularies, per-outcome aggregation, the strength key, and citations."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from evidens.cli.main import main
from evidens.evidence import effects, queries, source_data
from evidens.evidence.export_json import evidence_base
from evidens.evidence.records import Provenance, citation


@dataclass(frozen=True)
class R:
    outcome: str
    direction: str | None
    design: str | None
    headline: bool = False


def test_every_direction_has_words_and_a_symbol_that_is_not_a_colour():
    assert set(effects.DIRECTIONS) == {"positive", "none", "negative", "mixed", "descriptive"}
    assert set(effects.DESIGNS) == {"rct", "quasi", "before_after", "qualitative", "review",
                                    "unknown"}
    symbols = [t.symbol for t in effects.DIRECTIONS.values()]
    assert all(symbols) and len(set(symbols)) == len(symbols)
    assert effects.DIRECTIONS["positive"].display == "▲ positiv effekt"
    assert effects.DESIGNS["rct"].display == "Randomiseret forsøg (RCT)"


def test_design_strength_order_is_documented_order():
    order = sorted(effects.DESIGN_STRENGTH, key=effects.DESIGN_STRENGTH.get, reverse=True)
    assert order == ["rct", "review", "quasi", "before_after", "qualitative", "unknown"]


def test_unanimous_results_keep_their_direction_and_strongest_design():
    [job] = effects.outcome_effects([R("job", "positive", "quasi"), R("job", "positive", "rct"),
                                     R("job", "descriptive", "qualitative")])
    assert (job.direction, job.design, job.results) == ("positive", "rct", 3)


def test_disagreeing_results_are_mixed():
    [job] = effects.outcome_effects([R("job", "positive", "review"), R("job", "none", "quasi")])
    assert (job.direction, job.design) == ("mixed", "review")


def test_descriptive_results_do_not_decide_a_direction():
    job, edu = effects.outcome_effects([R("job", "descriptive", "before_after"),
                                        R("edu", "none", "rct"),
                                        R("job", "descriptive", "qualitative")])
    assert (job.outcome, job.direction, job.design) == ("job", "descriptive", "before_after")
    assert (edu.direction, edu.design) == ("none", "rct")


def test_a_descriptive_outcome_shows_how_its_headline_figures_were_found():
    [bolig] = effects.outcome_effects([R("bolig", "descriptive", "before_after", True),
                                       R("bolig", "descriptive", "review")])
    assert bolig.design == "before_after"
    [bolig] = effects.outcome_effects([R("bolig", "descriptive", "before_after"),
                                       R("bolig", "descriptive", "review")])
    assert bolig.design == "review"


def test_strength_puts_a_positive_rct_before_a_descriptive_before_after_study():
    rct = effects.strength([R("job", "positive", "rct", True)])
    review = effects.strength([R("job", "positive", "review", True)])
    before_after = effects.strength([R("job", "descriptive", "before_after", True)])
    no_effect = effects.strength([R("job", "none", "rct", True)])
    assert rct > review > before_after > no_effect > 0
    assert effects.strength([]) == 0


def test_strength_counts_only_headline_outcomes_when_there_are_headlines():
    results = [R("job", "none", "rct", True), R("trivsel", "positive", "qualitative")]
    assert effects.strength(results) == effects.rank("none", "rct")
    no_headlines = [R(r.outcome, r.direction, r.design) for r in results]
    assert effects.strength(no_headlines) == effects.rank("positive", "qualitative")


@pytest.mark.parametrize("label, locator, expected", [
    ("VIVE 2018", "Afsnit 5.2.1.2", "VIVE 2018, afsnit 5.2.1.2"),
    ("VIVE 2018", "Tabel 5.1, note 1", "VIVE 2018, tabel 5.1, note 1"),
    ("VIVE 2018", "Bilag 2, Individual Placement and Support (IPS)",
     "VIVE 2018, bilag 2, Individual Placement and Support (IPS)"),
    ("STAR 2025", "Konklusion 2", "STAR 2025, konklusion 2"),
    ("STAR, vidensprojekter", "4. Projekt Inklusion (2011-2017)",
     "STAR, vidensprojekter, 4. Projekt Inklusion (2011-2017)"),
    ("STAR 2025", None, "STAR 2025"),
    ("VIVE 2018", "Afsnit 6.2.2.9 og Bilag 3, U-turn",
     "VIVE 2018, afsnit 6.2.2.9 og bilag 3, U-turn"),
    ("VIVE 2018", "Afsnit 5.2 og Housing First", "VIVE 2018, afsnit 5.2 og Housing First"),
])
def test_citation_reads_in_words(label, locator, expected):
    assert citation(label, locator) == expected


def test_provenance_and_results_cite_by_label_never_by_id_or_file(conn):
    ips = queries.intervention(conn, "ips")
    assert ips.provenance[0].citation == "VIVE 2018, afsnit 5.2.1.2"
    for p in ips.provenance:
        assert p.source_id not in p.citation and ".txt" not in p.citation
    rct = next(r for r in ips.results if "59,5" in r.text)
    assert rct.citation == "STAR, litteraturgennemgang, ad 2"
    assert rct.quote_citation == "STAR, litteraturgennemgang, ad 2"
    assert Provenance("x", "Titel", "f.txt", "Afsnit 1").citation == "Titel, afsnit 1"


def test_every_source_has_a_distinct_label(conn):
    labels = [s.label for s in queries.sources(conn)]
    assert all(labels) and len(set(labels)) == len(labels)
    assert {"VIVE 2018", "STAR 2025"} <= set(labels)


def test_strength_is_stored_and_matches_the_results(conn):
    for summary in queries.interventions(conn):
        iv = queries.intervention(conn, summary.id)
        assert summary.strength == effects.strength(iv.results), summary.id


def test_export_carries_the_new_fields_with_their_keys(conn):
    doc = evidence_base(conn)
    assert {"label", "curator_note"} <= set(doc["sources"][0])
    iv = doc["interventions"][0]
    assert {"summary", "curator_note", "strength"} <= set(iv)
    assert {"direction", "design", "headline", "note", "curator_note", "quote_source"} <= set(
        iv["results"][0])
    for iv in doc["interventions"]:
        for r in iv["results"]:
            assert r["direction"] in (*effects.DIRECTIONS, None)
            assert r["design"] in (*effects.DESIGNS, None)
            assert isinstance(r["headline"], bool)
    assert doc["vocabularies"]["directions"]["none"] == "○ ingen effekt"
    assert doc["vocabularies"]["designs"]["before_after"] == "Før-efter-måling"
    for key in ("risk_factors", "barriers", "matrix", "matrix_crossrefs", "conclusions",
                "references"):
        assert "curator_note" in doc[key][0], key


def _edit(root, name, old, new):
    path = root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(root) -> list[str]:
    try:
        source_data.load(root)
    except source_data.SourceDataError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_unknown_direction_and_design_are_refused_with_file_record_and_field(source_copy):
    _edit(source_copy, "interventions/ips.toml", 'direction = "positive"', 'direction = "great"')
    _edit(source_copy, "interventions/ips.toml", 'design = "review"', 'design = "anecdote"')
    problems = _problems(source_copy)
    assert any(p.startswith("interventions/ips.toml: intervention 'ips', felt "
                            "'result[0].direction': ukendt værdi 'great'") for p in problems)
    assert any("felt 'result[0].design': ukendt værdi 'anecdote'" in p for p in problems)


def test_headline_must_be_a_boolean(source_copy):
    _edit(source_copy, "interventions/ips.toml", "headline = true", 'headline = "ja"')
    assert any("felt 'result[0].headline': har forkert type" in p
               for p in _problems(source_copy))


def test_too_many_headlines_and_a_long_summary_are_refused(source_copy):
    path = source_copy / "interventions" / "ips.toml"
    lines = path.read_text(encoding="utf-8").replace("headline = true\n", "").splitlines()
    out = []
    for line in lines:
        if line.startswith("summary = "):
            line = 'summary = "' + "x" * 301 + '"'
        out.append(line)
        if line.startswith("design = "):
            out.append("headline = true")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    problems = _problems(source_copy)
    assert any("felt 'summary': er 301 tegn; højst 300" in p for p in problems)
    assert any("felt 'result.headline'" in p and "1-3" in p for p in problems)


@pytest.mark.parametrize("field", ["direction", "design"])
def test_build_db_refuses_a_missing_direction_or_design(source_copy, tmp_path, capsys, field):
    path = source_copy / "interventions" / "kvis.toml"
    text = path.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith(f"{field} = "))
    path.write_text(text.replace(line + "\n", "", 1), encoding="utf-8")

    code = main(["build-db", "--source", str(source_copy), "--output", str(tmp_path / "x.db")])

    err = capsys.readouterr().err
    assert code == 3 and "Traceback" not in err
    assert (f"interventions/kvis.toml: intervention 'kvis', felt 'result[0].{field}': mangler"
            in err)
    assert not (tmp_path / "x.db").exists()


def test_every_record_has_a_summary_and_one_to_three_headlines(source_copy):
    _edit(source_copy, "interventions/kvis.toml", "summary = ", "resume = ")
    _edit(source_copy, "interventions/kvik.toml", "headline = true\n", "")
    _edit(source_copy, "interventions/kvik.toml", "headline = true\n", "")
    problems = _problems(source_copy)
    assert "interventions/kvis.toml: intervention 'kvis', felt 'summary': mangler" in problems
    assert any(p.startswith("interventions/kvik.toml: intervention 'kvik', felt "
                            "'result.headline': 0 resultater") for p in problems)


def test_the_curated_data_is_complete(conn):
    for summary in queries.interventions(conn):
        iv = queries.intervention(conn, summary.id)
        assert iv.summary and len(iv.summary) <= 300, iv.id
        assert 1 <= len(iv.headline_results) <= 3, iv.id
        for r in iv.results:
            assert r.direction in effects.DIRECTIONS and r.design in effects.DESIGNS, iv.id
