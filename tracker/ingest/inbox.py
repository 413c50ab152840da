"""The inbox folder a cron job drains: which files are complete, and where they go after.

A file is taken only once it is complete. Writers should write under a
temporary name (a leading dot, or .tmp/.part/.partial) and rename it into
place; as a second guard, a file changed in the last ``settle_seconds`` is
left for the next run. Processed files move to archive/YYYY-MM-DD/, rejected
ones to quarantine/ with a ``.error`` file beside them saying why.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

PARTIAL_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", ".error")


def complete_files(inbox: Path, skip: tuple[Path, ...], settle_seconds: float) -> Iterator[Path]:
    """Files ready to ingest, in name order, never following links out of the inbox or into loops."""
    now = time.time()
    for folder, subfolders, names in os.walk(inbox, followlinks=False):
        here = Path(folder)
        subfolders[:] = sorted(d for d in subfolders if not d.startswith(".") and here / d not in skip)
        for name in sorted(names):
            path = here / name
            if name.startswith(".") or name.lower().endswith(PARTIAL_SUFFIXES):
                continue
            if not path.is_symlink() and _changed_since(path, now - settle_seconds):
                continue
            yield path


def _changed_since(path: Path, moment: float) -> bool:
    try:
        return path.stat().st_mtime > moment
    except FileNotFoundError:
        return False


def link_problem(path: Path, inbox: Path) -> str | None:
    """A symlink is read only if it resolves to a file inside the inbox."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return f"{path}: a broken or looping symbolic link"
    if not target.is_relative_to(inbox.resolve()):
        return f"{path}: a symbolic link to {target}, outside the inbox: refused"
    return None


def archive(path: Path, archive_root: Path, day: str) -> Path:
    return _move(path, archive_root / day)


def quarantine(path: Path, quarantine_root: Path, reason: str) -> Path:
    """Write the reason first, then move the file: a crash in between leaves it to be retried."""
    quarantine_root.mkdir(parents=True, exist_ok=True)
    target = _free_name(quarantine_root / path.name)
    error_file = target.with_name(target.name + ".error")
    descriptor = os.open(error_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # reasons quote the input
    with os.fdopen(descriptor, "w", encoding="utf-8") as stream:
        stream.write(reason + "\n")
    path.replace(target)  # a symbolic link moves as the link itself, kept beside its .error like any input
    return target


def _move(path: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = _free_name(folder / path.name)
    path.replace(target)
    return target


def _free_name(wanted: Path) -> Path:
    candidate, number = wanted, 1
    while candidate.exists() or candidate.is_symlink():
        candidate = wanted.with_name(f"{wanted.stem}.{number}{wanted.suffix}")
        number += 1
    return candidate
