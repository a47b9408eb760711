"""The package's layers, enforced: imports only point down, and the lower layers stay Qt-free.

    app, cli          the PySide6 app and the command line (the cli may start the app)
    briefs            templating, brief builders, HTML and PDF writers (only pdf_export uses Qt)
    analysis          profiles, gap analysis, comparison
    evidence          source data, build, read-only database, records, queries, search
    (top level)       what every layer shares: atomic files, resource files, the user store

Every import in every module counts, including the ones inside functions that keep start-up
fast, because a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import evidens

PACKAGE = Path(evidens.__file__).parent
LAYERS = ("evidence", "analysis", "briefs", "app", "cli")
# What each layer may import from the package; "shared" is the top-level modules.
ALLOWED = {
    "shared": {"shared"},
    "evidence": {"shared", "evidence"},
    "analysis": {"shared", "evidence", "analysis"},
    "briefs": {"shared", "evidence", "analysis", "briefs"},
    "app": {"shared", "evidence", "analysis", "briefs", "app"},
    "cli": {"shared", "evidence", "analysis", "briefs", "cli", "app"},
}
QT_FREE = {"shared", "evidence", "analysis"}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer_of(module: str) -> str:
    parts = module.split(".")
    if module == "evidens.__main__":
        return "cli"  # `python -m evidens` is the command line
    return parts[1] if len(parts) > 1 and parts[1] in LAYERS else "shared"


def imported_modules(path: Path, name: str | None = None) -> list[tuple[int, str]]:
    """Every module ``path`` imports, relative imports resolved, with its line number."""
    name = name or module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # "from evidens import briefs" imports the subpackage too
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names
                      if (PACKAGE.parent / f"{target}.{alias.name}".replace(".", "/")).is_dir()]
    return found


def violations(path: Path, name: str | None = None) -> list[str]:
    name = name or module_name(path)
    own, out = layer_of(name), []
    for line, target in imported_modules(path, name):
        if target.split(".")[0] in ("PySide6", "shiboken6") and own in QT_FREE:
            out.append(f"{name}:{line}: the {own} layer imports Qt")
        if target.startswith("evidens.") and layer_of(target) not in ALLOWED[own]:
            out.append(f"{name}:{line}: {own} imports {target} ({layer_of(target)} layer)")
    return out


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_known_place():
    for path in MODULES:
        parts = path.relative_to(PACKAGE).parts
        assert len(parts) == 1 or parts[0] in LAYERS, f"{path}: not in a layer folder"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path):
    assert violations(path) == []


def test_the_checker_sees_a_violation(tmp_path):
    """A checker that finds nothing proves nothing: it must catch an upward, a lazy relative and
    a Qt import in the evidence layer."""
    probe = tmp_path / "probe.py"
    probe.write_text("from evidens.app import main\nfrom PySide6 import QtCore\n"
                     "def f():\n    from ..briefs import builders\n", encoding="utf-8")
    found = violations(probe, "evidens.evidence.probe")
    assert found == ["evidens.evidence.probe:1: evidence imports evidens.app (app layer)",
                     "evidens.evidence.probe:2: the evidence layer imports Qt",
                     "evidens.evidence.probe:4: evidence imports evidens.briefs (briefs layer)"]
