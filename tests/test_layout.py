"""The one-way dependency rule of the README's "Layout": no app imports an app above it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What each app may import (besides itself, Django and third-party packages).
ALLOWED = {
    "atlas": set(),
    "imports": {"atlas"},
    "zones": {"atlas", "imports"},
    "places": {"atlas", "zones"},
    "industries": {"atlas", "zones"},
    "enterprises": {"atlas", "imports", "zones"},
    "policies": {"atlas", "imports", "zones", "enterprises"},
    "search": {"atlas", "imports", "zones", "places", "industries", "enterprises", "policies"},
    "api": {"atlas", "imports", "zones", "places", "industries", "enterprises", "policies"},
}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names & set(ALLOWED)


@pytest.mark.parametrize("app", sorted(ALLOWED))
def test_no_app_imports_upward(app):
    upward = {}
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue  # migrations name other apps' migrations and models by label
        wrong = imported_apps(path) - ALLOWED[app] - {app}
        if wrong:
            upward[str(path.relative_to(ROOT))] = sorted(wrong)
    assert upward == {}
