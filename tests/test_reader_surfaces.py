"""What a reader sees outside the app's widgets carries no curation material (issue 13 §1).

The cards are scanned in test_card_overview.py; this file scans the rest of what a caseworker or
manager reads: the matrix, profile and comparison briefs (PDF text read back with pypdf, and the
HTML), the handbook, and every text the command line prints (search, compare, matrix, profile and
the "saved" lines). None may show a seed file name, a source or literature id ("vive-2018:",
"star-laengere-litteratur"), a content-hash version ("2026.1+b040ce50"), a curator's table reading
("cellen lyder", "OCR", "linjeskift") or straight quote marks where the house style is »…«.
"""

from __future__ import annotations

import html as html_lib
import re

import pytest
from pypdf import PdfReader

from evidens.briefs import builders
from evidens.cli.main import main
from evidens.evidence import queries

JARGON = re.compile(r"OCR|cellen lyder|linjeskift|udtræk|[Ll]æst som|[Ll]æses som|kurator",
                    re.IGNORECASE)
HASH_VERSION = re.compile(r"\d{4}\.\d+\+[0-9a-f]{6,}")
SEED_FILE = re.compile(r"\b\d{3}_[0-9a-f]{8,}\.txt\b|\.txt\b")
# A locator after a source label reads in words, small letter: "VIVE 2018, afsnit 5.2 og bilag 3".
CAPITAL_LOCATOR = re.compile(r"\b(?:VIVE|STAR)\b[^;»]{0,40}?(?:, | og )"
                             r"(?:Tabel|Afsnit|Bilag|Kapitel|Konklusion|Ad) \d")


# Words docs/ordliste.md says not to write (the "Skriv ikke" column that only our own texts could
# bring in; the sources' own words, such as "værktøj" in a quote, are theirs).
NOT_OUR_WORDS = re.compile(r"[Gg]ap-analyse|[Bb]arriereniveau|Al evidens|Alle statusser|celle\(r\)|"
                           r"indsatskort|[Hh]ighlight|effektevidens|evidensniveau|dataversion|"
                           r"siderude|bogmærke|borgerprofil")


def visible_text(html: str) -> str:
    html = re.sub(r"<style>.*?</style>", " ", html, flags=re.S)
    html = re.sub(r"<[^>]+>", " ", html)
    return " ".join(html_lib.unescape(html).split())


def reader_ids(conn) -> re.Pattern:
    """Source ids and literature ids: a reader gets labels ("VIVE 2018") and titles instead."""
    ids = [r[0] for r in conn.execute("SELECT id FROM sources")]
    ids += [r[0] for r in conn.execute("SELECT id FROM conclusions")]
    ids += [r[0] for r in conn.execute("SELECT id FROM bibliography")]
    ids = sorted({i for i in ids if "-" in i}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(i) for i in ids) + r")(?![\w-])")


def problems(text: str, ids: re.Pattern, *, quotes: bool = True) -> list[str]:
    found = [m.group(0) for m in (ids.search(text), HASH_VERSION.search(text),
                                  SEED_FILE.search(text), JARGON.search(text),
                                  CAPITAL_LOCATOR.search(text),
                                  NOT_OUR_WORDS.search(text)) if m]
    if quotes:
        found += [text[max(0, m.start() - 30):m.end() + 30]
                  for m in re.finditer(r"[\"“”„]", text)]
    return found


def test_the_scan_catches_what_it_looks_for(conn):
    """The checks below would pass on anything if the patterns matched nothing."""
    ids = reader_ids(conn)
    for bad in ("vive-2018: Afsnit 5.2", "Kilde: star-laengere-litteratur, ad 2",
                "version 2026.1+b040ce50", "(003_34aeeeeb298b4be7.txt)",
                "cellen lyder 4*, 8", "OCR-tekst", "uden komma før linjeskiftet",
                'deltagere i "Rehabilitering til job"', "VIVE 2018, afsnit 6.2 og Bilag 3",
                "Barrierer fra VIVE 2018, Tabel 4.2", "Barriereniveauer", "Gap-analyse"):
        assert problems(bad, ids), bad
    assert not problems("VIVE 2018, afsnit 5.2.1.2; STAR 2025, konklusion 2 »citat«", ids)


def briefs(conn):
    iv_ids = [s.id for s in queries.interventions(conn)]
    rf = {g: [r.id for r in queries.matrix(conn, g).risk_factors] for g in ("adult", "youth")}
    for group in ("adult", "youth"):
        yield f"matrix {group}", builders.matrix_brief(conn, group)
        yield f"profile {group}", builders.profile_brief(
            conn, group, rf[group][:3], intervention_id=iv_ids[0])
    for n in range(0, len(iv_ids) - 2, 3):
        trio = iv_ids[n:n + 3]
        yield f"compare {trio}", builders.comparison_brief(conn, trio, full=True)


def test_matrix_profile_and_comparison_briefs_carry_no_curation_material(conn):
    ids = reader_ids(conn)
    seen = 0
    for what, brief in briefs(conn):
        assert not problems(visible_text(brief.html), ids), what
        seen += 1
    assert seen >= 4 + 10  # both matrices, both profiles and every record in a comparison


def test_card_briefs_cite_sources_in_words(conn):
    """Cards are scanned for ids and curators' notes in test_card_overview; here the citations."""
    for iv in queries.interventions(conn):
        for brief in (builders.one_page_brief(conn, iv.id), builders.card_brief(conn, iv.id)):
            text = visible_text(brief.html)
            assert not CAPITAL_LOCATOR.search(text), (iv.id, CAPITAL_LOCATOR.search(text))
            assert "VIVE 2018" in text or "STAR" in text, iv.id


def test_handbook_carries_no_curation_material(conn):
    text = visible_text(builders.handbook_html(conn))
    assert "VIVE 2018" in text and "Kort fortalt" in text
    assert not problems(text, reader_ids(conn))


def test_pdf_text_and_footer_carry_no_hash_version(built_db, tmp_path, conn):
    """The PDF as printed: page text, header and footer read back with pypdf."""
    ids = reader_ids(conn)
    runs = {"brief.pdf": ["brief", "ips"], "full.pdf": ["brief", "kvis", "--full"],
            "matrix.pdf": ["matrix", "--group", "youth"],
            "compare.pdf": ["compare", "ips", "kvis", "mentorordninger"],
            "profile.pdf": ["profile", "--group", "adult", "--risk", "adult-sindslidelser",
                            "--intervention", "ips"]}
    for name, argv in runs.items():
        out = tmp_path / name
        assert main([*argv, "--db", str(built_db), "-o", str(out)]) == 0
        text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
        assert "Datagrundlag: udgave" in text, name
        assert not problems(text, ids), name


def cli_outputs(conn):
    names = [s.id for s in queries.interventions(conn)]
    for query in ("psykisk sygdom", "lontilskud", "ledige over 30", "mentor", "hjemløs"):
        yield ["search", query]
    yield ["search", "misbrug", "--group", "youth"]
    for group in ("adult", "youth"):
        yield ["matrix", "--group", group]
        risks = [r.id for r in queries.matrix(conn, group).risk_factors]
        yield ["profile", "--group", group, "--risk", risks[0], "--risk", risks[-1],
               "--intervention", names[0]]
    for n in range(0, len(names) - 2, 3):
        yield ["compare", *names[n:n + 3], "--full"]


def test_cli_text_carries_no_curation_material(built_db, conn, capsys):
    ids = reader_ids(conn)
    runs = 0
    for argv in cli_outputs(conn):
        assert main([*argv, "--db", str(built_db)]) in (0, 1), argv
        out, err = capsys.readouterr()
        assert out.strip() or err.strip(), argv
        assert not problems(out + err, ids), (argv, problems(out + err, ids))
        runs += 1
    assert runs > 15


@pytest.mark.parametrize("argv", [["brief", "ips", "-o", "x.pdf"],
                                  ["brief", "ips", "--full", "-o", "x.html"],
                                  ["matrix", "--group", "adult", "-o", "x.html"]])
def test_saved_lines_name_the_file_and_nothing_else(built_db, tmp_path, capsys, argv, conn):
    argv = [a if not a.startswith("x.") else str(tmp_path / a) for a in argv]
    assert main([*argv, "--db", str(built_db)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Gemte ") and str(tmp_path) in out
    assert not problems(out.replace(str(tmp_path), ""), reader_ids(conn))


# -- the command line's wording ------------------------------------------------------------------
def test_compare_text_keeps_numbers_with_their_units_and_quotes_the_danish_way():
    from evidens.cli.compare import _wrapped

    value = 'Efter 18 måneder var 59,5 % i job mod 46,5 % i "kontrolgruppen" og 72.000 kr.'
    for width in range(30, 90):
        lines = _wrapped("  IPS: ", value, width)
        text = "\n".join(lines)
        assert not re.search(r"\d\n\s*(%|kr\.)", text), (width, text)
        assert "»kontrolgruppen«" in text and '"' not in text and "\ue000" not in text
        assert " ".join(" ".join(lines).split()) == \
            "IPS: " + value.replace('"kontrolgruppen"', "»kontrolgruppen«")


def test_profile_text_bends_cell_counts():
    from evidens.cli.matrix import _cells

    assert [_cells(n) for n in (0, 1, 2)] == ["0 celler", "1 celle", "2 celler"]


def test_ips_key_figure_once_in_the_details(conn):
    """Issue 11: the key figure (59,5 % vs 46,5 %) stands large in the overview and, below it,
    once in the details - a note on another result points to it instead of repeating it. The
    sources' own words under "Om kilderne" quote it as the source says it."""
    text = visible_text(builders.card_brief(conn, "ips").html)
    overview, rest = text.split("Formål", 1)
    details, sources = rest.split("Om kilderne", 1)
    assert overview.count("59,5 %") == 2  # "Kort fortalt" and the headline figure
    assert details.count("59,5 %") == 1
    assert "Dansk randomiseret forsøg" in details
    assert visible_text(builders.one_page_brief(conn, "ips").html).count("59,5 %") == 2


@pytest.mark.parametrize("argv", [["matrix", "--group", "adult"],
                                  ["profile", "--group", "youth", "--risk", "sindslidelser"]])
def test_cli_text_says_what_the_barrier_numbers_are(built_db, capsys, argv):
    """Every "[n]" after a barrier is one of VIVE's sources, listed by name as under the printed
    matrix, so a reader of the text can tell a source from a count."""
    assert main([*argv, "--db", str(built_db)]) == 0
    out = capsys.readouterr().out
    used = {int(n) for n in re.findall(r"^\s+- .*\[(\d+)\]$", out, flags=re.M)}
    key = out.split("Kilder til barriererne (VIVE 2018, tabel 4.", 1)[1]
    listed = {int(n) for n in re.findall(r"\[(\d+)\] \w", key)}
    assert used and used <= listed, used - listed
