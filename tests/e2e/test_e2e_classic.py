"""The classic notebook interface (`jupyter notebook`, Notebook 7) in headless Chromium: notebook 00
opened with its kernelspec, run whole at CI scale, outputs shown, no error output."""

from __future__ import annotations

import os
import time

import pytest

from e2e_support import NOTEBOOKS_DIR, RequestLog, extend_time_limit, new_page, screenshot
from notebook_ui import NotebookPage

RUN_ALL_TIMEOUT = float(os.environ.get("CARNETS_E2E_RUN_TIMEOUT", "600"))


def short_notebook():
    found = sorted(NOTEBOOKS_DIR.glob("00-*.ipynb"))
    if not found:
        pytest.fail("le carnet 00 (notebooks/00-*.ipynb) est introuvable.", pytrace=False)
    return found[0]


def test_classic_notebook_runs_notebook_00(browser_context, notebook_server):
    extend_time_limit(int(RUN_ALL_TIMEOUT) + 120)
    log = RequestLog()
    page = new_page(browser_context, log)
    ui = NotebookPage(page, notebook_server, short_notebook())
    try:
        t0 = time.monotonic()
        ui.open()
        # Notebook 7: one document per tab, the notebook's own kernel named in the toolbar
        name = ui.kernel_display_name("Java (Carnets)")
        assert "Java (Carnets)" in name, f"noyau affiché : {name!r}"
        assert ui.session()["kernel"]["name"] == "carnets-java"
        seconds = ui.run_all(RUN_ALL_TIMEOUT)
        print(f"\nNotebook 7 : carnet 00 exécuté en {seconds:.1f} s (ouverture comprise : {time.monotonic() - t0:.1f} s)")
        cells = ui.cells()
        code = [c for c in cells if c["code"] and c["source"].strip()]
        with_output = [c for c in code if c["output"].strip()]
        assert len(with_output) >= len(code) // 2, (
            f"{len(with_output)} cellule(s) de code sur {len(code)} affichent une sortie")
        text = ui.output_text()
        assert "42" in text, "la sortie de « 6 * 7 » n'est pas affichée"
        assert "Échelle : ci" in text, "la cellule de paramètres n'affiche pas l'échelle ci (CARNETS_SCALE)"
        assert ui.error_outputs() == []
        assert log.external == [], f"requêtes vers l'extérieur : {log.external}"
    finally:
        screenshot(page, "notebook7-00-execution.png")
        page.close()
