"""The test suite's own rules, checked on its files."""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_no_test_module_imports_conftest_by_name():
    # With tests/e2e/conftest.py collected too, "conftest" can resolve to the other file and stop
    # the whole run at collection (it happened twice): shared helpers go through fixtures.
    pattern = re.compile(r"^\s*(from\s+conftest\s+import|import\s+conftest\b)", re.M)
    found = [str(p.relative_to(TESTS)) for p in TESTS.rglob("*.py")
             if p.name != "conftest.py" and pattern.search(p.read_text(encoding="utf-8"))]
    assert found == [], "importez plutôt par une fixture de conftest.py : " + ", ".join(found)
