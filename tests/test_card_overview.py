"""The card's overview and the words on every surface (issue 11 §2, issue 13 §1–2, issue 12).

The overview is built in Qt-free code (briefs.overview) and laid out by ``_overview.html``; these
tests read the rendered HTML as a reader would (tags stripped) for every one of the records: the
answer first, each headline number once, sources in words, no seed file names, record ids or
curators' notes, Danish quote marks, and headings in order for a screen reader.
"""

from __future__ import annotations

import dataclasses
import html as html_lib
import re

import pytest

from evidens.briefs import builders
from evidens.briefs.card_context import card_variables
from evidens.briefs.overview import card_overview, status_line
from evidens.briefs.templating import data_edition, render
from evidens.briefs.wording import (
    danish_quotes,
    figure_number,
    locator_words,
    short_element,
    shorten,
)
from evidens.evidence import queries
from evidens.evidence.records import Figure


def visible_text(html: str) -> str:
    """What a reader sees: no style sheet, no tags, entities decoded, spaces collapsed."""
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return " ".join(html_lib.unescape(html).split())


def app_card(conn, iid: str, sources_open: bool = False) -> str:
    iv = queries.intervention(conn, iid)
    data = builders.data_context(conn)
    return render("card.html", title=iv.name, data=data, links="app",
                  **card_variables(iv, sources_open=sources_open))


def all_ids(conn) -> list[str]:
    return [s.id for s in queries.interventions(conn)]


def ips_with_headline(conn):
    """IPS as the data describes it once the Danish trial's result is the headline: the test
    does not wait for the curators, and fails if the overview does not use the fields."""
    iv = queries.intervention(conn, "ips")
    results = []
    for r in iv.results:
        trial = any(f.value == 59.5 for f in r.figures)
        results.append(dataclasses.replace(
            r, headline=trial, direction="positive" if trial else (r.direction or "descriptive"),
            design="rct" if trial else (r.design or "review")))
    return dataclasses.replace(iv, results=tuple(results))


# -- the overview ---------------------------------------------------------------------------------
def test_ips_overview_shows_the_headline_figures_large_and_once(conn):
    iv = ips_with_headline(conn)
    overview = card_overview(iv)
    numbers = [h.number for h in overview.headlines]
    assert numbers[0] == "59,5 % vs 46,5 %"
    assert "+13 procentpoint" in numbers and "18 måneder" in numbers
    assert len(numbers) == len(set(numbers))
    assert [h.number for h in overview.economy] == ["72.000 kr."]
    assert overview.largest_sample == "720 personer"
    employment = next(e for e in overview.effects if e.outcome == "beskaeftigelse")
    assert employment.symbol and employment.direction_label == "positiv effekt"
    assert "Randomiseret" in employment.design_label

    html = render("card.html", title=iv.name, data=builders.data_context(conn), links="app",
                  **card_variables(iv))
    # The overview states each headline number once; below it, the details give the finding in
    # the result's own sentence (and a reader's note may point back to it), never a figure list
    # as well, and the sources' own words wait under "Om kilderne".
    text = visible_text(html)
    top = text[:text.index("Formål")]
    details = text[text.index("Formål"):text.index("Om kilderne")]
    assert top.count("59,5 % vs 46,5 %") == 1 and top.count("+13 procentpoint") == 1
    assert top.count("72.000 kr.") == 1
    assert details.count("Efter 18 måneder var 59,5 %") == 1
    assert details.count("59,5 %") <= 2 and details.count("72.000 kr") == 1
    assert 'class="figures"' not in html and "»Efter 18 måneder" not in details
    # The overview comes before purpose and elements.
    assert text.index("Overblik") < text.index("59,5 % vs 46,5 %") < text.index("Formål")
    # Every headline number is one click from its result.
    anchor = overview.headlines[0].anchor
    assert f'href="#{anchor}"' in html and f'name="{anchor}"' in html


def test_disagreement_between_class_and_studies_is_said_in_the_overview(conn):
    iv = queries.intervention(conn, "oekonomiske-sanktioner")
    results = tuple(dataclasses.replace(
        r, direction="none" if r.outcome == "selvforsoergelse" else "descriptive",
        design="quasi") for r in iv.results)
    overview = card_overview(dataclasses.replace(iv, results=results))
    assert overview.evidence == "effect"
    assert overview.disagreement == ("VIVE: evidens for effekt · de citerede studier: ingen "
                                     "effekt på selvforsørgelse og offentlig forsørgelse")
    # A positive finding anywhere means the class and the studies do not disagree.
    mixed = results[:1] + tuple(dataclasses.replace(r, direction="positive") for r in results[1:])
    assert card_overview(dataclasses.replace(iv, results=mixed)).disagreement is None


def test_every_card_has_an_overview_before_the_details(conn):
    for iid in all_ids(conn):
        text = visible_text(app_card(conn, iid))
        assert text.index("Overblik") < text.index("Evidens") < text.index("Status") \
            < text.index("Formål"), iid


def test_status_is_not_said_twice(conn):
    iv = queries.intervention(conn, "screening-udredning")
    assert iv.status == "unknown"
    assert status_line(iv) == "Ukendt"
    for iid in all_ids(conn):
        text = visible_text(app_card(conn, iid))
        assert "Ukendt – »Ukendt.«" not in text and "Ukendt – Ukendt" not in text, iid


# -- no curation jargon on any surface ------------------------------------------------------------
def forbidden(conn) -> list[str]:
    """Seed file names, source ids and record-id prefixes a reader must never see."""
    sources = queries.sources(conn)
    return [s.file for s in sources] + [f"{s.id}:" for s in sources] + \
        [f"({s.id})" for s in sources] + [".txt"]


JARGON = ("OCR", "udtræk", "cellen lyder", "læst som", "kurator")


def with_curator_notes(iv):
    """The record with a curator's note on itself, every result and every sample (the data
    may not carry one everywhere yet; the surfaces must leave them out wherever they are)."""
    return dataclasses.replace(
        iv, curator_note=f"KURATOR-{iv.id}: cellen lyder 4*, 8 i udtrækket",
        results=tuple(dataclasses.replace(r, curator_note=f"KURATOR-{iv.id}-r{i}")
                      for i, r in enumerate(iv.results)),
        samples=tuple(dataclasses.replace(x, curator_note=f"KURATOR-{iv.id}-s{i}")
                      for i, x in enumerate(iv.samples)))


@pytest.mark.parametrize("surface", ["app", "app-open", "full", "one-page"])
def test_no_file_names_ids_or_curator_notes_on_any_card(conn, surface, monkeypatch):
    bad = forbidden(conn)
    real = queries.intervention
    monkeypatch.setattr(queries, "intervention",
                        lambda c, iid: with_curator_notes(real(c, iid)))
    for iid in all_ids(conn):
        if surface.startswith("app"):
            html = app_card(conn, iid, sources_open=surface == "app-open")
        elif surface == "full":
            html = builders.card_brief(conn, iid).html
        else:
            html = builders.one_page_brief(conn, iid).html
        text = visible_text(html)
        for word in bad:
            assert word not in text, (iid, word)
        assert "KURATOR" not in text, iid
        for jargon in JARGON:  # what the curators' table readings say, in the real data
            assert jargon not in text, (iid, jargon)
        assert "Overblik" in text and "Målgruppe" in text  # a real card was checked


def test_curator_flag_adds_the_notes(conn, monkeypatch):
    real = queries.intervention
    monkeypatch.setattr(queries, "intervention",
                        lambda c, iid: with_curator_notes(real(c, iid)))
    for brief in (builders.card_brief(conn, "ips", curator=True),
                  builders.one_page_brief(conn, "ips", curator=True)):
        text = visible_text(brief.html)
        assert "Kuratorens noter" in text and "KURATOR-ips: cellen lyder" in text
        assert "Resultat 1" in text


def test_matrix_cell_panel_shows_sources_in_words_and_no_curator_notes(conn):
    for group in ("adult", "youth"):
        matrix = queries.matrix(conn, group)
        for (rf_id, level_id), cell in matrix.cells.items():
            rf = next(r for r in matrix.risk_factors if r.id == rf_id)
            level = next(lv for lv in matrix.levels if lv.id == level_id)
            text = visible_text(render(
                "matrix_cell.html", title=rf.name, cell=cell, risk_factor=rf, level=level,
                group=group, interventions=matrix.interventions, links="app"))
            for item in (*cell.barriers, *cell.links):
                if item.curator_note:
                    assert item.curator_note[:60] not in text
            for jargon in JARGON:  # the curators' table readings, never a reader's caveat
                assert jargon not in text, (rf_id, level_id, jargon)
            if cell.barriers and cell.barriers[0].sources:
                assert "ifølge VIVE 2018, tabel 4." in text


def test_handbook_names_sources_by_label(conn):
    text = visible_text(builders.handbook_html(conn))
    for word in forbidden(conn):
        assert word not in text, word
    assert "VIVE 2018" in text


# -- wording ------------------------------------------------------------------------------------
def test_data_edition_reads_as_a_date():
    assert data_edition("2026.1+b040ce50", "2026-11-26T10:00:00Z") == \
        "udgave 2026.1 af 26. november 2026"
    assert data_edition("2026.1+b040ce50") == "udgave 2026.1"
    assert data_edition("udgave 2026.1 af 1. maj 2026") == "udgave 2026.1 af 1. maj 2026"


def test_figures_do_not_name_the_people_twice():
    assert figure_number(Figure(243, "personer", "borgere henvist til IPS")) == "243"
    assert figure_number(Figure(50, "personer", "nedre grænse: unge i evalueringen")) == "50"
    assert figure_number(Figure(45, "personer", "kommet i uddannelse")) == "45 personer"
    assert figure_number(Figure(0.75, "andel", "brugere med progression")) == "75 %"
    assert figure_number(Figure(59.5, "procent", "x")) == "59,5 %"


def test_quotes_are_danish_and_apostrophes_stay():
    assert danish_quotes('kaldes "IPS+" og ”IPSE”') == "kaldes »IPS+« og »IPSE«"
    assert danish_quotes("star-unge skriver 'IPS+', STAR's notat") == \
        "star-unge skriver »IPS+«, STAR's notat"
    assert danish_quotes("Tænk’s rådgivning") == "Tænk’s rådgivning"


def test_rendered_cards_use_one_kind_of_quote_marks(conn):
    for iid in all_ids(conn):
        text = visible_text(app_card(conn, iid, sources_open=True))
        assert not re.search(r'(?<!\w)["“”„]\w', text), (iid, re.findall(r'.{20}["“”„].{20}', text))


def test_locators_in_words():
    assert locator_words("Afsnit 5.2.1.2") == "afsnit 5.2.1.2"
    assert locator_words("star-laengere-litteratur: Ad 2") == "ad 2"
    assert locator_words("4. Projekt Inklusion (2011-2017)") == "4. Projekt Inklusion (2011-2017)"


def test_shortening_keeps_whole_sentences_or_marks_the_cut():
    text = "Første sætning. Anden sætning er længere end resten. Tredje."
    assert shorten(text, 20) == "Første sætning."
    assert shorten("ord " * 40, 30).endswith(" …") and len(shorten("ord " * 40, 30)) <= 32
    assert short_element("Samarbejde mellem A og B; virksomhedsrettet indsats") == \
        "Samarbejde mellem A og B"


# -- headings, lists and tables for a screen reader ------------------------------------------------
def heading_levels(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"<h([1-6])\b", html)]


@pytest.mark.parametrize("kind", ["app", "full", "one-page"])
def test_headings_run_in_order(conn, kind):
    for iid in all_ids(conn):
        if kind == "app":
            html = app_card(conn, iid, sources_open=True)
        elif kind == "full":
            html = builders.card_brief(conn, iid).html
        else:
            html = builders.one_page_brief(conn, iid).html
        levels = heading_levels(html)
        assert levels[0] == 1 and levels.count(1) == 1, iid
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (iid, levels)
        assert "<ul" in html and "<li>" in html, iid
    table = app_card(conn, "ips")
    assert '<th scope="col">Risikofaktor</th>' in table and '<th width="20%" scope="row">' in table


def test_before_and_after_read_as_one_change(conn):
    iv = queries.intervention(conn, "u-turn")
    numbers = [h.number for h in card_overview(iv).headlines]
    assert "77 % → 38 %" in numbers and "45 % → 14 %" in numbers
    assert "77 %" not in numbers  # each share once, in its pair
    overview = card_overview(iv)
    assert overview.effects == ()
    assert "ikke målt mod en kontrolgruppe; resultaterne er beskrivende" in visible_text(
        app_card(conn, "u-turn"))


def test_html_briefs_have_headings_in_order(conn):
    """Issue 12: every HTML brief, not only the card, can be read by heading."""
    from evidens.analysis.profiles import build_profile, gap_analysis

    matrix = queries.matrix(conn, "adult")
    profile = build_profile(matrix, [matrix.risk_factors[0].id, matrix.risk_factors[1].id])
    gap = gap_analysis(profile, matrix, intervention_id="ips")
    docs = {
        "matrix": builders.matrix_brief(conn, "youth").html,
        "comparison": builders.comparison_brief(conn, ["ips", "kvis", "u-turn"]).html,
        "profile brief": builders.profile_brief(conn, "adult", [rf.id for rf in
                                                                matrix.risk_factors[:2]],
                                                intervention_id="ips").html,
        "profile in the app": render("profile.html", title="Profil", profile=profile, gap=gap,
                                     data=builders.data_context(conn), links="app"),
        "handbook": builders.handbook_html(conn),
    }
    for name, html in docs.items():
        levels = heading_levels(html)
        assert levels[0] == 1, name
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (name, before, after)


def test_handbook_element_ids_are_unique(conn):
    """One HTML file holds every card: a link to a result or to "Om kilderne" must land on the
    right card."""
    ids = re.findall(r'\bid="([^"]+)"', builders.handbook_html(conn))
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})[:5]
