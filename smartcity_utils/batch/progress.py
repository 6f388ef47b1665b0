"""Progress of a batch: a bar with done/failed counts, elapsed time and ETA on a terminal, plain
log lines elsewhere (CI logs, files)."""

from __future__ import annotations

import time


class Progress:
    def __init__(self, total: int, stream):
        self.total = total
        self.stream = stream
        self.done = 0
        self.failed = 0
        self.started = time.perf_counter()
        self.bar = None
        if getattr(stream, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(total=total, file=stream, unit="notebook", dynamic_ncols=True)

    def add(self, count: int) -> None:
        """More notebooks became known (the agency fan-out)."""
        self.total += count
        if self.bar is not None:
            self.bar.total = self.total
            self.bar.refresh()

    def update(self, run: dict) -> None:
        """One notebook ended (ok, failed or skipped)."""
        self.done += 1
        self.failed += run["status"] == "failed"
        name = run["notebook"] + (f" [{run['agency']}]" if run.get("agency") else "")
        if self.bar is not None:
            self.bar.set_postfix(failed=self.failed, refresh=False)
            self.bar.update(1)
            if run["status"] == "failed":
                self.bar.write(f"FAILED {name}: {run['error']}")
            return
        elapsed = time.perf_counter() - self.started
        eta = elapsed / self.done * (self.total - self.done)
        error = f": {run['error']}" if run.get("error") else ""
        print(f"[{self.done}/{self.total}] {run['status']:7} {name} ({run['seconds']:.1f} s){error}"
              f" | {self.done - self.failed} done, {self.failed} failed,"
              f" elapsed {elapsed:.0f} s, ETA {eta:.0f} s", file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
