"""Protocol tests of the Carnets Java kernel, driven through jupyter_client over real ZeroMQ.

The kernel is started from its kernelspec ``carnets-java`` as Jupyter would start it. Each test
module shares one kernel (``kernel`` fixture) for speed; tests that restart, shut down or attack
a kernel take their own (``fresh_kernel`` fixture).

Every wait has a timeout, and every test has an overall time limit (pytest-timeout when it is
installed, otherwise a SIGALRM guard below), so a hung kernel fails a test instead of hanging CI.
"""

from __future__ import annotations

import base64
import os
import queue
import re
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

KERNEL_NAME = "carnets-java"
TESTS_DIR = Path(__file__).resolve().parent
REPO_ROOT = TESTS_DIR.parent

#: Time allowed for the JVM to start and answer kernel_info.
STARTUP_TIMEOUT = float(os.environ.get("CARNETS_TEST_STARTUP_TIMEOUT", "90"))
#: Default time allowed for one cell (execute_reply and the idle status).
EXEC_TIMEOUT = float(os.environ.get("CARNETS_TEST_EXEC_TIMEOUT", "60"))
#: Overall limit for one test (setup + call + teardown).
TEST_TIMEOUT = int(os.environ.get("CARNETS_TEST_TIMEOUT", "300"))

SETUP_HINT = (
    "Le kernelspec « carnets-java » est introuvable pour {python}. "
    "Lancez d'abord `./carnets setup` (compilation du noyau, création de .venv et installation "
    "du kernelspec), puis relancez les tests avec `.venv/bin/python -m pytest -q tests/`."
)

ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]")


def strip_ansi(text: str) -> str:
    return ANSI.sub("", text)


# --------------------------------------------------------------------------------------------
# Overall per-test time limit
# --------------------------------------------------------------------------------------------


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: a test that starts its own kernel(s)")
    config.addinivalue_line("markers", "time_limit(seconds): a longer overall limit for one test")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Fail a test that runs longer than TEST_TIMEOUT, unless pytest-timeout already guards it."""
    use_alarm = (
        not item.config.pluginmanager.hasplugin("timeout")
        and hasattr(signal, "SIGALRM")
        and TEST_TIMEOUT > 0
    )
    if not use_alarm:
        yield
        return

    def on_alarm(signum, frame):
        raise TimeoutError(
            f"Test {item.nodeid} : trop long (limite dépassée), le noyau semble bloqué."
        )

    previous = signal.signal(signal.SIGALRM, on_alarm)
    marker = item.get_closest_marker("time_limit")
    signal.alarm(max(TEST_TIMEOUT, int(marker.args[0])) if marker else TEST_TIMEOUT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# --------------------------------------------------------------------------------------------
# Results of one execution
# --------------------------------------------------------------------------------------------


@dataclass
class ExecResult:
    """What one execute_request produced: its reply and the iopub messages of the same parent."""

    code: str
    msg_id: str
    reply: dict | None = None
    iopub: list = field(default_factory=list)
    elapsed: float = 0.0

    @property
    def status(self) -> str | None:
        return None if self.reply is None else self.reply["content"]["status"]

    @property
    def content(self) -> dict:
        return {} if self.reply is None else self.reply["content"]

    def of_type(self, *msg_types: str) -> list:
        return [m for m in self.iopub if m["msg_type"] in msg_types]

    def stream(self, name: str) -> str:
        return "".join(m["content"]["text"] for m in self.of_type("stream") if m["content"]["name"] == name)

    @property
    def stdout(self) -> str:
        return self.stream("stdout")

    @property
    def stderr(self) -> str:
        return self.stream("stderr")

    @property
    def results(self) -> list:
        return [m["content"] for m in self.of_type("execute_result")]

    @property
    def data(self) -> dict | None:
        """The data of the (single) execute_result, or None when the cell showed no result."""
        results = self.results
        assert len(results) <= 1, f"plusieurs execute_result pour {self.code!r}: {results}"
        return results[0]["data"] if results else None

    @property
    def text(self) -> str | None:
        data = self.data
        return None if data is None else data.get("text/plain")

    @property
    def errors(self) -> list:
        return [m["content"] for m in self.of_type("error")]

    @property
    def error_text(self) -> str:
        """Everything the kernel said about an error: reply ename/evalue/traceback, error messages, stderr."""
        parts = []
        c = self.content
        if c.get("status") == "error":
            parts += [c.get("ename", ""), c.get("evalue", "")] + list(c.get("traceback", []))
        for e in self.errors:
            parts += [e.get("ename", ""), e.get("evalue", "")] + list(e.get("traceback", []))
        parts.append(self.stderr)
        return strip_ansi("\n".join(str(p) for p in parts))

    def describe(self) -> str:
        return (
            f"code={self.code!r}\nreply={self.content!r}\n"
            f"iopub={[(m['msg_type'], m['content']) for m in self.iopub]!r}"
        )


# --------------------------------------------------------------------------------------------
# A kernel and its client
# --------------------------------------------------------------------------------------------


def find_kernelspec():
    """The installed carnets-java kernelspec; fails (never skips) with a French hint when missing."""
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

    try:
        return KernelSpecManager().get_kernel_spec(KERNEL_NAME)
    except NoSuchKernel:
        pass
    pytest.fail(SETUP_HINT.format(python=sys.executable), pytrace=False)


class Kernel:
    """A carnets-java kernel started from its kernelspec, with a blocking client."""

    def __init__(self, km, kc):
        self.km = km
        self.kc = kc

    # -- lifecycle -----------------------------------------------------------------------------

    @classmethod
    def start(cls, cwd: Path | None = None, env: dict | None = None) -> "Kernel":
        """Starts a kernel; ``env`` adds environment variables to this process's own."""
        from jupyter_client import KernelManager

        find_kernelspec()
        km = KernelManager(kernel_name=KERNEL_NAME)
        extra = {} if env is None else {"env": {**os.environ, **env}}
        km.start_kernel(cwd=str(cwd or REPO_ROOT), **extra)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        except Exception:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
            raise
        kernel = cls(km, kc)
        kernel.drain_iopub()
        return kernel

    def stop(self):
        try:
            self.kc.stop_channels()
        finally:
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=True)

    def restart(self):
        """Restarts the kernel as Jupyter's "Restart Kernel" does, and waits until it answers."""
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        self.drain_iopub()

    def is_alive(self) -> bool:
        return self.km.is_alive()

    # -- messaging -----------------------------------------------------------------------------

    def drain_iopub(self, wait: float = 0.2):
        """Drops pending iopub messages (left over from earlier requests)."""
        while True:
            try:
                self.kc.get_iopub_msg(timeout=wait)
            except queue.Empty:
                return

    def shell_reply(self, msg_id: str, timeout: float) -> dict:
        """The shell reply whose parent is msg_id; replies to other requests are dropped."""
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"pas de réponse shell à {msg_id} en {timeout} s")
            try:
                msg = self.kc.get_shell_msg(timeout=remaining)
            except queue.Empty:
                raise TimeoutError(f"pas de réponse shell à {msg_id} en {timeout} s") from None
            if msg["parent_header"].get("msg_id") == msg_id:
                return msg

    def collect_iopub(self, msg_id: str, timeout: float) -> list:
        """iopub messages of the request msg_id, up to and including its status idle."""
        deadline = time.monotonic() + timeout
        msgs = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"pas de status idle pour {msg_id} en {timeout} s; reçu {msgs!r}")
            try:
                msg = self.kc.get_iopub_msg(timeout=remaining)
            except queue.Empty:
                raise TimeoutError(f"pas de status idle pour {msg_id} en {timeout} s; reçu {msgs!r}") from None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            msgs.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return msgs

    def assert_still_running(self, code: str, msg_id: str, seconds: float):
        """Waits `seconds` and checks that the cell msg_id has not replied yet."""
        try:
            reply = self.shell_reply(msg_id, timeout=seconds)
        except TimeoutError:
            return
        pytest.fail(f"la cellule {code!r} devait tourner encore après {seconds} s, "
                    f"mais a répondu: {reply['content']!r}")

    def send_execute(self, code: str, **kwargs) -> str:
        return self.kc.execute(code, **kwargs)

    def wait_execute(self, code: str, msg_id: str, timeout: float = EXEC_TIMEOUT) -> ExecResult:
        t0 = time.monotonic()
        result = ExecResult(code=code, msg_id=msg_id)
        result.reply = self.shell_reply(msg_id, timeout)
        result.elapsed = time.monotonic() - t0
        result.iopub = self.collect_iopub(msg_id, max(5.0, timeout - result.elapsed))
        return result

    def run(self, code: str, timeout: float = EXEC_TIMEOUT, **kwargs) -> ExecResult:
        """Executes code and returns its reply and iopub messages (until idle)."""
        return self.wait_execute(code, self.send_execute(code, **kwargs), timeout)

    def ok(self, code: str, timeout: float = EXEC_TIMEOUT) -> ExecResult:
        """Executes code and asserts it succeeded."""
        r = self.run(code, timeout)
        assert r.status == "ok", f"la cellule a échoué:\n{r.describe()}"
        return r

    def value(self, code: str, timeout: float = EXEC_TIMEOUT) -> str | None:
        """Executes code and returns the text/plain of its result."""
        return self.ok(code, timeout).text

    def fails(self, code: str, timeout: float = EXEC_TIMEOUT) -> ExecResult:
        """Executes code and asserts it failed with an error reply."""
        r = self.run(code, timeout)
        assert r.status == "error", f"une erreur était attendue:\n{r.describe()}"
        return r

    def assert_alive(self, variables: dict | None = None):
        """Heartbeat beats, the kernel still computes, and the given variables hold their text values."""
        # The heartbeat channel reports a beat only after its first answered ping: wait for it, a while.
        deadline = time.monotonic() + 10
        while not self.kc.hb_channel.is_beating() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert self.kc.hb_channel.is_beating(), "le heartbeat du noyau ne bat plus"
        assert self.value("1 + 1") == "2"
        for name, expected in (variables or {}).items():
            assert self.value(name) == expected, f"la variable {name} a changé"

    def request(self, method: str, *args, timeout: float = 30, **kwargs) -> dict:
        """Sends a shell request with a client method (complete, inspect...) and returns the reply."""
        msg_id = getattr(self.kc, method)(*args, **kwargs)
        reply = self.shell_reply(msg_id, timeout)
        self.collect_iopub(msg_id, timeout)
        return reply


@pytest.fixture(scope="session")
def kernelspec():
    return find_kernelspec()


@pytest.fixture(scope="module")
def kernel(kernelspec):
    """One kernel shared by the tests of a module."""
    k = Kernel.start()
    yield k
    k.stop()


@pytest.fixture(scope="session")
def start_kernel(kernelspec):
    """Kernel.start for fixtures wider than one test; the caller stops the kernel. (Test modules must not
    import conftest: with tests/e2e/conftest.py collected too, that name can resolve to the other one.)"""
    return Kernel.start


@pytest.fixture(scope="session")
def plain():
    """strip_ansi, for test modules."""
    return strip_ansi


@pytest.fixture
def fresh_kernel(kernelspec):
    """A factory of kernels owned by one test (stopped at its end)."""
    started = []

    def start(**kwargs) -> Kernel:
        k = Kernel.start(**kwargs)
        started.append(k)
        return k

    yield start
    for k in started:
        k.stop()


# --------------------------------------------------------------------------------------------
# Small helpers for assertions
# --------------------------------------------------------------------------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(b64: str) -> tuple[int, int]:
    """Checks a base64 PNG and returns its (width, height) read from the IHDR chunk."""
    raw = base64.b64decode(b64.strip() if isinstance(b64, str) else "".join(b64))
    assert raw.startswith(PNG_SIGNATURE), f"pas un PNG: {raw[:16]!r}"
    assert raw[12:16] == b"IHDR", f"PNG sans IHDR: {raw[:32]!r}"
    return int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")


@pytest.fixture
def png():
    return png_size


#: Words that show an error message is written in French.
FRENCH_MARKERS = (
    "introuvable", "n'existe pas", "n’existe pas", "inexistant", "impossible", "fichier", "chemin",
    "inconnu", "inconnue", "disponible", "ligne", "erreur", "ignoré", "noyau", "arrête", "variables",
)


def looks_french(text: str) -> bool:
    low = text.lower()
    return any(w in low for w in FRENCH_MARKERS)


@pytest.fixture
def french():
    return looks_french


#: Cells of the small notebook whose widgets the site must draw (tests/test_site.py and the browser test):
#: a slider, an interact (slider + output area holding the function's text) and a drawing pad with an image.
WIDGET_CELLS = [
    'import fr.carnets.widgets.*;\nvar taux = Widgets.floatSlider("Taux", 0.0, 1.0, 0.25);\ntaux',
    'var n = Widgets.intSlider("n", 1, 10, 3);\nWidgets.interact(() -> "carré : " + n.value() * n.value(), n)',
    "var pad = Widgets.drawingPad();\nvar trait = org.nd4j.linalg.factory.Nd4j.zeros(1, 1, 28, 28);\n"
    "for (int i = 4; i < 24; i++) trait.putScalar(new long[] {0, 0, i, 14}, 1.0);\npad.value(trait);\npad",
]


@pytest.fixture(scope="session")
def widget_site(kernelspec, tmp_path_factory):
    """The course site built from one small notebook executed by nbclient (as `./carnets run` does),
    which keeps its widgets' state: (site folder, page name)."""
    import nbformat

    sys.path.insert(0, str(REPO_ROOT / "python"))
    from carnets_tools import notebooks as nbs
    from carnets_tools import site_builder

    root = tmp_path_factory.mktemp("widget-site")
    source, executed = root / "notebooks", root / "executed"
    source.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code, id=f"widget-{i}") for i, code in enumerate(WIDGET_CELLS)]
    nb.metadata["kernelspec"] = {"name": KERNEL_NAME, "display_name": "Java (Carnets)", "language": "java"}
    nb.metadata["carnets"] = {"chapter": "00", "title": "Widgets"}
    path = source / "00-widgets.ipynb"
    nbformat.write(nb, path)
    result = nbs.execute(path, executed / path.name, scale="ci", check=False, budget=False)
    assert result.ok, result.problems
    out = root / "site"
    site_builder.build_site(executed, out, notebooks_dir=source)
    return out, "00-widgets.html"
