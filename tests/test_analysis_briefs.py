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
    assert "≠ Evidensklasse" in texts[0] and "Fælles" in "".join(texts)
    assert all(f"Side {i} af {len(texts)}" in t for i, t in enumerate(texts, 1))


def test_three_way_comparison_fits_two_landscape_pages(built_db, tmp_path):
    """Issue 11 §4: the facts of IPS, KVIS and Mentorordninger on at most two landscape pages;
    --full keeps the sources' free text (it used to run to nine pages)."""
    short, full = tmp_path / "kort.pdf", tmp_path / "fuld.pdf"
    names = ["ips", "kvis", "mentorordninger"]
    assert main(["compare", *names, "--format", "pdf", "-o", str(short),
                 "--db", str(built_db)]) == 0
    assert main(["compare", *names, "-o", str(full), "--full", "--db", str(built_db)]) == 0
    reader, texts = pdf(short)
    assert 1 <= len(reader.pages) <= 2
    assert all(size(p) == (842, 595) for p in reader.pages)
    text = " ".join(" ".join(texts).split())
    for label in ("Evidensklasse", "Stærkeste design", "Største stikprøve", "Status",
                  "Effekt pr. udfald", "Beskæftigelse", "Hovedresultat 1", "Målgruppe kort",
                  "Fælles elementer", "Egne elementer"):
        assert label in text, label
    assert "Resultater: beskæftigelse" not in text and "Fritekst fra kilderne" not in text
    full_reader, full_texts = pdf(full)
    full_text = " ".join(" ".join(full_texts).split())
    assert len(full_reader.pages) > len(reader.pages)
    assert "Fritekst fra kilderne" in full_text and "Resultater: beskæftigelse" in full_text
    # Sources in words, never a record id.
    assert "VIVE 2018, afsnit 5.2.1.2" in full_text
    assert "vive-2018" not in full_text and "star-vidensprojekter" not in full_text


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
