"""The kernels a worker runs notebooks in: a fresh one per notebook, or a warm one kept for
successive agency reports.

A warm kernel serves one worker thread (its sockets belong to that thread's event loop) and one
notebook source in one folder. Between two reports its namespace is reset (`kernel_reset`), so
each report starts as it would in a fresh kernel and reruns the workbook's own set-up; only the
imported modules stay. It is stopped, and the next report gets a fresh kernel, after any failure,
timeout or kernel death, after a reset that does not answer, and after `WARM_REPORTS` reports.

A worker that has run a city workbook while more are to come starts its next fresh kernel at
once (`prepare_spare`): the spare boots and imports the city workbooks' modules while the
worker writes the report and the runner waits for the other workbooks, and the worker's next
fresh-kernel notebook runs in it. Its imports run silently in a namespace of their own, so the
notebook finds an empty namespace, as in any fresh kernel, with its modules already loaded.

Every kernel this process started is known here, so that a worker that is told to stop (the
runner was interrupted) or exits stops them too: no kernel outlives its worker.
"""

from __future__ import annotations

import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync

# The kernel's own log is not the reader's business: its start-up notices (e.g. about its local
# TCP transport), and the "KeyboardInterrupt caught in kernel" error it may print at shutdown.
# History in memory, as nbclient gives a kernel it starts itself.
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL", "--HistoryManager.hist_file=:memory:"]
# Reports one warm kernel serves before it is replaced by a fresh one. Measured on the sample
# (docs/performance.md): 204 MiB after the first agency report, 0.25 MiB more per report after
# it, so 50 reports add about 12 MiB; a fresh start per 50 reports (about 1.5 s) costs under 4%
# of the fan-out, and a leak in a future workbook stays bounded.
WARM_REPORTS = 50
SNAPSHOT = "import smartcity_utils.batch.kernel_reset as _r; _r.snapshot(); del _r"
RESET = "import smartcity_utils.batch.kernel_reset as _r; _r.reset()"
ANSWER_SECONDS = 60
SHUTDOWN_SECONDS = 5  # a kernel asked to shut down after its last run, then killed
# A kernel may die while it starts through no fault of the notebook: jupyter_client picks free
# TCP ports in this process and the kernel binds them later, so two workers starting kernels at
# the same moment can be handed the same port ("Address already in use"). Such a kernel is
# started again, up to this many times in all, before its notebook is counted as failed.
START_ATTEMPTS = 3


class KernelNotReady(Exception):
    """A kernel did not start, or did not answer its snapshot or reset."""


class KernelDiedStarting(KernelNotReady):
    """A kernel's process ended before it first answered."""


@dataclass(eq=False)
class Kernel:
    """One started kernel, its client and how many reports it has served.

    The client's channels are opened once, when the kernel starts, and serve every report the
    kernel runs: a new client waits for the kernel to answer and then for its message stream
    to fall quiet, a fixed 0.2 s in jupyter_client, paid twice per report (reset, notebook)
    when each step opened its own."""

    key: tuple
    manager: AsyncKernelManager
    client: AsyncKernelClient | None = None
    reports: int = 0
    spoiled: bool = field(default=False)  # failed, timed out or died: never reused

    @property
    def process(self):
        return getattr(self.manager.provisioner, "process", None)

    def connect(self) -> None:
        """Open the kernel's client (requests sent now wait for the kernel to be up)."""
        self.client = self.manager.client()
        self.client.allow_stdin = False
        self.client.start_channels()

    def wait_ready(self) -> None:
        """Wait until the kernel answers on every channel; KernelNotReady if it does not."""
        try:
            run_sync(self.client.wait_for_ready)(timeout=ANSWER_SECONDS)
        except RuntimeError as exc:
            process = self.process
            if process is not None and process.poll() is not None:
                raise KernelDiedStarting(f"the kernel did not answer: {exc}") from exc
            raise KernelNotReady(f"the kernel did not answer: {exc}") from exc

    def run_quietly(self, code: str) -> None:
        """Run `code` without output or history; KernelNotReady when it fails."""
        reply = run_sync(self._reply)(self.client.execute(code, silent=True,
                                                          store_history=False))
        if reply["content"]["status"] != "ok":
            content = reply["content"]
            raise KernelNotReady(f"{content.get('ename')}: {content.get('evalue')}")

    async def _reply(self, msg_id: str) -> dict:
        """The kernel's reply to request `msg_id`; KernelNotReady if it dies or stays silent."""
        deadline = time.monotonic() + ANSWER_SECONDS
        while time.monotonic() < deadline:
            try:
                reply = await self.client.shell_channel.get_msg(timeout=1)
            except Empty:
                if not await self.manager.is_alive():
                    raise KernelNotReady("the kernel died") from None
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                return reply
        raise KernelNotReady(f"the kernel did not answer in {ANSWER_SECONDS} s")

    def kill(self) -> None:
        """Stop the kernel process now (from any thread) and remove its connection file."""
        process = self.process
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        self.manager.cleanup_connection_file()


# Every live kernel of this process, the idle warm ones and the spare fresh ones by key
# (thread, kernel name, folder).
_live: set[Kernel] = set()
_idle: dict[tuple, Kernel] = {}
_spare: dict[tuple, Kernel] = {}
_guard = threading.Lock()
_stopping = None  # an Event the runner sets when it stops: from then on no kernel starts


def refuse_kernels_when(event) -> None:
    """Start no kernel in this process once `event` is set (a local worker's start-up)."""
    global _stopping
    _stopping = event


def _start(key: tuple, kernel_name: str, cwd: str, warm: bool, wait: bool = True) -> Kernel:
    """Start a kernel and open its client; with `wait`, return once it answers. A kernel that
    dies before it answers is started again (`START_ATTEMPTS`)."""
    for _ in range(START_ATTEMPTS - 1):
        try:
            return _start_once(key, kernel_name, cwd, warm, wait)
        except KernelDiedStarting:
            continue
    return _start_once(key, kernel_name, cwd, warm, wait)


def _start_once(key: tuple, kernel_name: str, cwd: str, warm: bool, wait: bool) -> Kernel:
    if _stopping is not None and _stopping.is_set():
        raise KernelNotReady("the run is stopping")
    manager = AsyncKernelManager(kernel_name=kernel_name)
    kernel = Kernel(key=key, manager=manager)
    with _guard:
        _live.add(kernel)
    try:
        run_sync(manager.start_kernel)(extra_arguments=KERNEL_ARGUMENTS, cwd=cwd)
        kernel.connect()
        if wait:
            kernel.wait_ready()
        if warm:
            kernel.run_quietly(SNAPSHOT)
    except BaseException:
        _stop(kernel)
        raise
    return kernel


def prepare_spare(kernel_name: str, cwd: str, imports: str) -> None:
    """Start this thread's next fresh kernel now, without waiting for it, and have it run the
    import statements `imports` silently in a throwaway namespace. Nothing happens when there
    is a spare already or no kernel can start (the next notebook then starts its own)."""
    key = (threading.get_ident(), kernel_name, cwd)
    with _guard:
        if key in _spare:
            return
    try:
        kernel = _start(key, kernel_name, cwd, warm=False, wait=False)
    except KernelNotReady:
        return
    kernel.client.execute(f"exec({imports!r}, {{}})", silent=True, store_history=False)
    with _guard:
        _spare[key] = kernel


def _take_spare(key: tuple) -> Kernel | None:
    """This thread's spare kernel once it answers, or None (none, or it did not start)."""
    with _guard:
        kernel = _spare.pop(key, None)
    if kernel is None:
        return None
    try:
        kernel.wait_ready()  # requests wait behind its imports: the notebook follows them
    except KernelNotReady:
        kernel.spoiled = True
        _stop(kernel)
        return None
    return kernel


def _stop(kernel: Kernel) -> None:
    """Shut a kernel down from the thread that owns it. A kernel that served its runs is asked
    to shut down and left to end on its own (its interpreter takes about 0.8 s to exit, which
    the worker need not wait for); one that failed or does not answer is killed."""
    try:
        if kernel.client is not None:
            kernel.client.stop_channels()
        if kernel.spoiled or kernel.process is None or kernel.process.poll() is not None:
            with _guard:
                _live.discard(kernel)
            run_sync(kernel.manager.shutdown_kernel)(now=True)
        else:
            run_sync(kernel.manager.request_shutdown)()
            threading.Thread(target=_reap, args=(kernel, kernel.process), daemon=True).start()
        run_sync(kernel.manager.cleanup_resources)()
    except Exception:  # noqa: BLE001 - a kernel that will not shut down is killed
        kernel.kill()
        with _guard:
            _live.discard(kernel)


def _reap(kernel: Kernel, process) -> None:
    """Wait for a kernel asked to shut down to end; kill it if it is still there after
    SHUTDOWN_SECONDS. Until then it stays among the live kernels that `stop_all` kills."""
    try:
        process.wait(timeout=SHUTDOWN_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    with _guard:
        _live.discard(kernel)


@contextmanager
def kernel_for(kernel_name: str, cwd: str, reports: int = 1):
    """A kernel for one notebook run. With `reports` > 1: this thread's warm kernel for the
    same notebook folder when there is one, else a fresh one, reset and kept after the run
    unless the run spoiled it or it has served `reports` runs. With 1: a fresh kernel,
    stopped after the run."""
    key = (threading.get_ident(), kernel_name, cwd)
    warm = reports > 1
    if warm:
        with _guard:
            kernel, spare = _idle.pop(key, None), _spare.pop(key, None)
        if spare is not None:  # the city stage is over: its last spare is not needed
            spare.spoiled = True
            _stop(spare)
    else:
        kernel = _take_spare(key)
    if kernel is None:
        kernel = _start(key, kernel_name, cwd, warm)
    try:
        yield kernel
    except BaseException:
        kernel.spoiled = True
        raise
    finally:
        kernel.reports += 1
        _keep_or_stop(kernel, reports)


def _keep_or_stop(kernel: Kernel, reports: int) -> None:
    if not kernel.spoiled and kernel.reports < reports:
        try:
            kernel.run_quietly(RESET)
        except KernelNotReady:
            kernel.spoiled = True
        else:
            with _guard:
                _idle[kernel.key] = kernel
            return
    _stop(kernel)


def stop_all() -> None:
    """Kill every kernel this process started (a worker stopping or exiting)."""
    with _guard:
        kernels = list(_live)
        _live.clear()
        _idle.clear()
        _spare.clear()
    for kernel in kernels:
        kernel.kill()


def warm_kernel_pids() -> list[int]:
    """The process ids of this process's idle warm kernels (for measuring their memory)."""
    with _guard:
        return [k.process.pid for k in _idle.values() if k.process is not None]
