"""Atomic file writes: a reader (or a rerun after a crash) never sees a half-written file, and a
device that takes no more writes (full, over quota, read-only) is one sentence naming the output
folder; the files already there stay as their last whole write left them."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from smartcity_utils.errors import SmartCityError

# Outputs are for other people to read too (a shared folder, a web server): like the CSVs.
OUTPUT_MODE = 0o644
# Every temporary file of the suite: hidden, beside the file it becomes, and marked as ours, so
# that a clean-up after a killed run never takes another program's `.*.tmp`.
TEMPORARY_FILES = ".*.smartcity-*.tmp"


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to; it replaces `path` only when the block
    ends without an error, and is removed otherwise."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.smartcity-",
                               suffix=".tmp")
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, OUTPUT_MODE)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: str) -> None:
    """Write `data` to `path` so that a reader never sees a half-written file."""
    with atomic_path(path) as tmp:
        tmp.write_text(data, encoding="utf-8")


class OutputDeviceFull(SmartCityError):
    """The device holding the output folder takes no more writes."""


@contextmanager
def device_failures_said(out_dir: str | Path, shown: str) -> Iterator[None]:
    """Turn a full disk, a used-up quota or a read-only file system met in the block while
    writing into `out_dir` into OutputDeviceFull naming the folder as the user did (`shown`).
    An error on a file elsewhere keeps its OSError, which the command line words with the
    file's name."""
    try:
        yield
    except OSError as exc:
        elsewhere = exc.filename is not None and not (
            Path(exc.filename).resolve().is_relative_to(Path(out_dir).resolve()))
        if exc.errno not in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) or elsewhere:
            raise
        if exc.errno == errno.EROFS:
            raise OutputDeviceFull(f"the device holding {shown} is read-only: choose another "
                                   "--out") from None
        raise OutputDeviceFull(f"no space left on the device holding {shown}: free space or "
                               "choose another --out") from None
