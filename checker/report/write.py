"""Atomic writes: a temp file beside the target, then os.replace. A reader sees the old file or
the new one, never half of one; an interrupted run (an exception, Ctrl-C) leaves no partial
file and no temp file, and the previous report stays as it was.

Output paths are taken as the user typed them (``..`` included): checker never builds an
output path from input data. A symbolic link at the output path is refused rather than
silently replaced by a regular file (or, worse, followed to wherever it points): remove the
link or name the real file.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path


def check_writable(path: Path) -> None:
    """Raise OSError (with filename and strerror set) when `path` cannot take a report."""
    directory = path.parent if str(path.parent) else Path(".")
    if path.is_symlink():
        raise OSError(errno.ELOOP, "refusing to write through a symbolic link; remove the link or name the real file", str(path))
    if not directory.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"folder {directory} does not exist", str(path))
    if path.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(path: Path, text: str) -> None:
    check_writable(path)
    directory = path.parent if str(path.parent) else Path(".")
    data = text.encode("utf-8")  # fails before anything touches the disk
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        # mkstemp creates the file 0600; give the report the mode a plain write would have
        # (the old file's, else what the umask allows) so readers of the old report keep access.
        os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # rename(2) replaces a link planted after the check instead of following it.
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except FileNotFoundError:
            pass
        raise


def write_folder(folder: Path, files: dict[str, str], suffix: str) -> None:
    """Write `files` (name -> text) into `folder`, each atomically, and remove the files with
    `suffix` that an earlier run left there and this one did not write, so the folder holds
    exactly this run's files. The folder is created when missing (its parent must exist); an
    interrupted run that created it removes it again with what it wrote. Names are plain file
    names made by checker (letters, digits, '_', '-', '.'), never paths."""
    if folder.is_symlink():
        raise OSError(errno.ELOOP, "refusing to write through a symbolic link; remove the link or name the real file", str(folder))
    if any(not name.endswith(suffix) or "/" in name or "\\" in name or name.startswith(".") for name in files):
        raise ValueError(f"not a plain {suffix} file name: {sorted(files)!r}")
    created = False
    if files and not folder.exists():
        check_writable(folder)
        folder.mkdir()
        created = True
    try:
        for name in sorted(files):
            write_atomic(folder / name, files[name])
    except BaseException:
        if created:
            for name in files:
                (folder / name).unlink(missing_ok=True)
            try:
                folder.rmdir()
            except OSError:  # something else appeared in it meanwhile: leave that alone
                pass
        raise
    if folder.is_dir():
        for stale in sorted(folder.glob(f"*{suffix}")):
            if stale.name not in files and stale.is_file() and not stale.is_symlink():
                stale.unlink()
