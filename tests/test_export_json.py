"""The JSON export: the documented shape, completeness, and a round trip."""

from __future__ import annotations

import json

from evidens.cli.main import main
from evidens.evidence import queries
from evidens.evidence.export_json import evidence_base

KEYS = {"meta", "sources", "levels", "risk_factors", "barriers", "interventions", "matrix",
        "conclusions", "references"}


def test_export_has_every_documented_key(conn):
    doc = evidence_base(conn)
    assert set(doc) >= KEYS
    assert {"data_version", "built"} <= set(doc["meta"])
    assert {lv["id"] for lv in doc["levels"]} == {"structural", "institutional",
                                                   "interpersonal", "individual"}
    iv = next(i for i in doc["interventions"] if i["id"] == "ips")
    assert iv["kind"] == "intervention" and iv["evidence"] == "effect" and iv["group"] == "adult"
    assert "IPS" in [iv["short_name"], *iv["aliases"]]
    assert iv["provenance"] and {"source", "locator"} == set(iv["provenance"][0])
    assert {"id", "source", "title", "text", "figures", "interventions"} <= set(
        doc["conclusions"][0])


def test_export_round_trips(conn, built_db, tmp_path, capsys):
    out = tmp_path / "æøå mappe" / "evidens export.json"
    out.parent.mkdir()
    assert main(["export-json", str(out), "--db", str(built_db)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc == json.loads(json.dumps(evidence_base(conn), ensure_ascii=False))
    # Everything in the database is in the document.
    assert len(doc["interventions"]) == len(queries.interventions(conn))
    assert len(doc["barriers"]) == len(queries.barriers(conn))
    assert len(doc["matrix"]) == len(queries.matrix_links(conn))
    assert len(doc["conclusions"]) == len(queries.conclusions(conn))
    ref_ids = {r["id"] for r in doc["references"]}
    for b in doc["barriers"]:
        assert {s["reference"] for s in b["sources"]} <= ref_ids
    iv_ids = {i["id"] for i in doc["interventions"]}
    assert {m["intervention"] for m in doc["matrix"]} <= iv_ids


def test_export_to_unwritable_folder_fails_cleanly(built_db, tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    existing = folder / "export.json"
    existing.write_text("old", encoding="utf-8")
    folder.chmod(0o500)
    try:
        code = main(["export-json", str(existing), "--db", str(built_db)])
    finally:
        folder.chmod(0o700)
    err = capsys.readouterr().err
    if code == 0:  # running as root: permissions are not enforced; nothing more to check
        return
    assert code == 4 and "Kan ikke gemme" in err and "Traceback" not in err
    assert existing.read_text(encoding="utf-8") == "old"


def test_missing_database_gives_a_danish_message(tmp_path, capsys):
    code = main(["search", "ips", "--db", str(tmp_path / "mangler.sqlite")])
    err = capsys.readouterr().err
    assert code == 3 and "findes ikke" in err and "Traceback" not in err


def test_corrupt_database_gives_a_danish_message(tmp_path, capsys):
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"this is not sqlite" * 100)
    code = main(["export-json", str(tmp_path / "x.json"), "--db", str(bad)])
    err = capsys.readouterr().err
    assert code == 3 and "ikke en gyldig evidensdatabase" in err
    assert not (tmp_path / "x.json").exists()


def test_saved_files_get_ordinary_permissions(built_db, tmp_path):
    import os
    import stat

    out = tmp_path / "export.json"
    assert main(["export-json", str(out), "--db", str(built_db)]) == 0
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


def test_path_through_a_file_gives_a_danish_message(built_db, tmp_path, capsys):
    blocker = tmp_path / "fil"
    blocker.write_text("x", encoding="utf-8")
    assert main(["export-json", str(blocker / "x.json"), "--db", str(built_db)]) == 4
    err = capsys.readouterr().err
    assert "en del af stien er en fil" in err and "Traceback" not in err


def test_overlong_file_name_gives_a_danish_message(built_db, tmp_path, capsys):
    assert main(["export-json", str(tmp_path / ("å" * 200 + ".json")),
                 "--db", str(built_db)]) == 4
    assert "for lang" in capsys.readouterr().err
