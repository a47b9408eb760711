"""Printable briefs: Jinja templating (``templating``), the brief builders (``builders``), the HTML
and PDF writers (``html_export``, ``pagination``, ``pdf_export``) and the one save path the CLI and
the app share (``export``). Only ``pdf_export`` imports Qt (QtGui, for typesetting)."""
