"""``evidens compare``: text and JSON output; every input mistake ends in exit 2, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from evidens.cli.main import main


def run(capsys, built_db, *args):
    code = main(["compare", *args, "--db", str(built_db)])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_shape(capsys, built_db):
    code, out, err = run(capsys, built_db, "ips", "KVIS", "Housing First", "--json")
    assert code == 0 and err == ""
    doc = json.loads(out)
    assert set(doc) == {"columns", "rows", "elements"}
    assert [c["id"] for c in doc["columns"]] == ["ips", "kvis", "housing-first"]
    assert all(set(c) == {"id", "name", "group", "kind", "evidence"} for c in doc["columns"])
    rows = {r["key"]: r for r in doc["rows"]}
    structured = {"group", "evidence", "design", "largest_n", "status", "effect:beskaeftigelse",
                  "headline:1", "target_short", "summary", "shared_elements", "own_elements"}
    free_text = {"evidence_wording", "design_text", "samples", "result:beskaeftigelse",
                 "target_group", "elements", "status_text", "coverage", "conclusions", "sources"}
    assert structured | free_text <= set(rows)
    assert all(rows[k]["structured"] is True for k in structured)
    assert all(rows[k]["structured"] is False for k in free_text)
    # The structured rows come first, each with its facts and whether they differ.
    kinds = [r["structured"] for r in doc["rows"]]
    assert kinds == sorted(kinds, reverse=True)
    assert all(len(r["values"]) == len(r["facts"]) == 3 and isinstance(r["differs"], bool)
               for r in doc["rows"])
    assert rows["group"]["differs"] is False
    assert rows["evidence"]["facts"] == ["effect", "effect", "indication"]
    assert rows["evidence"]["differs"] is True
    assert "59,5 %" in rows["result:beskaeftigelse"]["values"][0]
    assert set(doc["elements"]) == {"shared", "unique", "partly_shared", "labels"}
    assert doc["elements"]["shared"] == ["tvaerfaglig-koordinering"]


def test_names_by_alias_and_mixed_groups(capsys, built_db):
    code, out, _ = run(capsys, built_db, "Individuelt Planlagt job med Støtte", "brobygning",
                       "--json")
    assert code == 0
    doc = json.loads(out)
    assert [c["id"] for c in doc["columns"]] == ["ips", "brobygningsforloeb"]
    assert next(r for r in doc["rows"] if r["key"] == "group")["values"] == [
        "Voksne · Indsats", "Unge · Indsats"]


def test_plain_text(capsys, built_db):
    code, out, err = run(capsys, built_db, "ips", "kvis")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Sammenligning: IPS · KVIS"
    assert "== Overblik ==" in lines and "== Effekt pr. udfald ==" in lines
    assert "== Fritekst fra kilderne ==" not in lines and "vises med --full" in out
    # A row the same for all once; a row that differs marked ≠, one line per intervention.
    i = lines.index("Gruppe og type (ens for alle)")
    assert lines[i + 1].split() == ["Alle:", "Voksne", "·", "Indsats"]
    j = lines.index("≠ Status")
    assert lines[j + 1].split() == ["IPS:", "Aktiv"]
    assert lines[j + 2].split() == ["KVIS:", "Afsluttet", "(2013)"]
    assert "Fælles elementer" in out and "Egne elementer" in out
    assert "vive-2018" not in out and "[ips]" not in out
    assert all(len(line) <= 100 for line in lines)


def test_plain_text_full_adds_the_free_text(capsys, built_db):
    code, out, _ = run(capsys, built_db, "ips", "kvis", "--full")
    assert code == 0
    lines = out.splitlines()
    assert "== Fritekst fra kilderne ==" in lines and "vises med --full" not in out
    j = lines.index("≠ Resultater: beskæftigelse")
    assert lines[j + 1].lstrip().startswith("IPS:")
    assert "59,5 %" in out and "VIVE 2018, afsnit 5.2.1.2" in out
    assert all(len(line) <= 100 for line in lines)


def test_plain_text_only_differences(capsys, built_db):
    code, out, _ = run(capsys, built_db, "ips", "kvis", "--only-differences")
    assert code == 0
    assert "≠ Status" in out and "(ens for alle)" not in out and "Evidensklasse" not in out


@pytest.mark.parametrize("names, expected", [
    (["ips"], "angiv 2-4 indsatser"),
    ([], "angiv 2-4 indsatser"),
    (["ips", "kvis", "kvik", "u-turn", "nextwork"], "du angav 5"),
    (["ips", "IPS"], "er den samme indsats"),
    (["ips", "Individual Placement and Support (IPS)"], "er den samme indsats"),
    (["ips", "hosing first"], "Mente du: Housing First (housing-first)?"),
    (["ips", "Mentor"], None),  # control: a real short name is accepted
])
def test_input_errors_exit_2_with_a_danish_message(capsys, built_db, names, expected):
    code, out, err = run(capsys, built_db, *names)
    if expected is None:
        assert code == 0
        return
    assert code == 2
    assert expected in err and err.startswith("evidens: ")
    assert out == "" and "Traceback" not in err


@pytest.mark.parametrize("extra, expected", [
    (["--format", "pdf"], "angiv filen med -o"),
    (["--json", "-o", "{out}"], "vælg enten --json"),
])
def test_output_options_that_contradict_exit_2(capsys, built_db, tmp_path, extra, expected):
    extra = [a.replace("{out}", str(tmp_path / "x.pdf")) for a in extra]
    code, out, err = run(capsys, built_db, "ips", "kvis", *extra)
    assert code == 2 and expected in err and out == ""
    assert not (tmp_path / "x.pdf").exists()


def test_ambiguous_name_exits_2(capsys, built_db):
    # "Virksomhedsrettet" starts the names of a tool for adults and one for young people.
    code, out, err = run(capsys, built_db, "ips", "Virksomhedsrettet")
    assert code == 2 and "passer på flere" in err and out == ""


def test_errors_from_a_real_process_have_no_traceback(built_db):
    result = subprocess.run(
        [sys.executable, "-m", "evidens", "compare", "ips", "ipz", "kvis", "kvik", "u-turn",
         "--db", str(built_db)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "angiv 2-4" in result.stderr
    result = subprocess.run(
        [sys.executable, "-m", "evidens", "compare", "ips", "ipz", "--db", str(built_db)],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "»ipz«" in result.stderr


def test_missing_database_exits_3(capsys, tmp_path):
    code = main(["compare", "ips", "kvis", "--db", str(tmp_path / "mangler.sqlite")])
    err = capsys.readouterr().err
    assert code == 3 and "Traceback" not in err
