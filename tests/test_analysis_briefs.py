"""Comparison, profile and matrix briefs from the command line, read back from the files."""

from __future__ import annotations

import pypdf
import pytest

from evidens.cli.main import main


def pdf(path):
    reader = pypdf.PdfReader(str(path))
    return reader, [p.extract_text() for p in reader.pages]


def size(page):
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def test_comparison_of_three_is_landscape(built_db, tmp_path):
    out = tmp_path / "sammenligning æøå.pdf"
    assert main(["compare", "ips", "kvis", "Housing First", "-o", str(out),
                 "--db", str(built_db)]) == 0
    reader, texts = pdf(out)
    assert all(size(p) == (842, 595) for p in reader.pages)
    assert "Sammenligning: IPS · KVIS · Housing First" in texts[0]
    assert "≠ Evidens" in texts[0] and "Fælles" in "".join(texts)
    assert all(f"Side {i} af {len(texts)}" in t for i, t in enumerate(texts, 1))


def test_comparison_of_two_is_portrait(built_db, tmp_path):
    out = tmp_path / "to.pdf"
    assert main(["compare", "ips", "kvis", "-o", str(out), "--db", str(built_db)]) == 0
    reader, _ = pdf(out)
    assert size(reader.pages[0]) == (595, 842)


def test_profile_brief_with_gap_analysis(built_db, tmp_path):
    out = tmp_path / "profil.pdf"
    assert main(["profile", "--group", "adult", "--risk", "sindslidelser", "--risk",
                 "Alkohol- og stofmisbrug", "--intervention", "IPS", "-o", str(out),
                 "--db", str(built_db)]) == 0
    text = " ".join(pdf(out)[1])
    assert "Sindslidelser + Alkohol- og stofmisbrugere" in text
    assert "Adresserer" in text and "(25 %)" in text and "Blinde vinkler" in text
    assert "Indsats i Udkanten" in text


def test_matrix_brief_on_a3(built_db, tmp_path):
    out = tmp_path / "unge.pdf"
    assert main(["matrix", "--group", "youth", "--paper", "A3", "-o", str(out),
                 "--db", str(built_db)]) == 0
    reader, texts = pdf(out)
    assert size(reader.pages[0]) == (1191, 842)
    assert "Forventningspres" in " ".join(texts)


def test_html_comparison_is_self_contained(built_db, tmp_path):
    out = tmp_path / "sammenligning.html"
    assert main(["compare", "ips", "kvis", "-o", str(out), "--db", str(built_db)]) == 0
    html = out.read_text(encoding="utf-8")
    assert '<meta charset="utf-8">' in html and "<script" not in html and "http:" not in html


@pytest.mark.parametrize("args", [
    ["compare", "ips", "kvis", "-o", "x.txt"],
    ["profile", "--group", "adult", "--risk", "ukendt-faktor", "-o", "x.pdf"],
])
def test_bad_output_requests_exit_2(built_db, tmp_path, capsys, args):
    assert main([*args, "--db", str(built_db)]) == 2
    assert "Traceback" not in capsys.readouterr().err
