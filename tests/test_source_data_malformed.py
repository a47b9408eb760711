"""build-db answers malformed source data with exit 3 naming file, record and field, never a
traceback, and leaves the database alone (issue 16, item 8)."""

from __future__ import annotations

import os

import pytest

from evidens.cli.main import main


def build(capsys, source, target):
    code = main(["build-db", "--source", str(source), "--output", str(target)])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("change, expected", [
    # a record that is not a table
    (lambda s: (s / "sources.toml").write_text(
        (s / "sources.toml").read_text(encoding="utf-8") + "\nlevel = 1\n", encoding="utf-8"),
     ["sources.toml", "level"]),
    (lambda s: (s / "levels.toml").write_text("level = [1, 2]\n", encoding="utf-8"),
     ["levels.toml", "level[0]", "tabel"]),
    # a vocabulary section that is not a table
    (lambda s: (s / "vocabulary.toml").write_text(
        (s / "vocabulary.toml").read_text(encoding="utf-8").replace(
            "[element_tags]", "outcomes_x = 5\n[element_tags]", 1), encoding="utf-8"),
     ["vocabulary.toml", "outcomes_x", "tabel"]),
    # deep nesting
    (lambda s: edit(s / "interventions" / "ips.toml", 'status = "active"',
                    'status = "active"\nnote = ' + "[" * 5000 + "]" * 5000),
     ["interventions/ips.toml"]),
    # a 20-digit integer
    (lambda s: edit(s / "interventions" / "ips.toml", "table_number = 1",
                    "table_number = 12345678901234567890"),
     ["interventions/ips.toml", "intervention 'ips'", "table_number", "stort"]),
    # item types inside lists
    (lambda s: edit(s / "interventions" / "ips.toml", 'aliases = ["Individuelt',
                    'aliases = [1, ["x"], {a = 1}, "Individuelt'),
     ["interventions/ips.toml", "intervention 'ips'", "aliases"]),
    (lambda s: edit(s / "interventions" / "ips.toml", 'element_tags = ["virksomhedsrettet"',
                    'element_tags = [["virksomhedsrettet"], {x = 1}'),
     ["interventions/ips.toml", "element_tags"]),
    (lambda s: edit(s / "interventions" / "ips.toml", 'references = ["christensen-nordentoft',
                    'references = [{a = 1}, "christensen-nordentoft'),
     ["interventions/ips.toml", "references"]),
])
def test_malformed_data_is_named_with_exit_3(source_copy, tmp_path, capsys, change, expected):
    target = tmp_path / "ud" / "e.sqlite"
    change(source_copy)
    code, err = build(capsys, source_copy, target)
    assert code == 3, err
    for word in expected:
        assert word in err, (word, err)
    assert not target.exists()


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0,
                    reason="file permissions do not stop root or Windows")
def test_unreadable_source_file_is_exit_3(source_copy, tmp_path, capsys):
    (source_copy / "levels.toml").chmod(0)
    code, err = build(capsys, source_copy, tmp_path / "e.sqlite")
    assert code == 3 and "levels.toml" in err and "læses" in err


def test_unreadable_source_file_is_exit_3_even_for_root(source_copy, tmp_path, capsys,
                                                        monkeypatch):
    from pathlib import Path

    real = Path.read_text

    def denied(self, *args, **kwargs):
        if self.name == "levels.toml":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", denied)
    monkeypatch.setattr(Path, "read_bytes", lambda self: denied(self).encode())
    code, err = build(capsys, source_copy, tmp_path / "e.sqlite")
    assert code == 3 and "levels.toml" in err and "læses" in err


def test_a_utf8_bom_is_accepted(source_copy, tmp_path, capsys):
    path = source_copy / "levels.toml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, err = build(capsys, source_copy, tmp_path / "e.sqlite")
    assert code == 0, err
