"""The side-by-side comparison (issue 5), on the real built database.

Expected tags are read straight from the curated TOML, not from the database, so a mistake in the
build or in the set arithmetic cannot hide behind itself.
"""

from __future__ import annotations

import json
import tomllib

import pytest

from evidens.analysis.comparison import EMPTY, compare, comparison_to_dict
from evidens.evidence import queries
from evidens.resource_files import data_dir

TRIO = ["ips", "kvis", "housing-first"]


def toml_tags(intervention_id: str) -> set[str]:
    path = data_dir() / "interventions" / f"{intervention_id}.toml"
    return set(tomllib.loads(path.read_text(encoding="utf-8"))["element_tags"])


@pytest.fixture(scope="module")
def trio(conn):
    return compare(conn, TRIO)


def test_columns_keep_the_chosen_order(conn, trio):
    assert [iv.id for iv in trio.interventions] == TRIO
    assert [iv.id for iv in compare(conn, ["housing-first", "ips"]).interventions] == [
        "housing-first", "ips"]
    for row in trio.rows:
        assert len(row.values) == 3, row.key
        assert all(v.strip() for v in row.values), row.key


def test_rows_present_in_order(trio):
    keys = [r.key for r in trio.rows]
    effects_ = [k for k in keys if k.startswith("effect:")]
    results = [k for k in keys if k.startswith("result:")]
    headlines = [k for k in keys if k.startswith("headline:")]
    # One row per headline result, as many as the column with the most (1-3 each).
    most = max(len(iv.headline_results) for iv in trio.interventions)
    assert headlines == [f"headline:{i}" for i in range(1, most + 1)] and 1 <= most <= 3
    # Structured facts first, in the order; then the free text.
    assert keys == ["group", "evidence", "design", "largest_n", "status", *effects_, *headlines,
                    "target_short", "summary", "shared_elements", "own_elements",
                    "evidence_wording", "design_text", "samples", *results, "target_group",
                    "elements", "status_text", "coverage", "conclusions", "sources"]
    # One row per outcome any of the three has, in the vocabulary's order, for the effect in
    # short and for the results in words.
    # IPS: beskaeftigelse, implementering, helbred-trivsel, samfundsoekonomi; KVIS: beskaeftigelse,
    # implementering; Housing First: bolig, beskaeftigelse, helbred-trivsel.
    outcomes = ["beskaeftigelse", "helbred-trivsel", "bolig", "samfundsoekonomi",
                "implementering"]
    assert results == [f"result:{o}" for o in outcomes]
    assert effects_ == [f"effect:{o}" for o in outcomes]
    assert all(r.structured for r in trio.rows[:keys.index("evidence_wording")])
    assert not any(r.structured for r in trio.rows[keys.index("evidence_wording"):])
    assert trio.structured_rows + trio.text_rows == trio.rows
    # Sections are contiguous, so a UI can group rows under one heading each.
    seen = list(dict.fromkeys(r.section for r in trio.rows))
    assert seen == ["Overblik", "Effekt pr. udfald", "Målgruppe og indhold",
                    "Fritekst fra kilderne"]


def test_effect_rows_give_direction_in_words_and_symbols(trio):
    """Direction per outcome as a symbol and a word (never colour alone) over the design."""
    from evidens.analysis.comparison_rows import DESIGN_SHORT
    from evidens.evidence import effects

    for column, iv in enumerate(trio.interventions):
        found = {e.outcome: e for e in iv.outcome_effects}
        for row in trio.rows:
            if not row.key.startswith("effect:"):
                continue
            effect = found.get(row.key.removeprefix("effect:"))
            if effect is None:
                assert row.values[column] == EMPTY and row.facts[column] is None
                continue
            term = effects.DIRECTIONS[effect.direction]
            words = f"{term.symbol} {term.label[0].upper()}{term.label[1:]}"
            design = DESIGN_SHORT[effect.design]
            assert row.values[column] == (f"{words}, {design}" if design else words)
            assert row.facts[column] == {"direction": effect.direction, "design": effect.design}


def test_overview_facts(trio):
    assert trio.row("largest_n").values[0] == "n = 720"
    assert trio.row("largest_n").facts[0] == 720
    assert trio.row("status").values[1] == "Afsluttet (2013)"
    assert trio.row("status").facts[1] == {"status": "ended", "year": 2013}
    for column, iv in enumerate(trio.interventions):
        designs = {r.design or "unknown" for r in iv.results}
        assert trio.row("design").facts[column] in designs
    # Each headline result by its figures (number first, Danish style, with what it counts) or
    # by its own text, whichever is shorter; a column with fewer headlines shows the dash.
    for column, iv in enumerate(trio.interventions):
        for i, result in enumerate(iv.headline_results, 1):
            value = trio.row(f"headline:{i}").values[column]
            figures = [f"• {f.display} {f.label}" for f in result.figures]
            assert value in (result.text, "\n".join(figures))
            assert trio.row(f"headline:{i}").facts[column]["outcome"] == result.outcome
    ips_rct = trio.row("headline:2").values[0]
    assert "59,5 %" in ips_rct and "46,5 %" in ips_rct and "13 procentpoint" in ips_rct


def test_short_target_group_is_a_first_sentence_never_cut_inside_a_number():
    from evidens.analysis.comparison_rows import short_target_group

    assert short_target_group("Unge, der har ikke taget 9. klasse. De er mange.") == (
        "Unge, der har ikke taget 9. klasse")
    assert short_target_group("Elever i udskolingen (8.-10. klasse). Mere.") == (
        "Elever i udskolingen (8.-10. klasse)")
    assert short_target_group("Gældsramte borgere; især unge.") == "Gældsramte borgere"
    long = "ord " * 80
    cut = short_target_group(long)
    assert cut.endswith(" …") and len(cut) <= 112


def test_same_outcome_is_aligned_in_one_row(conn, trio):
    employment = trio.row("result:beskaeftigelse")
    assert employment.label == "Resultater: beskæftigelse"
    ips, kvis, housing = employment.values
    assert "59,5 %" in ips and "46,5 %" in ips and "13 procentpoint" in ips
    assert "8 af de 14 jobcentre" in kvis and "70 %" in kvis
    assert "knap 2 %" in housing and "7 %" in housing
    # Housing only for Housing First; the others show the dash.
    housing_row = trio.row("result:bolig")
    assert housing_row.values[:2] == (EMPTY, EMPTY)
    assert "9 ud af 10" in housing_row.values[2] and "0,9" in housing_row.values[2]
    # Every result of every intervention lands in its outcome's row and nowhere else.
    for column, iv in enumerate(trio.interventions):
        for result in iv.results:
            row = trio.row(f"result:{result.outcome}")
            assert result.text in row.values[column]
            for figure in result.figures:
                assert f"{figure.display}: {figure.label}" in row.values[column]
            others = [r for r in trio.rows if r.key.startswith("result:") and r is not row]
            assert all(result.text not in r.values[column] for r in others)


def test_figures_use_danish_display(conn, trio):
    saving = trio.row("result:samfundsoekonomi").values[0]
    assert "72.000 kr." in saving and "72000" not in saving


def test_differs_flags(conn, trio):
    assert not compare(conn, ["ips", "kvis"]).row("group").differs
    assert not compare(conn, ["ips", "kvis"]).row("evidence").differs
    assert compare(conn, ["ips", "brobygningsforloeb"]).row("group").differs
    assert trio.row("group").values == ("Voksne · Indsats",) * 3
    assert not trio.row("group").differs
    assert trio.row("evidence").differs  # Housing First has positive indications only
    assert compare(conn, ["ips", "mentorordninger"]).row("group").values == (
        "Voksne · Indsats", "Voksne · Redskab")


@pytest.mark.parametrize("other", ["kvis", "mentorordninger"])
def test_only_differences_compares_the_facts_not_the_wording(conn, other):
    """IPS and KVIS (and the mentor schemes) are all ◆: they do not differ on evidence, even
    where the sources word it differently; the wording is free text and differs there."""
    comparison = compare(conn, ["ips", other])
    evidence = comparison.row("evidence")
    assert evidence.values == ("◆ Evidens for effekt",) * 2 and evidence.facts == ("effect",) * 2
    assert not evidence.differs
    shown = [r.key for r in comparison.visible_rows(only_differences=True)]
    assert "evidence" not in shown
    assert ("group" in shown) == (other == "mentorordninger")  # Indsats vs Redskab
    assert all(r.structured and r.differs for r in comparison.visible_rows(only_differences=True))
    wording = comparison.row("evidence_wording")
    if other == "mentorordninger":  # "Alle redskaber ... kan karakteriseres som lovende ..."
        assert wording.differs
        assert "evidence_wording" in [r.key for r in comparison.visible_rows(
            only_differences=True, free_text=True)]
    # A structured row differs exactly when its facts do.
    for row in comparison.structured_rows:
        assert row.differs == (row.facts[0] != row.facts[1]), row.key


def test_overview_rows_and_the_sources_wording(trio):
    ips, _, housing = trio.row("evidence").values
    assert ips == "◆ Evidens for effekt" and housing == "◇ Positive indikationer"
    ips, _, housing = trio.row("evidence_wording").values
    assert ips == "»Lovende indsatser med evidens for effekt«"
    assert "positive indikationer over for målgruppen" in housing
    assert "n = 720" in trio.row("samples").values[0]
    assert "n = 111" in trio.row("samples").values[2]
    assert "randomiseret" in trio.row("design_text").values[0]
    assert "Difference-in-differences" in trio.row("design_text").values[1]


def test_content_and_coverage_rows(trio):
    ips, kvis, housing = trio.row("elements").values
    assert ips.startswith("• Ordinært job") and ips.count("• ") == 5
    assert kvis.count("• ") == 3
    assert trio.row("status").values[0] == "Aktiv"
    assert trio.row("status").values[1] == "Afsluttet (2013)"
    assert trio.row("status_text").values[1].startswith("KVIS var et forsøgsprogram")
    # Tabel 5.1: KVIS (8*) at Sindslidelser and Fysiske helbredsproblemer, institutional and
    # individual; IPS (1*) at Sindslidelser only.
    assert trio.row("coverage").values[1].splitlines() == [
        "Institutionelt: Sindslidelser, Fysiske helbredsproblemer",
        "Individuelt: Sindslidelser, Fysiske helbredsproblemer"]
    assert trio.row("coverage").values[0].splitlines() == [
        "Institutionelt: Sindslidelser", "Individuelt: Sindslidelser"]
    assert "Henvisning (¤)" in housing_coverage(trio)
    conclusions = trio.row("conclusions").values
    assert "Projekt Inklusion (IPS)" in conclusions[0] and conclusions[1:] == (EMPTY, EMPTY)
    # Sources by their label and the place in words, never a record id.
    assert "• VIVE 2018, afsnit 5.2.1.2" in trio.row("sources").values[0]
    assert "• VIVE 2018, tabel 5.1, note 8" in trio.row("sources").values[1]
    for row in trio.rows:
        for value in row.values:
            assert "vive-2018" not in value and "star-" not in value, row.key
    assert "(STAR" in conclusions[0] and "star-vidensprojekter" not in conclusions[0]


def housing_coverage(comparison) -> str:
    return comparison.row("coverage").values[2]


def test_tools_have_no_matrix_cells_but_say_why(conn):
    row = compare(conn, ["ips", "mentorordninger"]).row("coverage")
    assert row.values[1].startswith("Ikke nummereret i matricen")


@pytest.mark.parametrize("ids", [TRIO, ["ips", "kvis"], ["brobygningsforloeb", "kvik", "i-fokus",
                                                           "unge-coach"]])
def test_tag_sets_match_the_toml(conn, ids):
    comparison = compare(conn, ids)
    tags = {i: toml_tags(i) for i in ids}
    everyone = set.intersection(*tags.values())
    assert set(comparison.shared_tags) == everyone
    assert set(comparison.unique_tags) == set(ids)
    for i in ids:
        others = set().union(*(tags[o] for o in ids if o != i))
        assert set(comparison.unique_tags[i]) == tags[i] - others
    expected_partly = {t: tuple(i for i in ids if t in tags[i])
                       for t in set().union(*tags.values())}
    expected_partly = {t: h for t, h in expected_partly.items() if 1 < len(h) < len(ids)}
    assert comparison.partly_shared_tags == expected_partly
    assert set(comparison.tag_labels) == set().union(*tags.values())
    # Every tag lands in exactly one of the three groups.
    placed = [*comparison.shared_tags, *comparison.partly_shared_tags,
              *(t for v in comparison.unique_tags.values() for t in v)]
    assert sorted(placed) == sorted(set(placed)) == sorted(set().union(*tags.values()))


def test_trio_tags_by_hand(trio):
    # ips: virksomhedsrettet, psykiatrisk-behandling, mentor, tvaerfaglig-koordinering
    # kvis: tvaerfaglig-koordinering, helhedsorienteret, virksomhedsrettet, vejledning
    # housing-first: bolig, tvaerfaglig-koordinering, mentor, helhedsorienteret
    assert trio.shared_tags == ("tvaerfaglig-koordinering",)
    assert trio.partly_shared_tags == {"mentor": ("ips", "housing-first"),
                                       "virksomhedsrettet": ("ips", "kvis"),
                                       "helhedsorienteret": ("kvis", "housing-first")}
    assert set(trio.unique_tags["housing-first"]) == {"bolig"}
    assert trio.tag_labels["bolig"] == "Bolig eller boligsocial støtte"


def test_every_intervention_has_element_tags(conn):
    vocabulary = queries.vocabulary(conn, "element_tags")
    for summary in queries.interventions(conn):
        iv = queries.intervention(conn, summary.id)
        assert iv.element_tags, iv.id
        assert set(iv.element_tags) <= set(vocabulary), iv.id
        assert set(iv.element_tags) == toml_tags(iv.id), iv.id


@pytest.mark.parametrize("ids, message", [
    (["ips"], "mindst 2"),
    ([], "mindst 2"),
    (["ips", "kvis", "kvik", "u-turn", "nextwork"], "højst sammenlignes 4"),
    (["ips", "kvis", "ips"], "kun være med én gang"),
    (["ips", "findes-ikke"], "»findes-ikke«"),
])
def test_bad_selections_raise_a_danish_value_error(conn, ids, message):
    with pytest.raises(ValueError, match=message):
        compare(conn, ids)


def test_dict_is_json_ready_and_complete(conn, trio):
    doc = json.loads(json.dumps(comparison_to_dict(trio), ensure_ascii=False))
    assert [c["id"] for c in doc["columns"]] == TRIO
    assert set(doc["columns"][0]) == {"id", "name", "group", "kind", "evidence"}
    assert doc["columns"][2] == {"id": "housing-first", "name": "Housing First",
                                 "group": "adult", "kind": "intervention",
                                 "evidence": "indication"}
    assert [r["key"] for r in doc["rows"]] == [r.key for r in trio.rows]
    assert all(set(r) == {"key", "label", "section", "structured", "differs", "values", "facts"}
               for r in doc["rows"])
    rows = {r["key"]: r for r in doc["rows"]}
    assert rows["evidence"]["structured"] is True and rows["evidence"]["differs"] is True
    assert rows["evidence"]["facts"] == ["effect", "effect", "indication"]
    assert rows["largest_n"]["facts"][0] == 720
    assert rows["sources"]["structured"] is False
    assert doc["elements"]["shared"] == ["tvaerfaglig-koordinering"]
    assert doc["elements"]["unique"]["housing-first"] == ["bolig"]
    assert doc["elements"]["partly_shared"] == {"mentor": ["ips", "housing-first"],
                                                "virksomhedsrettet": ["ips", "kvis"],
                                                "helhedsorienteret": ["kvis", "housing-first"]}
    assert doc["elements"]["labels"]["mentor"] == "Mentor eller fast kontaktperson"
