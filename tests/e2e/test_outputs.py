"""Files the user names (-o, `tracker export -o`, `tracker backup PATH`): never clobbered, never via a link, whole."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tests.conftest import SEEDS
from tracker.cli.main import cli

WRITERS = {
    "timeline -o": ("timeline", "nvidia-openai", "--format", "markdown", "-o"),
    "state -o": ("state", "nvidia-openai", "--json", "-o"),
    "export -o": ("export", "-o"),
    "backup": ("backup",),
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = str(tmp_path_factory.mktemp("outputs") / "tracker.db")
    assert CliRunner().invoke(cli, ["ingest", "--db", url, "--quiet", str(SEEDS)]).exit_code == 0
    return url


def run(url: str, *args: str) -> Result:
    result = CliRunner().invoke(cli, [*args, "--db", url], env={"NO_COLOR": "1"})
    assert "Traceback" not in result.output
    return result


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.mark.parametrize("writer", WRITERS)
def test_an_existing_file_is_kept_unless_forced(seeded: str, tmp_path: Path, writer: str) -> None:
    target = tmp_path / "out"
    target.write_text("keep me")
    refused = run(seeded, *WRITERS[writer], str(target))
    assert refused.exit_code == 1, refused.output
    assert (
        refused.output
        == f"tracker: error: {target}: already exists; choose a new file name, or --force to replace it\n"
    )
    assert target.read_text() == "keep me"
    forced = run(seeded, *WRITERS[writer], str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert target.read_text(errors="replace") != "keep me" and leftovers(tmp_path) == []


@pytest.mark.parametrize("writer", WRITERS)
def test_a_symbolic_link_is_never_written_through_even_forced(seeded: str, tmp_path: Path, writer: str) -> None:
    (tmp_path / "precious").write_text("keep me")
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "pointing").symlink_to(tmp_path / "precious")
    for name in ("dangling", "pointing"):
        for force in ((), ("--force",)):
            refused = run(seeded, *WRITERS[writer], str(tmp_path / name), *force)
            assert refused.exit_code == 1 and "is a symbolic link" in refused.output, refused.output
    assert (tmp_path / "precious").read_text() == "keep me" and not (tmp_path / "nowhere").exists()
    assert (tmp_path / "dangling").is_symlink() and leftovers(tmp_path) == []


def test_a_failed_write_leaves_no_file_and_no_partial(seeded: str, tmp_path: Path) -> None:
    (tmp_path / "copy.db").write_text("keep me")
    not_sqlite = run("postgresql+psycopg://nobody@127.0.0.1:1/none", "backup", str(tmp_path / "copy.db"), "--force")
    assert not_sqlite.exit_code == 1 and (tmp_path / "copy.db").read_text() == "keep me"
    missing_deal = run(seeded, "state", "nobody", "--json", "-o", str(tmp_path / "state.json"))
    assert missing_deal.exit_code == 1 and not (tmp_path / "state.json").exists()
    assert leftovers(tmp_path) == []


def test_exports_of_the_whole_log_are_owner_only_and_others_follow_the_umask(seeded: str, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        for writer, name in (("export -o", "log.jsonl"), ("backup", "copy.db"), ("timeline -o", "t.md")):
            assert run(seeded, *WRITERS[writer], str(tmp_path / name)).exit_code == 0
    finally:
        os.umask(old)
    modes = {name: stat.S_IMODE((tmp_path / name).stat().st_mode) for name in ("log.jsonl", "copy.db", "t.md")}
    assert modes == {"log.jsonl": 0o600, "copy.db": 0o600, "t.md": 0o644}
    assert leftovers(tmp_path) == []


def test_the_written_file_is_the_whole_output(seeded: str, tmp_path: Path) -> None:
    printed = run(seeded, "timeline", "nvidia-openai", "--format", "markdown")
    written = run(seeded, "timeline", "nvidia-openai", "--format", "markdown", "-o", str(tmp_path / "t.md"))
    assert written.exit_code == 0 and written.stderr == f"wrote {tmp_path / 't.md'}\n"
    assert (tmp_path / "t.md").read_text() == printed.stdout
