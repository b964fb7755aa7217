"""The learner's working copy (carnets_tools.workcopy): its update rule, its resets, on disk.

Pure Python on small notebooks written here: no Jupyter, no kernel."""

from __future__ import annotations

import json

import pytest

from carnets_tools import workcopy
from carnets_tools.project import CarnetsError


def cell(cid, src, kind="code", **meta):
    c = {"cell_type": kind, "id": cid, "metadata": dict(meta), "source": src}
    if kind == "code":
        c.update(outputs=[], execution_count=None)
    return c


def ran(c, text):
    """The cell as the learner has it after running it: an output and a prompt number."""
    c = dict(c)
    c["outputs"] = [{"output_type": "stream", "name": "stdout", "text": text}]
    c["execution_count"] = 7
    return c


def nb(*cells, **meta):
    return {"cells": list(cells), "metadata": {"kernelspec": {"name": "carnets-java"}, **meta},
            "nbformat": 4, "nbformat_minor": 5}


EXO = {"carnets": {"exercise": "02-1", "solution": "int x = 42;"}, "tags": ["exercise"]}
CHECK = {"tags": ["check"]}

BASE = nb(cell("titre", "# Titre", "markdown"),
          cell("intro", "int a = 1;"),
          cell("exercice-02-1", "int x = 0; // À COMPLÉTER", **EXO),
          cell("verification-02-1", "Check.value(x, 42);", **CHECK),
          cell("fin", "Suite", "markdown"))


def ids(notebook):
    return [c["id"] for c in notebook["cells"]]


def by_id(notebook, cid):
    return next(c for c in notebook["cells"] if c["id"] == cid)


def test_untouched_cells_follow_the_course_and_answers_stay():
    mine = nb(*BASE["cells"])
    mine["cells"][1] = ran(mine["cells"][1], "1\n")  # run, not edited
    mine["cells"][2] = ran(cell("exercice-02-1", "int x = 6 * 7;", **EXO), "42\n")  # the learner's answer
    new = nb(cell("titre", "# Titre, corrigé", "markdown"),
             cell("intro", "int a = 1;"),
             cell("exercice-02-1", "int x = 0; // À COMPLÉTER (entier)",
                  carnets={"exercise": "02-1", "solution": "int x = 40 + 2;"}, tags=["exercise"]),
             cell("verification-02-1", "Check.value(x, 42, \"indice\");", **CHECK),
             cell("fin", "Suite", "markdown"))
    merged, report = workcopy.merge(BASE, mine, new)
    assert ids(merged) == ids(new)
    assert workcopy.source(by_id(merged, "titre")) == "# Titre, corrigé"
    # same source in the course: the learner's outputs stay
    assert by_id(merged, "intro")["outputs"][0]["text"] == "1\n"
    exo = by_id(merged, "exercice-02-1")
    assert workcopy.source(exo) == "int x = 6 * 7;" and exo["outputs"][0]["text"] == "42\n"
    assert exo["metadata"]["carnets"]["solution"] == "int x = 40 + 2;"  # metadata follows the course
    assert workcopy.source(by_id(merged, "verification-02-1")) == 'Check.value(x, 42, "indice");'
    assert set(report.updated) == {"titre", "verification-02-1"} and report.kept == ["exercice-02-1"]


def test_changed_course_cell_drops_the_stale_outputs():
    mine = nb(*BASE["cells"])
    mine["cells"][1] = ran(mine["cells"][1], "1\n")
    new = nb(*BASE["cells"])
    new["cells"][1] = cell("intro", "int a = 2;")
    merged, _ = workcopy.merge(BASE, mine, new)
    intro = by_id(merged, "intro")
    assert workcopy.source(intro) == "int a = 2;" and intro["outputs"] == [] and intro["execution_count"] is None


def test_new_course_cells_are_inserted_in_order_and_own_cells_stay_in_place():
    mine = nb(*BASE["cells"])
    mine["cells"].insert(2, cell("ma-note", "Ma note", "markdown"))
    mine["cells"].insert(3, cell("mon-essai", "System.out.println(a);"))
    new = nb(BASE["cells"][0], cell("nouveau", "int b = 2;"), *BASE["cells"][1:])
    merged, report = workcopy.merge(BASE, mine, new)
    assert ids(merged) == ["titre", "nouveau", "intro", "ma-note", "mon-essai", "exercice-02-1",
                           "verification-02-1", "fin"]
    assert report.inserted == ["nouveau"]


def test_removed_course_cells_go_unless_the_learner_changed_them():
    mine = nb(*BASE["cells"])
    mine["cells"][2] = cell("exercice-02-1", "int x = 42;", **EXO)
    new = nb(BASE["cells"][0], BASE["cells"][4])  # the course drops intro, the exercise and its check
    merged, report = workcopy.merge(BASE, mine, new)
    assert ids(merged) == ["titre", "exercice-02-1", "fin"]
    assert set(report.removed) == {"intro", "verification-02-1"}


def test_a_deleted_cell_stays_deleted_unless_the_course_changed_it():
    mine = nb(*[c for c in BASE["cells"] if c["id"] not in ("intro", "fin")])
    new = nb(*BASE["cells"])
    new["cells"][4] = cell("fin", "Suite : [03](03-x.ipynb)", "markdown")
    merged, _ = workcopy.merge(BASE, mine, new)
    assert ids(merged) == ["titre", "exercice-02-1", "verification-02-1", "fin"]


def test_without_a_base_every_differing_cell_is_the_learners():
    mine = nb(*BASE["cells"])
    mine["cells"][2] = cell("exercice-02-1", "int x = 42;", **EXO)
    new = nb(*BASE["cells"])
    merged, _ = workcopy.merge(None, mine, new)
    assert workcopy.source(by_id(merged, "exercice-02-1")) == "int x = 42;"


def test_reset_exercise_restores_the_exercise_and_its_check_only():
    mine = nb(*BASE["cells"])
    mine["cells"][1] = cell("intro", "int a = 100;")
    mine["cells"][2] = ran(cell("exercice-02-1", "int x = 41;", **EXO), "41\n")
    del mine["cells"][3]  # the check deleted by mistake
    out = workcopy.reset_exercise(mine, BASE, "02-1")
    assert ids(out) == ids(BASE)
    assert workcopy.source(by_id(out, "exercice-02-1")) == "int x = 0; // À COMPLÉTER"
    assert by_id(out, "exercice-02-1")["outputs"] == []
    assert workcopy.source(by_id(out, "intro")) == "int a = 100;"
    with pytest.raises(CarnetsError, match="02-9"):
        workcopy.reset_exercise(mine, BASE, "02-9")


# --- on disk --------------------------------------------------------------------------------------


@pytest.fixture
def course(tmp_path):
    nbs = tmp_path / "cours" / "notebooks"
    (nbs / "code").mkdir(parents=True)
    (tmp_path / "cours" / "course").mkdir()
    (tmp_path / "cours" / "course" / "magies.md").write_text("# Magies\n", encoding="utf-8")
    (nbs / "02-premier.ipynb").write_text(workcopy.dumps(BASE), encoding="utf-8")
    (nbs / "code" / "outils.jsh").write_text("void a() {}\n", encoding="utf-8")
    return tmp_path / "cours"


def test_first_use_creates_the_copy_and_links_the_course_pages(course, tmp_path):
    wc = workcopy.WorkCopy(tmp_path / "mes-carnets", course / "notebooks", course / "course")
    lines = wc.update()
    assert "Copie de travail créée" in lines[0]
    assert json.loads((wc.notebooks / "02-premier.ipynb").read_text(encoding="utf-8")) == BASE
    # a notebook's ../course/magies.md resolves inside the copy
    assert (wc.notebooks / ".." / "course" / "magies.md").read_text(encoding="utf-8") == "# Magies\n"
    assert wc.state()["02-premier.ipynb"]["sha256"] == workcopy.sha256((course / "notebooks" / "02-premier.ipynb").read_bytes())
    assert wc.update() == []  # nothing new: nothing touched


def test_course_update_reaches_the_copy_with_a_backup(course, tmp_path):
    wc = workcopy.WorkCopy(tmp_path / "mes-carnets", course / "notebooks", course / "course")
    wc.update()
    mine = workcopy.read_notebook(wc.notebooks / "02-premier.ipynb")
    mine["cells"][2]["source"] = "int x = 42;"
    (wc.notebooks / "02-premier.ipynb").write_text(workcopy.dumps(mine), encoding="utf-8")
    (wc.notebooks / "code" / "outils.jsh").write_text("void a() { /* à moi */ }\n", encoding="utf-8")
    new = nb(*BASE["cells"], cell("nouveau", "int z = 3;"))
    new["cells"][2] = cell("exercice-02-1", "int x = 0; // À COMPLÉTER !", **EXO)
    (course / "notebooks" / "02-premier.ipynb").write_text(workcopy.dumps(new), encoding="utf-8")
    (course / "notebooks" / "code" / "outils.jsh").write_text("void b() {}\n", encoding="utf-8")
    lines = "\n".join(wc.update())
    got = workcopy.read_notebook(wc.notebooks / "02-premier.ipynb")
    assert ids(got)[-1] == "nouveau" and workcopy.source(by_id(got, "exercice-02-1")) == "int x = 42;"
    assert "gardée(s) telles quelles (exercice-02-1)" in lines and "outils.jsh : modifié par vous" in lines
    assert (wc.notebooks / "code" / "outils.jsh").read_text(encoding="utf-8") == "void a() { /* à moi */ }\n"
    backups = list((wc.root / "sauvegardes").rglob("02-premier.ipynb"))
    assert len(backups) == 1 and workcopy.read_notebook(backups[0]) == mine
    # the new version is the base of the next update
    assert wc.update() == []


def test_reset_notebook_keeps_a_backup(course, tmp_path):
    wc = workcopy.WorkCopy(tmp_path / "mes-carnets", course / "notebooks", course / "course")
    wc.update()
    path = wc.notebooks / "02-premier.ipynb"
    mine = workcopy.read_notebook(path)
    mine["cells"].append(cell("a-moi", "int mien = 1;"))
    path.write_text(workcopy.dumps(mine), encoding="utf-8")
    saved = wc.reset_notebook(wc.find("02"))
    assert workcopy.read_notebook(path) == BASE and workcopy.read_notebook(saved) == mine
    with pytest.raises(CarnetsError, match="carnet inconnu"):
        wc.find("09")
