"""An interrupted run (Ctrl-C, SIGINT, SIGTERM) ends with a sentence, not a traceback."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from smartcity_utils.errors import SmartCityError

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class RunInterrupted(SmartCityError):
    """The runner was told to stop; `signal_number` says by which signal."""

    def __init__(self, message: str, signal_number: int):
        super().__init__(message)
        self.signal_number = signal_number

    @property
    def how(self) -> str:
        return {signal.SIGINT: "Ctrl-C (SIGINT)"}.get(self.signal_number,
                                                       signal.Signals(self.signal_number).name)


def _raise(signum, frame) -> None:
    for number in STOP_SIGNALS:  # a second Ctrl-C must not break the clean-up
        signal.signal(number, signal.SIG_IGN)
    raise RunInterrupted("interrupted", signum)


@contextmanager
def stopped_by_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into RunInterrupted for the block (main thread only: signal
    handlers cannot be set elsewhere, and there Ctrl-C stays a KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    # A signal ignored from the start (a background job's SIGINT, nohup) stays ignored.
    previous = {number: signal.getsignal(number) for number in STOP_SIGNALS}
    for number, handler in previous.items():
        if handler is not signal.SIG_IGN:
            signal.signal(number, _raise)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
