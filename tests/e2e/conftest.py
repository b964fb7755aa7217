"""Fixtures of the browser tests (what they do and why: e2e_support.py)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from e2e_support import (ARTEFACTS, CHROMIUM_ARGS, E2E_DIR, NOTEBOOKS_DIR, JupyterServer, chromium_path,
                         lab_notebook_path, no_browser)


def pytest_configure(config):
    config.addinivalue_line("markers", "e2e: a test in a real browser (Chromium headless, Playwright)")


@pytest.hookimpl(tryfirst=True)  # before -m selects: « -m "not e2e" » leaves them out
def pytest_collection_modifyitems(session, config, items):
    """The browser tests run last: they are the slowest, and the site test then finds the notebooks
    executed by tests/test_notebooks.py in build/notebooks/."""
    e2e = [i for i in items if E2E_DIR in Path(str(i.fspath)).resolve().parents]
    if e2e:
        others = [i for i in items if i not in e2e]
        items[:] = others + e2e
        for i in e2e:
            i.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory):
    """One headless Chromium (persistent context with a fresh profile) for all browser tests."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        no_browser("le paquet Python playwright est absent de .venv (python/requirements-browser.txt, "
                   "installé par ./carnets test).")
    exe = chromium_path()
    if exe is None:
        no_browser(f"Chromium est introuvable ({os.environ.get('CARNETS_CHROMIUM') or '/usr/bin/chromium'}, "
                   "paquet Debian « chromium »).")
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    profile = tmp_path_factory.mktemp("chromium-profile")
    # Never let Playwright fetch a browser of its own, whatever happens.
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=exe,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
            locale="fr-FR",
        )
        context.set_default_timeout(30_000)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture(scope="session")
def jupyter_home():
    home = Path(tempfile.mkdtemp(prefix="carnets-e2e-"))
    yield home
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def lab_notebook() -> Path:
    path = lab_notebook_path()
    if path is None or not path.is_file():
        pytest.fail("le carnet 02 (notebooks/02-*.ipynb) est introuvable : le test JupyterLab l'exécute.",
                    pytrace=False)
    return path


@pytest.fixture(scope="module")
def lab_server(kernelspec, browser_context, jupyter_home, lab_notebook):
    server = JupyterServer("lab", lab_notebook.parent, jupyter_home / "lab")
    yield server
    server.stop()
    server.check_untouched()


@pytest.fixture(scope="module")
def notebook_server(kernelspec, browser_context, jupyter_home):
    server = JupyterServer("notebook", NOTEBOOKS_DIR, jupyter_home / "notebook")
    yield server
    server.stop()
    server.check_untouched()
