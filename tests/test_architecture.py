"""The shape of the code (docs/architecture.md): apps in layers, no cycles, no reaching into privates, no giant app.

``lint-imports`` checks the layers named in ``pyproject.toml``; the tests below read every
first-party package, listed or not, so an app added without a place in the layers is still held
to the same rules.
"""

import ast
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
NOT_APPS = {"tests", "bench", "node_modules", "staticfiles", "uploads", "locale", "templates", "static", "docs"}
# Lines of Python (migrations aside) one app may hold before it should be split.
APP_LINE_BUDGET = 2500


def first_party_packages():
    return sorted(
        path.name
        for path in ROOT.iterdir()
        if (path / "__init__.py").is_file() and path.name not in NOT_APPS and not path.name.startswith(".")
    )


PACKAGES = first_party_packages()


def source_files(package):
    return [path for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts]


def imports(path):
    """(module imported, names taken from it) for each absolute import in ``path``."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, []
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module, [alias.name for alias in node.names]


def cross_app_imports():
    """(importing package, file, imported module, names) for imports of one first-party package by another."""
    for package in PACKAGES:
        for path in source_files(package):
            for module, names in imports(path):
                target = module.split(".")[0]
                if target in PACKAGES and target != package:
                    yield package, path, module, names


def find_cycle(edges):
    """One cycle in the directed graph ``edges`` (node -> set of nodes) as a list of nodes, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for following in sorted(edges.get(node, ())):
            if state.get(following) == "open":
                return [*stack[stack.index(following) :], following]
            if following not in state and (cycle := visit(following)):
                return cycle
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(edges):
        if node not in state and (cycle := visit(node)):
            return cycle
    return None


def test_the_layers_contract_holds():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is a test requirement (requirements-dev.txt)"
    result = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_import_cycle_between_apps():
    edges = defaultdict(set)
    for package, _path, module, _names in cross_app_imports():
        edges[package].add(module.split(".")[0])
    assert find_cycle(edges) is None


def test_the_cycle_finder_finds_cycles():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}}) is None


def test_no_app_imports_another_apps_private_modules_or_names():
    private = [
        f"{path.relative_to(ROOT)}: {module} {names}"
        for _package, path, module, names in cross_app_imports()
        if any(part.startswith("_") for part in module.split(".")[1:]) or any(name.startswith("_") for name in names)
    ]
    assert private == []


@pytest.mark.parametrize("package", PACKAGES)
def test_no_app_outgrows_the_line_budget(package):
    lines = sum(len(path.read_text().splitlines()) for path in source_files(package))
    assert lines <= APP_LINE_BUDGET, f"{package} has {lines} lines: give a capability its own app"


def test_every_installed_app_of_ours_is_checked():
    ours = {app.split(".")[0] for app in settings.INSTALLED_APPS if (ROOT / app.split(".")[0]).is_dir()}
    assert ours <= set(PACKAGES)
