"""The course site of `./carnets site` in headless Chromium: every page loads, offline.

The site is built here (or taken as is from $CARNETS_E2E_SITE), into a temporary folder, by the module `./carnets site` runs
(carnets_tools.site_builder), from the executed notebooks of build/notebooks/ (written by
tests/test_notebooks.py, which runs before the browser tests, or by `./carnets run`); a notebook
not executed yet gets its page without outputs, which must load all the same.

Each page is opened as a learner opens it, from the disk (file://), with every request intercepted:
a request that would leave the machine is blocked and fails the test, a missing local file fails
it too. Relative links between pages must point to existing pages.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from e2e_support import NOTEBOOKS_DIR, REPO_ROOT, RequestLog, new_page, screenshot

EXECUTED = Path(os.environ.get("CARNETS_E2E_EXECUTED", REPO_ROOT / "build" / "notebooks"))


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    prebuilt = os.environ.get("CARNETS_E2E_SITE")  # a site already built (build/site, say): checked as is
    if prebuilt:
        return Path(prebuilt).resolve()
    out = tmp_path_factory.mktemp("site") / "site"
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO_ROOT / "python") + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    r = subprocess.run([sys.executable, "-m", "carnets_tools.site_builder", "--executed", str(EXECUTED), "--output", str(out)],
                       cwd=str(REPO_ROOT), env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, f"./carnets site a échoué :\n{r.stdout}\n{r.stderr}"
    assert (out / "index.html").is_file(), f"pas d'index.html dans {out}"
    return out


def chapter_titles() -> dict[str, str]:
    """Chapter page name -> the title that the page must show (from the notebook's metadata)."""
    titles = {}
    for nb in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")):
        meta = json.loads(nb.read_text(encoding="utf-8")).get("metadata", {}).get("carnets", {})
        titles[nb.stem + ".html"] = meta.get("title", "")
    return titles


def test_every_page_loads_offline(browser_context, site):
    pages = sorted(site.rglob("*.html"))
    chapters = chapter_titles()
    for name in chapters:
        assert (site / name).is_file(), f"pas de page pour le chapitre {name}"
    log = RequestLog()
    page = new_page(browser_context, log)
    problems = []
    try:
        for path in pages:
            rel = path.relative_to(site).as_posix()
            before_failed = len(log.failed)
            response = page.goto(path.as_uri(), wait_until="load")
            if response is not None and response.status not in (0, 200):
                problems.append(f"{rel} : statut {response.status}")
            title = page.title().strip()
            if not title:
                problems.append(f"{rel} : pas de titre")
            if rel in chapters and chapters[rel] and chapters[rel] not in title:
                problems.append(f"{rel} : titre {title!r} sans {chapters[rel]!r}")
            if not page.locator("body").inner_text().strip():
                problems.append(f"{rel} : page vide")
            broken = page.evaluate("""() => Array.from(document.images)
                .filter(i => i.complete && i.naturalWidth === 0).map(i => i.src.slice(0, 80))""")
            if broken:
                problems.append(f"{rel} : images non affichées {broken}")
            problems += [f"{rel} : {f}" for f in log.failed[before_failed:] if "blockedbyclient" not in f]
            for href in page.evaluate("() => Array.from(document.querySelectorAll('a[href]')).map(a => a.href)"):
                parts = urlsplit(href)
                if parts.scheme == "file" and not Path(unquote(parts.path)).exists():
                    problems.append(f"{rel} : lien cassé vers {unquote(parts.path)}")
            if rel.startswith("02-"):
                screenshot(page, "site-02.png")
        page.goto((site / "index.html").as_uri())
        screenshot(page, "site-index.png")
    finally:
        page.close()
    print(f"\nsite : {len(pages)} pages ouvertes, {len(log.all)} requêtes, toutes locales" if not log.external else "")
    assert log.external == [], f"requêtes vers l'extérieur (bloquées) : {log.external}"
    assert not problems, "\n".join(problems)
    assert all(RequestLog.is_local(u) for u in log.all)


def test_saved_widgets_are_drawn_offline(browser_context, widget_site):
    """The widgets a run left are drawn on the page, from the disk, with nothing fetched: the sliders
    at their values, the interact's output area with the function's text, the drawing pad with its
    image; their text fallbacks are hidden once drawn."""
    out, name = widget_site
    log = RequestLog()
    page = new_page(browser_context, log)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto((out / name).as_uri(), wait_until="load")
        page.wait_for_selector("html[data-carnets-widgets=drawn]", timeout=30_000)
        readouts = page.locator(".widget-readout")
        assert readouts.count() == 2, page.content()[-2000:]
        assert [readouts.nth(i).inner_text().strip() for i in range(2)] == ["0.25", "3"]
        assert "carré : 9" in page.locator(".widget-output").first.inner_text()
        ink = page.evaluate("""() => {
            const c = document.querySelector('.carnets-drawing-pad canvas');
            const at = (x, y) => c.getContext('2d').getImageData(x, y, 1, 1).data[0];
            return c ? [at(145, 140), at(20, 20)] : null; }""")
        assert ink is not None, "pas de planche à dessin dans la page"
        assert ink[0] > 200 and ink[1] == 0, ink  # the saved stroke, white on black
        hidden = page.evaluate("() => Array.from(document.querySelectorAll('.carnets-widget-text')).map(p => p.hidden)")
        assert hidden == [True, True, True], hidden
        screenshot(page, "site-widgets.png")
    finally:
        page.close()
    assert not errors, errors
    assert log.external == [], f"requêtes vers l'extérieur (bloquées) : {log.external}"
    assert not log.failed, log.failed
