"""Atomic writes: a temp file beside the target, then os.replace. A reader sees the old file or
the new one, never half of one; an interrupted run (an exception, Ctrl-C) leaves no partial
file and no temp file, and the previous report stays as it was.

Output paths are taken as the user typed them (``..`` included): checker never builds an
output path from input data. A symbolic link at the output path is refused rather than
silently replaced by a regular file (or, worse, followed to wherever it points): remove the
link or name the real file. An output that is one of the run's inputs (by real path or, for a
hard link, by inode) or lies inside a folder the run read is refused by :func:`input_clash`.

SIGTERM during a write is handled like SIGINT: the temp file is removed and the old file kept.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import signal
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator


@dataclass(frozen=True)
class RunInputs:
    """What a run read: files an output must not replace, folders it must not write into."""

    files: tuple[Path, ...] = ()
    folders: tuple[Path, ...] = ()

    @classmethod
    def of(cls, files: Iterable[str | Path], folders: Iterable[str | Path] = ()) -> "RunInputs":
        return cls(tuple(Path(f) for f in files), tuple(Path(d) for d in folders if Path(d).is_dir()))

    @functools.cached_property
    def known_files(self) -> "KnownFiles":
        """The files, looked up by real path or inode (built once: a run checks many outputs)."""
        return KnownFiles(self.files)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return info.st_dev, info.st_ino


def same_file(a: Path, b: Path) -> bool:
    """The same file by real path (symbolic links anywhere on the way, `..`) or by inode (hard links)."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    identity = _identity(a)
    return identity is not None and identity == _identity(b)


class KnownFiles:
    """Files found again by `same_file`'s rule (real path, or inode) in one lookup each, so that
    checking thousands of paths against thousands of files is not a pairwise loop."""

    def __init__(self, files: Iterable[Path] = ()):
        self._by_real: dict[str, int] = {}
        self._by_identity: dict[tuple[int, int], int] = {}
        self.files: list[Path] = []
        for file in files:
            self.add(file)

    def add(self, file: Path) -> None:
        index = len(self.files)
        self.files.append(file)
        self._by_real.setdefault(os.path.realpath(file), index)
        identity = _identity(file)
        if identity is not None:
            self._by_identity.setdefault(identity, index)

    def match(self, path: Path) -> Path | None:
        """The first file added that is the same file as `path`, or None."""
        found = [self._by_real.get(os.path.realpath(path))]
        identity = _identity(path)
        if identity is not None:
            found.append(self._by_identity.get(identity))
        indexes = [i for i in found if i is not None]
        return self.files[min(indexes)] if indexes else None


def input_clash(path: Path, inputs: RunInputs) -> str | None:
    """Why writing `path` would replace or add to this run's input, or None when it would not."""
    file = inputs.known_files.match(path)
    if file is not None:
        return f"is {file}, an input of this run; name another file"
    real = Path(os.path.realpath(path))
    for folder in inputs.folders:
        real_folder = Path(os.path.realpath(folder))
        if real == real_folder or real_folder in real.parents:
            return f"is inside {folder}, a folder this run reads; write it somewhere else"
    return None


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


def _terminate(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


@contextlib.contextmanager
def sigterm_as_exit() -> Iterator[None]:
    """While writing, SIGTERM unwinds like SIGINT (cleanup runs) instead of killing the process
    on the spot, which would leave the temp file behind. Exits with 143, as a shell reports it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def write_atomic(path: Path, text: str) -> None:
    check_writable(path)
    directory = path.parent if str(path.parent) else Path(".")
    data = text.encode("utf-8")  # fails before anything touches the disk
    with sigterm_as_exit():
        _write_via_temp(path, directory, data)


def _write_via_temp(path: Path, directory: Path, data: bytes) -> None:
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
