"""JupyterLab driven by a real browser: start JupyterLab on a folder, open a notebook in headless
Chromium (Selenium with Debian's chromium-driver), set a parameter in its `parameters` cell,
run all cells, use a widget, take screenshots.

Used by tests/test_lab_browser.py, and as a looking aid from the project folder:

    .venv/bin/python tests/lab_driver.py notebooks/10_agency_report.ipynb \\
        --set interactive=True --choose Bappeda --shots /tmp/lab-shots

opens 10, sets `interactive = True`, runs all cells, saves `1-run.png`, chooses Bappeda in the
drop-down and saves `2-chosen.png`. Any notebook and parameter work the same way (03's weight
sliders: `--set interactive=True`, then, in a script of your own, the slider handles found
through the page and moved with arrow keys, as tests/test_meeting.py does).

JupyterLab runs with `expose_app_in_browser`, so that the driver sets a cell's text and runs
commands through JupyterLab's own application object (`window.jupyterapp`), the way its menus
do; clicks and choices in widgets go through the browser like a reader's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CHROMEDRIVER = os.environ.get("SMARTCITY_CHROMEDRIVER", "/usr/bin/chromedriver")


def browser_available() -> bool:
    """Chromium and its driver are installed (Debian: chromium, chromium-driver)."""
    from smartcity_utils.reports.browser import BrowserMissing, chromium

    try:
        chromium()
    except BrowserMissing:
        return False
    return Path(CHROMEDRIVER).exists() or shutil.which("chromedriver") is not None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server on `root` and a headless Chromium looking at it."""

    def __init__(self, root: Path, width: int = 1400, height: int = 1600,
                 timeout: float = 60):
        self.root = Path(root).resolve()
        self.size = (width, height)
        self.timeout = timeout
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.server = None
        self.driver = None

    def __enter__(self) -> Lab:
        # JupyterLab's own state (settings, workspace, checkpoints) in a folder of its own, with
        # autosave off: driving a notebook never writes into the notebooks served.
        self.state = Path(tempfile.mkdtemp(prefix="smartcity-lab-"))
        settings = self.state / "settings" / "@jupyterlab" / "docmanager-extension"
        settings.mkdir(parents=True)
        (settings / "plugin.jupyterlab-settings").write_text('{"autosave": false}')
        news = self.state / "settings" / "@jupyterlab" / "apputils-extension"
        news.mkdir(parents=True)
        (news / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            [str(PROJECT), *filter(None, [os.environ.get("PYTHONPATH")])]),
            JUPYTERLAB_SETTINGS_DIR=str(self.state / "settings"),
            JUPYTERLAB_WORKSPACES_DIR=str(self.state / "workspaces"))
        self.server = subprocess.Popen(
            [sys.executable, "-m", "jupyter", "lab", "--no-browser", f"--port={self.port}",
             "--IdentityProvider.token=", "--ServerApp.ip=127.0.0.1",
             f"--ServerApp.root_dir={self.root}", "--LabApp.expose_app_in_browser=True",
             "--MappingKernelManager.default_kernel_name=smartcity",
             f"--FileCheckpoints.root_dir={self.state / 'checkpoints'}",
             *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self._wait_for_server()
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        from smartcity_utils.reports.browser import chromium

        options = webdriver.ChromeOptions()
        options.binary_location = chromium()
        for flag in ("--headless", "--no-sandbox", "--disable-gpu",
                     f"--window-size={self.size[0]},{self.size[1]}"):
            options.add_argument(flag)
        driver = CHROMEDRIVER if Path(CHROMEDRIVER).exists() else shutil.which("chromedriver")
        self.driver = webdriver.Chrome(service=Service(driver), options=options)
        return self

    def __exit__(self, *exc) -> None:
        if self.driver is not None:
            self.driver.quit()
        if self.server is not None:
            self.server.terminate()
            try:
                self.server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.server.kill()
        shutil.rmtree(self.state, ignore_errors=True)

    def _wait_for_server(self) -> None:
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                raise RuntimeError(f"JupyterLab ended (exit {self.server.returncode})")
            try:
                urllib.request.urlopen(f"{self.url}/api/status", timeout=2)
                return
            except OSError:
                time.sleep(0.5)
        raise TimeoutError(f"JupyterLab did not answer on {self.url}")

    # ---------------------------------------------------------------- the page

    def wait_for(self, script: str, timeout: float | None = None, *args):
        """Run `script` (JavaScript returning a value) until it returns something truthy."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while time.monotonic() < deadline:
            value = self.driver.execute_script(script, *args)
            if value:
                return value
            time.sleep(0.5)
        raise TimeoutError(f"not so after {timeout or self.timeout} s: {script}")

    def open(self, notebook: str) -> None:
        """Open `notebook` (relative to the root) and wait until its kernel is ready."""
        self.driver.get(f"{self.url}/lab/tree/{notebook}?reset")
        self.wait_for("""
            const app = window.jupyterapp, w = app && app.shell.currentWidget;
            return w && w.content && w.content.widgets && w.content.widgets.length > 0
                && w.sessionContext && w.sessionContext.session
                && w.sessionContext.session.kernel
                && w.sessionContext.session.kernel.status === 'idle';""", 120)

    def command(self, name: str) -> None:
        """Run a JupyterLab command, as its menu entry does."""
        self.driver.execute_script(f"window.jupyterapp.commands.execute({name!r});")

    def set_parameter(self, name: str, value: str) -> None:
        """Add `name = value` at the end of the notebook's `parameters` cell."""
        done = self.driver.execute_script("""
            const cells = window.jupyterapp.shell.currentWidget.content.widgets;
            const cell = cells.find(
                c => (c.model.getMetadata('tags') || []).includes('parameters'));
            if (!cell) return false;
            const shared = cell.model.sharedModel;
            shared.setSource(shared.getSource() + '\\n' + arguments[0]);
            return true;""", f"{name} = {value}")
        if not done:
            raise ValueError("the notebook has no cell tagged `parameters`")

    def run_all(self, timeout: float = 300) -> None:
        """Run every cell and wait until the kernel is idle with no cell pending."""
        self.command("notebook:run-all-cells")
        time.sleep(1)
        self.wait_for("""
            const w = window.jupyterapp.shell.currentWidget;
            const busy = w.sessionContext.session.kernel.status !== 'idle';
            const pending = w.content.widgets.some(c => c.model.type === 'code'
                && c.model.executionCount === null && c.model.sharedModel.getSource().trim());
            return !busy && !pending;""", timeout)

    def choose(self, text: str, index: int = 0) -> None:
        """Choose the option that reads `text` in the `index`th drop-down, as a reader does."""
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import Select

        select = self.driver.find_elements(By.CSS_SELECTOR, ".widget-dropdown select")[index]
        Select(select).select_by_visible_text(text)

    def scroll_to(self, text: str) -> None:
        """Scroll the notebook so that the first cell whose source or output holds `text` is at
        the top (JupyterLab draws only the cells in view, so through its own scrolling)."""
        found = self.driver.execute_script("""
            const nb = window.jupyterapp.shell.currentWidget.content;
            const i = nb.widgets.findIndex(c => c.model.sharedModel.getSource()
                .includes(arguments[0]) || c.node.innerText.includes(arguments[0]));
            if (i < 0) return false;
            nb.activeCellIndex = i;
            nb.scrollToItem(i, 'start');
            return true;""", text)
        if not found:
            raise ValueError(f"no cell shows {text!r}")
        time.sleep(1)

    def headings(self) -> list[str]:
        """The markdown headings the notebook draws (none from a folded or collapsed cell)."""
        return self.driver.execute_script("""
            const panel = window.jupyterapp.shell.currentWidget.node;
            return [...panel.querySelectorAll('.jp-MarkdownOutput h1, .jp-MarkdownOutput h2,'
                + '.jp-RenderedMarkdown h1, .jp-RenderedMarkdown h2')]
                .filter(h => h.getClientRects().length > 0)  // drawn: not in a closed fold
                .map(h => h.innerText.replace('¶', '').trim());""")

    def visible_text(self) -> str:
        """The text the notebook shows (collapsed cells show none)."""
        return self.driver.execute_script(
            "return document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook')"
            ".innerText;")

    def screenshot(self, path: Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.driver.save_screenshot(str(path))
        return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebook", help="path relative to --root")
    parser.add_argument("--root", default=str(PROJECT), help="the folder JupyterLab serves")
    parser.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a parameter added to the parameters cell (Python literal)")
    parser.add_argument("--choose", default=None,
                        help="the text of an option of the first drop-down")
    parser.add_argument("--shots", default="lab-screenshots",
                        help="folder of the screenshots")
    args = parser.parse_args(argv)
    shots = Path(args.shots)
    with Lab(Path(args.root)) as lab:
        lab.open(args.notebook)
        lab.screenshot(shots / "0-opened.png")
        for assignment in args.set:
            name, value = assignment.split("=", 1)
            lab.set_parameter(name.strip(), value.strip())
        if args.set or args.choose:
            lab.run_all()
            lab.screenshot(shots / "1-run.png")
        if args.choose:
            lab.choose(args.choose)
            time.sleep(3)
            lab.screenshot(shots / "2-chosen.png")
    print(f"screenshots in {shots}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
