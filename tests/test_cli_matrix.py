"""The ``matrix`` and ``profile`` commands: output shape, name resolution and exit codes."""

from __future__ import annotations

import json

import pytest

from evidens.cli.main import main

S, M = "adult-sindslidelser", "adult-misbrug"


def run(capsys, built_db, *argv):
    code = main([*argv, "--db", str(built_db)])
    out, err = capsys.readouterr()
    return code, out, err


def block(text: str, start: str, end: str) -> str:
    """The lines of ``text`` from the line starting with ``start`` to the next starting with
    ``end``."""
    return text.split(f"\n{start}", 1)[1].split(f"\n{end}", 1)[0]


# --- matrix ----------------------------------------------------------------------------------

def test_matrix_json_shape(capsys, built_db):
    code, out, err = run(capsys, built_db, "matrix", "--group", "youth", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["group"] == "youth" and data["evidence_only"] is False
    assert [lv["id"] for lv in data["levels"]] == [
        "structural", "institutional", "interpersonal", "individual"]
    # Tabel 6.1 has fifteen rows, Sindslidelser first.
    assert len(data["risk_factors"]) == 15
    first = data["risk_factors"][0]
    assert first["id"] == "youth-sindslidelser" and len(first["cells"]) == 4
    cell = first["cells"][1]
    assert set(cell) == {"risk_factor", "risk_factor_name", "level", "level_name", "barriers",
                         "interventions", "crossrefs"}
    assert {"id", "name", "evidence", "starred"} <= set(cell["interventions"][0])
    assert {"id", "text", "sources"} <= set(cell["barriers"][0])
    bolig = next(r for r in data["risk_factors"] if r["id"] == "youth-bolig")
    assert bolig["cells"][1]["crossrefs"][0] == {
        "mark": "¤", "intervention": "housing-first",
        "text": bolig["cells"][1]["crossrefs"][0]["text"]}


def test_matrix_text(capsys, built_db):
    code, out, _ = run(capsys, built_db, "matrix", "--group", "adult")
    assert code == 0
    physical = block(out, "Fysiske helbredsproblemer", "Handicap")
    structural = block(physical, "  Strukturelt niveau", "  Institutionelt niveau")
    # Tabel 5.1 row " 8*  8* ": nothing on the structural level, KVIS institutionally.
    assert "Indsatser: ingen indsatser fundet" in structural
    assert "◆ KVIS" in block(physical, "  Institutionelt niveau", "  Interpersonelt niveau")
    sind = block(out, "Sindslidelser", "Fysiske")
    assert "◆ Individual Placement and Support (IPS) (nr. 1)" in sind
    assert "◇ Op På Hesten (nr. 11)" in sind
    assert "◆ High:five [# henvisning, unge]" in block(out, "Kriminalitet", "Prostituerede")


def test_matrix_evidence_only(capsys, built_db):
    code, out, _ = run(capsys, built_db, "matrix", "--group", "adult", "--evidence-only")
    assert code == 0 and "kun indsatser med evidens for effekt" in out
    lines = out.splitlines()
    assert not [line for line in lines[2:] if line.strip().startswith("◇")]
    assert any(line.strip().startswith("◆ Fremskudt") for line in lines)
    code, out, _ = run(capsys, built_db, "matrix", "--group", "adult", "--evidence-only",
                       "--json")
    ids = {i["id"] for row in json.loads(out)["risk_factors"] for c in row["cells"]
           for i in c["interventions"]}
    assert ids == {"ips", "screening-udredning", "kvis", "fremskudt-beskaeftigelse", "high-five"}


def test_matrix_needs_a_known_group(capsys, built_db):
    with pytest.raises(SystemExit) as exc:
        main(["matrix", "--group", "elderly", "--db", str(built_db)])
    assert exc.value.code == 2


# --- profile ---------------------------------------------------------------------------------

def test_profile_json_with_intervention(capsys, built_db):
    # Names as a caseworker types them: the Tabel 5.1 wording, any case.
    code, out, err = run(capsys, built_db, "profile", "--group", "adult", "--risk",
                         "SINDSLIDELSER", "--risk", "alkohol- og stofmisbrug",
                         "--intervention", "ips", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert [rf["id"] for rf in data["profile"]["risk_factors"]] == [S, M]
    assert data["profile"]["cell_count"] == 8
    assert [(r["id"], r["count"]) for r in data["profile"]["ranked"]][:2] == [
        ("indsats-i-udkanten", 8), ("screening-udredning", 4)]
    gap = data["gap"]
    assert gap["intervention"]["id"] == "ips" and gap["coverage"] == 0.25
    assert [(c["risk_factor"], c["level"]) for c in gap["addressed"]] == [
        (S, "institutional"), (S, "individual")]
    assert len(gap["open"]) == 6


def test_profile_json_without_intervention_has_no_gap(capsys, built_db):
    code, out, _ = run(capsys, built_db, "profile", "--group", "youth", "--risk", "sindslidelser",
                       "--evidence-only", "--json")
    data = json.loads(out)
    assert code == 0 and "gap" not in data and data["profile"]["evidence_only"] is True
    assert {r["evidence"] for r in data["profile"]["ranked"]} == {"effect"}


def test_profile_text(capsys, built_db):
    code, out, _ = run(capsys, built_db, "profile", "--group", "adult", "--risk", "Sindslidelser",
                       "--risk", "misbrug", "--intervention", "Individuelt Planlagt job med Støtte")
    assert code == 0
    assert "8 celler med barrierer." in out
    assert "1. ◇ Indsats i Udkanten – 8 af 8 celler (100 %)" in out
    assert "dækker 2 af 8 celler (25 %)" in out
    blind = out.split("Blinde vinkler", 1)[1]
    assert "Alkohol- og stofmisbrugere – Interpersonelt niveau" in blind
    assert "- Svagt socialt netværk [1]" in blind
    assert "Sindslidelser – Institutionelt niveau" not in blind


def test_profile_text_for_a_tool(capsys, built_db):
    code, out, _ = run(capsys, built_db, "profile", "--group", "adult", "--risk", "bolig",
                       "--intervention", "mentorordninger")
    assert code == 0 and "Redskaber står ikke i matrixens tabeller" in out


def test_unknown_risk_name_suggests_close_matches(capsys, built_db):
    code, out, err = run(capsys, built_db, "profile", "--group", "adult", "--risk", "Sindslidelsr")
    assert code == 2 and out == ""
    assert "Mente du: Sindslidelser (adult-sindslidelser)?" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("argv, fragment", [
    (["--group", "adult", "--risk", "a"], "passer på flere"),
    (["--group", "youth", "--risk", "Prostituerede"], "Kender ingen risikofaktorer"),
    (["--group", "adult", "--risk", "bolig", "--intervention", "Housing Frist"],
     "Housing First (housing-first)"),
])
def test_bad_names_exit_2(capsys, built_db, argv, fragment):
    code, out, err = run(capsys, built_db, "profile", *argv)
    assert code == 2 and out == "" and fragment in err


def test_profile_needs_a_risk(capsys, built_db):
    with pytest.raises(SystemExit) as exc:
        main(["profile", "--group", "adult", "--db", str(built_db)])
    assert exc.value.code == 2


def test_missing_database_exits_3(capsys, tmp_path):
    code = main(["matrix", "--group", "adult", "--db", str(tmp_path / "none.sqlite")])
    assert code == 3 and "findes ikke" in capsys.readouterr().err
