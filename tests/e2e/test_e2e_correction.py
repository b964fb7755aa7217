"""The grading page of `./carnets corriger` (index.html) in headless Chromium: it loads offline and
its table sorts when a heading is clicked. The page is written here from a report made in Python
(the grading itself, with the kernel, is tests/test_corriger.py)."""

from __future__ import annotations

import sys

from e2e_support import REPO_ROOT, RequestLog, new_page, screenshot

sys.path.insert(0, str(REPO_ROOT / "python"))

from carnets_tools import grading  # noqa: E402


def test_grading_page_sorts_and_stays_offline(browser_context, tmp_path):
    rows = [{"learner": name, "notes": {"00-1": a, "00-2": b}, "total": a + b, "remarks": [], "hints": {}}
            for name, a, b in [("bruno", 0, 0), ("alice", 1, 1), ("chloe", 1, 0)]]
    rows[0]["hints"] = {"00-1": ["La moyenne de 2, 4 et 9 : 0, c'est trop petit."]}
    report = grading.Report(["00-1", "00-2"], rows, [], 12.0, 2, "ci")
    grading.write_html(report, tmp_path / "index.html")

    log = RequestLog()
    page = new_page(browser_context, log)
    page.goto((tmp_path / "index.html").as_uri())
    learners = lambda: page.locator("#notes tbody tr td:first-child").all_inner_texts()  # noqa: E731
    assert learners() == ["bruno", "alice", "chloe"]
    page.locator("#notes thead th", has_text="Total").click()
    assert learners() == ["bruno", "chloe", "alice"]
    page.locator("#notes thead th", has_text="Total").click()
    assert learners() == ["alice", "chloe", "bruno"]
    page.locator("#notes thead th", has_text="Apprenant").click()
    assert learners() == ["alice", "bruno", "chloe"]
    assert page.locator("#notes tfoot td").all_inner_texts()[:3] == ["Taux de réussite", "67\u202f%", "33\u202f%"]
    assert "trop petit" in page.locator("#bruno").inner_text()
    screenshot(page, "correction.png")
    page.close()
    assert not log.external and not log.failed, (log.external, log.failed)
