"""Java widgets in a real browser: JupyterLab 4 and Notebook 7 (headless Chromium) draw a slider made
in Java (fr.carnets.widgets), and moving it reruns the Java function whose result shows below it.

A small notebook written to a temporary folder (never a course notebook): a slider, and interact()
printing its square and how many times it ran. The test clicks the slider's track (one
position at a time: the measured slider-move → redraw latency) and drags it with the mouse (many positions: the
calls are coalesced, fewer than the positions crossed). Screenshots go to build/e2e/."""

from __future__ import annotations

import re
import statistics
import time

import nbformat
import pytest

from e2e_support import JupyterServer, RequestLog, extend_time_limit, new_page, screenshot
from notebook_ui import NotebookPage

CODE = """import fr.carnets.widgets.*;
int[] appels = {0};
var n = Widgets.intSlider("n", 0, 100, 5);
Widgets.interact(() -> {
    appels[0]++;
    return "carré = " + n.value() * n.value() + " ; appels = " + appels[0];
}, n)"""
RESULT = re.compile(r"carré = (\d+) ; appels = (\d+)")


@pytest.fixture(scope="module")
def widget_notebook(tmp_path_factory):
    folder = tmp_path_factory.mktemp("widgets")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "carnets-java", "display_name": "Java (Carnets)", "language": "java"}
    nb.cells = [nbformat.v4.new_code_cell(CODE)]
    path = folder / "widgets.ipynb"
    nbformat.write(nb, str(path))
    return path


def shown(page) -> tuple[int, int] | None:
    m = RESULT.search(page.locator(".jp-OutputArea").first.inner_text())
    return (int(m.group(1)), int(m.group(2))) if m else None


def wait_result(page, predicate, timeout: float = 60) -> tuple[int, int]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = shown(page)
        if got and predicate(got):
            return got
        page.wait_for_timeout(5)
    raise AssertionError(f"la sortie du widget n'a pas changé : {shown(page)}")


@pytest.mark.parametrize("app", ["lab", "notebook"])
def test_moving_a_java_slider_redraws_its_output(app, browser_context, jupyter_home, widget_notebook, kernelspec):
    extend_time_limit(400)
    server = JupyterServer(app, widget_notebook.parent, jupyter_home / f"widgets-{app}")
    page = new_page(browser_context, RequestLog())
    try:
        ui = NotebookPage(page, server, widget_notebook)
        ui.open()
        ui.run_all(180)
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

        # A mouse drag across many positions: the last one is shown, with fewer calls than positions.
        page.wait_for_timeout(500)
        start_value, before_calls = int(readout.inner_text()), shown(page)[1]
        box = handle.bounding_box()
        page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        page.mouse.down()
        page.mouse.move(track["x"] + track["width"] * 0.9, box["y"] + box["height"] / 2, steps=40)
        page.mouse.up()
        value = int(readout.inner_text())
        square, calls = wait_result(page, lambda r: r[0] == value * value)
        assert value >= start_value + 20, (start_value, value)
        crossed = value - start_value
        print(f"{app} : glissement de {start_value} à {value} ({crossed} positions) : {calls - before_calls} appel(s)")
        assert 1 <= calls - before_calls < crossed, (calls, before_calls, crossed)
        screenshot(page, f"widgets-{app}-apres.png")
        assert ui.error_outputs() == []
    finally:
        page.close()
        server.stop()
