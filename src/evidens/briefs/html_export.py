"""Briefs saved as one self-contained HTML file that opens anywhere, offline, with nothing to
fetch and nothing to run."""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path

from evidens.atomic_files import check_writable, write_atomic
from evidens.resource_files import resources_dir

_IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]+)(")', re.IGNORECASE)
_EXTERNAL = re.compile(
    r"<script\b|<link\b|<iframe\b|<object\b|<embed\b|@import"
    r"|\bhref\s*=\s*(?![\"']?#)|\bsrc\s*=\s*(?![\"']?data:)|url\(\s*(?![\"']?data:)",
    re.IGNORECASE)


def _inline_images(html: str) -> str:
    """Bundled images become data: URIs, so the file shows them without its resource folder."""
    def data_uri(match: re.Match) -> str:
        src = match.group(2)
        if src.startswith("data:"):
            return match.group(0)
        path = resources_dir() / src
        if not path.is_file():
            return match.group(0)  # not ours: self_contained() refuses it
        mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"{match.group(1)}data:{mime};base64,{encoded}{match.group(3)}"

    return _IMG_SRC.sub(data_uri, html)


def self_contained(html: str) -> str:
    """``html`` with images inlined; ValueError if anything would still load from elsewhere.

    A brief must open the same on a machine with no network and without our resource folder, and
    must never run code: no scripts, no linked style sheets, no external or file references.
    """
    html = _inline_images(html)
    found = _EXTERNAL.search(html)
    if found:
        raise ValueError(f"HTML-udskriften henviser til noget uden for filen: {found.group(0)!r}")
    return html


def write_html(html: str, target: Path | str) -> Path:
    """Save a brief as one self-contained HTML file, all or nothing (raises WriteError)."""
    html = self_contained(html)
    check_writable(target)
    return write_atomic(target, html)
