"""Nothing runs from the data (issue 14): markup, Jinja syntax and ``javascript:`` links in curated
data, profile names, comparison names and notes come out as text everywhere, and no view or
printout loads anything from outside.

The hostile curated data goes through the real pipeline: the TOML files are edited and built
with ``build-db --source``; the app, the briefs and the PDF writer then read that database.
"""

from __future__ import annotations

import re
from contextlib import closing
from pathlib import Path

import pytest
from PySide6.QtGui import QTextDocument

from evidens.briefs import builders
from evidens.cli.main import main
from evidens.evidence.database import open_database
from evidens.user_store import UserStore
from fault_helpers import FIGURES

pytestmark = pytest.mark.fault

PROBE = "/tmp/evidens-fault-probe.png"
PAYLOAD = (f'<img src="file://{PROBE}"><script>alert(1)</script>{{{{ 7*7 }}}}'
           '{% if true %}JINJA{% endif %}<a href="javascript:alert(1)">klik</a>'
           '<style>@import url(http://example.org/x.css)</style>')
# TOML lines replaced with the payload (a literal string: it holds double quotes).
EDITS = {
    "interventions/ips.toml": ("purpose", "target_group", "status_text", "note",
                               "evaluation_design"),
    "conclusions/star-unge.toml": ("title",),
    "barriers/adult.toml": ("text",),
}


def assert_inert(html: str, where: str, whole: bool = True) -> None:
    """The payload is in ``html`` as text only: escaped markup, unrendered Jinja. ``whole=False``
    for a view that shortens the field (the comparison's target group at 110 characters)."""
    assert "<script" not in html.lower(), where
    assert f'src="file://{PROBE}' not in html, where
    assert not re.search(r"""href\s*=\s*["']?javascript:""", html, re.IGNORECASE), where
    assert f"&lt;img src=&#34;file://{PROBE}" in html, where
    if whole:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, where
        assert "{{ 7*7 }}" in html and "{% if true %}JINJA{% endif %}" in html, where
    FIGURES["hostile strings checked in output"] += 1


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory) -> Path:
    """The real data with the payload in a card, a conclusion and a barrier, built by the CLI."""
    import shutil

    from evidens.resource_files import data_dir

    root = tmp_path_factory.mktemp("hostile")
    source = root / "db"
    shutil.copytree(data_dir(), source, ignore=shutil.ignore_patterns(
        "*.sqlite", "manifest.json", "__pycache__", "__init__.py", "*.md"))
    for name, fields in EDITS.items():
        path = source / name
        text = path.read_text(encoding="utf-8")
        for field in fields:
            text, n = re.subn(rf'(?m)^{field} = ".*"$', f"{field} = '{PAYLOAD}'", text, count=1)
            assert n == 1, (name, field)
        path.write_text(text, encoding="utf-8")
    target = root / "hostile.sqlite"
    assert main(["build-db", "--source", str(source), "--output", str(target)]) == 0
    return target


def record_resources(monkeypatch, cls) -> list[str]:
    """Every resource ``cls.loadResource`` is asked for, in order, in the returned list."""
    asked: list[str] = []
    real = cls.loadResource

    def record(self, kind, url):
        asked.append(url.toString())
        return real(self, kind, url)

    monkeypatch.setattr(cls, "loadResource", record)
    return asked


@pytest.fixture
def resources_loaded(monkeypatch):
    """Every resource a QTextDocument (briefs, PDF) asks for, recorded and refused."""
    return record_resources(monkeypatch, QTextDocument)


def test_the_resource_probe_works(qapp, resources_loaded):
    """The probe below proves something only if an unescaped image really is asked for."""
    doc = QTextDocument()
    doc.setHtml(f'<p>x</p><img src="file://{PROBE}">')
    doc.size()  # layout
    assert any(PROBE in url for url in resources_loaded)


def test_curated_markup_is_text_in_every_brief(hostile_db):
    with closing(open_database(hostile_db)) as conn:
        assert_inert(builders.card_brief(conn, "ips").html, "card brief")
        assert_inert(builders.matrix_brief(conn, "adult").html, "matrix brief")
        assert_inert(builders.comparison_brief(conn, ["ips", "kvis"]).html, "comparison",
                     whole=False)
        assert_inert(builders.profile_brief(
            conn, "adult", ["adult-sindslidelser"], intervention_id="ips").html, "profile")
        assert_inert(builders.handbook_html(conn), "handbook")
        for html, _ in builders.handbook_parts(builders.handbook_context(conn)):
            assert "<script" not in html.lower()


def test_a_hostile_profile_name_is_text(built_db):
    with closing(open_database(built_db)) as conn:
        brief = builders.profile_brief(conn, "adult", ["adult-sindslidelser"], name=PAYLOAD)
    assert_inert(brief.html, "profile name")


def test_curated_markup_is_text_in_the_pdf(qapp, hostile_db, tmp_path, resources_loaded):
    from pypdf import PdfReader

    from evidens.briefs.pdf_export import write_pdf

    with closing(open_database(hostile_db)) as conn:
        brief = builders.card_brief(conn, "ips")
    target = write_pdf(brief.html, tmp_path / "kort.pdf", title=brief.title, data_version="x")
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "<script>alert(1)</script>" in text and "7*7" in text and "JINJA{% endif %}" in text
    assert [u for u in resources_loaded if PROBE in u or u.startswith(("http", "javascript"))] == []


@pytest.mark.gui
def test_the_in_app_card_shows_markup_as_text_and_loads_nothing(qtbot, hostile_db, monkeypatch):
    from PySide6.QtCore import QStandardPaths

    from evidens.app import main as app_main
    from evidens.app.card_view import CardView

    asked = record_resources(monkeypatch, CardView)
    QStandardPaths.setTestModeEnabled(True)
    app_main.application()
    window = app_main.create_main_window(hostile_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    page = window.interventions_page
    assert page.open_card("ips")
    shown = page.card.view.toPlainText()
    assert "<script>alert(1)</script>" in shown and "{{ 7*7 }}" in shown
    assert "<img" not in page.card.view.toHtml().split("<body", 1)[1].lower()
    assert page.open_card("kvis") and page.open_card("ips")
    assert [u for u in asked if not u.startswith(("evidens:", "data:"))] == []
    window.close()


@pytest.mark.gui
def test_hostile_notes_and_comparison_names_stay_text(qtbot, window):
    """Plain-text widgets: what was typed is what is stored and shown, byte for byte."""
    page = window.interventions_page
    assert page.open_card("ips")
    page.card.note_edit.setPlainText(PAYLOAD)
    page.card.save_note()
    store: UserStore = page.card._store
    assert store.note("ips") == PAYLOAD
    store.save_comparison(PAYLOAD[:120], ["ips", "kvis"])
    assert page.open_card("kvis") and page.open_card("ips")
    assert page.card.note_edit.toPlainText() == PAYLOAD


@pytest.mark.parametrize("command", [["brief", "ips"], ["handbook"],
                                     ["matrix", "--group", "adult"]])
def test_html_files_of_hostile_data_are_saved_inert(hostile_db, tmp_path, command):
    from fault_helpers import assert_well_ended, run_cli

    target = tmp_path / "ud.html"
    argv = [*command, "-o", str(target), "--db", str(hostile_db)]
    assert_well_ended(run_cli(argv), argv, {0})
    assert_inert(target.read_text(encoding="utf-8"), " ".join(command))
