"""Briefs saved as one self-contained HTML file that opens anywhere, offline, with nothing to
fetch and nothing to run.

The check is structural: an HTML parser walks the tags and attributes (and the contents of
``<style>``), so a profile named "Gruppe url(x)" or a note about ``src=`` is text, escaped by the
templates, and passes, while a real ``<img src="http://…">`` or ``<script>`` is refused.

The handbook is long (tens of megabytes on a large evidence base), so it is checked and written
as a stream: :func:`write_html_stream` takes the rendered pieces one by one, inlines images, feeds
the parser and writes to a temporary file that replaces the target only when all went well.
Memory then stays bounded by the largest piece, not by the document.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

from evidens.atomic_files import check_writable, open_atomic, write_atomic
from evidens.resource_files import resources_dir

_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")', re.IGNORECASE)
_FORBIDDEN_TAGS = {"script", "link", "iframe", "frame", "object", "embed", "base", "applet",
                   "form", "audio", "video", "source", "track"}
_URL_ATTRIBUTES = {"src", "href", "xlink:href", "srcset", "poster", "background", "action",
                   "formaction", "data", "lowsrc", "dynsrc", "ping", "longdesc", "cite"}
_CSS_EXTERNAL = re.compile(r"@import|url\(\s*(?![\"']?data:)|expression\(", re.IGNORECASE)


class _Checker(HTMLParser):
    """Collects the first reference to anything outside the file (tags and attributes only)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: str | None = None
        self._in_style = False

    def _refuse(self, what: str) -> None:
        if self.found is None:
            self.found = what

    def handle_starttag(self, tag, attrs):
        if tag in _FORBIDDEN_TAGS:
            self._refuse(f"<{tag}>")
        if tag == "meta" and any(k == "http-equiv" and (v or "").lower() == "refresh"
                                 for k, v in attrs):
            self._refuse("<meta http-equiv=refresh>")
        for name, value in attrs:
            value = (value or "").strip()
            if name.startswith("on"):
                self._refuse(f"{name}=")
            elif name in _URL_ATTRIBUTES:
                allowed = value.startswith("#") if name in ("href", "xlink:href") else \
                    value.startswith("data:")
                if not allowed:
                    self._refuse(f'{name}="{value[:60]}"')
            elif name == "style" and _CSS_EXTERNAL.search(value):
                self._refuse(f'style="{value[:60]}"')
        self._in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style and (match := _CSS_EXTERNAL.search(data)):
            self._refuse(match.group(0))


def _inline_images(html: str) -> str:
    """Bundled images become data: URIs, so the file shows them without its resource folder."""
    def data_uri(match: re.Match) -> str:
        src = match.group(2)
        if src.startswith("data:"):
            return match.group(0)
        path = resources_dir() / src
        if not path.is_file():
            return match.group(0)  # not ours: the check refuses it
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{match.group(1)}data:{mime};base64,{encoded}{match.group(3)}"

    return _IMG_SRC.sub(data_uri, html)


class ExternalReferenceError(ValueError):
    """The HTML would load or run something from outside the file; the message is Danish."""


def _error(found: str) -> ExternalReferenceError:
    return ExternalReferenceError(
        f"HTML-udskriften blev ikke gemt, fordi den henviser til noget uden for filen "
        f"({found}). Det er en fejl i Evidenshåndbogen eller i dens data; gem som PDF i stedet, "
        "og sig det til IT.")


def self_contained(html: str) -> str:
    """``html`` with images inlined; ValueError if anything would still load from elsewhere.

    A brief must open the same on a machine with no network and without our resource folder, and
    must never run code: no scripts, no linked style sheets, no external or file references.
    """
    return "".join(self_contained_pieces((html,)))


def self_contained_pieces(pieces: Iterable[str]) -> Iterable[str]:
    """:func:`self_contained` for a stream: yields the checked, inlined text piece by piece and
    raises ValueError as soon as a reference to the outside is seen.

    A piece is cut after its last ``>`` so a tag split between two pieces is inlined whole.
    """
    checker = _Checker()
    pending = ""
    for piece in pieces:
        # join, not +=: Jinja may hand out Markup, and Markup + str would escape the str.
        pending = "".join((pending, piece))
        cut = pending.rfind(">") + 1
        if not cut:
            continue
        ready, pending = _inline_images(pending[:cut]), pending[cut:]
        checker.feed(ready)
        if checker.found:
            raise _error(checker.found)
        yield ready
    ready = _inline_images(pending)
    checker.feed(ready)
    checker.close()
    if checker.found:
        raise _error(checker.found)
    yield ready


def write_html(html: str, target: Path | str) -> Path:
    """Save a brief as one self-contained HTML file, all or nothing (raises WriteError)."""
    html = self_contained(html)
    check_writable(target)
    return write_atomic(target, html)


def write_html_stream(pieces: Iterable[str], target: Path | str) -> Path:
    """Save a long document given in pieces, checked as it goes; all or nothing.

    The pieces go through :func:`self_contained_pieces` into a temporary file beside the target,
    which replaces it only when the whole document was written and checked. ValueError (refused
    content) or WriteError; either way the target is as it was.
    """
    check_writable(target)
    with open_atomic(target, "w", encoding="utf-8") as fh:
        for chunk in self_contained_pieces(pieces):
            fh.write(chunk)
    return Path(target)
