"""Saving never replaces a symbolic link or loosens a file's permissions, and build-db leaves a
foreign manifest.json alone (issue 16, item 16)."""

from __future__ import annotations

import json
import os
import stat

import pytest

from evidens.atomic_files import write_atomic
from evidens.cli.main import main

pytestmark = pytest.mark.skipif(os.name == "nt", reason="symbolic links and modes are POSIX")


def test_writing_through_a_symlink_updates_its_target(tmp_path):
    real = tmp_path / "rigtig" / "kort.html"
    real.parent.mkdir()
    real.write_text("gammel", encoding="utf-8")
    link = tmp_path / "genvej.html"
    link.symlink_to(real)
    write_atomic(link, "ny")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text(encoding="utf-8") == "ny"
    assert list(real.parent.glob("*.tmp")) == [] and list(tmp_path.glob("*.tmp")) == []


def test_a_private_file_stays_private(tmp_path):
    target = tmp_path / "privat.json"
    target.write_text("{}", encoding="utf-8")
    target.chmod(0o600)
    write_atomic(target, "[]")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_new_file_gets_the_folders_usual_permissions(tmp_path):
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "ny.json", "[]")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "ny.json").stat().st_mode) == 0o644


@pytest.mark.parametrize("name", ["kort.html", "kort.pdf"])
def test_cli_brief_through_a_symlink(built_db, tmp_path, name):
    real = tmp_path / "mål" / name
    real.parent.mkdir()
    real.write_bytes(b"gammel")
    real.chmod(0o600)
    link = tmp_path / f"link-{name}"
    link.symlink_to(real)
    assert main(["brief", "ips", "--db", str(built_db), "-o", str(link)]) == 0
    assert link.is_symlink() and real.read_bytes() != b"gammel"
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_cli_export_json_keeps_the_link_and_mode(built_db, tmp_path):
    real = tmp_path / "data.json"
    real.write_text("{}", encoding="utf-8")
    real.chmod(0o600)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert main(["export-json", str(link), "--db", str(built_db)]) == 0
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))
    assert stat.S_IMODE(real.stat().st_mode) == 0o600


def test_build_db_leaves_a_foreign_manifest_alone(source_copy, tmp_path, capsys):
    out = tmp_path / "andet-projekt"
    out.mkdir()
    foreign = out / "manifest.json"
    foreign.write_text('{"name": "et andet program", "version": 3}\n', encoding="utf-8")
    code = main(["build-db", "--source", str(source_copy), "--output", str(out / "e.sqlite")])
    err = capsys.readouterr().err
    assert code == 4 and "manifest.json" in err and "Traceback" not in err
    assert foreign.read_text(encoding="utf-8") == '{"name": "et andet program", "version": 3}\n'
    assert not (out / "e.sqlite").exists()


def test_build_db_replaces_its_own_manifest(source_copy, tmp_path, capsys):
    out = tmp_path / "e.sqlite"
    assert main(["build-db", "--source", str(source_copy), "--output", str(out)]) == 0
    first = json.loads(out.with_name("manifest.json").read_text(encoding="utf-8"))
    assert main(["build-db", "--source", str(source_copy), "--output", str(out)]) == 0
    second = json.loads(out.with_name("manifest.json").read_text(encoding="utf-8"))
    assert first["database"] == second["database"] == "e.sqlite"
