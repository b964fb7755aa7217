"""The learner's pages: the README's links resolve, and the course's total duration is the sum of
the chapters' own estimates (course/syllabus.md), wherever it is given."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")
DURATION = re.compile(r"^(\d+) h(?: (\d+))?$")


def minutes(text: str) -> int:
    m = DURATION.match(text.strip())
    assert m, f"durée illisible : {text!r}"
    return int(m.group(1)) * 60 + int(m.group(2) or 0)


def syllabus_total() -> int:
    """Sum of the « Durée prévue » column of the syllabus's chapter table."""
    lines = (ROOT / "course" / "syllabus.md").read_text(encoding="utf-8").splitlines()
    header = next(i for i, l in enumerate(lines) if l.startswith("|") and "Durée prévue" in l)
    column = [c.strip() for c in lines[header].split("|")].index(
        next(c.strip() for c in lines[header].split("|") if "Durée prévue" in c))
    total, chapters = 0, 0
    for line in lines[header + 2:]:
        if not line.startswith("|"):
            break
        total += minutes(line.split("|")[column])
        chapters += 1
    assert chapters >= 9, chapters
    return total


def said(total: int) -> str:
    return f"{total // 60} h {total % 60:02d}" if total % 60 else f"{total // 60} h"


@pytest.mark.parametrize("page", ["README.md", "course/parcours-autonome.md"])
def test_total_duration_is_the_sum_of_the_chapters(page):
    text = (ROOT / page).read_text(encoding="utf-8")
    assert f"{said(syllabus_total())} au total" in text.replace("**", "") or \
        f"Total : {said(syllabus_total())}" in text.replace("**", ""), (page, said(syllabus_total()))


@pytest.mark.parametrize("page", ["README.md", "CONTRIBUTING.md", "course/parcours-autonome.md"])
def test_links_resolve(page):
    base = (ROOT / page).parent
    for target in LINK.findall((ROOT / page).read_text(encoding="utf-8")):
        if "://" in target:
            continue
        assert (base / target).exists(), f"{page} : lien mort vers {target}"


def test_readme_leads_a_learner_to_the_course():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    for needed in ["course/parcours-autonome.md", "course/syllabus.md", "course/README.md",
                   "00-prise-en-main.ipynb", "./carnets lab", "./carnets reinitialiser", "CONTRIBUTING.md"]:
        assert needed in text, needed
    assert len(text.split()) < 1200, "le README d'un apprenant reste court ; les détails vont dans CONTRIBUTING.md"
