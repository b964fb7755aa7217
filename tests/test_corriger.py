"""`./carnets corriger`: a room of learners made here, graded by the real kernel to the expected table.

The learners hand in notebook 00 (the quickest at CI scale): the solutions, the starter code, a
copy whose check cells were edited to always pass (with forged saved outputs), an infinite loop,
a corrupt file, a kernel that dies, a notebook of another course, nothing at all, and a copy that
redefines Check. The fast tests build graded copies without a kernel.
"""

from __future__ import annotations

import copy
import csv
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "python"))

from carnets_tools import grading  # noqa: E402
from carnets_tools import notebooks as nbs  # noqa: E402

COURSE = REPO_ROOT / "notebooks" / "00-prise-en-main.ipynb"
NAME = COURSE.name
#: Per-notebook limit in the test: notebook 00 runs in 35 s on a quiet 2-core machine, 95 s on a busy one.
LIMIT_S = 150

EXPECTED = {  # learner -> (00-1, 00-2)
    "alice-solutions": (1, 1),
    "bruno-depart": (0, 0),
    "chloe-triche": (0, 0),
    "david-boucle": (1, 0),
    "emma-abime": (0, 0),
    "farid-arret": (1, 0),
    "gaelle-autre-cours": (0, 0),
    "hugo-rien": (0, 0),
    "ines-faux-check": (0, 0),
}


def course_nb():
    return nbformat.read(COURSE, as_version=4)


def cell(nb, cid):
    return next(c for c in nb.cells if c.get("id") == cid)


def solved(ex: str, nb):
    c = cell(nb, f"exercice-{ex}")
    c.source = nbs.cell_meta(c)["solution"]
    return nb


def forged_pass(c):
    """A saved ✔ output, as a cheater would leave it in the file."""
    c.outputs = [nbformat.v4.new_output("display_data", data={
        "text/plain": "✔ Bravo", grading.VERDICT_MIME: {"version": 1, "passed": True, "message": "Bravo"}})]
    c.execution_count = 3


def make_room(root: Path) -> Path:
    room = root / "rendus"

    def hand_in(learner, nb=None, text=None, name=NAME):
        folder = room / learner
        folder.mkdir(parents=True)
        if nb is not None:
            nbformat.write(nb, folder / name)
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")

    hand_in("alice-solutions", nbs.with_solutions(course_nb()))
    hand_in("bruno-depart", course_nb())
    cheat = course_nb()
    for cid in ("verification-00-1", "verification-00-2"):
        c = cell(cheat, cid)
        c.source = 'boolean reussi = Check.isTrue(true, "Bravo", "x");'
        forged_pass(c)
    hand_in("chloe-triche", cheat)
    loop = solved("00-1", course_nb())
    cell(loop, "exercice-00-2").source = ("class Temperature {\n    final double celsius;\n"
                                          "    Temperature(double celsius) { this.celsius = celsius; }\n"
                                          "    double fahrenheit() { while (true) { } }\n}")
    hand_in("david-boucle", loop)
    hand_in("emma-abime", text=COURSE.read_text(encoding="utf-8")[:5000])
    dies = solved("00-1", course_nb())
    # The kernel refuses System.exit and halt; a kill from outside is what an out-of-memory killer does.
    cell(dies, "exercice-00-2").source = ('new ProcessBuilder("kill", "-9", String.valueOf(ProcessHandle.current().pid()))'
                                          '.start().waitFor();')
    hand_in("farid-arret", dies)
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('bonjour')")])
    other.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    hand_in("gaelle-autre-cours", other, name="tp-python.ipynb")
    (room / "hugo-rien").mkdir()
    fake = nbs.with_solutions(course_nb())
    cell(fake, "exercice-00-1").source = ("class Check {\n    static boolean value(double a, double b, String w, String h) "
                                          "{ return true; }\n}\ndouble moyenne(double[] v) { return 0; }")
    hand_in("ines-faux-check", fake)
    return room


# ------------------------------------------------------------------ without a kernel


def test_graded_copy_takes_the_courses_checks_and_drops_outputs():
    chapters = grading.course()
    cheat = course_nb()
    c = cell(cheat, "verification-00-1")
    c.source = 'boolean reussi = Check.isTrue(true, "Bravo", "x");'
    forged_pass(c)
    cell(cheat, "parametres").source = 'String ECHELLE = "full";'
    cheat.cells.remove(cell(cheat, "verification-00-2"))  # deleted: put back after its exercise
    mine = nbformat.v4.new_code_cell("System.out.println(moyenne(new double[] {1}));")
    cheat.cells.insert(cheat.cells.index(cell(cheat, "exercice-00-1")) + 1, mine)
    graded, notes, forgery = grading.graded_copy(chapters["00"], cheat)
    ref = course_nb()
    assert forgery is None and notes == {}
    assert cell(graded, "verification-00-1").source == cell(ref, "verification-00-1").source
    assert cell(graded, "parametres").source == cell(ref, "parametres").source
    ids = [c.get("id") for c in graded.cells]
    assert ids.index("verification-00-2") == ids.index("exercice-00-2") + 1
    assert ids.index(mine.id) == ids.index("exercice-00-1") + 1  # the learner's own cell is kept, in place
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in graded.cells if c.cell_type == "code")


def test_a_notebook_of_another_course_or_a_forged_check_is_not_graded(tmp_path):
    chapters = grading.course()
    other = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    with pytest.raises(grading.NotGradable, match="pas un carnet de ce cours"):
        grading.graded_copy(chapters["00"], other)
    fake = course_nb()
    cell(fake, "exercice-00-2").source = "record Verdict(boolean ok) {}"
    assert "exercice-00-2" in grading.graded_copy(chapters["00"], fake)[2]
    broken = tmp_path / "x.ipynb"
    broken.write_text('{"cells": [', encoding="utf-8")
    with pytest.raises(grading.NotGradable, match="JSON invalide"):
        grading.read_learner(broken)


def test_parallelism_follows_cores_and_memory():
    assert grading.parallelism(16, 64 * 1024, 2048) == 16
    assert grading.parallelism(16, 9 * 1024, 2048) == 4
    assert grading.parallelism(2, 1500, 2048) == 1
    assert grading.parallelism(4, None) == 4


# ------------------------------------------------------------------ the real kernel


@pytest.mark.slow
@pytest.mark.time_limit(900)
def test_a_room_is_graded_to_the_expected_table(tmp_path):
    room = make_room(tmp_path)
    out = tmp_path / "correction"
    env = dict(os.environ, CARNETS_SCALE="ci")
    start = time.monotonic()
    proc = subprocess.run([sys.executable, str(REPO_ROOT / "python" / "carnets_tools" / "__main__.py"), "corriger",
                           str(room), "--sortie", str(out), "--ci", "--limite", str(LIMIT_S)],
                          cwd=str(REPO_ROOT), env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                          timeout=800)
    print(proc.stdout, f"\n(correction en {time.monotonic() - start:.0f} s)")
    assert proc.returncode == 0, proc.stdout

    with open(out / "notes.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0] == ["apprenant", "00-1", "00-2", "total", "remarques"]
    table = {r[0]: (int(r[1]), int(r[2])) for r in rows[1:]}
    assert table == EXPECTED
    remarks = {r[0]: r[4] for r in rows[1:]}
    assert remarks["alice-solutions"] == "" and remarks["bruno-depart"] == ""
    assert "temps dépassé" in remarks["david-boucle"]
    assert "JSON invalide" in remarks["emma-abime"]
    assert "noyau s'est arrêté" in remarks["farid-arret"]
    assert "pas un carnet de ce cours" in remarks["gaelle-autre-cours"]
    assert "absent" in remarks["gaelle-autre-cours"] and "absent" in remarks["hugo-rien"]
    assert "redéfinit la vérification" in remarks["ines-faux-check"]

    result = json.loads((out / "resultats.json").read_text(encoding="utf-8"))
    hints = {r["learner"]: r["hints"] for r in result["rows"]}
    # The hints are the verdicts' own messages (read from their JSON, not from the French text).
    assert any("trop petit" in h for h in hints["bruno-depart"]["00-1"])
    assert any("trop petit" in h for h in hints["chloe-triche"]["00-1"])  # the course's check ran, not hers
    assert "00-1" not in hints["alice-solutions"] and "00-1" not in hints["david-boucle"]
    # The executed copy of the cheater holds the course's check cell and its real verdicts.
    executed = nbformat.read(out / "copies" / "chloe-triche" / NAME, as_version=4)
    check = cell(executed, "verification-00-1")
    assert check.source == cell(course_nb(), "verification-00-1").source
    verdicts = [o["data"][grading.VERDICT_MIME] for o in check.outputs if grading.VERDICT_MIME in o.get("data", {})]
    assert verdicts and not any(v["passed"] for v in verdicts)

    page = (out / "index.html").read_text(encoding="utf-8")
    assert "Taux de réussite" in page and "33\u202f%" in page and "11\u202f%" in page  # 3/9 and 1/9
    assert "http://" not in page and "https://" not in page  # readable offline
    assert page.count("<section id=") == len(EXPECTED)
    assert re.search(r"trop petit", page)
