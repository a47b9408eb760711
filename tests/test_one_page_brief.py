"""The one-page brief (issue 11 §3): every record on one A4 sheet, read back with pypdf; the whole
card with ``--full``; the curators' notes only with ``--curator``; both from the app's Filer menu.
"""

from __future__ import annotations

import io

import pypdf
import pytest
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QFileDialog

from evidens.briefs import builders, pdf_export
from evidens.cli.main import main
from evidens.evidence import queries

A4 = (595, 842)


@pytest.fixture(autouse=True)
def gui(qapp):
    return qapp


def pages_of(data: bytes) -> list[str]:
    return [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_record_fits_on_one_page(conn):
    edition = builders.data_edition(conn)
    counts = {}
    for s in queries.interventions(conn):
        brief = builders.one_page_brief(conn, s.id)
        data = pdf_export.render_pdf(brief.html, title=brief.title, data_version=edition)
        reader = pypdf.PdfReader(io.BytesIO(data))
        counts[s.id] = len(reader.pages)
        page = reader.pages[0]
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == A4
        text = flat(page.extract_text())
        # What the sheet is for: the overview, the target group, the elements, the sources.
        for words in ("Overblik", "Evidens", "Effekt", "Status", "Målgruppe",
                      "Elementer i korte træk", "Kilder", f"Datagrundlag: {edition}"):
            assert words in text, (s.id, words)
        assert s.evidence_label in text, s.id
    assert set(counts.values()) == {1}, {k: v for k, v in counts.items() if v != 1}
    assert len(counts) == 33


def test_one_page_is_shorter_than_the_whole_card(conn):
    edition = builders.data_edition(conn)
    short = pages_of(pdf_export.render_pdf(builders.one_page_brief(conn, "ips").html,
                                           title="IPS", data_version=edition))
    full = pages_of(pdf_export.render_pdf(builders.card_brief(conn, "ips").html,
                                          title="IPS", data_version=edition))
    assert len(short) == 1 and len(full) >= 2
    full_text = flat(" ".join(full))
    # The whole card has what the sheet leaves out.
    for words in ("Formål", "Resultater", "Barrierer, indsatsen adresserer", "Litteratur"):
        assert words in full_text and words not in flat(short[0]), words


def test_cli_brief_is_one_page_and_full_is_the_card(built_db, tmp_path, capsys):
    short, full = tmp_path / "ips.pdf", tmp_path / "ips-hele.pdf"
    assert main(["brief", "ips", "--db", str(built_db), "-o", str(short)]) == 0
    assert "Gemte den korte brief for Individual Placement" in capsys.readouterr().out
    assert main(["brief", "IPS", "--full", "--db", str(built_db), "-o", str(full)]) == 0
    assert "Gemte hele kortet for" in capsys.readouterr().out
    assert len(pypdf.PdfReader(str(short)).pages) == 1
    assert len(pypdf.PdfReader(str(full)).pages) >= 2
    assert "Kuratorens noter" not in flat(" ".join(
        p.extract_text() for p in pypdf.PdfReader(str(full)).pages))


def test_cli_curator_flag(built_db, tmp_path, capsys):
    out = tmp_path / "ips.html"
    assert main(["brief", "ips", "--curator", "--db", str(built_db), "-o", str(out)]) == 0
    assert "Kuratorens noter" in out.read_text(encoding="utf-8")
    # HTML has no page footer: the edition is in the document itself, for both forms.
    full = tmp_path / "ips-hele.html"
    assert main(["brief", "ips", "--full", "--db", str(built_db), "-o", str(full)]) == 0
    for path in (out, full):
        assert "Datagrundlag: udgave 2026.1 af" in path.read_text(encoding="utf-8")
    capsys.readouterr()
    assert main(["search", "ips", "--curator", "--json", "--db", str(built_db)]) == 0
    import json

    hits = json.loads(capsys.readouterr().out)
    assert all("curator_notes" in h for h in hits)
    assert main(["search", "ips", "--json", "--db", str(built_db)]) == 0
    assert all("curator_notes" not in h for h in json.loads(capsys.readouterr().out))


# -- the app -------------------------------------------------------------------------------------
@pytest.mark.gui
def test_app_saves_and_prints_both_briefs(window, monkeypatch, tmp_path):
    names = iter(["kort.pdf", "hele.pdf"])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (str(tmp_path / next(names)), ""))
    save_short, save_full, print_short, print_full = window.printing.card_actions
    assert [a.text() for a in window.printing.card_actions] == [
        "Gem kort &brief (1 side) …", "Gem hele &kortet …", "Udskriv kort brief (1 side) …",
        "Udskriv hele kortet …"]
    menu_actions = window.menuBar().actions()[0].menu().actions()
    assert save_short in menu_actions and print_full in menu_actions

    window.interventions_page.open_card("brobygningsforloeb")
    save_short.trigger()
    save_full.trigger()
    short = pypdf.PdfReader(str(tmp_path / "kort.pdf"))
    full = pypdf.PdfReader(str(tmp_path / "hele.pdf"))
    assert len(short.pages) == 1
    assert "Brobygningsforløb" in short.pages[0].extract_text()
    assert "Formål" in " ".join(p.extract_text() for p in full.pages)

    painted = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: QPrintDialog.DialogCode.Accepted)
    monkeypatch.setattr(window.printing, "_paint", lambda printer, brief: painted.append(brief))
    print_short.trigger()
    print_full.trigger()
    assert [b.title for b in painted] == ["Brobygningsforløb"] * 2
    assert "Formål" not in painted[0].html and "Formål" in painted[1].html


@pytest.mark.gui
def test_card_briefs_need_an_open_card(window):
    assert window.current_card_id() is None  # a fresh window has no card open
    assert window.printing.export("pdf", window.printing._card_brief(full=False)) is None
    assert "Åbn et kort" in window.statusBar().currentMessage()
