"""Writing a file the user named: the one rule every writer follows (`-o`, `tracker export`, `tracker backup`).

An existing file is kept unless the user said ``--force``; a symbolic link at
the target is never written through (nor replaced: name the file it points
to); and the content goes to a fresh file beside the target, flushed to disk,
then renamed onto it, so a reader or a crash sees the old file or the whole
new one, never a part. Without ``--force`` the rename is a hard link, which
fails if a file appeared meanwhile: no check-then-write race.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from tracker.cli.common import Failure

PRIVATE = 0o600
"""For what holds the whole log (exports, backups): owner-only, like the database."""
ORDINARY = 0o666
"""As any new file: the umask decides."""


@contextmanager
def replacing(target: Path, force: bool, mode: int = ORDINARY) -> Iterator[Path]:
    """Yield a fresh, empty file beside ``target``; when the block ends without an error it becomes ``target``.

    An error in the block removes the fresh file and leaves ``target`` as it was.
    """
    _check(target, force)
    staged = target.with_name(f".{target.name}.{secrets.token_hex(4)}.partial")
    try:
        os.close(os.open(staged, os.O_CREAT | os.O_EXCL | os.O_WRONLY | _NOFOLLOW, mode))
    except OSError as error:
        raise Failure(f"{target}: cannot write there: {error.strerror}") from None
    try:
        yield staged
        _sync(staged)
        _move(staged, target, force)
    finally:
        staged.unlink(missing_ok=True)


@contextmanager
def writing(target: Path, force: bool, mode: int = ORDINARY) -> Iterator[IO[str]]:
    """A text stream whose content becomes ``target`` whole, once the block ends without an error."""
    with replacing(target, force, mode) as staged:
        try:
            with os.fdopen(os.open(staged, os.O_WRONLY | _NOFOLLOW), "w", encoding="utf-8") as out:
                yield out
        except OSError as error:
            raise Failure(f"{target}: cannot write there: {error.strerror}") from None


def write_text(target: Path, text: str, force: bool, mode: int = ORDINARY) -> None:
    with writing(target, force, mode) as out:
        out.write(text)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def _check(target: Path, force: bool) -> None:
    try:
        found = os.lstat(target)
    except FileNotFoundError:
        return
    except OSError as error:
        raise Failure(f"{target}: cannot write there: {error.strerror}") from None
    if stat.S_ISLNK(found.st_mode):
        raise Failure(f"{target}: is a symbolic link; not written through it: name the file itself")
    if stat.S_ISDIR(found.st_mode):
        raise Failure(f"{target}: is a directory")
    if not force:
        raise Failure(f"{target}: already exists; choose a new file name, or --force to replace it")


def _sync(staged: Path) -> None:
    fd = os.open(staged, os.O_RDONLY | _NOFOLLOW)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _move(staged: Path, target: Path, force: bool) -> None:
    """Link (never over a file that appeared meanwhile) or, with --force, rename over a plain file."""
    try:
        if force:
            _check(target, force)  # a symlink or directory may have appeared since
            os.replace(staged, target)
        else:
            _link(staged, target)
    except OSError as error:
        raise Failure(f"{target}: cannot write there: {error.strerror}") from None
    _sync_folder(target.parent)


def _link(staged: Path, target: Path) -> None:
    try:
        os.link(staged, target, follow_symlinks=False)
    except FileExistsError:
        raise Failure(f"{target}: already exists; choose a new file name, or --force to replace it") from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        _check(target, force=False)  # a file system without hard links: check, then rename
        os.replace(staged, target)


def _sync_folder(folder: Path) -> None:
    """The rename itself survives a power cut only once the folder is on disk too."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
