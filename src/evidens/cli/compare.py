"""``evidens compare``: two to four interventions side by side, as text or JSON.

Names are resolved the way a caseworker says them (id, name, short name or alias), and every mistake
— too few or too many names, the same intervention twice, a name nobody answers to — ends with a
Danish message and exit code 2 before anything is printed, so a script never gets half a comparison.
The rows come from :func:`evidens.analysis.comparison.compare`, the same ones the app shows.

Plain text and the PDF/HTML brief show the structured facts (evidence class, design, largest
sample, direction per outcome, headline figures, status, target group, elements); the sources'
free text follows only with ``--full``, so three records fit on two landscape pages. ``--json``
always carries every row, each with ``structured`` and ``differs``.
"""

from __future__ import annotations

import json
import re
import textwrap

from evidens.analysis.comparison import Comparison, compare, comparison_to_dict
from evidens.briefs.wording import danish_quotes
from evidens.evidence import queries
from evidens.evidence.database import open_database
from evidens.user_store import COMPARISON_MAX, COMPARISON_MIN

from .briefs import add_output_arguments, save
from .common import EXIT_USAGE, CliError, resolve_or_fail

TEXT_WIDTH = 100
# A number and its unit stay on one line ("46,5 %", not "46,5" at the end and "%" below).
_GLUE = "\ue000"  # a private-use character textwrap does not break at
_NUMBER_UNIT = re.compile(r"(\d) (?=%|procentpoint|pct\.|kr\.|personer|måneder|år\b)")


def register(sub, common) -> None:
    cmd = sub.add_parser(
        "compare", parents=[common], help="sammenlign 2-4 indsatser eller redskaber side om side",
        description="Sammenlign 2-4 indsatser eller redskaber. Angiv dem ved id, navn eller "
                    "alias, fx: evidens compare ips kvis \"Housing First\"")
    # nargs="*" rather than "+": a wrong count then gets our Danish message, not argparse's.
    cmd.add_argument("names", nargs="*", metavar="NAVN",
                     help=f"{COMPARISON_MIN}-{COMPARISON_MAX} indsatser (id, navn eller alias)")
    cmd.add_argument("--json", action="store_true", help="skriv sammenligningen som JSON")
    cmd.add_argument("--only-differences", "--kun-forskelle", action="store_true",
                     dest="only_differences",
                     help="vis kun rækker, hvor de sammenlignede fakta er forskellige")
    add_output_arguments(cmd, required=False)
    cmd.add_argument("--full", action="store_true",
                     help="tag kildernes fritekst med (resultater, målgruppe, kilder, ...)")
    cmd.set_defaults(handler=_compare)


def _compare(args) -> int:
    names = list(args.names)
    if not COMPARISON_MIN <= len(names) <= COMPARISON_MAX:
        given = "ingen" if not names else str(len(names))
        raise CliError(f"angiv {COMPARISON_MIN}-{COMPARISON_MAX} indsatser at sammenligne "
                       f"(du angav {given}), fx: evidens compare ips kvis", EXIT_USAGE)
    if args.output is None and (args.format or args.pdf_a):
        raise CliError("angiv filen med -o, fx: evidens compare ips kvis --format pdf "
                       "-o sammenligning.pdf", EXIT_USAGE)
    if args.output is not None and args.json:
        raise CliError("vælg enten --json (på skærmen) eller -o FIL (PDF eller HTML)", EXIT_USAGE)
    conn = open_database(args.db)
    candidates = queries.intervention_candidates(conn)
    labels = {c.id: c.label for c in candidates}
    ids: list[str] = []
    said: dict[str, str] = {}
    for name in names:
        iid = resolve_or_fail(name, candidates)
        if iid in said:
            raise CliError(f"»{said[iid]}« og »{name}« er den samme indsats: {labels[iid]}. "
                           "Vælg forskellige indsatser.", EXIT_USAGE)
        said[iid] = name
        ids.append(iid)
    if args.output:
        from evidens.briefs.builders import comparison_brief  # only when a file is asked for

        brief = comparison_brief(conn, ids, args.only_differences, full=args.full)
        path = save(conn, brief, args)
        print(f"Gemte sammenligningen i {path}.")
        return 0
    try:
        comparison = compare(conn, ids)
    except ValueError as exc:  # already checked above; kept so no path can end in a traceback
        raise CliError(str(exc), EXIT_USAGE) from None
    print(_output(comparison, args))
    return 0


def _output(comparison: Comparison, args) -> str:
    if args.json:
        return json.dumps(comparison_to_dict(comparison), ensure_ascii=False, indent=2)
    return format_text(comparison, only_differences=args.only_differences, full=args.full)


def format_text(comparison: Comparison, width: int = TEXT_WIDTH, *,
                only_differences: bool = False, full: bool = False) -> str:
    """Readable plain text: per section, each row's label, then one entry per intervention.

    A row the same for all is printed once; the free text follows only with ``full``."""
    ivs = comparison.interventions
    names = [iv.short_name for iv in ivs]
    pad = max(len(n) for n in names) + 2
    out = ["Sammenligning: " + " · ".join(names), ""]
    for iv in ivs:
        out.append(f"  {iv.short_name + ':':<{pad}} {iv.name}")
    section = None
    for row in comparison.visible_rows(only_differences=only_differences, free_text=full):
        if row.section != section:
            section = row.section
            out += ["", f"== {section} =="]
        if row.differs:
            out += ["", f"≠ {row.label}"]
            for name, value in zip(names, row.values, strict=True):
                out += _wrapped(f"  {name + ':':<{pad}} ", value, width)
        else:
            out += ["", f"{row.label} (ens for alle)"]
            out += _wrapped(f"  {'Alle:':<{pad}} ", row.values[0], width)
    if not full:
        out += ["", "Kildernes fritekst (resultater, målgruppe, kilder) vises med --full."]
    return "\n".join(out)


def _wrapped(prefix: str, value: str, width: int) -> list[str]:
    """``value`` wrapped under ``prefix``, in the house style the briefs print: »…« quotes and a
    number kept with its unit (glued while wrapping, a plain space again in the output)."""
    value = _NUMBER_UNIT.sub("\\1" + _GLUE, danish_quotes(value))
    lines = []
    indent = " " * len(prefix)
    for i, line in enumerate(value.split("\n")):
        body = line.lstrip(" ")
        hang = " " * (len(line) - len(body))
        if body[:2] in ("• ", "– "):
            hang += "  "
        first = (prefix if i == 0 else indent) + line[:len(line) - len(body)]
        lines += textwrap.wrap(body, width, initial_indent=first,
                               subsequent_indent=indent + hang, break_on_hyphens=False) or [first]
    return [line.replace(_GLUE, " ") for line in lines]
