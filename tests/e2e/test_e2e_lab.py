"""Notebook 02 in JupyterLab, in headless Chromium: what a learner sees after « Run All ».

One JupyterLab server and one tab for the module: notebook 02 is opened (its kernelspec,
carnets-java, is used: nothing is selected by hand), run whole at CI scale, then checked in the
page; the later tests add cells below it (completion, Stop), never saved.
"""

from __future__ import annotations

import os
import re
import time

import pytest

from e2e_support import RequestLog, extend_time_limit, new_page, screenshot
from notebook_ui import NotebookPage

#: « Run All » of notebook 02 at CI scale, kernel start included (its budget_s is far below).
RUN_ALL_TIMEOUT = float(os.environ.get("CARNETS_E2E_RUN_TIMEOUT", "600"))
EPOCH = re.compile(r"Epoch (\d+)/(\d+)\s+(\d+)/(\d+)")

#: A training that lasts far longer than the test: the Stop button has to end it.
LONG_FIT = """var e2eModele = new fr.carnets.dl.models.Sequential(fr.carnets.dl.layers.Layers.Input(784), fr.carnets.dl.layers.Layers.Dense(256, "relu"), fr.carnets.dl.layers.Layers.Dense(10, "softmax"));
e2eModele.compile("adam", "categorical_crossentropy", "accuracy");
var e2eX = org.nd4j.linalg.factory.Nd4j.rand(2048, 784);
var e2eY = org.nd4j.linalg.factory.Nd4j.zeros(2048, 10);
e2eY.getColumn(0).assign(1);
e2eModele.fit(e2eX, e2eY, fr.carnets.dl.training.Fit.batchSize(32).epochs(100000));"""


@pytest.fixture(scope="module")
def requests_log():
    return RequestLog()


@pytest.fixture(scope="module")
def lab(browser_context, lab_server, lab_notebook, requests_log):
    """Notebook 02 opened in JupyterLab and run whole (Run > Run All Cells)."""
    extend_time_limit(int(RUN_ALL_TIMEOUT) + 180)
    page = new_page(browser_context, requests_log)
    ui = NotebookPage(page, lab_server, lab_notebook)
    t0 = time.monotonic()
    ui.open()
    ui.opened_s = time.monotonic() - t0
    try:
        ui.run_all_s = ui.run_all(RUN_ALL_TIMEOUT)
    finally:
        screenshot(page, "lab-02-execution.png")
    print(f"\nJupyterLab : carnet ouvert et noyau prêt en {ui.opened_s:.1f} s ; "
          f"« Tout exécuter » en {ui.run_all_s:.1f} s")
    yield ui
    page.close()


def test_kernel_is_the_notebooks_kernelspec(lab):
    session = lab.session()
    assert session["kernel"]["name"] == "carnets-java", session
    name = lab.kernel_display_name("Java (Carnets)")
    assert "Java (Carnets)" in name, f"noyau affiché : {name!r}"


def test_run_all_has_no_error_output(lab):
    assert lab.error_outputs() == []
    assert "Échelle : ci" in lab.output_text(), "la cellule de paramètres n'affiche pas l'échelle ci (CARNETS_SCALE)"


def test_progress_reached_last_epoch(lab):
    """Each training's progress display ends on its last epoch, every batch done: « Epoch N/N  k/k »."""
    trainings = 0
    for cell in lab.cells():
        lines = EPOCH.findall(cell["output"])
        if not lines:
            continue
        trainings += 1
        epoch, epochs, step, steps = (int(v) for v in lines[-1])
        if "EarlyStopping" in cell["source"] and re.search(r"arr[êe]t", cell["output"], re.I):
            continue  # stopped early on purpose: its last epoch is not the planned one
        assert (epoch, step) == (epochs, steps), (
            f"l'entraînement s'arrête sur « Epoch {epoch}/{epochs} {step}/{steps} » :\n{cell['source'][:300]}")
        assert f"Epoch {epochs}/{epochs}" in cell["output"]
    assert trainings > 0, "aucune barre de progression « Epoch N/N » dans le carnet"
    # the number of epochs at CI scale, as the parameters cell prints it (« ... 3 époque(s) ... »)
    cells = lab.cells()
    params = [i for i, src in enumerate(lab.cell_sources) if "CARNETS_SCALE" in src]
    announced = re.search(r"(\d+) époque", cells[params[0]]["output"]) if params else None
    if announced:
        n = int(announced.group(1))
        assert re.search(rf"Epoch {n}/{n}\s+(\d+)/\1\b", lab.output_text()), (
            f"pas de « Epoch {n}/{n} » terminée alors que la cellule de paramètres annonce {n} époque(s)")


def test_accuracy_curve_is_rendered(lab):
    """Every image of the outputs is decoded with a non-zero size; the curves are on screen for the capture."""
    imgs = lab.page.locator(".jp-Notebook .jp-OutputArea-output img")
    assert imgs.count() > 0, "aucune image dans les sorties du carnet"
    sizes = []
    for i in range(imgs.count()):
        img = imgs.nth(i)
        img.scroll_into_view_if_needed()
        img.wait_for(state="visible")
        w, h = img.evaluate("e => [e.naturalWidth, e.naturalHeight]")
        box = img.bounding_box()
        sizes.append((w, h, box and box["width"], box and box["height"]))
        assert w > 0 and h > 0 and box and box["width"] > 0 and box["height"] > 0, f"image {i} vide : {sizes[-1]}"
    # the learning curves: the cell « courbes » of notebook 02 (else the one that plots a History)
    index = next((i for i, cid in enumerate(lab.cell_ids) if cid == "courbes"), None)
    if index is None:
        index = max(i for i, src in enumerate(lab.cell_sources)
                    if re.search(r"\.plot\(|Plots\.curves", src))
    curve = lab.cell(index).locator(".jp-OutputArea-output img").last
    curve.wait_for(state="attached")
    curve.scroll_into_view_if_needed()
    w, h = curve.evaluate("e => [e.naturalWidth, e.naturalHeight]")
    assert w > 0 and h > 0, f"courbes d'apprentissage non rendues ({w}×{h})"
    lab.page.wait_for_timeout(300)
    screenshot(lab.page, "lab-02-courbes.png")


def test_tab_completion_offers_sequential(lab):
    cell = lab.type_in_new_cell("Seq")
    lab.page.keyboard.press("Tab")
    completer = lab.page.locator(".jp-Completer")
    completer.wait_for(state="visible", timeout=30_000)
    items = completer.locator(".jp-Completer-item").all_inner_texts()
    screenshot(lab.page, "lab-completion-Seq.png")
    assert any("Sequential" in t for t in items), f"complétions proposées : {items}"
    lab.page.keyboard.press("Escape")
    # leave the cell empty and harmless
    cell.locator(".cm-content").click()
    lab.page.keyboard.press("Control+a")
    lab.page.keyboard.press("Delete")


def test_stop_button_interrupts_fit_and_next_cell_runs(lab):
    cell = lab.type_in_new_cell(LONG_FIT)
    lab.page.keyboard.press("Control+Enter")
    output = cell.locator(".jp-OutputArea")
    # the training has started when its progress line shows a batch
    deadline = time.monotonic() + 120
    while not re.search(r"Epoch 1/\d+\s+[1-9]\d*/", output.inner_text() if output.count() else ""):
        assert time.monotonic() < deadline, "l'entraînement long n'a pas démarré en 120 s"
        lab.page.wait_for_timeout(500)
    lab.page.wait_for_timeout(1000)
    lab.toolbar_button("notebook:interrupt-kernel").click()
    lab.wait_cell_done(cell, 60)
    text = output.inner_text()
    assert re.search(r"interrompu", text, re.I), f"pas de message « interrompu » après Stop :\n{text[-1500:]}"
    output.scroll_into_view_if_needed()
    screenshot(lab.page, "lab-stop.png")
    after = lab.type_in_new_cell('System.out.println("après l\'arrêt : " + (6 * 7));')
    out = lab.run_cell(after, 60)
    assert "après l'arrêt : 42" in out, f"la cellule suivante n'a pas tourné normalement : {out!r}"


def test_no_request_left_the_machine(lab, requests_log):
    assert requests_log.external == [], f"requêtes vers l'extérieur : {requests_log.external}"
