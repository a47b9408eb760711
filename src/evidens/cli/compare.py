"""``evidens compare``: two to four interventions side by side, as text or JSON.

Names are resolved the way a caseworker says them (id, name, short name or alias), and every mistake
— too few or too many names, the same intervention twice, a name nobody answers to — ends with a
Danish message and exit code 2 before anything is printed, so a script never gets half a comparison.
The rows come from :func:`evidens.analysis.comparison.compare`, the same ones the app shows.

Output is chosen in :func:`_output`: plain text or ``--json`` today. A later
``--format pdf|html -o OUT`` belongs there too, rendering :func:`comparison_to_dict` through the
templates and writing the file atomically; the parser and the resolution stay as they are.
"""

from __future__ import annotations

import json
import textwrap

from evidens.analysis.comparison import Comparison, compare, comparison_to_dict
from evidens.evidence import queries
from evidens.evidence.database import open_database
from evidens.user_store import COMPARISON_MAX, COMPARISON_MIN

from .briefs import add_output_arguments, save
from .common import EXIT_USAGE, CliError, resolve_or_fail

TEXT_WIDTH = 100


def register(sub, common) -> None:
    cmd = sub.add_parser(
        "compare", parents=[common], help="sammenlign 2-4 indsatser eller redskaber side om side",
        description="Sammenlign 2-4 indsatser eller redskaber. Angiv dem ved id, navn eller "
                    "alias, fx: evidens compare ips kvis \"Housing First\"")
    # nargs="*" rather than "+": a wrong count then gets our Danish message, not argparse's.
    cmd.add_argument("names", nargs="*", metavar="NAVN",
                     help=f"{COMPARISON_MIN}-{COMPARISON_MAX} indsatser (id, navn eller alias)")
    cmd.add_argument("--json", action="store_true", help="skriv sammenligningen som JSON")
    add_output_arguments(cmd, required=False)
    cmd.set_defaults(handler=_compare)


def _compare(args) -> int:
    names = list(args.names)
    if not COMPARISON_MIN <= len(names) <= COMPARISON_MAX:
        given = "ingen" if not names else str(len(names))
        raise CliError(f"angiv {COMPARISON_MIN}-{COMPARISON_MAX} indsatser at sammenligne "
                       f"(du angav {given}), fx: evidens compare ips kvis", EXIT_USAGE)
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

        path = save(conn, comparison_brief(conn, ids), args)
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
    return format_text(comparison)


def format_text(comparison: Comparison, width: int = TEXT_WIDTH) -> str:
    """Readable plain text: per section, each row's label, then one entry per intervention."""
    ivs = comparison.interventions
    names = [iv.short_name for iv in ivs]
    pad = max(len(n) for n in names) + 2
    out = ["Sammenligning: " + " · ".join(names), ""]
    for iv in ivs:
        out.append(f"  {iv.short_name + ':':<{pad}} {iv.name} [{iv.id}]")
    section = None
    for row in comparison.rows:
        if row.section != section:
            section = row.section
            out += ["", f"== {section} =="]
        out += ["", row.label + ("" if row.differs else " (ens for alle)")]
        for name, value in zip(names, row.values, strict=True):
            out += _wrapped(f"  {name + ':':<{pad}} ", value, width)
    out += ["", "== Elementtyper ==", ""]
    out += _tag_lines(comparison, width)
    return "\n".join(out)


def _wrapped(prefix: str, value: str, width: int) -> list[str]:
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
    return lines


def _tag_lines(comparison: Comparison, width: int) -> list[str]:
    label = comparison.tag_labels
    short = {iv.id: iv.short_name for iv in comparison.interventions}

    def tags(keys) -> str:
        return "; ".join(label.get(k, k) for k in keys) or "ingen"

    entries = [("Fælles for alle", tags(comparison.shared_tags))]
    by_holders: dict[tuple[str, ...], list[str]] = {}
    for tag, holders in comparison.partly_shared_tags.items():
        by_holders.setdefault(holders, []).append(tag)
    for holders, keys in by_holders.items():
        who = [short[h] for h in holders]
        entries.append((f"Delt af {', '.join(who[:-1])} og {who[-1]}", tags(keys)))
    for iid, keys in comparison.unique_tags.items():
        entries.append((f"Kun {short[iid]}", tags(keys)))
    lines = []
    for head, text in entries:
        lines += textwrap.wrap(text, width, initial_indent=f"  {head}: ",
                               subsequent_indent="    ", break_on_hyphens=False)
    return lines
