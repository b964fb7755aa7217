"""The learner's working copy: the course's notebooks copied once, outside the tracked files.

JupyterLab autosaves outputs into the notebooks it opens; on the course's own files that would
make `git status` dirty and the next `git pull` conflict. So `./carnets lab` serves a copy:

    mes-carnets/                  (git-ignored; $CARNETS_WORKDIR chooses another folder)
        notebooks/NN-*.ipynb      the learner's notebooks (and notebooks/code/*.jsh)
        course -> ../course       the course pages, so that a notebook's ../course/x.md link works
        sauvegardes/DATE/...      a copy of each file before a reset or an update changes it
        .carnets/base/...         the course files each copy was made from (hidden from the lab)
        .carnets/etat.json        per file: the course version it was made from (SHA-256, commit, date)

Update rule (`update`, run by every `./carnets lab`): a course file that changed since the copy was
made is merged into the copy cell by cell, matched by cell id, with the base as referee:

* a cell the learner never changed (same source as in the base) takes the new course version
  (its outputs are kept when its source is the same, dropped otherwise);
* a cell the learner changed (an exercise answered, a note) keeps the learner's source and
  outputs; only its metadata (solution, tags) follows the course;
* a new course cell is inserted in the course's order; a course cell the learner deleted stays
  deleted unless the course changed it;
* a cell the course removed goes, unless the learner changed it; the learner's own cells stay,
  after the cell they followed.

Other files (code/*.jsh): replaced when the learner never changed them, kept otherwise (said).
Standard library only.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from .project import ROOT, CarnetsError

COURSE_NOTEBOOKS = ROOT / "notebooks"
COURSE_PAGES = ROOT / "course"
DEFAULT_WORKDIR = ROOT / "mes-carnets"
STATE_DIR = ".carnets"
STATE_FILE = "etat.json"
BACKUPS = "sauvegardes"
NOTEBOOKS = "notebooks"


def workdir(env=os.environ) -> Path:
    """$CARNETS_WORKDIR when set, else mes-carnets/ at the root of the repository."""
    chosen = env.get("CARNETS_WORKDIR")
    return Path(os.path.abspath(chosen)) if chosen else DEFAULT_WORKDIR


# ------------------------------------------------------------------------------------------------
# Notebooks as JSON (the course's own serialization: indent 1, UTF-8 kept, final newline)
# ------------------------------------------------------------------------------------------------


def read_notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def dumps(nb: dict) -> str:
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


def source(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def fresh(cell: dict) -> dict:
    """A course cell as the learner first gets it: no outputs, never run."""
    c = copy.deepcopy(cell)
    if c.get("cell_type") == "code":
        c["outputs"] = []
        c["execution_count"] = None
    return c


def fresh_notebook(nb: dict) -> dict:
    out = copy.deepcopy(nb)
    out["cells"] = [fresh(c) for c in nb.get("cells", [])]
    return out


# ------------------------------------------------------------------------------------------------
# The update rule (pure: dicts in, dict out)
# ------------------------------------------------------------------------------------------------


@dataclass
class MergeReport:
    updated: list = field(default_factory=list)   # course cells taken (changed in the course, untouched by the learner)
    inserted: list = field(default_factory=list)  # new course cells
    kept: list = field(default_factory=list)      # learner's changed cells kept although the course changed them
    removed: list = field(default_factory=list)   # cells the course removed, untouched by the learner


def merge(base: dict | None, mine: dict, new: dict) -> tuple[dict, MergeReport]:
    """The learner's notebook `mine`, made from course version `base`, brought to course version `new`.

    Without a base (its record lost), the new version stands in for it: the cells equal to the new
    course are the learner's untouched ones, every other cell is kept as the learner's."""
    base = base if base is not None else new
    report = MergeReport()
    base_cells = {c["id"]: c for c in base.get("cells", []) if c.get("id")}
    mine_cells = {c["id"]: c for c in mine.get("cells", []) if c.get("id")}
    new_ids = {c["id"] for c in new.get("cells", []) if c.get("id")}

    def untouched(cell: dict) -> bool:
        b = base_cells.get(cell.get("id"))
        return b is not None and source(b) == source(cell) and b.get("cell_type") == cell.get("cell_type")

    result: list[dict] = []
    for nc in new.get("cells", []):
        cid = nc.get("id")
        b = base_cells.get(cid)
        course_changed = b is None or source(b) != source(nc) or b.get("cell_type") != nc.get("cell_type")
        mc = mine_cells.get(cid)
        if mc is not None:
            if untouched(mc):
                cell = fresh(nc)
                if source(nc) == source(mc) and nc.get("cell_type") == "code" == mc.get("cell_type"):
                    cell["outputs"] = copy.deepcopy(mc.get("outputs", []))
                    cell["execution_count"] = mc.get("execution_count")
                if course_changed:
                    report.updated.append(cid)
            else:
                cell = copy.deepcopy(mc)
                if nc.get("cell_type") == mc.get("cell_type"):
                    cell["metadata"] = copy.deepcopy(nc.get("metadata", {}))
                if course_changed:
                    report.kept.append(cid)
            result.append(cell)
        elif b is None or course_changed:
            result.append(fresh(nc))
            report.inserted.append(cid)
        # else: deleted by the learner, unchanged in the course: stays deleted

    # The learner's cells that the course does not have (own cells, or removed from the course
    # after the learner changed them): each after the cell it followed in the learner's copy.
    position = {c.get("id"): i for i, c in enumerate(result) if c.get("id")}
    anchor = -1
    for mc in mine.get("cells", []):
        cid = mc.get("id")
        if cid and cid in new_ids:
            if cid in position:
                anchor = position[cid]
            continue
        if cid and cid in base_cells and untouched(mc):
            report.removed.append(cid)
            continue
        cell = copy.deepcopy(mc)
        result.insert(anchor + 1, cell)
        anchor += 1
        position = {c.get("id"): i for i, c in enumerate(result) if c.get("id")}

    out = {k: copy.deepcopy(v) for k, v in new.items() if k != "cells"}
    metadata = copy.deepcopy(mine.get("metadata", {}))
    metadata.update(copy.deepcopy(new.get("metadata", {})))
    out["metadata"] = metadata
    out["cells"] = result
    # the key order of the course's files
    return {k: out[k] for k in ["cells", *[k for k in out if k != "cells"]]}, report


def exercise_cells(nb: dict, exercise: str) -> list[str]:
    """The ids of an exercise's cell and of the check cells right after it."""
    cells = nb.get("cells", [])
    for i, c in enumerate(cells):
        if c.get("metadata", {}).get("carnets", {}).get("exercise") == exercise:
            ids = [c["id"]]
            for nxt in cells[i + 1:]:
                if "check" in nxt.get("metadata", {}).get("tags", []):
                    ids.append(nxt["id"])
                elif nxt.get("cell_type") == "code":
                    break
            return ids
    return []


def exercises(nb: dict) -> list[str]:
    return [c["metadata"]["carnets"]["exercise"] for c in nb.get("cells", [])
            if c.get("metadata", {}).get("carnets", {}).get("exercise")]


def reset_exercise(mine: dict, course: dict, exercise: str) -> dict:
    """`mine` with the exercise's cells (and their checks) back as in the course, outputs cleared;
    every other cell as the learner left it."""
    ids = exercise_cells(course, exercise)
    if not ids:
        raise CarnetsError(f"l'exercice {exercise} n'existe pas dans ce carnet "
                           f"(exercices : {', '.join(exercises(course)) or 'aucun'}).")
    course_cells = {c["id"]: c for c in course["cells"]}
    out = copy.deepcopy(mine)
    present = {c.get("id"): i for i, c in enumerate(out["cells"])}
    for cid in ids:
        if cid in present:
            out["cells"][present[cid]] = fresh(course_cells[cid])
    # cells the learner deleted go back after the cell that precedes them in the course
    order = [c["id"] for c in course["cells"]]
    for cid in ids:
        if cid in present:
            continue
        before = order[:order.index(cid)]
        at = 0
        for j, c in enumerate(out["cells"]):
            if c.get("id") in before:
                at = j + 1
        out["cells"].insert(at, fresh(course_cells[cid]))
    return out


# ------------------------------------------------------------------------------------------------
# The working copy on disk
# ------------------------------------------------------------------------------------------------


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def course_commit() -> str | None:
    try:
        r = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                           text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return r.stdout.strip() or None if r.returncode == 0 else None


class WorkCopy:
    """One learner's working copy in `root`, made from the course in `course` (notebooks/)."""

    def __init__(self, root: Path, course: Path = COURSE_NOTEBOOKS, pages: Path = COURSE_PAGES):
        self.root = Path(root)
        self.course = Path(course)
        self.pages = Path(pages)
        self.notebooks = self.root / NOTEBOOKS
        self.state_dir = self.root / STATE_DIR
        self.base = self.state_dir / "base"
        self._stamp = time.strftime("%Y-%m-%d_%H%M%S")
        self._commit: str | None | bool = False

    # -- state --------------------------------------------------------------------------------

    def state(self) -> dict:
        f = self.state_dir / STATE_FILE
        if not f.is_file():
            return {}
        try:
            return json.loads(f.read_text(encoding="utf-8"))
        except ValueError:
            return {}

    def _record(self, rel: str, data: bytes) -> None:
        if self._commit is False:
            self._commit = course_commit()
        state = self.state()
        state[rel] = {"sha256": sha256(data), "commit": self._commit, "date": time.strftime("%Y-%m-%d %H:%M:%S")}
        (self.base / rel).parent.mkdir(parents=True, exist_ok=True)
        (self.base / rel).write_bytes(data)
        self.state_dir.mkdir(parents=True, exist_ok=True)
        (self.state_dir / STATE_FILE).write_text(json.dumps(state, indent=1, ensure_ascii=False, sort_keys=True) + "\n",
                                                 encoding="utf-8")

    def course_files(self) -> list[str]:
        """The course's files, relative to notebooks/: the notebooks and what they load (code/)."""
        out = []
        for p in sorted(self.course.rglob("*")):
            rel = p.relative_to(self.course)
            if p.is_file() and not any(part.startswith(".") for part in rel.parts):
                out.append(rel.as_posix())
        return out

    def backup(self, rel: str) -> Path | None:
        """A copy of the learner's file under sauvegardes/DATE/, before it changes."""
        mine = self.notebooks / rel
        if not mine.is_file():
            return None
        target = self.root / BACKUPS / self._stamp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(mine, target)
        return target

    def _write(self, rel: str, text: str | bytes) -> None:
        mine = self.notebooks / rel
        mine.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8") if isinstance(text, str) else text
        if mine.is_file() and mine.read_bytes() == data:
            return
        self.backup(rel)
        tmp = mine.with_name(mine.name + ".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, mine)

    # -- creating and updating ------------------------------------------------------------------

    def link_pages(self) -> str:
        """course/ inside the working copy: a link to the course's pages (a copy where links fail)."""
        link = self.root / "course"
        if link.is_symlink() or link.exists():
            if link.is_symlink() and link.resolve() == self.pages.resolve():
                return "lien"
            if not link.is_symlink() and (link / ".copie-du-cours").is_file():
                shutil.rmtree(link)
            else:
                return "déjà là"
        try:
            target = os.path.relpath(self.pages, self.root)
            link.symlink_to(target, target_is_directory=True)
            return "lien"
        except OSError:  # Windows without the right to make links: a copy, refreshed at each start
            shutil.copytree(self.pages, link)
            (link / ".copie-du-cours").write_text("Copie des pages du cours, remplacée à chaque ./carnets lab.\n",
                                                  encoding="utf-8")
            return "copie"

    def update(self) -> list[str]:
        """Creates the working copy, or brings the course's changes into it (rule: module doc).
        Returns French lines saying what changed."""
        lines = []
        created = not self.notebooks.is_dir()
        self.notebooks.mkdir(parents=True, exist_ok=True)
        self.link_pages()
        state = self.state()
        for rel in self.course_files():
            data = (self.course / rel).read_bytes()
            mine = self.notebooks / rel
            if not mine.is_file():
                if rel.endswith(".ipynb"):
                    self._write(rel, dumps(fresh_notebook(json.loads(data))))
                else:
                    self._write(rel, data)
                self._record(rel, data)
                if not created:
                    lines.append(f"{rel} : nouveau dans le cours, copié.")
                continue
            if state.get(rel, {}).get("sha256") == sha256(data):
                continue  # the course did not change since this copy was made
            base_file = self.base / rel
            base = base_file.read_bytes() if base_file.is_file() else None
            if rel.endswith(".ipynb"):
                merged, report = merge(json.loads(base) if base else None, read_notebook(mine), json.loads(data))
                self._write(rel, dumps(merged))
                parts = []
                if report.updated:
                    parts.append(f"{len(report.updated)} cellule(s) mise(s) à jour")
                if report.inserted:
                    parts.append(f"{len(report.inserted)} nouvelle(s)")
                if report.removed:
                    parts.append(f"{len(report.removed)} retirée(s)")
                if report.kept:
                    parts.append(f"{len(report.kept)} que vous aviez modifiée(s) gardée(s) telles quelles "
                                 f"({', '.join(report.kept)})")
                if parts:
                    lines.append(f"{rel} : mis à jour depuis le cours : {' ; '.join(parts)}.")
            elif base is not None and mine.read_bytes() == base:
                self._write(rel, data)
                lines.append(f"{rel} : mis à jour depuis le cours.")
            elif mine.read_bytes() != data:
                lines.append(f"{rel} : modifié par vous, gardé tel quel (la version du cours a changé : "
                             f"notebooks/{rel} dans le dépôt).")
            self._record(rel, data)
        if created:
            lines.insert(0, f"Copie de travail créée dans {self.root} (vos carnets ; le cours reste intact).")
        return lines

    # -- resetting ------------------------------------------------------------------------------

    def find(self, name: str) -> str:
        """A course notebook by its number (« 02 »), its name or its path."""
        candidates = [r for r in self.course_files() if r.endswith(".ipynb") and "/" not in r]
        key = Path(name).name
        for r in candidates:
            if key in (r, r[:-len(".ipynb")]) or r.split("-", 1)[0] == key.zfill(2):
                return r
        raise CarnetsError(f"carnet inconnu : « {name} ». Carnets du cours : "
                           f"{', '.join(r.split('-', 1)[0] for r in candidates)} (par exemple : 02).")

    def reset_notebook(self, rel: str) -> Path | None:
        data = (self.course / rel).read_bytes()
        saved = self.backup(rel)
        self._write(rel, dumps(fresh_notebook(json.loads(data))) if rel.endswith(".ipynb") else data)
        self._record(rel, data)
        return saved

    def reset_exercise(self, exercise: str) -> Path | None:
        rel = self.find(exercise.split("-", 1)[0])
        course = read_notebook(self.course / rel)
        mine_path = self.notebooks / rel
        if not mine_path.is_file():
            return self.reset_notebook(rel)
        saved = self.backup(rel)
        self._write(rel, dumps(reset_exercise(read_notebook(mine_path), course, exercise)))
        return saved
