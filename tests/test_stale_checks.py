"""A check never judges stale values: when the exercise cell it checks did not run to the end
(compile error, exception, interruption), the check says so in French and judges nothing.

Driven through jupyter_client with the cell ids JupyterLab sends (execute_request metadata
"cellId"), on exercise 00-1 of the course as written in notebooks/00-prise-en-main.ipynb."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from test_course_api import wait_for_extension

# Not imported from conftest: under a whole-suite run, "conftest" may name tests/e2e/conftest.py.
REPO_ROOT = Path(__file__).resolve().parent.parent
EXEC_TIMEOUT = float(os.environ.get("CARNETS_TEST_EXEC_TIMEOUT", "60"))
NOTEBOOK = REPO_ROOT / "notebooks" / "00-prise-en-main.ipynb"
REFUSAL = "Rien n'est vérifié"


def cells_by_id(path: Path) -> dict:
    return {c["id"]: c for c in json.loads(path.read_text(encoding="utf-8"))["cells"]}


CELLS = cells_by_id(NOTEBOOK)
EXERCISE = CELLS["exercice-00-1"]
SOLUTION = EXERCISE["metadata"]["carnets"]["solution"]
CHECK = "".join(CELLS["verification-00-1"]["source"])


def run_cell(kernel, code: str, cell_id: str | None, timeout: float = EXEC_TIMEOUT) -> "ExecResult":
    """An execute_request as JupyterLab sends it: the cell's id in the request's metadata."""
    content = {"code": code, "silent": False, "store_history": True, "user_expressions": {},
               "allow_stdin": False, "stop_on_error": True}
    msg = kernel.kc.session.msg("execute_request", content, metadata={"cellId": cell_id} if cell_id else {})
    kernel.kc.shell_channel.send(msg)
    return kernel.wait_execute(code, msg["header"]["msg_id"], timeout)


def shown(r: "ExecResult") -> str:
    """Everything the cell showed: streams and the text of its displays."""
    parts = [r.stdout, r.stderr]
    for m in r.of_type("display_data", "execute_result"):
        parts.append(m["content"]["data"].get("text/plain", ""))
    return "\n".join(parts)


def check(kernel, cell_id="verification-00-1") -> str:
    r = run_cell(kernel, CHECK, cell_id)
    assert r.status == "ok", r.describe()
    return shown(r)


@pytest.fixture(scope="module", autouse=True)
def extension(kernel):
    wait_for_extension(kernel)
    kernel.ok("import fr.carnets.check.Check;")  # as notebook 00 does before its exercises


def test_check_judges_after_a_run_to_the_end(kernel):
    assert run_cell(kernel, SOLUTION, "exercice-00-1").status == "ok"
    out = check(kernel)
    assert "✔" in out and REFUSAL not in out, out


def test_compile_error_in_the_exercise_stops_the_check(kernel):
    assert run_cell(kernel, SOLUTION, "exercice-00-1").status == "ok"
    # the learner breaks the cell: the earlier, right, moyenne stays in the session
    r = run_cell(kernel, "double moyenne(double[] valeurs) {\n    return 0\n}", "exercice-00-1")
    assert r.status == "error", r.describe()
    out = check(kernel)
    assert out.count(REFUSAL) == 1, out  # two checks in the cell, one message
    assert "exercice 00-1" in out and "erreur de compilation" in out, out
    assert "✔" not in out and "✘" not in out, out


def test_exception_in_the_exercise_stops_the_check(kernel):
    r = run_cell(kernel, SOLUTION + "\nint[] t = new int[2];\nt[5] = 1;", "exercice-00-1")
    assert r.status == "error", r.describe()
    out = check(kernel)
    assert REFUSAL in out and "(exception)" in out and "✔" not in out, out


def test_fixed_exercise_is_judged_again(kernel):
    assert run_cell(kernel, "double moyenne(double[] v) { return 0; }\nint x = 1 / 0;", "exercice-00-1").status == "error"
    assert REFUSAL in check(kernel)
    assert run_cell(kernel, "double moyenne(double[] v) { return 0; }", "exercice-00-1").status == "ok"
    out = check(kernel)
    assert REFUSAL not in out and "✘" in out, out  # judged: wrong, with its hint


def test_check_cell_named_otherwise_looks_at_the_cell_run_before_it(kernel):
    assert run_cell(kernel, "double moyenne(double[] v) { return 5 }", "ma-cellule").status == "error"
    out = check(kernel, "ma-verification")
    assert REFUSAL in out and "exécutée avant celle-ci" in out, out


def test_without_cell_ids_checks_judge_as_before(kernel):
    assert run_cell(kernel, "double moyenne(double[] v) { return 0 }", "exercice-00-1").status == "error"
    r = kernel.run(CHECK)  # jupyter_client's execute(): no cell id
    assert r.status == "ok" and REFUSAL not in shown(r) and "✘" in shown(r), r.describe()


@pytest.mark.parametrize("path", sorted((REPO_ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")), ids=lambda p: p.name[:2])
def test_every_check_cell_is_named_after_its_exercise(path):
    """The link the kernel-side guard relies on: exercice-NN-k is checked by verification-NN-k."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    for i, c in enumerate(cells):
        ex = c.get("metadata", {}).get("carnets", {}).get("exercise")
        if not ex:
            continue
        nxt = next(d for d in cells[i + 1:] if d["cell_type"] == "code")
        assert c["id"] == f"exercice-{ex}", (path.name, c["id"])
        assert nxt["id"] == f"verification-{ex}" and "check" in nxt["metadata"].get("tags", []), (path.name, nxt["id"])
