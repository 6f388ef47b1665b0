"""A headless Chromium driven over the DevTools protocol on a pipe (`--remote-debugging-pipe`:
the browser reads commands on its file descriptor 3 and answers on 4, one JSON message per
NUL-terminated chunk). Used where the command line has no switch: printing with our own running
header and footer (`Page.printToPDF`). No network port is opened and nothing is installed.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from smartcity_utils.errors import SmartCityError

# The child gets our pipe ends as its descriptors 3 and 4 in a small Python trampoline (dup2,
# then exec), which stays safe when several pages print from threads at once.
_TRAMPOLINE = ("import os, sys; os.dup2(int(sys.argv[1]), 3); os.dup2(int(sys.argv[2]), 4); "
               "os.execv(sys.argv[3], sys.argv[3:])")
_CONSOLE_EVENTS = ("Runtime.consoleAPICalled", "Runtime.exceptionThrown", "Log.entryAdded")


def _high(fd: int) -> int:
    """`fd` moved above 9, so the child's dup2 onto 3 and 4 cannot overwrite one another."""
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


def _console_line(event: dict) -> str:
    params = event.get("params", {})
    if event["method"] == "Runtime.consoleAPICalled":
        return " ".join(str(a.get("value", a.get("description", ""))) for a in params["args"])
    if event["method"] == "Runtime.exceptionThrown":
        return params["exceptionDetails"].get("text", "exception")
    return params.get("entry", {}).get("text", "")


class DevToolsPage:
    """One browser with one page, for a `with` block: `load(url)`, then `call(method, ...)`."""

    def __init__(self, executable: str, flags: tuple[str, ...], timeout: float):
        if not os.access(executable, os.X_OK):
            raise FileNotFoundError(f"no program at {executable}")
        self.timeout = timeout
        self.console: list[str] = []
        self._profile = tempfile.TemporaryDirectory(prefix="smartcity-chromium-")
        to_browser, from_us = os.pipe()
        to_us, from_browser = os.pipe()
        child = (_high(to_browser), _high(from_browser))
        command = [sys.executable, "-c", _TRAMPOLINE, *map(str, child), executable, *flags,
                   f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe",
                   "about:blank"]
        try:
            self._process = subprocess.Popen(command, pass_fds=child,
                                             stdout=subprocess.DEVNULL,
                                             stderr=subprocess.DEVNULL)
        finally:
            for fd in child:
                os.close(fd)
        self._out, self._in = from_us, to_us
        self._buffer, self._next, self._session = b"", 0, None
        self._deadline = time.monotonic() + timeout

    def __enter__(self) -> DevToolsPage:
        try:
            target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self._session = self.call("Target.attachToTarget",
                                      {"targetId": target, "flatten": True})["sessionId"]
            for domain in ("Page", "Runtime", "Log"):
                self.call(f"{domain}.enable")
        except BaseException:
            self.__exit__(None, None, None)  # the browser and its profile go with the error
            raise
        return self

    def __exit__(self, *exc) -> None:
        try:
            self._session = None
            self.call("Browser.close")
        except SmartCityError:
            pass
        finally:
            for fd in (self._out, self._in):
                os.close(fd)
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._profile.cleanup()

    def _message(self) -> dict:
        while b"\0" not in self._buffer:
            left = self._deadline - time.monotonic()
            if left <= 0 or not select.select([self._in], [], [], left)[0]:
                raise SmartCityError(f"Chromium did not answer within {self.timeout:g} s")
            chunk = os.read(self._in, 1 << 16)
            if not chunk:
                raise SmartCityError("Chromium closed its DevTools pipe")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        event = json.loads(message)
        if event.get("method") in _CONSOLE_EVENTS:
            self.console.append(_console_line(event))
        return event

    def call(self, method: str, params: dict | None = None, until: str | None = None) -> dict:
        """Send one command and return its result (after the event `until`, if named)."""
        self._next += 1
        message = {"id": self._next, "method": method, "params": params or {}}
        if self._session:
            message["sessionId"] = self._session
        try:
            os.write(self._out, json.dumps(message).encode() + b"\0")
        except OSError as exc:
            raise SmartCityError(f"Chromium closed its DevTools pipe ({exc})") from exc
        result, waiting = None, until
        while result is None or waiting:
            event = self._message()
            if event.get("id") == self._next:
                if "error" in event:
                    raise SmartCityError(f"Chromium refused {method}: "
                                         f"{event['error'].get('message')}")
                result = event.get("result", {})
            elif waiting and event.get("method") == waiting:
                waiting = None
        return result

    def load(self, page: Path) -> None:
        """Open `page` (a file) and wait until it has loaded."""
        self.call("Page.navigate", {"url": Path(page).resolve().as_uri()},
                  until="Page.loadEventFired")
