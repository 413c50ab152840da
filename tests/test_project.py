"""Promises the project makes about itself: layering, lint, and a README that does not lie."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN_MAY_IMPORT = (
    "tracker.domain",
    "pendulum",
    "__future__",
    "collections",
    "dataclasses",
    "datetime",
    "decimal",
    "enum",
    "functools",
    "hashlib",  # an article's text hash: pure, no I/O
    "itertools",
    "re",
    "typing",
    "unicodedata",  # accents folded when words are compared: pure, no I/O
    "uuid",
)


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", sorted((ROOT / "tracker" / "domain").glob("*.py")), ids=lambda p: p.name)
def test_the_domain_imports_no_database_screen_or_io(module: Path) -> None:
    foreign = {name for name in imports_of(module) if not name.startswith(DOMAIN_MAY_IMPORT)}
    assert foreign == set()


def modules_of(*layers: str) -> list[Path]:
    return sorted(path for layer in layers for path in (ROOT / "tracker" / layer).glob("*.py"))


EDGES = ("tracker.cli", "tracker.tui", "click", "textual")
# What each layer may not import: dependencies point inward, cli/tui -> app -> (ingest, render) -> store -> domain.
MAY_NOT_IMPORT = {
    "store": (*EDGES, "tracker.app", "tracker.render", "tracker.ingest", "tracker.news", "rich"),
    "ingest": (*EDGES, "tracker.app", "tracker.render", "rich"),
    "news": (*EDGES, "tracker.app", "tracker.render", "rich"),
    "render": (*EDGES, "tracker.app", "tracker.store", "tracker.news", "sqlalchemy"),
    "app": EDGES,
}


@pytest.mark.parametrize("module", modules_of(*MAY_NOT_IMPORT), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_dependencies_point_inward(module: Path) -> None:
    refused = MAY_NOT_IMPORT[module.parent.name]
    assert {name for name in imports_of(module) if name.startswith(refused)} == set()


# The edges call use cases; from the layers below they take only types (errors, values a use case takes or
# returns) and these helpers that shape input or output, never a rule, a query or a fold.
EDGE_HELPERS = {
    "tracker.domain.text": {"one_line"},
    "tracker.store.engine": {
        "URL_VARIABLE",
        "safe_url",
        "without_secrets",
        "resolve_url",
        "missing_database",
        "lasting_problem",
    },
    "tracker.ingest.config": {"load_config"},
    "tracker.ingest.http": {"source_url_problem"},
    "tracker.ingest.lock": {"private"},
    "tracker.ingest.runner": {"EXIT_REJECTED", "EXIT_TEMPORARY"},
}
BELOW_THE_EDGES = ("tracker.domain", "tracker.store", "tracker.ingest", "tracker.news")


def names_imported(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text())
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.extend((node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((alias.name, "") for alias in node.names)
    return found


@pytest.mark.parametrize("module", modules_of("cli", "tui"), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_cli_and_the_viewer_hold_no_rule_and_no_sql(module: Path) -> None:
    import importlib

    for source, name in names_imported(module):
        assert not source.startswith("sqlalchemy") or source == "sqlalchemy.exc", f"{source} in {module.name}"
        if not source.startswith(BELOW_THE_EDGES):
            continue
        assert name, f"import {source}: take names, so the check can see them"
        value = getattr(importlib.import_module(source), name)
        assert isinstance(value, type) or name in EDGE_HELPERS.get(source, ()), f"{source}.{name} in {module.name}"


def readme_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick_start)


def test_ci_runs_the_readmes_test_command_verbatim() -> None:
    setup_and_show, run_tests = readme_commands()[:2]
    assert "tracker timeline nvidia-openai" in setup_and_show and "pytest" in run_tests
    assert run_tests in (ROOT / ".ci" / "run").read_text().splitlines()


RUFF = Path(sys.executable).parent / "ruff"


@pytest.mark.skipif(not RUFF.exists(), reason="ruff is not installed beside this Python (pip install -e '.[test]')")
def test_the_code_is_ruff_clean_and_formatted() -> None:
    ruff = str(RUFF)
    folders = ["tracker", "tests", "alembic", "scripts"]
    result = subprocess.run([ruff, "check", *folders], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
    formatted = subprocess.run([ruff, "format", "--check", *folders], cwd=ROOT, capture_output=True, text=True)
    assert formatted.returncode == 0, f"run `ruff format {' '.join(folders)}`:\n{formatted.stdout}"


MYPY = Path(sys.executable).parent / "mypy"


@pytest.mark.skipif(not MYPY.exists(), reason="mypy is not installed beside this Python (pip install -e '.[test]')")
def test_the_package_type_checks() -> None:
    result = subprocess.run([str(MYPY), "tracker", "tests", "scripts"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
