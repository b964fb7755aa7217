"""Completion of a cell being written, in JupyterLab in headless Chromium (issue 29).

Notebook 02 is opened (its kernel starts; nothing is run), a two-line cell is typed below it, and
Tab on the second line must list a member of the variable the first line declares: the cell has
not run, so only completion that sees the cell finds it. The cell is never saved.
"""

from __future__ import annotations

import pytest

from e2e_support import RequestLog, new_page, screenshot
from notebook_ui import NotebookPage


@pytest.fixture(scope="module")
def lab_page(browser_context, lab_server, lab_notebook):
    page = new_page(browser_context, RequestLog())
    ui = NotebookPage(page, lab_server, lab_notebook)
    ui.open()
    yield ui
    page.close()


def test_tab_on_the_second_line_lists_a_member_declared_on_the_first(lab_page):
    lab_page.type_in_new_cell('var mots = new java.util.ArrayList<String>();\nmots.ad')
    cell = lab_page.page.locator(".jp-Notebook .jp-Cell.jp-mod-active")  # the new cell, wherever it was inserted
    completer = lab_page.page.locator(".jp-Completer")
    try:
        # Right after the kernel starts, JupyterLab may not have wired the cell's completer yet: Tab again.
        for attempt in range(3):
            lab_page.page.keyboard.press("Tab")
            try:
                completer.wait_for(state="visible", timeout=10_000)
                break
            except Exception:
                if attempt == 2:
                    raise
    finally:
        screenshot(lab_page.page, "lab-completion-cellule.png")
    items = completer.locator(".jp-Completer-item").all_inner_texts()
    text = cell.locator(".cm-content").inner_text()
    assert text.startswith("var mots = new java.util.ArrayList<String>();\nmots.ad"), f"cellule : {text!r}"
    assert any(t.strip().startswith("add") for t in items), f"complétions proposées : {items}"
    assert any("addAll" in t for t in items), f"complétions proposées : {items}"
    lab_page.page.keyboard.press("Escape")
    cell.locator(".cm-content").click()
    lab_page.page.keyboard.press("Control+a")
    lab_page.page.keyboard.press("Delete")
