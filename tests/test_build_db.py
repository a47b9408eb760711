"""The build: validation of the curated data, atomic writes, schema and counts."""

from __future__ import annotations

import sqlite3

import pytest

from evidens.cli.main import main
from evidens.evidence import build_db, source_data


def test_counts_match_the_report(conn):
    def count(sql, *params):
        return conn.execute(sql, params).fetchone()[0]

    assert count("SELECT count(*) FROM sources") == 5
    assert count("SELECT count(*) FROM levels") == 4
    assert count("SELECT count(*) FROM risk_factors WHERE age_group = 'adult'") == 15
    assert count("SELECT count(*) FROM risk_factors WHERE age_group = 'youth'") == 15
    # Tabel 4.2 leaves out the three "faglige" risk factors of Tabel 3.1; Tabel 4.3 keeps all.
    assert count("SELECT count(*) FROM risk_factors WHERE age_group = 'adult' AND in_matrix") == 12
    assert count("SELECT count(*) FROM risk_factors WHERE age_group = 'youth' AND in_matrix") == 15
    for group in ("adult", "youth"):
        assert count("SELECT count(*) FROM interventions WHERE kind = 'intervention' "
                     "AND age_group = ?", group) == 14
        numbers = [r[0] for r in conn.execute(
            "SELECT table_number FROM interventions WHERE kind = 'intervention' AND age_group = ?"
            " ORDER BY table_number", [group])]
        assert numbers == list(range(1, 15))
    tools = "SELECT count(*) FROM interventions WHERE kind = 'tool' AND age_group = ?"
    assert count(tools, "adult") == 3
    assert count(tools, "youth") == 2
    per_source = "SELECT count(*) FROM conclusions WHERE source_id = ?"
    assert count(per_source, "star-unge") == 5
    assert count(per_source, "star-laengere-litteratur") == 5
    assert count("SELECT count(*) FROM conclusions WHERE kind = 'project'") == 5
    assert count(per_source, "star-vidensnotat-2025") >= 1
    assert count("SELECT count(*) FROM bibliography") >= 40


def test_referential_integrity(conn):
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    orphans = {
        "barrier risk factor": "SELECT count(*) FROM barriers WHERE risk_factor_id NOT IN "
                               "(SELECT id FROM risk_factors WHERE in_matrix)",
        "link intervention": "SELECT count(*) FROM matrix_links WHERE intervention_id NOT IN "
                             "(SELECT id FROM interventions)",
        "link risk factor": "SELECT count(*) FROM matrix_links WHERE risk_factor_id NOT IN "
                            "(SELECT id FROM risk_factors WHERE in_matrix)",
        "citation": "SELECT count(*) FROM citations WHERE reference_id NOT IN "
                    "(SELECT id FROM bibliography)",
        "barrier source": "SELECT count(*) FROM barrier_sources WHERE reference_id NOT IN "
                          "(SELECT id FROM bibliography)",
        "provenance": "SELECT count(*) FROM provenance WHERE source_id NOT IN "
                      "(SELECT id FROM sources)",
        "conclusion link": "SELECT count(*) FROM conclusion_interventions WHERE intervention_id "
                           "NOT IN (SELECT id FROM interventions)",
    }
    for what, sql in orphans.items():
        assert conn.execute(sql).fetchone()[0] == 0, what


def test_every_record_says_where_it_came_from(conn):
    for table, owner in (("interventions", "intervention"), ("barriers", "barrier"),
                         ("conclusions", "conclusion"), ("risk_factors", "risk_factor"),
                         ("bibliography", "reference"), ("levels", "level")):
        missing = conn.execute(
            f"SELECT id FROM {table} WHERE id NOT IN "
            "(SELECT owner_id FROM provenance WHERE owner_type = ?)", [owner]).fetchall()
        assert missing == [], (table, [m[0] for m in missing])


def test_every_intervention_is_complete(conn):
    for row in conn.execute("SELECT * FROM interventions"):
        iid = row["id"]
        for field in ("purpose", "target_group", "evaluation_design", "evidence_wording"):
            assert row[field].strip(), (iid, field)
        assert conn.execute("SELECT count(*) FROM intervention_elements WHERE intervention_id=?",
                            [iid]).fetchone()[0] > 0, iid
        assert conn.execute("SELECT count(*) FROM intervention_tags WHERE intervention_id=?",
                            [iid]).fetchone()[0] > 0, iid
        assert conn.execute("SELECT count(*) FROM results WHERE intervention_id=?",
                            [iid]).fetchone()[0] > 0, iid
        if row["kind"] == "intervention":
            assert conn.execute("SELECT count(*) FROM matrix_links WHERE intervention_id=?",
                                [iid]).fetchone()[0] > 0, iid


def test_starred_links_agree_with_the_evidence_class(conn):
    rows = conn.execute(
        "SELECT m.intervention_id, m.starred, i.evidence FROM matrix_links m "
        "JOIN interventions i ON i.id = m.intervention_id").fetchall()
    for r in rows:
        assert bool(r["starred"]) == (r["evidence"] == "effect"), r["intervention_id"]


def test_meta_and_search_tokenizer(conn):
    meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
    assert meta["data_version"].startswith("2026.1+")
    assert meta["built"][:4].isdigit()
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'search_index'").fetchone()[0]
    assert "remove_diacritics 0" in sql


def test_build_refuses_broken_data_and_keeps_the_old_database(source_copy, tmp_path, capsys):
    target = tmp_path / "out.sqlite"
    build_db.build(source_copy, target)
    before = target.read_bytes()
    path = source_copy / "interventions" / "ips.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'evidence = "effect"', 'evidence = "strong"'), encoding="utf-8")

    code = main(["build-db", "--source", str(source_copy), "--output", str(target)])

    err = capsys.readouterr().err
    assert code == 3
    assert "interventions/ips.toml" in err and "intervention 'ips'" in err
    assert "felt 'evidence'" in err and "strong" in err
    assert "Traceback" not in err
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("edit, expected", [
    (("matrix/adult.toml", 'intervention = "ips"', 'intervention = "ips-gone"'),
     "henviser til ukendt intervention 'ips-gone'"),
    (("levels.toml", 'id = "individual"', 'id = "personal"'), "ukendt værdi 'personal'"),
    (("interventions/kvis.toml", 'group = "adult"', 'group = "senior"'), "ukendt værdi 'senior'"),
    (("interventions/kvis.toml", 'id = "kvis"', 'id = "ips"'), "dobbelt id"),
    (("interventions/kvis.toml", "purpose = ", "formaal = "), "felt 'purpose': mangler"),
])
def test_each_kind_of_problem_is_named(source_copy, edit, expected):
    name, old, new = edit
    path = source_copy / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(source_data.SourceDataError) as info:
        source_data.load(source_copy)
    assert any(expected in str(p) for p in info.value.problems), info.value.problems


def test_invalid_toml_is_reported_with_its_file(source_copy):
    (source_copy / "levels.toml").write_text("[[level]\nid = ", encoding="utf-8")
    with pytest.raises(source_data.SourceDataError) as info:
        source_data.load(source_copy)
    assert str(info.value.problems[0]).startswith("levels.toml: filen")


def test_database_is_read_only(conn):
    with pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM interventions")
