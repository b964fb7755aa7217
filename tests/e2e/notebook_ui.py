"""Driving a notebook in JupyterLab 4 or Notebook 7 (same widgets) as a learner would: menus,
toolbar buttons and keys; what the page shows is read back from the DOM."""

from __future__ import annotations

import json
import re
import time
import urllib.request
from pathlib import Path

import nbformat

STDERR_MIME = "application/vnd.jupyter.stderr"
PROMPT_NUMBER = re.compile(r"\[\s*\d+\s*\]")

#: Reads, for every cell of the notebook in the page: its type, its source, its prompt and the
#: text of its error outputs (JupyterLab renders both errors and stderr with STDERR_MIME).
CELLS_JS = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell')).map(c => ({
    code: c.classList.contains('jp-CodeCell'),
    source: (c.querySelector('.jp-InputArea-editor .cm-content') || {}).textContent || '',
    prompt: ((c.querySelector('.jp-InputArea-prompt') || {}).textContent || '').trim(),
    errors: Array.from(c.querySelectorAll('.jp-OutputArea-output[data-mime-type="%s"]')).map(e => e.textContent),
    output: Array.from(c.querySelectorAll('.jp-OutputArea-output')).map(e => e.textContent).join('\\n'),
}))""" % STDERR_MIME


class NotebookPage:
    """One notebook opened in a browser tab of JupyterLab (`lab`) or Notebook 7 (`notebook`)."""

    def __init__(self, page, server, notebook: Path):
        self.page = page
        self.server = server
        self.notebook = notebook
        self.rel = notebook.relative_to(server.root_dir).as_posix()
        server.watch(notebook)
        self.allowed_errors = self._raises_exception_cells()

    # -- opening and state --------------------------------------------------------------------

    def _raises_exception_cells(self) -> set[int]:
        nb = nbformat.read(str(self.notebook), as_version=4)
        self.cell_ids = [c.get("id") for c in nb.cells]
        self.cell_sources = [c.source for c in nb.cells]
        return {i for i, c in enumerate(nb.cells) if "raises-exception" in c.get("metadata", {}).get("tags", [])}

    def cell(self, index: int):
        """The cell at `index` in the page (same order as in the file)."""
        return self.page.locator(".jp-Notebook .jp-Cell").nth(index)

    def open(self, timeout: float = 120):
        path = f"lab/tree/{self.rel}" if self.server.app == "lab" else f"notebooks/{self.rel}"
        self.page.goto(self.server.url(path))
        self.page.locator(".jp-Notebook .jp-Cell").first.wait_for(state="attached", timeout=timeout * 1000)
        self.wait_all_cells_rendered(timeout)
        self.wait_kernel_idle(timeout)
        dialogs = self.page.locator(".jp-Dialog")
        assert dialogs.count() == 0, f"une boîte de dialogue s'est ouverte : {dialogs.first.inner_text()!r}"

    def wait_all_cells_rendered(self, timeout: float):
        """JupyterLab renders a notebook's cells in batches: under load, « the last cell » of the page
        can be a cell from the middle of the file for a few seconds."""
        cells = self.page.locator(".jp-Notebook .jp-Cell")
        deadline = time.monotonic() + timeout
        while cells.count() < len(self.cell_ids):
            if time.monotonic() > deadline:
                raise AssertionError(f"{cells.count()} cellules affichées sur {len(self.cell_ids)} "
                                     f"après {timeout:.0f} s")
            self.page.wait_for_timeout(200)

    def kernel_display_name(self, expected: str, timeout: float = 30) -> str:
        """The kernel name shown in the notebook's toolbar, once it shows `expected` (or at timeout)."""
        name = self.page.locator(".jp-NotebookPanel-toolbar .jp-KernelName").first
        deadline = time.monotonic() + timeout
        text = ""
        while time.monotonic() < deadline:
            text = name.inner_text() if name.count() else ""
            if expected in text:
                break
            self.page.wait_for_timeout(300)
        return text

    def session(self) -> dict | None:
        """The server's session of this notebook (its kernel, name and execution state)."""
        with urllib.request.urlopen(self.server.url("api/sessions"), timeout=10) as r:
            sessions = json.load(r)
        for s in sessions:
            if s.get("path") == self.rel:
                return s
        return None

    def wait_kernel_idle(self, timeout: float):
        deadline = time.monotonic() + timeout
        state = None
        while time.monotonic() < deadline:
            s = self.session()
            state = s and s["kernel"]["execution_state"]
            if state == "idle":
                return s
            self.page.wait_for_timeout(500)
        raise AssertionError(f"le noyau de {self.rel} n'est pas prêt après {timeout:.0f} s (état : {state})")

    def cells(self) -> list[dict]:
        return self.page.evaluate(CELLS_JS)

    def error_outputs(self) -> list[str]:
        """Error outputs of the cells not tagged raises-exception: « [cell i] text »."""
        out = []
        for i, c in enumerate(self.cells()):
            if i in self.allowed_errors:
                continue
            out += [f"[cellule {i}] {e.strip()[:1500]}" for e in c["errors"]]
        return out

    def output_text(self) -> str:
        return "\n".join(c["output"] for c in self.cells())

    # -- actions --------------------------------------------------------------------------------

    def menu(self, menu: str, *commands: str):
        """Clicks a menu of the menu bar, then its entry bound to one of `commands`."""
        self.page.get_by_role("menuitem", name=menu, exact=True).click()
        selector = ", ".join(f'.lm-Menu-item[data-command="{c}"]' for c in commands)
        self.page.locator(selector).first.click()

    def toolbar_button(self, command: str):
        return self.page.locator(f'.jp-NotebookPanel-toolbar [data-command="{command}"]').first

    def run_all(self, timeout: float):
        """Run > Run All Cells, then waits until every code cell has run (or an error shows)."""
        started = time.monotonic()
        self.menu("Run", "runmenu:run-all", "notebook:run-all-cells")
        deadline = started + timeout
        while True:
            self.page.wait_for_timeout(1000)
            errors = self.error_outputs()
            if errors:
                raise AssertionError("sortie d'erreur dans le carnet :\n" + "\n".join(errors))
            cells = [c for c in self.cells() if c["code"] and c["source"].strip()]
            pending = [c for c in cells if not PROMPT_NUMBER.search(c["prompt"])]
            if not pending:
                s = self.session()
                if s and s["kernel"]["execution_state"] == "idle":
                    self.wait_outputs_settled()
                    return time.monotonic() - started
            if time.monotonic() > deadline:
                first = pending[0]["source"][:200] if pending else "?"
                raise AssertionError(
                    f"« Tout exécuter » n'a pas fini en {timeout:.0f} s ; {len(pending)} cellule(s) en attente, "
                    f"dont : {first!r}")

    def wait_outputs_settled(self, quiet_ms: int = 2000, timeout: float = 60):
        """Waits until the outputs stop changing: a cell's prompt number can show before its last
        output (an image, say) is rendered."""
        js = """() => Array.from(document.querySelectorAll('.jp-Notebook .jp-OutputArea-output'))
                  .map(e => e.tagName + e.childElementCount + ':' + e.textContent.length + ':' +
                       e.querySelectorAll('img').length).join('|')"""
        deadline = time.monotonic() + timeout
        last = self.page.evaluate(js)
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(quiet_ms)
            now = self.page.evaluate(js)
            if now == last:
                return
            last = now

    def add_cell_at_end(self):
        """Selects the last cell, inserts a code cell below it (B) and enters it (Enter); returns the
        new cell (the active one)."""
        self.wait_all_cells_rendered(30)
        last = self.page.locator(".jp-Notebook .jp-Cell").last
        last.scroll_into_view_if_needed()
        last.locator(".jp-InputPrompt").first.click()
        self.page.keyboard.press("Escape")
        self.page.keyboard.press("b")
        self.page.keyboard.press("Enter")
        active = self.page.locator(".jp-Notebook .jp-Cell.jp-mod-active.jp-CodeCell")
        active.locator(".cm-content").wait_for(state="visible")
        # A fixed position, so that the locator stays on this cell when another becomes active.
        index = self.page.evaluate("""() => Array.from(document.querySelectorAll('.jp-Notebook .jp-Cell'))
                                      .findIndex(c => c.classList.contains('jp-mod-active'))""")
        return self.cell(index)

    def type_in_new_cell(self, code: str):
        cell = self.add_cell_at_end()
        self.page.keyboard.insert_text(code)
        return cell

    def run_cell(self, cell, timeout: float) -> str:
        """Shift+Enter on the cell in edit mode, waits for its prompt number, returns its output text."""
        cell.locator(".cm-content").click()
        self.page.keyboard.press("Control+Enter")
        self.wait_cell_done(cell, timeout)
        return cell.locator(".jp-OutputArea").inner_text() if cell.locator(".jp-OutputArea").count() else ""

    def wait_cell_done(self, cell, timeout: float):
        deadline = time.monotonic() + timeout
        prompt = cell.locator(".jp-InputArea-prompt")
        while time.monotonic() < deadline:
            if PROMPT_NUMBER.search(prompt.inner_text()):
                return
            self.page.wait_for_timeout(300)
        raise AssertionError(f"la cellule n'a pas fini en {timeout:.0f} s (invite : {prompt.inner_text()!r})")
