"""Static rules of the course text, read from the committed notebooks and course/*.md (no kernel).

* A check cell never shows an answer: no literal of an exercise's solution (a number of two
  digits or more, a string), nor the value of a solution line that is plain arithmetic
  (``long x = 32L * 224 * 224 * 3 * 4;``), appears in the check cell of that exercise or of a later
  one in the same notebook, unless the starter code already gives it (comments included).
  Numbers are compared by value, in Java or French spelling (``1_000L``, ``0,8``, ``5 258``). Expected values live in the library (``Check.hashed``) or
  are derived in the cell from what the notebook computed.
* No markdown cell and no course page carries a dated result ("16 s ... le 1er décembre 2026"):
  numbers in the text come from the run, not from a dated log.
* A concept cell (not an exercise, a check or the parameters) stays short enough to read in one look.
"""

from __future__ import annotations

import ast
import json
import operator
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((REPO_ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
COURSE_PAGES = sorted((REPO_ROOT / "course").glob("*.md"))

# ------------------------------------------------------------------------------ literals

_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
_COMMENT = re.compile(r"//[^\n]*")
# a Java number (1_000_000L, 0.8, 2e-4, 255f), a French decimal (0,8) or a French grouped number (5 258)
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:[  \u202f]\d{3})+(?:,\d+)?|\d[\d_]*(?:[.,]\d+)?(?:[eE][+-]?\d+)?)[lLfFdD]?(?![\w])")


def _value(token: str) -> Decimal | None:
    t = re.sub(r"[  \u202f_]", "", token).replace(",", ".")
    try:
        return Decimal(t)
    except InvalidOperation:
        return None


def _canonical(d: Decimal) -> str:
    s = format(d.normalize(), "f")
    return s.rstrip("0").rstrip(".") if "." in s else s


def _digits(d: Decimal) -> int:
    return sum(c.isdigit() for c in _canonical(abs(d)))


def numbers(text: str) -> set[str]:
    """Canonical values of the numbers written in a text ("1_000_000L" -> "1000000", "0,80" -> "0.8")."""
    out = set()
    for m in _NUMBER.finditer(text):
        v = _value(m.group(1))
        if v is not None:
            out.add(_canonical(v))
    return out


def strings(code: str, comments: bool = False) -> set[str]:
    """String literals of two characters or more (in comments too when ``comments``: a starter gives them)."""
    return {s for s in _STRING.findall(code if comments else _COMMENT.sub("", code)) if len(s) >= 2}


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


def _arith(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return Decimal(str(node.value))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _arith(node.operand)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_arith(node.left), _arith(node.right))
    raise ValueError


def arithmetic_values(code: str) -> set[str]:
    """The values of declarations whose right-hand side is plain arithmetic on number literals."""
    out = set()
    for m in re.finditer(r"=\s*([-+*/().\d_\sLlfFdD]+);", _COMMENT.sub("", code)):
        expr = re.sub(r"(\d)[lLfFdD]\b", r"\1", m.group(1)).replace("_", "")
        if not re.search(r"[-+*/]", expr.strip().lstrip("-")):
            continue
        try:
            out.add(_canonical(_arith(ast.parse(expr.strip(), mode="eval").body).quantize(Decimal("1e-9"))))
        except (ValueError, SyntaxError, ZeroDivisionError, InvalidOperation):
            pass
    return out


def forbidden(solution: str, starter: str) -> tuple[set[str], set[str]]:
    """What a check cell may not show for this exercise: (numbers, strings)."""
    given_numbers = numbers(starter)
    nums = {n for n in numbers(solution) | arithmetic_values(solution) if _digits(Decimal(n)) >= 2}
    return nums - given_numbers, strings(solution) - strings(starter, comments=True)


def leaks(nb: dict) -> list[str]:
    cells = nb["cells"]
    rules = []
    for cell in cells:
        tags = cell.get("metadata", {}).get("tags", [])
        if "exercise" in tags:
            meta = cell["metadata"].get("carnets", {})
            rules.append((meta.get("exercise"), *forbidden(meta.get("solution", ""), "".join(cell["source"]))))
    found = []
    seen = 0   # a check is compared with the solutions of its exercise and of the exercises before it
    for cell in cells:
        tags = cell.get("metadata", {}).get("tags", [])
        seen += "exercise" in tags
        if "check" not in tags:
            continue
        source = "".join(cell["source"])
        shown_numbers, shown_strings = numbers(source), strings(source)
        for exercise, nums, strs in rules[:seen]:
            for n in sorted(nums & shown_numbers):
                found.append(f"{cell.get('id')} montre {n}, tiré de la solution de l'exercice {exercise}")
            for s in sorted(strs & shown_strings):
                found.append(f"{cell.get('id')} montre « {s} », tiré de la solution de l'exercice {exercise}")
    return found


def test_leak_detection_is_judged():
    nb = {"cells": [
        {"cell_type": "code", "id": "ex", "metadata": {"tags": ["exercise"], "carnets": {
            "exercise": "99-1", "solution": 'long a = 1_000L * 224 * 3;\ndouble z = 0.8 * 0.5 + 0.1;\nString s = "chaussure";'}},
         "source": "long a = 0; // 224\ndouble z = 0;\nString s = \"?\";"},
        {"cell_type": "code", "id": "check", "metadata": {"tags": ["check"]},
         "source": 'Check.value(a, 672_000L, "a", "x") & Check.value(z, 0.5, 1e-9, "z", "0,8 × 0,5") & s.equals("chaussure") & b == 224'},
    ]}
    found = leaks(nb)
    assert any("672000" in f for f in found), found          # the value of the arithmetic
    assert any(" 0.8," in f for f in found), found           # a French decimal in a hint
    assert any(" 0.5," in f for f in found), found
    assert any("chaussure" in f for f in found), found
    assert not any(" 224," in f for f in found), found       # given in the starter code
    nb["cells"][1]["source"] = 'Check.hashed(a, "3f1c0a9b2d4e5f60", "a", "multipliez") & Check.value(z, sigmoide(w), 1e-9, "z", "x")'
    assert leaks(nb) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_no_check_cell_shows_a_solution_literal(path):
    found = leaks(json.loads(path.read_text(encoding="utf-8")))
    assert not found, (f"{path.name} : une vérification montre la réponse (utilisez Check.hashed, ou dérivez la "
                       "valeur attendue de ce que le carnet a calculé) :\n- " + "\n- ".join(found))


# ------------------------------------------------------------------------------ dated results

_MONTHS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_DATE = re.compile(rf"\b(?:1er|\d{{1,2}})\s+(?:{_MONTHS})(?:\s+\d{{4}})?\b", re.IGNORECASE)
# a measured quantity: a number followed by a unit of time, size, share or ratio
_MEASURE = re.compile(r"\d(?:[\d  \u202f]*\d)?(?:[.,]\d+)?\s?(?:s|ms|min|h|%|Mo|Mio|Go|Gio|points?|fois)(?!\w)")
WINDOW = 160


def dated_results(text: str) -> list[str]:
    """Each date that stands near a measured number, with its context."""
    found = []
    for m in _DATE.finditer(text):
        start, end = max(0, m.start() - WINDOW), min(len(text), m.end() + WINDOW)
        around = text[start:m.start()] + " " + text[m.end():end]
        paragraph = re.split(r"\n\s*\n", around)
        if _MEASURE.search(around) and any(_MEASURE.search(p) for p in paragraph):
            found.append(" ".join(text[start:end].split()))
    return found


def test_dated_result_detection_is_judged():
    assert dated_results("prend 16 s en taille réelle (`./carnets run --full`, 1er décembre 2026)")
    assert dated_results("jusqu'à 204 s le 30 novembre, sur la même machine")
    assert not dated_results("| 001 | conférence | Pierre Labadille | 28 novembre 2017 | <https://example.org> |")
    assert not dated_results("prend 16 s en taille réelle sur une machine à 2 cœurs.")


def _markdown_sources() -> list[tuple[str, str]]:
    out = []
    for path in NOTEBOOKS:
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "markdown":
                out.append((f"{path.name} [{cell.get('id')}]", "".join(cell["source"])))
    for page in COURSE_PAGES:
        out.append((f"course/{page.name}", page.read_text(encoding="utf-8")))
    return out


def test_no_markdown_carries_a_dated_result():
    found = [f"{where} : « {hit} »" for where, text in _markdown_sources() for hit in dated_results(text)]
    assert not found, ("un résultat daté dans le texte (les nombres viennent de l'exécution, pas d'un journal "
                       "de machine) :\n- " + "\n- ".join(found))


# ------------------------------------------------------------------------------ short concept cells

#: "About 15 lines of Java" per concept cell (issue 22 § 8): imports, comments, magics and blank lines
#: aside. The longest today are 04's hand-written convolution and 05's remedies, at 19.
MAX_CONCEPT_LINES = 19


def concept_cell_lengths(nb: dict) -> list[tuple[int, str]]:
    """(Java lines, cell id) of each concept cell."""
    out = []
    for c in nb["cells"]:
        meta = c.get("metadata", {})
        if c["cell_type"] != "code" or "exercise" in meta.get("carnets", {}) \
                or {"check", "parameters"} & set(meta.get("tags", [])):
            continue
        source = "".join(c["source"]) if isinstance(c["source"], list) else c["source"]
        lines = [l for l in source.splitlines() if l.strip() and not l.strip().startswith(("//", "import ", "%"))]
        out.append((len(lines), c.get("id", "?")))
    return out


def test_concept_cell_length_is_judged():
    cell = {"cell_type": "code", "metadata": {}, "source": "import a.B;\n// note\n\nint x = 1;\n%time x\nx + 1"}
    assert concept_cell_lengths({"cells": [cell]}) == [(2, "?")]
    exercise = dict(cell, metadata={"carnets": {"exercise": "01-1"}})
    assert concept_cell_lengths({"cells": [exercise]}) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_concept_cells_stay_short(path):
    long_cells = [f"{cid} : {n} lignes" for n, cid in concept_cell_lengths(json.loads(path.read_text(encoding="utf-8")))
                  if n > MAX_CONCEPT_LINES]
    assert not long_cells, (f"{path.name} : cellules de cours trop longues (au plus {MAX_CONCEPT_LINES} lignes de Java, "
                            "imports et commentaires à part ; découpez-les ou passez par une méthode) :\n- "
                            + "\n- ".join(long_cells))
