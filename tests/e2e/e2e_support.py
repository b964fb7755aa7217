"""End-to-end tests in a real browser: Debian's Chromium, headless, driven by Playwright.

What a learner meets is JupyterLab (or the classic notebook interface) and the course site, not
the kernel protocol: these tests open them in Chromium and check what the page shows.

* The browser is the machine's Chromium (Debian package ``chromium``: /usr/bin/chromium, or
  ``$CARNETS_CHROMIUM``); Playwright never downloads one. ``./carnets test`` installs it with
  apt-get in CI (``CI=true``) or with ``./carnets test --browser``.
* Without a browser (or without the ``playwright`` package): the tests are skipped with a French
  message on a learner's machine, and FAIL in CI (``CI`` set), where a silent skip would hide them.
* Jupyter servers are started as ``./carnets lab`` starts them (127.0.0.1, token on, notebooks/ as
  root, kernelspec ``carnets-java`` from the notebook), on a free port, with ``CARNETS_SCALE=ci``
  in their environment (the kernel inherits it). Jupyter's user folders (settings, workspaces,
  runtime) are temporary: the learner's own settings play no part, autosave is off, and the
  notebooks in notebooks/ are never written (checked).
* Screenshots and server logs go to build/e2e/ (CI artefacts).
* Every request of the page is intercepted: one that would leave the machine (anything but
  127.0.0.1 / localhost / file: / data: / blob:) is blocked and makes the test fail.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parent.parent
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
ARTEFACTS = REPO_ROOT / "build" / "e2e"
VENV_BIN = Path(sys.executable).parent
KERNEL_NAME = "carnets-java"

#: Chromium's flags: headless, no sandbox (root in CI), and no background traffic at all (without
#: these, Chromium keeps calling Google's services, and those connections are refused again and again).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: Time for a Jupyter server to answer /api/status.
SERVER_TIMEOUT = float(os.environ.get("CARNETS_E2E_SERVER_TIMEOUT", "120"))

IN_CI = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def extend_time_limit(seconds: int):
    """Raises the per-test SIGALRM limit of tests/conftest.py to at least `seconds` from now
    (running a whole notebook in a browser takes longer than one protocol test)."""
    if not hasattr(signal, "alarm"):
        return
    remaining = signal.alarm(0)
    if remaining:
        signal.alarm(max(remaining, seconds))


# --------------------------------------------------------------------------------------------
# Browser
# --------------------------------------------------------------------------------------------


def chromium_path() -> str | None:
    """$CARNETS_CHROMIUM when set (and nothing else), else Debian's /usr/bin/chromium or one in the PATH."""
    override = os.environ.get("CARNETS_CHROMIUM")
    candidates = [override] if override else [
        "/usr/bin/chromium", shutil.which("chromium") or "", shutil.which("chromium-browser") or ""]
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return c
    return None


def no_browser(reason: str):
    """Skips on a learner's machine, fails in CI: a browser test never disappears silently there."""
    if IN_CI:
        pytest.fail(f"CI : {reason} Les tests dans le navigateur ne peuvent pas être sautés en CI.", pytrace=False)
    pytest.skip(f"tests dans le navigateur sautés : {reason} "
                "Pour les lancer : ./carnets test --browser (installe Chromium avec apt-get, root ou sudo), "
                "ou installez le paquet chromium de votre distribution.")


class RequestLog:
    """Every request of a page; those that would leave the machine are blocked and kept apart."""

    def __init__(self):
        self.all: list[str] = []
        self.external: list[str] = []
        self.failed: list[str] = []

    @staticmethod
    def is_local(url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme in ("file", "data", "blob", "about", "chrome-error"):
            return True
        return (parts.hostname or "") in LOCAL_HOSTS

    def route(self, route):
        url = route.request.url
        self.all.append(url)
        if self.is_local(url):
            route.continue_()
        else:
            self.external.append(url)
            route.abort("blockedbyclient")

    def websocket(self, ws):
        """WebSockets bypass routing: recorded here (the kernel's channels go to 127.0.0.1)."""
        self.all.append(ws.url)
        if not self.is_local(ws.url):
            self.external.append(ws.url)


def new_page(context, log: RequestLog | None = None):
    """A new tab whose requests all go through `log` (non-local ones blocked).

    Playwright's sync API runs the route handler only inside its own calls: wait with
    page.wait_for_timeout(), never time.sleep(), or the page's requests stall."""
    page = context.new_page()
    if log is not None:
        page.route("**/*", log.route)
        page.on("requestfailed", lambda r: log.failed.append(f"{r.url} ({r.failure})"))
        page.on("websocket", log.websocket)
    return page


def screenshot(page, name: str) -> Path:
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / name
    page.screenshot(path=str(path))
    return path


# --------------------------------------------------------------------------------------------
# Jupyter servers
# --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fingerprint(path: Path) -> tuple | None:
    """Size and mtime of a file: to check that the browser did not write it."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns


class JupyterServer:
    """`jupyter lab` or `jupyter notebook` started like `./carnets lab` does (see cmd_lab)."""

    def __init__(self, app: str, root_dir: Path, home: Path):
        self.app = app
        self.root_dir = root_dir
        self.port = free_port()
        self.token = secrets.token_hex(24)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = ARTEFACTS / f"jupyter-{app}.log"
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        settings = home / "user-settings"
        self.runtime_dir = home / "runtime"
        self._write_settings(settings)
        env = dict(os.environ)
        env.update({
            "PATH": f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}",
            "JUPYTER_TOKEN": self.token,
            "CARNETS_SCALE": "ci",
            # Jupyter's per-user folders, temporary: the learner's settings play no part.
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_RUNTIME_DIR": str(self.runtime_dir),
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
            "PYTHONUNBUFFERED": "1",
        })
        cmd = [
            str(VENV_BIN / "jupyter"), app,
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={root_dir}",
            f"--MultiKernelManager.default_kernel_name={KERNEL_NAME}",
            "--no-browser",
        ]
        if app == "lab":
            cmd.append("--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate")
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            cmd.append("--allow-root")
        self.watched: dict[Path, tuple | None] = {}
        self._log = open(self.log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen(cmd, cwd=str(root_dir), env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                     start_new_session=True)
        self._wait_ready()

    @staticmethod
    def _write_settings(settings: Path):
        """No autosave (the notebooks of notebooks/ stay as committed), no news request."""
        values = {
            "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
            "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false"},
        }
        for rel, value in values.items():
            path = settings / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value), encoding="utf-8")

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def _wait_ready(self):
        deadline = time.monotonic() + SERVER_TIMEOUT
        url = f"{self.base}/api/status?token={self.token}"
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.stop()
                pytest.fail(f"jupyter {self.app} s'est arrêté (code {self.proc.returncode}) :\n{self.log_tail()}",
                            pytrace=False)
            try:
                with urllib.request.urlopen(url, timeout=5) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        self.stop()
        pytest.fail(f"jupyter {self.app} ne répond pas après {SERVER_TIMEOUT:.0f} s :\n{self.log_tail()}",
                    pytrace=False)

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}?token={self.token}"

    def api(self, method: str, path: str, timeout: float = 10):
        req = urllib.request.Request(f"{self.base}/{path.lstrip('/')}", method=method,
                                     headers={"Authorization": f"token {self.token}"},
                                     data=b"" if method in ("POST", "DELETE") else None)
        with urllib.request.urlopen(req, timeout=timeout) as r:
            body = r.read()
        return json.loads(body) if body else None

    def stop(self):
        """Shuts the kernels and the server down through the REST API, as a learner's « Shut Down »
        does; then ends whatever is left: the server's process group, and the kernels started with
        this server's runtime folder (a kernel runs in a session of its own)."""
        if self.proc.poll() is None:
            try:
                for k in self.api("GET", "api/kernels"):
                    self.api("DELETE", f"api/kernels/{k['id']}", timeout=30)
                self.api("POST", "api/shutdown")
            except (urllib.error.URLError, OSError, ValueError):
                pass
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait(timeout=10)
        for pid in self._own_kernels():
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self._log.close()

    def _own_kernels(self) -> list[int]:
        """Processes whose command line names this server's runtime folder (its kernels)."""
        pids = []
        marker = str(self.runtime_dir).encode()
        for entry in Path("/proc").glob("[0-9]*"):
            try:
                if marker in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
            except OSError:
                continue
        return pids

    def watch(self, notebook: Path):
        """Remembers a notebook opened in the browser: it must not be written (no save, no autosave)."""
        self.watched.setdefault(notebook, fingerprint(notebook))

    def check_untouched(self):
        changed = [str(p) for p, before in self.watched.items() if fingerprint(p) != before]
        assert not changed, f"le navigateur a enregistré des carnets ouverts par le test : {changed}"


def lab_notebook_path() -> Path | None:
    """Notebook 02 of the course (or $CARNETS_E2E_NOTEBOOK, to try the test on another notebook)."""
    override = os.environ.get("CARNETS_E2E_NOTEBOOK")
    if override:
        return Path(override).resolve()
    found = sorted(NOTEBOOKS_DIR.glob("02-*.ipynb"))
    return found[0] if found else None
