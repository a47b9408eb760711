"""Spot checks of the curated data against the source documents.

Each expectation below was read off the seed text by hand (the locator is in the test's name or
comment), so these tests catch a transcription error, not just a schema error.
"""

from __future__ import annotations

import pytest

from evidens.evidence import queries


def cell_ids(conn, group, risk_factor, level):
    m = queries.matrix(conn, group)
    return sorted(link.intervention_id for link in m.cell(risk_factor, level).links)


@pytest.mark.parametrize("group, risk_factor, level, expected", [
    # Tabel 5.1, Sindslidelser: "7 | 1*, 2*, 7, 8*, 11, 12 | 7, 11, 12 | 1*, 2*, 7, 8*, 11, 12"
    ("adult", "adult-sindslidelser", "structural", ["indsats-i-udkanten"]),
    ("adult", "adult-sindslidelser", "institutional",
     ["indsats-i-udkanten", "ips", "kvis", "op-paa-hesten", "samarbejdsmodel-vaeresteder",
      "screening-udredning"]),
    ("adult", "adult-sindslidelser", "interpersonal",
     ["indsats-i-udkanten", "op-paa-hesten", "samarbejdsmodel-vaeresteder"]),
    # Tabel 5.1, Fysiske helbredsproblemer: 8* at the institutional and individual levels.
    ("adult", "adult-fysisk-helbred", "institutional", ["kvis"]),
    ("adult", "adult-fysisk-helbred", "structural", []),
    # Tabel 5.1, Alkohol- og stofmisbrug: "7 | 2*, 7 | 7 | 2*, 7"
    ("adult", "adult-misbrug", "individual", ["indsats-i-udkanten", "screening-udredning"]),
    # Tabel 5.1, Boligproblemer: Housing First (6) institutional and individual.
    ("adult", "adult-bolig", "institutional", ["housing-first"]),
    ("adult", "adult-bolig", "interpersonal", []),
    # Tabel 5.1, Indvandrere: "10 | 3, 10" (institutional, individual).
    ("adult", "adult-indvandrere", "individual", ["arbeid-i-sikte", "omsorgsarbeiderprosjektet"]),
    # Tabel 5.1, Kriminalitet: only the # cross-reference to High:five, no numbered links.
    ("adult", "adult-kriminalitet", "individual", []),
    # Tabel 6.1, Sindslidelser, interpersonal: "1*, 4*, 8, 10, 11, 13"
    ("youth", "youth-sindslidelser", "interpersonal",
     ["brobygningsforloeb", "i-fokus", "nextwork", "overgang-barn-voksen",
      "unge-coach", "ungeindsats-sindslidende-misbrug"]),
    # Tabel 6.1, Fængsel/kriminalitet: "6* | 6* | 6* | 6*, 8"
    ("youth", "youth-kriminalitet", "structural", ["high-five"]),
    ("youth", "youth-kriminalitet", "individual", ["high-five", "i-fokus"]),
    # Tabel 6.1, Forventningspres: an empty row — a gap the report itself shows.
    ("youth", "youth-forventningspres", "individual", []),
    # Tabel 6.1, Unge indvandrere: "9, 12 | 12 | 9, 12"
    ("youth", "youth-indvandrere", "institutional", ["kvik", "team-succes"]),
    ("youth", "youth-indvandrere", "interpersonal", ["team-succes"]),
])
def test_matrix_cells(conn, group, risk_factor, level, expected):
    assert cell_ids(conn, group, risk_factor, level) == expected


def test_youth_sindslidelser_institutional_has_nine_interventions(conn):
    # Tabel 6.1: "1*, 2*, 3*, 4*, 8, 9, 10, 11, 13"
    numbers = sorted(queries.intervention(conn, i).table_number
                     for i in cell_ids(conn, "youth", "youth-sindslidelser", "institutional"))
    assert numbers == [1, 2, 3, 4, 8, 9, 10, 11, 13]


def test_table_footnote_cross_references(conn):
    adult = {(x.risk_factor_id, x.level_id, x.mark, x.intervention_id)
             for x in queries.crossrefs(conn, "adult")}
    assert {("adult-kriminalitet", lv, "#", "high-five") for lv in
            ("structural", "institutional", "interpersonal", "individual")} == adult
    youth = {(x.mark, x.intervention_id, x.risk_factor_id)
             for x in queries.crossrefs(conn, "youth")}
    assert ("#", "gaeldsraadgivning", "youth-oekonomi") in youth
    assert ("¤", "housing-first", "youth-bolig") in youth


def barrier_texts(conn, risk_factor, level):
    return [b for b in queries.barriers(conn) if b.risk_factor_id == risk_factor
            and b.level_id == level]


def test_barrier_with_resolved_footnote(conn):
    # Tabel 4.2, Sindslidelser, structural: "Få ufaglærte jobs og/eller sociale arbejdspladser2"
    # and the source list under the table: "2) Benjaminsen et al. (2015)".
    [b] = [b for b in barrier_texts(conn, "adult-sindslidelser", "structural")
           if b.text.startswith("Få ufaglærte jobs")]
    assert "sociale arbejdspladser" in b.text
    assert [(s.footnote, s.reference.id) for s in b.sources] == [(2, "benjaminsen-2015")]


def test_prostitution_barriers_cite_henriksen(conn):
    # Tabel 4.2, Prostituerede, individual: "Psykiske helbredsproblemer7 Misbrugsproblemer7
    # Uuddannede7" with "7) Henriksen et al. (2017)".
    found = barrier_texts(conn, "adult-prostitution", "individual")
    assert {b.text for b in found} >= {"Psykiske helbredsproblemer", "Misbrugsproblemer",
                                       "Uuddannede"}
    assert all(s.reference.id == "henriksen-2017" for b in found for s in b.sources)


def test_every_matrix_row_has_barriers(conn):
    for group in ("adult", "youth"):
        for rf in queries.risk_factors(conn, group, matrix_only=True):
            assert any(b.risk_factor_id == rf.id for b in queries.barriers(conn, group)), rf.id


def figures(conclusion):
    return {(f.value, f.unit) for f in conclusion.figures}


def test_star_ips_for_young_people(conn):
    # 000, Ad 1: 59,5 procent in IPS against 46,5 procent in the control group after 18 months.
    c = queries.conclusion(conn, "star-unge-1")
    assert {(59.5, "procent"), (46.5, "procent")} <= figures(c)
    assert "ips" in c.intervention_ids


def test_ips_saving_of_72000_kroner(conn):
    # 004: the saving of 72.000 kr. per citizen in IPS.
    found = [c for c in queries.conclusions(conn, source_id="star-vidensnotat-2025")
             if (72000, "kr") in figures(c)]
    assert found and all("ips" in c.intervention_ids for c in found)


def test_brobygning_numbers(conn):
    # 001, project 2 and VIVE Bilag 3: 2.397 participants, 45,2 % against 7,7 %.
    iv = queries.intervention(conn, "brobygningsforloeb")
    assert 2397 in {s.n for s in iv.samples}
    values = {f.value for r in iv.results for f in r.figures}
    assert {45.2, 7.7} <= values


def test_knowledge_projects_of_001(conn):
    projects = queries.conclusions(conn, source_id="star-vidensprojekter")
    assert [p.kind for p in projects] == ["project"] * 5
    assert [p.number for p in projects] == [1, 2, 3, 4, 5]
    assert "JobFirst" in projects[4].title
    assert projects[0].period and "2012" in projects[0].period


def test_status_keeps_the_reports_wording(conn):
    # 5.2.2.6: "Status for indsatsen: Indsats i Udkanten blev afsluttet i 2014."
    iv = queries.intervention(conn, "indsats-i-udkanten")
    assert (iv.status, iv.status_year) == ("ended", 2014)
    assert "afsluttet i 2014" in iv.status_text


def test_evidence_classes_follow_the_chapters(conn):
    effect = {s.id for s in queries.interventions(conn, kind="intervention", evidence="effect")}
    assert effect == {"ips", "screening-udredning", "kvis", "fremskudt-beskaeftigelse",
                      "brobygningsforloeb", "high-five", "psykologisk-stoette",
                      "unge-godt-i-gang", "ungeindsats-sindslidende-misbrug"}
    tools = queries.interventions(conn, kind="tool")
    assert {t.evidence for t in tools} == {"effect"}


def test_caseworker_belief_and_caseload_conclusions(conn):
    topics = {t for c in queries.conclusions(conn, source_id="star-laengere-litteratur")
              for t in c.topics}
    assert {"sagsbehandlers-tro", "sagsstamme", "loentimer"} <= topics
