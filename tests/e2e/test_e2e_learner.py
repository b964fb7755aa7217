"""A learner's first hour in JupyterLab, in headless Chromium, on the real `./carnets lab`.

`./carnets lab` runs in a pseudo-terminal (as in a learner's terminal), on a working copy in a
temporary folder ($CARNETS_WORKDIR); the tests, in order:
* open a course page from a link of notebook 00 (../course/magies.md);
* reset an exercise with `./carnets reinitialiser --exercice 00-1`, then reload it in the page;
* break exercise 00-1 with a syntax error and see its check refuse to judge;
* show a ten-column image grid: it fits the notebook's width;
* press Ctrl+C once in the terminal: the server stops, with a French line.
Screenshots at 1366×768 (a laptop screen, file browser open) go to build/e2e/.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from e2e_support import REPO_ROOT, RequestLog, extend_time_limit, new_page, screenshot
from notebook_ui import NotebookPage

LAPTOP = {"width": 1366, "height": 768}
START_TIMEOUT = 180.0
CELL_TIMEOUT = 180.0
ADDRESS = re.compile(r"http://127\.0\.0\.1:(\d+)/lab\?token=([0-9a-f]+)")


class LearnerLab:
    """`./carnets lab --no-browser` in a pseudo-terminal, read continuously (its output stays in .output)."""

    app = "lab"

    def __init__(self, home: Path):
        self.root_dir = home / "mes-carnets"
        self.runtime_dir = home / "runtime"
        settings = home / "user-settings"
        self.env = dict(os.environ)
        self.env.update({
            "CARNETS_WORKDIR": str(self.root_dir),
            "CARNETS_SCALE": "ci",
            "JUPYTER_CONFIG_DIR": str(home / "config"),
            "JUPYTER_RUNTIME_DIR": str(self.runtime_dir),
            "JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
            "PYTHONUNBUFFERED": "1",
            "TERM": "dumb",
        })
        self.output = ""
        port = free_port()
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: a session of its own, the pty as its terminal
            try:
                os.chdir(REPO_ROOT)
                os.execve("/bin/sh", ["sh", str(REPO_ROOT / "carnets"), "lab", "--no-browser", "--port", str(port)],
                          self.env)
            finally:
                os._exit(127)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        self.returncode = None
        self.port, self.token = self._wait_address()
        self.base = f"http://127.0.0.1:{self.port}"
        self._wait_ready()

    def _read(self):
        while True:
            try:
                ready, _, _ = select.select([self.fd], [], [], 0.5)
                if ready:
                    data = os.read(self.fd, 65536)
                    if not data:
                        return
                    self.output += data.decode("utf-8", "replace")
            except OSError:  # the child's end closed
                return

    def _wait_address(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            m = ADDRESS.search(self.output)
            if m:
                return int(m.group(1)), m.group(2)
            if self.poll() is not None:
                break
            time.sleep(0.3)
        self.kill()
        pytest.fail(f"./carnets lab n'a pas affiché son adresse :\n{self.output[-3000:]}", pytrace=False)

    def _wait_ready(self):
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=5) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        self.kill()
        pytest.fail(f"./carnets lab ne répond pas :\n{self.output[-3000:]}", pytrace=False)

    def poll(self):
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def url(self, path: str) -> str:
        return f"{self.base}/{path.lstrip('/')}?token={self.token}"

    def api(self, path: str):
        req = urllib.request.Request(f"{self.base}/{path.lstrip('/')}", headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.load(r)

    def watch(self, notebook: Path):
        """NotebookPage's hook: the working copy is the learner's, saving it is allowed."""

    def ctrl_c(self, timeout: float = 60) -> float:
        """Types Ctrl+C once in the terminal; returns the seconds until `./carnets lab` exited."""
        t0 = time.monotonic()
        os.write(self.fd, b"\x03")
        while time.monotonic() - t0 < timeout:
            if self.poll() is not None:
                self._reader.join(timeout=5)
                return time.monotonic() - t0
            time.sleep(0.2)
        raise AssertionError(f"./carnets lab tourne encore {timeout:.0f} s après un Ctrl+C :\n{self.output[-2000:]}")

    def kernels_left(self) -> list[int]:
        marker = str(self.runtime_dir).encode()
        pids = []
        for entry in Path("/proc").glob("[0-9]*"):
            try:
                if marker in (entry / "cmdline").read_bytes():
                    pids.append(int(entry.name))
            except OSError:
                continue
        return pids

    def kill(self):
        if self.poll() is None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            os.waitpid(self.pid, 0)
            self.returncode = -9
        for pid in self.kernels_left():
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


def free_port() -> int:
    import socket
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def learner_lab(kernelspec, browser_context, tmp_path_factory):
    extend_time_limit(int(START_TIMEOUT) + 60)
    lab = LearnerLab(tmp_path_factory.mktemp("apprenant"))
    yield lab
    lab.kill()


@pytest.fixture(scope="module")
def notebook00(browser_context, learner_lab):
    extend_time_limit(int(START_TIMEOUT) + 60)
    page = new_page(browser_context, RequestLog())
    page.set_viewport_size(LAPTOP)
    ui = NotebookPage(page, learner_lab, learner_lab.root_dir / "notebooks" / "00-prise-en-main.ipynb")
    ui.open(timeout=START_TIMEOUT)
    yield ui
    page.close()


def cell_text(ui: NotebookPage, cell_id: str) -> str:
    """The cell's source as the page shows it (scrolled to: JupyterLab renders the cells in view)."""
    from playwright.sync_api import Error
    cell = ui.cell(ui.cell_ids.index(cell_id))
    try:
        cell.scroll_into_view_if_needed(timeout=5000)
        return cell.locator(".jp-InputArea-editor .cm-content").inner_text(timeout=5000)
    except Error:  # the notebook is being re-rendered (a reload): the caller asks again
        return ""


def replace_cell(ui: NotebookPage, cell_id: str, code: str):
    """Clicks into the cell's editor, selects all its text and types `code` in its place."""
    editor = ui.cell(ui.cell_ids.index(cell_id)).locator(".jp-InputArea-editor .cm-content")
    editor.scroll_into_view_if_needed()
    editor.click()
    ui.page.keyboard.press("Control+a")
    ui.page.keyboard.insert_text(code)


def test_working_copy_is_outside_the_course(learner_lab):
    nb = learner_lab.root_dir / "notebooks" / "00-prise-en-main.ipynb"
    assert nb.is_file() and "Copie de travail créée" in learner_lab.output
    tracked = subprocess.run(["git", "-C", str(REPO_ROOT), "status", "--porcelain", "notebooks"],
                             capture_output=True, text=True).stdout
    assert tracked == "", f"le cours suivi par git a changé : {tracked}"
    # the file browser's root: the learner's notebooks, the course pages and their solutions
    names = {c["name"] for c in learner_lab.api("api/contents/")["content"]}
    assert {"notebooks", "course"} <= names, names
    solutions = {c["name"] for c in learner_lab.api("api/contents/course/solutions")["content"]}
    assert "00-prise-en-main.md" in solutions, solutions
    # the launcher offers the course's kernel only
    assert set(learner_lab.api("api/kernelspecs")["kernelspecs"]) == {"carnets-java"}


def test_course_page_opens_from_a_notebook_link(notebook00):
    page = notebook00.page
    link = page.locator('.jp-RenderedMarkdown a[href*="course/magies.md"]').first
    link.scroll_into_view_if_needed()
    link.click()
    tab = page.locator('.lm-TabBar-tab:has-text("magies.md")')
    tab.first.wait_for(state="visible", timeout=30_000)
    doc = page.locator(".jp-MainAreaWidget:not(.lm-mod-hidden) .jp-RenderedMarkdown").first
    doc.wait_for(state="visible", timeout=30_000)
    page.wait_for_timeout(1000)
    # shown rendered (Markdown Preview, set by ./carnets lab): its title as a heading
    expected = (REPO_ROOT / "course" / "magies.md").read_text(encoding="utf-8").splitlines()[0].lstrip("# ").strip()
    assert expected in doc.locator("h1").first.inner_text(), doc.inner_text()[:500]
    print("\ncapture :", screenshot(page, "apprenant-page-du-cours.png"))
    # back to the notebook for the next tests
    page.locator('.lm-TabBar-tab:has-text("00-prise-en-main")').first.click()
    tab.first.locator(".lm-TabBar-tabCloseIcon").click()


def test_reset_an_exercise(notebook00, learner_lab):
    ui = notebook00
    path = learner_lab.root_dir / "notebooks" / "00-prise-en-main.ipynb"
    replace_cell(ui, "exercice-00-1", "double moyenne(double[] valeurs) { return 42; } // ma réponse")
    ui.page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    while "ma réponse" not in path.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, "Ctrl+S n'a pas enregistré le carnet dans la copie de travail"
        ui.page.wait_for_timeout(300)
    r = subprocess.run(["sh", str(REPO_ROOT / "carnets"), "reinitialiser", "--exercice", "00-1"], cwd=REPO_ROOT,
                       env=learner_lab.env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "Exercice 00-1 remis comme dans le cours" in r.stdout, r.stdout + r.stderr
    assert "ma réponse" not in path.read_text(encoding="utf-8")
    backups = list((learner_lab.root_dir / "sauvegardes").rglob("00-prise-en-main.ipynb"))
    assert backups and "ma réponse" in backups[-1].read_text(encoding="utf-8")
    ui.menu("File", "docmanager:reload")
    deadline = time.monotonic() + 30
    while "À COMPLÉTER" not in cell_text(ui, "exercice-00-1"):
        assert time.monotonic() < deadline, f"la cellule n'est pas rechargée : {cell_text(ui, 'exercice-00-1')!r}"
        ui.page.wait_for_timeout(300)
    ui.cell(ui.cell_ids.index("exercice-00-1")).scroll_into_view_if_needed()
    print("\ncapture :", screenshot(ui.page, "apprenant-exercice-reinitialise.png"))


def test_syntax_error_in_an_exercise_stops_its_check(notebook00):
    extend_time_limit(int(CELL_TIMEOUT) * 4)
    ui = notebook00
    solution = json.loads((REPO_ROOT / "notebooks" / "00-prise-en-main.ipynb").read_text(encoding="utf-8"))
    solution = next(c for c in solution["cells"] if c["id"] == "exercice-00-1")["metadata"]["carnets"]["solution"]

    def run(cell_id: str) -> str:
        return ui.run_cell(ui.cell(ui.cell_ids.index(cell_id)), CELL_TIMEOUT)

    run("verification-environnement")  # the cell that imports Check, as the learner runs it
    replace_cell(ui, "exercice-00-1", solution)
    run("exercice-00-1")
    assert "✔" in run("verification-00-1")
    replace_cell(ui, "exercice-00-1", solution.replace(";", "", 1))  # a forgotten ';'
    run("exercice-00-1")
    out = run("verification-00-1")
    assert "Rien n'est vérifié" in out and "exercice 00-1" in out and "erreur de compilation" in out, out
    assert "✔" not in out and "✘" not in out, out
    check = ui.cell(ui.cell_ids.index("verification-00-1"))
    check.scroll_into_view_if_needed()
    print("\ncapture :", screenshot(ui.page, "apprenant-verification-refusee.png"))


GRID = """import fr.carnets.plot.Plots;
Plots.images(org.nd4j.linalg.factory.Nd4j.rand(20, 784)).columns(10).title("Dix colonnes")"""

#: The figure's right edge and the notebook's visible right edge, in CSS pixels.
EDGES_JS = """cell => {
    const out = cell.querySelector('.jp-OutputArea-output img, .jp-OutputArea-output svg');
    const panel = cell.closest('.jp-WindowedPanel-outer') || cell.closest('.jp-Notebook');
    return {figure: out ? out.getBoundingClientRect().right : null, visible: panel.getBoundingClientRect().right,
            renderer: out ? out.parentElement.className : null};
}"""


def test_ten_column_image_grid_fits_a_laptop_screen(notebook00):
    """1366×768 with the file browser open: a ten-column grid is shrunk to the notebook's width."""
    ui = notebook00
    assert ui.page.locator(".jp-FileBrowser").first.is_visible(), "le navigateur de fichiers devrait être ouvert"
    cell = ui.type_in_new_cell(GRID)
    ui.run_cell(cell, CELL_TIMEOUT)
    cell.locator(".jp-OutputArea-output img, .jp-OutputArea-output svg").first.wait_for(timeout=60_000)
    cell.scroll_into_view_if_needed()
    edges = cell.evaluate(EDGES_JS)
    assert edges["figure"] is not None, "la grille ne s'affiche pas"
    assert edges["figure"] <= edges["visible"] + 1, f"la grille dépasse du carnet : {edges}"
    print("\ncapture :", screenshot(ui.page, "apprenant-grille-dix-colonnes.png"), edges)


def test_one_ctrl_c_stops_the_lab(learner_lab, notebook00):
    assert learner_lab.kernels_left(), "aucun noyau ne tourne avant l'arrêt (le test précédent en a démarré un)"
    seconds = learner_lab.ctrl_c()
    tail = learner_lab.output[-3000:]
    assert learner_lab.returncode == 0, tail
    assert "JupyterLab est arrêté" in tail and "Shut down this Jupyter server" not in tail, tail
    deadline = time.monotonic() + 20
    while learner_lab.kernels_left():
        assert time.monotonic() < deadline, "des noyaux tournent encore après l'arrêt"
        time.sleep(0.5)
    print(f"\nUn Ctrl+C : ./carnets lab arrêté en {seconds:.1f} s")
