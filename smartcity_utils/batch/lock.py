"""One run per output folder: a lock file holding the running runner's process id.

The lock is an advisory `flock` on `<out>/.smartcity-run.lock`, which the operating system
releases when its process ends however it ends: a lock file left by a dead runner is taken over
without asking, and the pid in it names the runner that holds a live one. While a run holds its
folder, a device that is full, over quota or read-only ends the run with a sentence naming the
folder; every file is written atomically, so what is on disk (the manifest first) stays as the
last complete write left it.
"""

from __future__ import annotations

import fcntl
import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from smartcity_utils.atomic import device_failures_said
from smartcity_utils.errors import SmartCityError

LOCK_NAME = ".smartcity-run.lock"


class OutputFolderBusy(SmartCityError):
    """Another `smartcity run` is writing to the same output folder."""


def _holder(fd: int) -> str:
    text = os.pread(fd, 200, 0).decode("utf-8", "replace").split()
    return " on ".join(text[:2]) if text else "unknown"


def _acquire(path: Path, shown: str) -> int:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(fd)
            os.close(fd)
            raise OutputFolderBusy(
                f"another `smartcity run` (process {holder}) is writing to {shown}; wait for "
                "it to finish or stop it, or give this run another --out folder") from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:  # not a file its last holder removed while we opened it
            return fd
        os.close(fd)


@contextmanager
def output_folder_lock(out_dir: Path, shown: str) -> Iterator[None]:
    """Hold the output folder's lock for the block; OutputFolderBusy when a live runner has it,
    OutputDeviceFull when its device takes no more writes. `shown` is the folder as the user
    named it, for the message."""
    path = Path(out_dir) / LOCK_NAME
    with device_failures_said(out_dir, shown):
        fd = _acquire(path, shown)
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()} {socket.gethostname()}\n".encode(), 0)
            yield
        finally:
            path.unlink(missing_ok=True)
            os.close(fd)
