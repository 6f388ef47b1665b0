"""A real browser for the pages: headless Chromium (the Debian `chromium` package) loads a page,
reports every console message (a script error, a blocked load, a CSP violation), saves a
screenshot, or prints the page to PDF with its print stylesheet and a running header and footer
(over the DevTools protocol: reports/devtools.py).

Each call starts its own Chromium with a fresh profile and without background networking, so
nothing from an earlier page or from the network can change what a page shows.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from smartcity_utils.atomic import atomic_path
from smartcity_utils.errors import SmartCityError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--mute-audio", "--hide-scrollbars")
_CONSOLE = re.compile(r":CONSOLE(?:\(\d+\)|:\d+)\]\s*(.*)$")
INSTALL_HINT = ("headless Chromium is needed for this (Debian/Ubuntu: `apt-get install -y "
                "chromium`); set SMARTCITY_CHROMIUM to its path if it is elsewhere")


class BrowserMissing(SmartCityError):
    """No Chromium to load or print pages with."""


@dataclass
class PageLoad:
    """What the browser said about one page: its console messages (none on a good page)."""

    url: str
    console: list[str]


def chromium() -> str:
    """The Chromium executable: $SMARTCITY_CHROMIUM, else the first one on PATH."""
    configured = os.environ.get("SMARTCITY_CHROMIUM")
    if configured:
        return configured
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    raise BrowserMissing(INSTALL_HINT)


def _run(args: list[str], url: str, timeout: float) -> PageLoad:
    with tempfile.TemporaryDirectory(prefix="smartcity-chromium-") as profile:
        command = [chromium(), *FLAGS, f"--user-data-dir={profile}", "--enable-logging=stderr",
                   "--v=0", *args, url]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                                  check=False)
        except subprocess.TimeoutExpired as exc:
            raise SmartCityError(f"Chromium did not finish {url} within {timeout:g} s") from exc
        except OSError as exc:
            raise BrowserMissing(f"{INSTALL_HINT} ({exc})") from exc
    console = [m.group(1) for line in done.stderr.splitlines()
               if (m := _CONSOLE.search(line))]
    if done.returncode != 0:
        raise SmartCityError(f"Chromium failed on {url} (exit {done.returncode}): "
                             + " ".join(done.stderr.strip().splitlines()[-2:]))
    return PageLoad(url=url, console=console)


def screenshot(page: Path, png: Path, width: int = 1280, height: int = 2400,
               timeout: float = 90) -> PageLoad:
    """Load `page` in a `width` x `height` window and save what it shows as `png`."""
    png = Path(png).resolve()
    png.parent.mkdir(parents=True, exist_ok=True)
    load = _run([f"--window-size={width},{height}", f"--screenshot={png}"],
                Path(page).resolve().as_uri(), timeout)
    if not png.exists():
        raise SmartCityError(f"Chromium wrote no screenshot of {page}")
    return load


def print_pdf(page: Path, pdf: Path, header: str = "", footer: str = "",
              timeout: float = 120) -> PageLoad:
    """Print `page` to `pdf` with its print stylesheet (A4, its @page margins); `header` and
    `footer` are Chromium's print templates (HTML; the classes `title`, `pageNumber` and
    `totalPages` are filled in on every page), none when both are empty."""
    import base64

    from smartcity_utils.reports.devtools import DevToolsPage

    options = {"preferCSSPageSize": True, "printBackground": True,
               "displayHeaderFooter": bool(header or footer),
               "headerTemplate": header or "<span></span>",
               "footerTemplate": footer or "<span></span>"}
    with atomic_path(Path(pdf).resolve()) as tmp:
        try:
            with DevToolsPage(chromium(), FLAGS, timeout) as browser:
                browser.load(page)
                tmp.write_bytes(base64.b64decode(browser.call("Page.printToPDF",
                                                              options)["data"]))
        except OSError as exc:
            raise BrowserMissing(f"{INSTALL_HINT} ({exc})") from exc
        if tmp.stat().st_size == 0:
            raise SmartCityError(f"Chromium wrote no PDF of {page}")
    return PageLoad(url=Path(page).resolve().as_uri(), console=browser.console)
