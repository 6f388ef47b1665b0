"""Where notebook jobs run: one `concurrent.futures` executor, a local process pool or Dask.

`open_executor` yields a process pool (`--workers` processes, started up front) or Dask's
`Client.get_executor()` on a running scheduler or a LocalCluster; the runner only submits and
waits. When the runner is interrupted, every process the executor started (its workers and their
kernels) is stopped before the runner ends: nothing goes on running and writing.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import time
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager

import psutil

from smartcity_utils.errors import ParamsError

# The native thread pools of numpy and scikit-learn (k-means, t-SNE): left at their default,
# every kernel starts one thread per core, and kernels running side by side fight over the cores
# (on 2 cores, two clustering workbooks at once took 9 s for k-means and 22 s for the map instead
# of 2 s and 0.6 s). Dask's nanny sets the same variables to 1 for its workers.
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
# How long to wait for a running Dask scheduler to answer (Dask's own default is 30 s): one on
# the same network answers in well under a second, so 10 s leaves room for a slow link or name
# lookup and still tells a user with a wrong address or a stopped scheduler soon.
SCHEDULER_CONNECT_SECONDS = 10
STOP_SECONDS = 5  # how long an interrupted worker or kernel has to end before it is killed
_PR_SET_PDEATHSIG = 1


def kernel_threads(workers: int) -> int:
    """Native threads per kernel so that `workers` kernels at once fill the cores, no more."""
    return max(1, (os.cpu_count() or 1) // workers)


def _stop_worker(signum, frame) -> None:
    from smartcity_utils.batch.kernels import stop_all

    stop_all()
    os._exit(128 + signum)


def start_worker(threads: int, stopping) -> None:
    """A local worker's start-up. Its kernels inherit the thread limit (unless the user set
    one). Ctrl-C at the terminal is the runner's to handle, not the worker's; SIGTERM (from the
    runner stopping it, or from the system when the runner dies) stops its kernels first; once
    the runner sets `stopping`, the worker starts no kernel. papermill is imported now, while
    the first notebook runs elsewhere."""
    for name in THREAD_VARIABLES:
        os.environ.setdefault(name, str(threads))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    from multiprocessing.util import Finalize

    from smartcity_utils.batch.kernels import refuse_kernels_when, stop_all

    refuse_kernels_when(stopping)
    Finalize(None, stop_all, exitpriority=10)  # the pool shuts down: the warm kernels too
    import smartcity_utils.batch.execute  # noqa: F401 - papermill and nbformat: 2.5 s


def _with_descendants(pids: list[int]) -> list[psutil.Process]:
    """The processes `pids` and every process they started (kernels run in sessions of their
    own, but stay their worker's children)."""
    found = []
    for pid in pids:
        try:
            process = psutil.Process(pid)
            found += [process, *process.children(recursive=True)]
        except psutil.NoSuchProcess:
            pass
    return found


def _ended(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def stop_processes(processes: list[psutil.Process]) -> None:
    """Ask `processes` to end (SIGTERM), kill those still there after STOP_SECONDS."""
    for process in processes:
        try:
            process.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(processes, timeout=STOP_SECONDS)
    for process in alive:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=STOP_SECONDS)


@contextmanager
def open_executor(workers: int, executor: str = "local",
                  scheduler: str | None = None) -> Iterator[Executor]:
    """A concurrent.futures executor for notebook jobs. On leaving, its workers end; when the
    block was interrupted, every process it started (workers, kernels) is stopped first."""
    backend = _Dask(workers, scheduler) if scheduler or executor == "dask" \
        else _LocalPool(workers)
    try:
        yield backend.executor
    except BaseException:
        backend.abandon()
        raise
    kernels = [p for p in _with_descendants(backend.worker_pids())
               if p.pid not in backend.worker_pids()]
    backend.close()
    stop_processes(kernels)  # none, unless a kernel outlived its worker's exit


class _LocalPool:
    def __init__(self, workers: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("spawn")
        self.stopping = context.Event()
        self.executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=start_worker,
            initargs=(kernel_threads(workers), self.stopping))
        # Start every worker now, side by side: the pool would otherwise start one only when
        # a notebook needs it, putting its start-up on the city workbooks' critical path.
        for _ in range(workers):
            self.executor.submit(int)

    def worker_pids(self) -> list[int]:
        return list(self.executor._processes)  # noqa: SLF001 - no public list of its workers

    def close(self) -> None:
        self.executor.shutdown(wait=True)

    def abandon(self) -> None:
        """Stop the kernels, so that each worker's notebook fails at once and the worker ends
        as a pool worker does (killing a worker instead breaks the pool, and Python 3.11's pool
        may then never finish shutting down); kill a worker that does not end in time."""
        self.stopping.set()
        workers = self.worker_pids()
        self.executor.shutdown(wait=False, cancel_futures=True)
        deadline = time.monotonic() + 3 * STOP_SECONDS
        while time.monotonic() < deadline:
            family = _with_descendants(workers)
            alive = [p for p in family if p.pid in workers and not _ended(p)]
            if not alive:
                return
            stop_processes([p for p in family if p.pid not in workers])
            time.sleep(0.1)
        stop_processes(_with_descendants(workers))


def _connect(scheduler: str):
    """A client of the running scheduler at `scheduler`; ParamsError naming the address when
    it is not one or nothing answers there in time."""
    from distributed import Client

    try:
        return Client(scheduler, timeout=SCHEDULER_CONNECT_SECONDS)
    except ValueError as exc:
        raise ParamsError(f"--scheduler {scheduler} is not a scheduler address ({exc}): give "
                          "tcp://HOST:PORT") from None
    except OSError:
        raise ParamsError(f"no Dask scheduler answered at {scheduler} within "
                          f"{SCHEDULER_CONNECT_SECONDS} s: start it (dask scheduler), or check "
                          "the address given to --scheduler") from None


class _Dask:
    def __init__(self, workers: int, scheduler: str | None):
        from distributed import Client, LocalCluster

        self.cluster = None
        if not scheduler:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
        self.client = Client(self.cluster) if self.cluster else _connect(scheduler)
        self.executor = self.client.get_executor(pure=False)

    def worker_pids(self) -> list[int]:
        """The local cluster's worker processes (a remote cluster's are not ours to stop)."""
        if self.cluster is None:
            return []
        return [n.process.pid for n in self.cluster.workers.values()
                if getattr(n, "process", None) is not None and n.process.pid]

    def close(self) -> None:
        from smartcity_utils.batch.kernels import stop_all

        self.executor.shutdown(wait=True)
        self.client.run(stop_all)  # the workers' warm kernels; the workers themselves stay
        self._close_cluster()

    def abandon(self) -> None:
        family = _with_descendants(self.worker_pids())
        self.executor.shutdown(wait=False)  # cancels what has not finished
        self._close_cluster()
        stop_processes(family)  # what the closed workers left, their kernels

    def _close_cluster(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
