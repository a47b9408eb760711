"""argparse in Danish: its own messages (errors, "usage:", the -h help) through gettext.

argparse looks every message up with :func:`gettext.gettext` (and ``ngettext``) under the names
``argparse._`` and ``argparse.ngettext``, which is the hook its documentation offers for
translation. The program ships no ``.mo`` catalogue (one more file for the bundle, and the
locale of a municipal laptop says nothing about the language of the program), so the catalogue
is this table, installed when the parser is built. Messages not in the table stay English rather
than fail. Our own help texts and metavars are Danish already.
"""

from __future__ import annotations

import argparse
import sys

MESSAGES = {
    "usage: ": "brug: ",
    "positional arguments": "argumenter",
    "options": "tilvalg",
    "optional arguments": "tilvalg",
    "show this help message and exit": "vis denne hjælp og afslut",
    "show program's version number and exit": "vis programmets version og afslut",
    "subcommands": "kommandoer",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "the following arguments are required: %s": "disse argumenter mangler: %s",
    "one of the arguments %s is required": "et af argumenterne %s skal angives",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
    "ignored explicit argument %r": "tager ingen værdi (fik %r)",
    "expected one argument": "mangler en værdi",
    "expected at most one argument": "tager højst én værdi",
    "expected at least one argument": "mangler mindst én værdi",
    "ambiguous option: %(option)s could match %(matches)s":
        "tvetydigt tilvalg: %(option)s kan betyde %(matches)s",
    "unexpected option string: %s": "uventet tilvalg: %s",
    "invalid %(type)s value: %(value)r": "ugyldig værdi: %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "ugyldigt valg: %(value)r (vælg mellem %(choices)s)",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "ukendt kommando %(parser_name)r (vælg mellem %(choices)s)",
    "can't open '%(filename)s': %(error)s": "kan ikke åbne »%(filename)s«: %(error)s",
    "expected %s argument": "mangler %s værdi",
    "expected %s arguments": "mangler %s værdier",
}


def gettext(message: str) -> str:
    return MESSAGES.get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Make argparse speak Danish (idempotent; affects only this process)."""
    argparse._ = gettext
    argparse.ngettext = ngettext


class DanishArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose messages are Danish and whose errors point to the help."""

    def __init__(self, *args, **kwargs):
        install()
        super().__init__(*args, **kwargs)

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: fejl: {message}\nSkriv '{self.prog} -h' for at se "
                     "hjælpen.\n")
