"""Java widgets in a real browser: JupyterLab 4 and Notebook 7 (headless Chromium) draw a slider made
in Java (fr.carnets.widgets), and moving it reruns the Java function whose result shows below it;
the drawing pad (our own front end, python/carnets_widgets) sends what the mouse draws to Java.

Small notebooks written to a temporary folder (never a course notebook). One has a slider, and
interact() printing its square and how many times it ran: the test clicks the slider's track (one
position at a time: the measured slider-move → redraw latency); a second slider's function takes
SLOW_MS, and the test drags that one with the mouse (many positions: the calls are coalesced, fewer
than the positions crossed, whatever the machine's load). The other has a drawing pad:
the mouse draws strokes on its canvas, and Java reports what it received (ink, centre of mass,
height: MNIST's framing) and what a small network trained in the cell reads (a 1, then a 7 drawn in
two strokes), one call per mouse-up; the measured latency is mouse-up → Java's output in the page.
Screenshots go to build/e2e/."""

from __future__ import annotations

import re
import statistics
import time
from contextlib import contextmanager

import nbformat
import pytest

from e2e_support import JupyterServer, RequestLog, extend_time_limit, new_page, screenshot
from notebook_ui import NotebookPage

CODE = """import fr.carnets.widgets.*;
int[] appels = {0};
var n = Widgets.intSlider("n", 0, 100, 5);
int[] appelsLents = {0};
var m = Widgets.intSlider("m", 0, 100, 5);
Widgets.vbox(Widgets.interact(() -> {
    appels[0]++;
    return "carré = " + n.value() * n.value() + " ; appels = " + appels[0];
}, n), Widgets.interact(() -> {
    // A slow call (like a small training): positions crossed while it runs make one more call only
    try { Thread.sleep(SLOW_MS); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
    appelsLents[0]++;
    return "double = " + 2 * m.value() + " ; appels lents = " + appelsLents[0];
}, m))"""
SLOW_MS = 250
CODE = CODE.replace("SLOW_MS", str(SLOW_MS))
RESULT = re.compile(r"carré = (\d+) ; appels = (\d+)")
SLOW_RESULT = re.compile(r"double = (\d+) ; appels lents = (\d+)")


def one_cell_notebook(folder, code: str):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "carnets-java", "display_name": "Java (Carnets)", "language": "java"}
    nb.cells = [nbformat.v4.new_code_cell(code)]
    path = folder / "widgets.ipynb"
    nbformat.write(nb, str(path))
    return path


@pytest.fixture(scope="module")
def widget_notebook(tmp_path_factory):
    return one_cell_notebook(tmp_path_factory.mktemp("widgets"), CODE)


def shown(page, pattern=RESULT) -> tuple | None:
    m = pattern.search(page.locator(".jp-OutputArea").first.inner_text())
    return tuple(int(g) if g.isdigit() else g for g in m.groups()) if m else None


def wait_result(page, predicate, timeout: float = 60, pattern=RESULT) -> tuple:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = shown(page, pattern)
        if got and predicate(got):
            return got
        page.wait_for_timeout(5)
    raise AssertionError(f"la sortie du widget n'a pas changé : {page.locator('.jp-OutputArea').first.inner_text()!r}")


@contextmanager
def notebook_run(app, notebook, home, browser_context):
    """The notebook opened in `app` (a fresh server) and run: yields the page; no error output at the end."""
    extend_time_limit(400)
    server = JupyterServer(app, notebook.parent, home)
    page = new_page(browser_context, RequestLog())
    try:
        ui = NotebookPage(page, server, notebook)
        ui.open()
        ui.run_all(180)
        yield page
        assert ui.error_outputs() == []
    finally:
        page.close()
        server.stop()


@pytest.mark.parametrize("app", ["lab", "notebook"])
def test_moving_a_java_slider_redraws_its_output(app, browser_context, jupyter_home, widget_notebook, kernelspec):
    with notebook_run(app, widget_notebook, jupyter_home / f"widgets-{app}", browser_context) as page:
        handle = page.locator(".widget-slider .noUi-handle").first
        handle.wait_for(state="visible", timeout=60_000)
        assert wait_result(page, lambda r: r[0] == 25) == (25, 1)
        screenshot(page, f"widgets-{app}-avant.png")

        # One click on the track at a time: the latency from the click to the new text in the page.
        track = page.locator(".widget-slider .noUi-target").first.bounding_box()
        readout = page.locator(".widget-slider .widget-readout").first
        latencies = []
        for step in range(1, 6):
            page.wait_for_timeout(500)  # the handle's move animation of the last click has ended
            before = readout.inner_text()
            t0 = time.monotonic()
            page.mouse.click(track["x"] + track["width"] * (0.1 + 0.1 * step), track["y"] + track["height"] / 2)
            deadline = time.monotonic() + 10
            while readout.inner_text() == before and time.monotonic() < deadline:
                page.wait_for_timeout(5)
            value = int(readout.inner_text())
            assert str(value) != before, f"le clic sur la piste n'a pas bougé le curseur ({before})"
            wait_result(page, lambda r, v=value: r[0] == v * v)
            latencies.append(time.monotonic() - t0)
        print(f"\n{app} : curseur déplacé → sortie redessinée en {statistics.median(latencies) * 1000:.0f} ms "
              f"(médiane de 5 ; min {min(latencies) * 1000:.0f}, max {max(latencies) * 1000:.0f})")

        # A mouse drag across many positions of the slow slider (each call sleeps SLOW_MS): the last
        # position is shown, and positions crossed while a call ran made no call of their own.
        page.wait_for_timeout(500)
        slow_handle = page.locator(".widget-slider .noUi-handle").nth(1)
        slow_track = page.locator(".widget-slider .noUi-target").nth(1).bounding_box()
        slow_readout = page.locator(".widget-slider .widget-readout").nth(1)
        assert wait_result(page, lambda r: r[0] == 10, pattern=SLOW_RESULT) == (10, 1)
        start_value = int(slow_readout.inner_text())
        box = slow_handle.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        t0 = time.monotonic()
        page.mouse.move(slow_track["x"] + slow_track["width"] * 0.9, box["y"] + box["height"] / 2, steps=40)
        page.mouse.up()
        drag = time.monotonic() - t0
        value = int(slow_readout.inner_text())
        _, calls = wait_result(page, lambda r: r[0] == 2 * value, pattern=SLOW_RESULT)
        assert value >= start_value + 50, (start_value, value)
        crossed = value - start_value
        print(f"{app} : glissement de {start_value} à {value} ({crossed} positions en {drag:.1f} s, "
              f"appel de {SLOW_MS} ms) : {calls - 1} appel(s)")
        assert 1 <= calls - 1 < crossed, (calls, crossed)
        screenshot(page, f"widgets-{app}-apres.png")


PAD_CODE = """import fr.carnets.widgets.*;
import fr.carnets.data.*;
import fr.carnets.dl.models.*;
import fr.carnets.dl.training.*;
import static fr.carnets.dl.layers.Layers.*;
// A small dense network that reads digits (a few seconds of training), to read the drawing
var d = Mnist.options().flatten().scale().oneHot().load();
var lecteur = new Sequential(Input(784), Dense(64, "relu"), Dense(10, "softmax")).seed(1);
lecteur.compile("adam", "categorical_crossentropy", "accuracy");
lecteur.fit(Rows.take(d.xTrain, 10_000), Rows.take(d.yTrain, 10_000), Fit.batchSize(64).epochs(2).seed(1).verbose(0));
var pad = Widgets.drawingPad();
int[] dessins = {0};
Widgets.interact(() -> {
    if (pad.isEmpty()) return "planche vide";
    dessins[0]++;
    var x = pad.value();   // [1, 1, 28, 28]
    double masse = 0, ligne = 0, colonne = 0;
    int lignesEncrees = 0;
    for (int r = 0; r < 28; r++) {
        boolean encre = false;
        for (int c = 0; c < 28; c++) {
            double v = x.getDouble(0, 0, r, c);
            masse += v; ligne += v * (r + 0.5); colonne += v * (c + 0.5);
            encre |= v > 0.1;
        }
        if (encre) lignesEncrees++;
    }
    return String.format(java.util.Locale.ROOT, "encre %.1f centre %.2f %.2f hauteur %d dessin %d lu %d",
            pad.ink(), ligne / masse, colonne / masse, lignesEncrees, dessins[0], lecteur.predictClasses(x.reshape(1, 784))[0]);
}, pad)"""
PAD_RESULT = re.compile(r"encre ([\d.]+) centre ([\d.]+) ([\d.]+) hauteur (\d+) dessin (\d+) lu (\d)")


@pytest.fixture(scope="module")
def pad_notebook(tmp_path_factory):
    return one_cell_notebook(tmp_path_factory.mktemp("planche"), PAD_CODE)


@pytest.mark.parametrize("app", ["lab", "notebook"])
def test_a_digit_drawn_with_the_mouse_reaches_java_as_an_mnist_image(app, browser_context, jupyter_home, pad_notebook, kernelspec):
    with notebook_run(app, pad_notebook, jupyter_home / f"planche-{app}", browser_context) as page:
        canvas = page.locator(".carnets-drawing-pad canvas").first
        canvas.wait_for(state="visible", timeout=60_000)  # our extension was loaded: the widget is drawn, not its text
        clear = page.locator(".carnets-drawing-pad button").first
        assert clear.inner_text() == "Effacer"
        assert "planche vide" in page.locator(".jp-OutputArea").first.inner_text()
        box = canvas.bounding_box()

        # A vertical stroke (a « 1 ») at a different place each time: the mouse-up → new output latency.
        latencies, readings = [], []
        for step in range(5):
            if step:
                clear.click()
                wait_result(page, lambda r: True, pattern=re.compile(r"(planche vide)"))
            x = box["x"] + box["width"] * (0.3 + 0.1 * step)
            page.mouse.move(x, box["y"] + box["height"] * 0.2)
            page.mouse.down()
            page.mouse.move(x + box["width"] * 0.05, box["y"] + box["height"] * 0.8, steps=12)
            t0 = time.monotonic()
            page.mouse.up()
            ink, row, col, height, drawings, read = wait_result(page, lambda r, n=step + 1: r[4] == n, pattern=PAD_RESULT)
            latencies.append(time.monotonic() - t0)
            # As MNIST: the ink scaled into a 20-pixel box, its centre of mass at the frame's centre,
            # wherever it was drawn on the canvas; a stroke of about two pixels.
            assert 19 <= int(height) <= 21, (height, ink)
            assert abs(float(row) - 14) < 1 and abs(float(col) - 14) < 1, (row, col)
            assert 20 < float(ink) < 120, ink
            readings.append(read)
        print(f"\n{app} : planche à dessin, souris relâchée → sortie Java affichée en "
              f"{statistics.median(latencies) * 1000:.0f} ms (médiane de 5 ; min {min(latencies) * 1000:.0f}, "
              f"max {max(latencies) * 1000:.0f})")

        # The network reads the strokes as a 1 (wherever it was drawn, a 1 is framed as MNIST's are).
        print(f"{app} : chiffres lus pour les cinq traits verticaux : {readings}")
        assert readings.count(1) >= 4, readings

        # A 7 in two strokes, the second added to the first: one call per mouse-up, not one per move.
        clear.click()
        wait_result(page, lambda r: True, pattern=re.compile(r"(planche vide)"))
        for start, end, drawings in (((0.25, 0.2), (0.75, 0.2), 6), ((0.75, 0.2), (0.45, 0.85), 7)):
            page.mouse.move(box["x"] + box["width"] * start[0], box["y"] + box["height"] * start[1])
            page.mouse.down()
            page.mouse.move(box["x"] + box["width"] * end[0], box["y"] + box["height"] * end[1], steps=30)
            page.mouse.up()
            *_, read = wait_result(page, lambda r, n=drawings: r[4] == n, pattern=PAD_RESULT)
        page.wait_for_timeout(1000)
        assert shown(page, PAD_RESULT)[4] == 7, "un seul appel par trait relâché"
        print(f"{app} : le 7 tracé en deux traits est lu {read}")
        assert read == 7, read
        page.locator(".jp-OutputArea").first.locator("text=/lu 7/").scroll_into_view_if_needed()
        screenshot(page, f"planche-{app}.png")
