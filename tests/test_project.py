"""Promises the project makes about itself: layering, lint, and a README that does not lie."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN_MAY_IMPORT = ("tracker.domain", "pendulum", "__future__", "collections", "dataclasses", "datetime",
                     "decimal", "enum", "functools", "itertools", "re", "typing", "uuid")


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


@pytest.mark.parametrize("module", sorted((ROOT / "tracker" / "store").glob("*.py")), ids=lambda p: p.name)
def test_the_store_does_not_reach_out_to_the_edges(module: Path) -> None:
    edges = ("tracker.cli", "tracker.render", "tracker.ingest", "rich", "click")
    assert {name for name in imports_of(module) if name.startswith(edges)} == set()


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
def test_the_code_is_ruff_clean() -> None:
    ruff = str(RUFF)
    folders = ["tracker", "tests", "alembic", "scripts"]
    result = subprocess.run([ruff, "check", *folders], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


MYPY = Path(sys.executable).parent / "mypy"


@pytest.mark.skipif(not MYPY.exists(), reason="mypy is not installed beside this Python (pip install -e '.[test]')")
def test_the_package_type_checks() -> None:
    result = subprocess.run([str(MYPY), "tracker"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout
