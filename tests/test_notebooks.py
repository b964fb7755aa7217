"""The course notebooks (notebooks/NN-*.ipynb): static checks, then execution at CI scale.

* committed notebooks carry no outputs, use the kernelspec carnets-java, declare their
  metadata.carnets (chapter, title, budget_s, expects), have one parameters cell, and every exercise
  has a solution and a check cell (carnets_tools.notebooks.static_problems);
* the solutions pages course/solutions/*.md are up to date with the notebooks;
* each notebook runs with nbclient at CI scale (CARNETS_SCALE=ci) as committed: no error output,
  every expected output present, within its time budget; the executed copy goes to
  build/notebooks/ and its time to build/notebooks/report.md and report.json;
* each notebook runs again with its exercises replaced by their solutions: every check must say ✔
  (build/notebooks/solutions/);
* in the notebook as committed, every exercise's untouched starter code fails its check (✘): a check
  that the starter already passes teaches nothing (read from the executed copy of the CI-scale run).

CARNETS_NOTEBOOKS=00,01 restricts the executed notebooks (all by default).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "python"))

from carnets_tools import exercises  # noqa: E402
from carnets_tools import notebooks as nbs  # noqa: E402

BUILD = REPO_ROOT / "build" / "notebooks"
ALL = nbs.course_notebooks()


def selected() -> list[Path]:
    wanted = os.environ.get("CARNETS_NOTEBOOKS", "").strip()
    if not wanted:
        return ALL
    prefixes = [w.strip() for w in wanted.split(",") if w.strip()]
    return [p for p in ALL if any(p.name.startswith(w) for w in prefixes)]


def ids(paths):
    return [p.stem for p in paths]


#: Exercises whose starter code is known to pass its check, with the reason (French), until fixed
#: (not strict: these are being rewritten on another branch; remove the entries once it is merged).
STARTERS_KNOWN_TO_PASS: dict[str, str] = {}


def starter_cases(paths: list[Path]) -> list:
    import nbformat

    cases = []
    for path in paths:
        for cell in nbs.exercise_cells(nbformat.read(path, as_version=4)):
            ex = nbs.cell_meta(cell).get("exercise")
            marks = []
            if ex in STARTERS_KNOWN_TO_PASS:
                marks.append(pytest.mark.xfail(reason=STARTERS_KNOWN_TO_PASS[ex], strict=False))
            cases.append(pytest.param(path, ex, id=ex, marks=marks))
    return cases


def test_course_notebooks_exist():
    assert ALL, "aucun carnet notebooks/NN-*.ipynb"
    chapters = [nbs.NOTEBOOK_NAME.match(p.name).group(1) for p in ALL]
    assert len(set(chapters)) == len(chapters), f"deux carnets ont le même numéro : {chapters}"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_committed_notebook_is_clean(path):
    problems = nbs.static_problems(path)
    assert not problems, f"{path.name} :\n- " + "\n- ".join(problems)


def _markdown_words(path: Path) -> int:
    import json
    import re

    nb = json.loads(path.read_text(encoding="utf-8"))
    text = " ".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return len(re.findall(r"\w+", text))


def test_reading_times_match_the_text():
    """The word counts quoted in each notebook's "Durée" and in the syllabus follow the text (±10 %)."""
    import re

    syllabus = (REPO_ROOT / "course" / "syllabus.md").read_text(encoding="utf-8")
    for path in ALL:
        words = _markdown_words(path)
        chapter = path.name[:2]
        row = next(l for l in syllabus.splitlines() if l.startswith(f"| {chapter} |"))
        quoted = re.search(r"(\d+) min \(([\d  ]+) mots\)", row)
        assert quoted, f"syllabus, chapitre {chapter} : pas de « N min (M mots) »"
        n = int(re.sub(r"\D", "", quoted.group(2)))
        assert abs(n - words) <= 0.1 * words, f"syllabus {chapter} : {n} mots annoncés, {words} comptés"
        assert int(quoted.group(1)) == round(words / 200) or abs(int(quoted.group(1)) - words / 200) <= 1.5
        first = path.read_text(encoding="utf-8")
        said = re.search(r"environ ([\d  ]+) mots", first)
        assert said, f"{path.name} : la durée ne cite pas le nombre de mots"
        n = int(re.sub(r"\D", "", said.group(1)))
        assert abs(n - words) <= 0.1 * words, f"{path.name} : {n} mots annoncés, {words} comptés"


def test_solutions_pages_are_up_to_date():
    stale = []
    for page, text in exercises.expected_pages().items():
        if not page.is_file() or page.read_text(encoding="utf-8") != text:
            stale.append(str(page.relative_to(REPO_ROOT)))
    assert not stale, ("pages de solutions absentes ou périmées : " + ", ".join(stale)
                       + "\nRégénérez-les : PYTHONPATH=python .venv/bin/python -m carnets_tools.exercises")


def test_every_exercise_has_a_solution_page_entry():
    for path in ALL:
        page = nbs.solutions_path(path).read_text(encoding="utf-8") if nbs.solutions_path(path).is_file() else ""
        import nbformat

        nb = nbformat.read(path, as_version=4)
        for cell in nbs.exercise_cells(nb):
            ex = nbs.cell_meta(cell).get("exercise")
            assert f"## Exercice {ex}" in page, f"{path.name} : l'exercice {ex} manque dans {nbs.solutions_path(path).name}"


# ------------------------------------------------------------------------------ harness self-tests


def _executed(outputs_by_cell: list[list[dict]]):
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    cells = []
    for i, outs in enumerate(outputs_by_cell):
        c = new_code_cell("x", id=f"c{i}")
        c.outputs = [new_output(**o) for o in outs]
        cells.append(c)
    return nbformat.from_dict(new_notebook(cells=cells))


def test_expectations_are_judged():
    nb = _executed([
        [{"output_type": "stream", "name": "stdout", "text": "Précision sur le test : 0,95\n"}],
        [{"output_type": "display_data", "data": {"image/png": "iVBOR", "text/plain": "img"}}],
    ])
    ok = [{"type": "image/png", "min": 1}, {"text_matches": r"Précision"},
          {"value": r"test : ([0-9.,]+)", "min": 0.93}, {"text_absent": "✘"}]
    assert nbs.expectation_problems(nb, ok) == []
    bad = [{"type": "image/png", "min": 2}, {"text_matches": "Perte"}, {"value": r"test : ([0-9.,]+)", "min": 0.97},
           {"text_absent": "Précision", "cell": "c0"}, {"type": "image/png", "cell": "c0"}]
    problems = nbs.expectation_problems(nb, bad)
    assert len(problems) == 5, problems


def test_library_log_lines_are_problems():
    nb = _executed([
        [{"output_type": "stream", "name": "stderr", "text": "[BfDependencyCollector-0-1] WARN org.apache.maven.X - 2 problems\n"}],
        [{"output_type": "stream", "name": "stderr", "text": "Spark prêt.\nWARNING: A Java agent has been loaded dynamically\n"}],
        [{"output_type": "stream", "name": "stderr", "text": "Note : la graine est fixée (en français, voulu)\n"}],
        [{"output_type": "stream", "name": "stderr", "text": "Note : la variable h (History) n'existe plus, car la variable m a été redéfini(e)\n"}],
    ])
    problems = nbs.stream_problems(nb)
    assert len(problems) == 3, problems
    assert problems[2].startswith("variable perdue dans la cellule 3")
    assert "cellule 0" in problems[0] and "WARN org.apache.maven.X" in problems[0]
    assert "cellule 1" in problems[1] and problems[1].endswith("WARNING: A Java agent has been loaded dynamically")


def test_check_verdicts_are_judged():
    nb = _executed([[], [{"output_type": "display_data", "data": {"text/plain": "✘ La somme : attendu 4, obtenu 3."}}]])
    nb.cells[0].metadata.update({"tags": ["exercise"], "carnets": {"exercise": "99-1", "solution": "y"}})
    nb.cells[1].metadata["tags"] = ["check"]
    assert "99-1" in nbs.check_verdict_problems(nb)[0]
    nb.cells[1].outputs[0].data["text/plain"] = "✔ La somme : 4"
    assert nbs.check_verdict_problems(nb) == []
    assert nbs.with_solutions(nb).cells[0].source == "y"


def test_starter_verdicts_are_judged():
    nb = _executed([[], [{"output_type": "display_data", "data": {"text/plain": "✔ La somme : 4"}}],
                    [], [{"output_type": "display_data", "data": {"text/plain": "✘ La somme : 0, c'est trop petit."}}]])
    for i, ex in ((0, "99-1"), (2, "99-2")):
        nb.cells[i].metadata.update({"tags": ["exercise"], "carnets": {"exercise": ex, "solution": "y"}})
        nb.cells[i + 1].metadata["tags"] = ["check"]
    texts = nbs.check_texts(nb)
    assert "99-1" in nbs.starter_problem(texts["99-1"], "99-1")
    assert nbs.starter_problem(texts["99-2"], "99-2") is None
    assert "pas été exécutée" in nbs.starter_problem(None, "99-3")


# ------------------------------------------------------------------------------ execution


@pytest.mark.slow
@pytest.mark.parametrize("path", selected(), ids=ids(selected()))
def test_notebook_runs_at_ci_scale(kernelspec, path):
    result = nbs.execute(path, BUILD / path.name, scale="ci")
    nbs.update_report(BUILD, [result])
    assert result.ok, f"{path.name} ({result.seconds:.1f} s) :\n- " + "\n- ".join(result.problems)


@pytest.mark.slow
@pytest.mark.parametrize("path", selected(), ids=ids(selected()))
def test_notebook_solutions_pass_their_checks(kernelspec, path):
    import nbformat

    if not nbs.exercise_cells(nbformat.read(path, as_version=4)):
        pytest.skip("pas d'exercice")
    result = nbs.execute(path, BUILD / "solutions" / path.name, scale="ci", solutions=True)
    nbs.update_report(BUILD / "solutions", [result])
    assert result.ok, f"{path.name} avec les solutions ({result.seconds:.1f} s) :\n- " + "\n- ".join(result.problems)


@pytest.mark.slow
@pytest.mark.parametrize("path,exercise", starter_cases(selected()))
def test_starter_code_fails_its_check(kernelspec, path, exercise):
    """The starter code of every exercise, as committed, gets ✘ from its check (never a free ✔)."""
    import nbformat

    executed = BUILD / path.name
    if not executed.is_file() or executed.stat().st_mtime < path.stat().st_mtime:
        result = nbs.execute(path, executed, scale="ci")
        nbs.update_report(BUILD, [result])
    nb = nbformat.read(executed, as_version=4)
    problem = nbs.starter_problem(nbs.check_texts(nb).get(exercise), exercise)
    assert problem is None, f"{path.name} : {problem}"


def test_a_kernel_that_died_before_its_first_reply_is_started_once_more():
    """Two kernels started at the same instant can race for a free port (a room graded two at a time):
    the loser dies before kernel_info, nothing has run, and the notebook gets a second start."""
    started = []

    class Client:
        def __init__(self, fate):
            self.fate = fate

        def execute(self, env):
            started.append(env["CARNETS_SCALE"])
            if self.fate:
                raise self.fate

    died = RuntimeError("Kernel died before replying to kernel_info")
    fates = iter([died, None])
    client = nbs.run_client(lambda: Client(next(fates)), {"CARNETS_SCALE": "ci"})
    assert client.fate is None and started == ["ci", "ci"]
    # Twice in a row: reported, not retried for ever.
    started.clear()
    with pytest.raises(RuntimeError, match="kernel_info"):
        nbs.run_client(lambda: Client(died), {"CARNETS_SCALE": "ci"})
    assert len(started) == nbs.KERNEL_START_TRIES
    # Any other failure (a cell's error, a timeout) is not a failed start: no second run.
    started.clear()
    with pytest.raises(RuntimeError, match="autre"):
        nbs.run_client(lambda: Client(RuntimeError("autre chose")), {"CARNETS_SCALE": "ci"})
    assert len(started) == 1
