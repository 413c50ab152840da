"""The seeds rendered at fixed widths, compared with reviewed text files.

After a deliberate change in layout, rerun with TRACKER_UPDATE_GOLDEN=1,
read the diff of tests/render/golden/ and commit it with the change.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import SEEDS
from tracker.cli.main import cli

GOLDEN = Path(__file__).parent / "golden"
WIDTHS = (40, 80, 120)
VIEWS = {
    "timeline-january": ["timeline", "nvidia-openai", "--as-of", "2026-01-15", "--known-at", "2026-11-22"],
    "timeline-today": ["timeline", "nvidia-openai", "--as-of", "2026-11-22", "--known-at", "2026-11-22"],
    "state-october": ["state", "nvidia-openai", "--as-of", "2025-10-15", "--known-at", "2026-11-22"],
    "state-today": ["state", "nvidia-openai", "--as-of", "2026-11-22", "--known-at", "2026-11-22"],
    "diff-world": ["diff", "nvidia-openai", "--from", "2025-10-15", "--to", "2026-02-15", "--known-at", "2026-11-22"],
    "chart": ["chart", "nvidia-openai", "--as-of", "2026-11-22", "--known-at", "2026-11-22"],
    "deals": ["deals", "--as-of", "2026-11-22", "--known-at", "2026-11-22"],
}


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = str(tmp_path_factory.mktemp("golden") / "tracker.db")
    assert CliRunner().invoke(cli, ["ingest", "--db", url, "--quiet", str(SEEDS)]).exit_code == 0
    return url


def rendered(url: str, args: list[str], width: int) -> str:
    result = CliRunner().invoke(cli, [*args, "--db", url], env={"COLUMNS": str(width), "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    return "\n".join(line.rstrip() for line in result.stdout.splitlines()) + "\n"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", VIEWS)
def test_the_view_reads_as_reviewed(seeded_file: str, name: str, width: int) -> None:
    text = rendered(seeded_file, VIEWS[name], width)
    expected = GOLDEN / f"{name}-{width}.txt"
    if os.environ.get("TRACKER_UPDATE_GOLDEN") == "1":
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")
    assert max(len(line) for line in text.splitlines()) <= width
