"""Grading a room's notebooks: the engine of `./carnets corriger`.

The hand-in folder holds one sub-folder per learner with the notebooks they handed in. Each
notebook is matched to its course notebook (notebooks/NN-*.ipynb, by metadata.carnets.chapter or
by its file name), then graded without trusting the learner's copy:

* every saved output is dropped;
* every check cell (tag ``check``) and the ``parameters`` cell are taken from the course's own
  notebook, matched by cell id (put back where the learner's copy had them, or right after the
  exercise cell when the learner deleted them);
* a copy whose own cells redefine ``Check`` or ``Verdict``, or forge the verdict's MIME type, is
  graded 0 with the reason.

Each graded copy runs headless (nbclient, the carnets-java kernel) in a worker process of its own,
in a scratch folder laid out like the repository (notebooks/code, build/), with a time limit for
the whole notebook, errors allowed (an exercise that fails does not stop the next ones), several at
once as cores and memory allow. An exercise is passed when its course check cell showed at least
one verdict and every one of them passed (the ``application/vnd.carnets.verdict+json`` object that
fr.carnets.check.Verdict shows beside its French box; the French text is never parsed).

Results: ``notes.csv`` (one row per learner, one column per exercise: 1 passed, 0 not; ';' as the
separator, as French spreadsheets expect), ``index.html`` (one page, no outside resource: sortable
table, success rate per exercise, each learner's hints), ``resultats.json`` and the executed
copies under ``copies/LEARNER/``. A notebook that cannot be graded (invalid JSON, a kernel that
dies, a time limit reached, a missing notebook, a notebook of another course) gets its reason in
the report and the batch goes on.

Worker: python -m carnets_tools.grading --un COURSE.ipynb GRADED.ipynb WORKDIR RESULT.json (internal).
"""

from __future__ import annotations

import concurrent.futures
import copy
import csv
import html
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from . import machine
from . import notebooks as nbs

VERDICT_MIME = "application/vnd.carnets.verdict+json"
#: Default time allowed for one whole notebook (its cells together; the kernel's start apart).
DEFAULT_LIMIT_S = 900
#: Memory set aside per notebook graded at once, to choose how many run together.
DEFAULT_MEMORY_MIB = 2048
#: Kept for the system and this process when counting how many kernels fit.
RESERVED_MIB = 1024
#: Cells of a learner that try to stand in for the checks.
FORGERY = re.compile(r"\b(class|interface|record|enum)\s+(Check|Verdict)\b|vnd\.carnets\.verdict")


# ------------------------------------------------------------------------------------------------
# The course
# ------------------------------------------------------------------------------------------------


@dataclass
class CourseNotebook:
    path: Path
    chapter: str
    nb: object
    exercises: list  # exercise ids, in order
    check_of: dict  # check cell id -> exercise id
    exercise_cell: dict  # exercise id -> exercise cell id


def course_notebook(path: Path) -> CourseNotebook:
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    exercises, check_of, exercise_cell = [], {}, {}
    current = None
    for cell in code:
        if "exercise" in nbs.tags(cell):
            current = nbs.cell_meta(cell).get("exercise")
            exercises.append(current)
            exercise_cell[current] = cell.get("id")
        elif "check" in nbs.tags(cell) and current:
            check_of[cell.get("id")] = current
    return CourseNotebook(path, str(nbs.meta(nb).get("chapter", path.name[:2])), nb, exercises, check_of, exercise_cell)


def course(directory: Path = nbs.NOTEBOOKS_DIR) -> dict:
    """{chapter: CourseNotebook} of the course notebooks that have exercises."""
    out = {}
    for path in nbs.course_notebooks(directory):
        c = course_notebook(path)
        if c.exercises:
            out[c.chapter] = c
    return out


# ------------------------------------------------------------------------------------------------
# A learner's copy, made safe to grade
# ------------------------------------------------------------------------------------------------


class NotGradable(Exception):
    """A hand-in that cannot be graded; the message (French) goes in the report."""


def read_learner(path: Path):
    try:
        with open(path, encoding="utf-8") as f:
            raw = json.load(f)
    except UnicodeDecodeError:
        raise NotGradable("fichier illisible (pas du texte UTF-8) : le carnet est abîmé") from None
    except json.JSONDecodeError as e:
        raise NotGradable(f"fichier illisible (JSON invalide, ligne {e.lineno}) : le carnet est abîmé ou tronqué") from None
    except OSError as e:
        raise NotGradable(f"fichier illisible ({e.strerror})") from None
    try:
        return nbformat.reads(json.dumps(raw), as_version=4)
    except Exception as e:  # noqa: BLE001 - any nbformat complaint: not a notebook
        raise NotGradable(f"ce n'est pas un carnet Jupyter lisible ({type(e).__name__})") from None


def chapter_of(nb, path: Path, chapters: dict) -> str | None:
    """The course chapter a learner's notebook belongs to: its metadata, else its file name."""
    declared = str(nbs.meta(nb).get("chapter", ""))
    if declared in chapters:
        return declared
    m = nbs.NOTEBOOK_NAME.match(path.name) or re.match(r"^(\d\d)-", path.name)
    if m and m.group(1) in chapters and not declared:
        return m.group(1)
    return None


def graded_copy(course_nb: CourseNotebook, learner) -> tuple:
    """The notebook to run: the learner's cells without outputs, with the course's check and
    parameters cells in place of theirs. Returns (notebook, {exercise: note}, forgery or None)."""
    ref = course_nb.nb
    by_id = {c.get("id"): c for c in ref.cells}
    params = {c.get("id") for c in ref.cells if c.cell_type == "code" and "parameters" in nbs.tags(c)}
    course_ids = set(by_id)
    learner_ids = {c.get("id") for c in learner.cells}
    if not (learner_ids & (set(course_nb.check_of) | set(course_nb.exercise_cell.values()))):
        raise NotGradable("aucune cellule d'exercice de ce chapitre (identifiants de cellules inconnus) : "
                          "ce n'est pas un carnet de ce cours")
    check_for = {ex: cid for cid, ex in course_nb.check_of.items()}
    placed, notes, forgery = set(), {}, None
    cells = []

    def course_cell(cid):
        cell = copy.deepcopy(by_id[cid])
        cell.outputs, cell.execution_count = [], None
        placed.add(cid)
        return cell

    for cell in learner.cells:
        cid = cell.get("id")
        if cid in course_nb.check_of or cid in params:
            if cid not in placed:
                cells.append(course_cell(cid))
            continue
        if cell.cell_type == "code" and "check" in nbs.tags(cell) and cid not in course_ids:
            continue  # a check cell the course does not have: never run
        cell = copy.deepcopy(cell)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            if cid not in course_ids or cell.source != by_id[cid].source:
                if forgery is None and FORGERY.search(cell.source):
                    forgery = f"la cellule {cid} redéfinit la vérification (Check, Verdict ou son type MIME)"
        cells.append(cell)
        ex = next((e for e, xid in course_nb.exercise_cell.items() if xid == cid), None)
        if ex and check_for.get(ex) and check_for[ex] not in learner_ids:
            cells.append(course_cell(check_for[ex]))
    for ex in course_nb.exercises:
        if course_nb.exercise_cell[ex] not in learner_ids:
            notes[ex] = "cellule de l'exercice supprimée"
        cid = check_for.get(ex)
        if cid and cid not in placed:
            cells.append(course_cell(cid))
    for cell in cells:
        if cell.cell_type == "code":
            cell.metadata.pop("execution", None)
    out = nbformat.v4.new_notebook(metadata=copy.deepcopy(ref.metadata), cells=cells)
    return out, notes, forgery


# ------------------------------------------------------------------------------------------------
# Verdicts of an executed copy
# ------------------------------------------------------------------------------------------------


def verdicts(executed, course_nb: CourseNotebook) -> dict:
    """{exercise: {"passed": bool, "hints": [...]}} read from the course's check cells, whose
    exercise is the course's (never the learner's metadata)."""
    out = {}
    exercise_ids = set(course_nb.exercise_cell.values())
    for cell in executed.cells:
        cid = cell.get("id")
        if cell.cell_type != "code":
            continue
        if cid in exercise_ids:
            ex = next(e for e, xid in course_nb.exercise_cell.items() if xid == cid)
            errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
            if errors:
                out.setdefault(ex, {"passed": False, "hints": [], "ran": False})["hints"].append(
                    f"erreur dans l'exercice : {error_text(errors[0])}")
            continue
        ex = course_nb.check_of.get(cid)
        if ex is None:
            continue
        entry = out.setdefault(ex, {"passed": False, "hints": [], "ran": False})
        shown, all_passed, error = 0, True, None
        for o in cell.get("outputs", []):
            if o.output_type == "error":
                error = error_text(o)
            data = o.get("data", {}) if o.output_type in ("display_data", "execute_result") else {}
            v = data.get(VERDICT_MIME)
            if isinstance(v, str):
                try:
                    v = json.loads(v)
                except ValueError:
                    v = None
            if isinstance(v, dict) and isinstance(v.get("passed"), bool):
                shown += 1
                if not v["passed"]:
                    all_passed = False
                    entry["hints"].append(str(v.get("message", "")))
        entry["ran"] = cell.get("execution_count") is not None or bool(cell.get("outputs"))
        if error:
            entry["hints"].append(f"la vérification s'arrête sur une erreur : {error}")
        elif not shown and entry["ran"]:
            entry["hints"].append("la vérification n'a rendu aucun verdict")
        entry["passed"] = shown > 0 and all_passed and error is None and not entry["hints"]
    return out


def error_text(o) -> str:
    value = (o.get("evalue") or "").strip().splitlines()
    return f"{o.get('ename', 'Erreur')}: {value[0] if value else ''}".strip().rstrip(":")[:300]


# ------------------------------------------------------------------------------------------------
# Worker: one notebook, one kernel
# ------------------------------------------------------------------------------------------------


def work_folder(base: Path) -> Path:
    """A scratch folder laid out like the repository, so the course's relative paths hold
    (`%load code/…`, `../build/…`) and learners running at once never share their files."""
    (base / "notebooks").mkdir(parents=True, exist_ok=True)
    (base / "build").mkdir(exist_ok=True)
    code = base / "notebooks" / "code"
    if not code.exists():
        shutil.copytree(nbs.NOTEBOOKS_DIR / "code", code)
    return base / "notebooks"


def run_one(course_path: Path, graded_path: Path, workdir: Path, result_path: Path, limit_s: float,
            scale: str, kernel: str) -> dict:
    """Runs one graded copy (errors allowed) within limit_s for all its cells; writes the executed
    copy over graded_path and {"status", "detail", "seconds"} to result_path."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nb = nbformat.read(graded_path, as_version=4)
    deadline = [None]

    def timeout_for(cell):
        if deadline[0] is None:  # the first cell: the kernel has started, the clock starts now
            deadline[0] = time.monotonic() + limit_s
        return max(1, int(deadline[0] - time.monotonic()))

    def make_client():
        return NotebookClient(nb, kernel_name=kernel, timeout_func=timeout_for, startup_timeout=nbs.STARTUP_TIMEOUT,
                              allow_errors=True, shutdown_kernel="immediate",
                              resources={"metadata": {"path": str(work_folder(workdir))}})

    status, detail = "ok", ""
    start = time.monotonic()
    try:
        nbs.run_client(make_client, nbs.kernel_env(scale))
    except CellTimeoutError:
        status, detail = "temps", f"temps dépassé : le carnet a dépassé {limit_s:g} s (boucle sans fin ?)"
    except DeadKernelError:
        status, detail = "noyau", "le noyau s'est arrêté pendant l'exécution (System.exit, mémoire épuisée ?)"
    except Exception as e:  # noqa: BLE001 - reported in the learner's line, the batch goes on
        status, detail = "erreur", f"exécution impossible : {type(e).__name__} : {str(e).splitlines()[0] if str(e) else ''}"
    seconds = round(time.monotonic() - start, 1)
    nbs.coalesce_streams(nb)
    nbformat.write(nb, graded_path)
    result = {"status": status, "detail": detail, "seconds": seconds}
    result_path.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8")
    return result


# ------------------------------------------------------------------------------------------------
# The batch
# ------------------------------------------------------------------------------------------------


@dataclass
class Outcome:
    learner: str
    chapter: str
    file: str = ""
    status: str = "ok"  # ok, temps, noyau, erreur, illisible, absent, autre, fraude
    detail: str = ""
    seconds: float = 0.0
    exercises: dict = field(default_factory=dict)  # id -> {"passed", "hints"}


def available_mib(meminfo: Path = machine.MEMINFO) -> int | None:
    text = machine._read(meminfo) or ""
    m = re.search(r"^MemAvailable:\s+(\d+)\s+kB", text, re.MULTILINE)
    return int(m.group(1)) // 1024 if m else machine.memory_mib()


def parallelism(cores: int, memory_mib: int | None, per_notebook_mib: int = DEFAULT_MEMORY_MIB) -> int:
    """How many notebooks to grade at once: one per core, as long as each has its memory."""
    if memory_mib is None:
        return max(1, cores)
    return max(1, min(cores, (memory_mib - RESERVED_MIB) // max(1, per_notebook_mib)))


def learners(folder: Path) -> list[Path]:
    return sorted((p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name)


def handed_in(learner_dir: Path) -> list[Path]:
    return sorted(p for p in learner_dir.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def plan(folder: Path, chapters: dict, out: Path) -> tuple:
    """What to run: (jobs, outcomes already decided, chapters graded). A job is
    (outcome, course notebook, graded copy path)."""
    jobs, decided = [], []
    per_learner = {}
    for learner_dir in learners(folder):
        found = {}
        for path in handed_in(learner_dir):
            rel = str(path.relative_to(learner_dir))
            try:
                nb = read_learner(path)
            except NotGradable as e:
                decided.append(Outcome(learner_dir.name, chapter_from_name(path.name, chapters), rel, "illisible", str(e)))
                continue
            chapter = chapter_of(nb, path, chapters)
            if chapter is None:
                decided.append(Outcome(learner_dir.name, "", rel, "autre",
                                       "ce carnet n'est pas un carnet de ce cours (aucun chapitre à exercices reconnu)"))
                continue
            if chapter in found:
                decided.append(Outcome(learner_dir.name, chapter, rel, "autre",
                                       f"chapitre {chapter} rendu deux fois : seul {found[chapter][1]} est corrigé"))
                continue
            found[chapter] = (nb, rel)
        per_learner[learner_dir.name] = found
    graded_chapters = sorted({c for found in per_learner.values() for c in found}
                             | {o.chapter for o in decided if o.chapter})
    for name, found in per_learner.items():
        for chapter in graded_chapters:
            if chapter not in found:
                if not any(o.learner == name and o.chapter == chapter for o in decided):
                    decided.append(Outcome(name, chapter, "", "absent", f"carnet du chapitre {chapter} absent"))
                continue
            nb, rel = found[chapter]
            outcome = Outcome(name, chapter, rel)
            try:
                graded, notes, forgery = graded_copy(chapters[chapter], nb)
            except NotGradable as e:
                outcome.status, outcome.detail = "autre", str(e)
                decided.append(outcome)
                continue
            if forgery:
                outcome.status, outcome.detail = "fraude", f"copie non corrigée : {forgery}"
                decided.append(outcome)
                continue
            target = out / "copies" / safe_name(name) / chapters[chapter].path.name
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(graded, target)
            outcome.exercises = {ex: {"passed": False, "hints": [note]} for ex, note in notes.items()}
            jobs.append((outcome, chapters[chapter], target))
    return jobs, decided, graded_chapters


def chapter_from_name(name: str, chapters: dict) -> str:
    m = re.match(r"^(\d\d)-", name)
    return m.group(1) if m and m.group(1) in chapters else ""


def safe_name(name: str) -> str:
    return re.sub(r"[^\w.-]", "_", name) or "_"


def grade_job(job, out: Path, limit_s: float, scale: str, kernel: str, threads: int) -> Outcome:
    outcome, course_nb, target = job
    scratch = out / "travail" / safe_name(outcome.learner) / course_nb.chapter
    result_path = scratch / "resultat.json"
    scratch.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, OMP_NUM_THREADS=str(threads))
    cmd = [sys.executable, "-m", "carnets_tools.grading", "--un", str(course_nb.path), str(target), str(scratch),
           str(result_path), "--limite", str(limit_s), "--echelle", scale, "--noyau", kernel]
    # Own session: on the outer time limit the worker and its kernel are stopped together.
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        log, _ = proc.communicate(timeout=limit_s + nbs.STARTUP_TIMEOUT + 60)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        log, _ = proc.communicate()
    (scratch / "journal.txt").write_bytes(log or b"")
    try:
        result = json.loads(result_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        result = {"status": "erreur", "seconds": 0.0,
                  "detail": f"le correcteur de ce carnet s'est arrêté (code {proc.returncode}) : voir {scratch / 'journal.txt'}"}
    outcome.status, outcome.detail, outcome.seconds = result["status"], result["detail"], result["seconds"]
    if result["status"] != "erreur" or target.is_file():
        try:
            executed = nbformat.read(target, as_version=4)
            for ex, v in verdicts(executed, course_nb).items():
                prior = outcome.exercises.get(ex, {}).get("hints", [])
                outcome.exercises[ex] = {"passed": v["passed"] and not prior, "hints": prior + v["hints"]}
        except Exception as e:  # noqa: BLE001
            outcome.detail += f" (copie exécutée illisible : {e})"
    for ex in course_nb.exercises:
        v = outcome.exercises.setdefault(ex, {"passed": False, "hints": []})
        if not v["passed"] and not v["hints"]:
            v["hints"].append(f"non vérifié : {outcome.detail or 'la vérification ne s’est pas exécutée'}")
    return outcome


@dataclass
class Report:
    exercises: list  # exercise ids, columns
    rows: list  # [{"learner", "notes": {ex: 0/1}, "total", "remarks", "hints": {ex: [...]}}]
    outcomes: list
    seconds: float
    workers: int
    scale: str


def grade(folder: Path, out: Path, *, limit_s: float = DEFAULT_LIMIT_S, workers: int | None = None,
          scale: str = "full", kernel: str = nbs.KERNEL_NAME, memory_per_notebook: int = DEFAULT_MEMORY_MIB,
          course_dir: Path = nbs.NOTEBOOKS_DIR, progress=print) -> Report:
    chapters = course(course_dir)
    out.mkdir(parents=True, exist_ok=True)
    for old in ("copies", "travail"):
        shutil.rmtree(out / old, ignore_errors=True)
    jobs, decided, graded_chapters = plan(folder, chapters, out)
    cores = machine.cpu_count()
    if workers is None:
        workers = parallelism(cores, available_mib(), memory_per_notebook)
    workers = max(1, min(workers, len(jobs) or 1))
    threads = max(1, cores // workers)
    progress(f"{len(learners(folder))} apprenant(s), {len(jobs)} carnet(s) à exécuter, {workers} à la fois "
             f"({cores} cœur(s)), limite {limit_s:g} s par carnet, échelle {scale}.")
    start = time.monotonic()
    done = list(decided)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = [pool.submit(grade_job, job, out, limit_s, scale, kernel, threads) for job in jobs]
        for f in concurrent.futures.as_completed(futures):
            o = f.result()
            passed = sum(1 for v in o.exercises.values() if v["passed"])
            extra = f" — {o.detail}" if o.detail else ""
            progress(f"  {o.learner} / {o.chapter} : {passed}/{len(o.exercises)} exercice(s) en {o.seconds:.1f} s{extra}")
            done.append(o)
    seconds = round(time.monotonic() - start, 1)
    if all(o.status == "ok" for o in done):  # otherwise the workers' logs stay, to see what happened
        shutil.rmtree(out / "travail", ignore_errors=True)
    exercises = [ex for c in graded_chapters for ex in chapters[c].exercises]
    rows = []
    for learner_dir in learners(folder):
        mine = [o for o in done if o.learner == learner_dir.name]
        notes, hints, remarks = {}, {}, []
        for ex in exercises:
            v = next((o.exercises[ex] for o in mine if ex in o.exercises), None)
            notes[ex] = 1 if v and v["passed"] else 0
            if v and v["hints"]:
                hints[ex] = v["hints"]
        for o in sorted(mine, key=lambda o: (o.chapter, o.file)):
            if o.status != "ok" or o.detail:
                where = o.file or f"chapitre {o.chapter}"
                remarks.append(f"{where} : {o.detail}")
        rows.append({"learner": learner_dir.name, "notes": notes, "total": sum(notes.values()),
                     "remarks": remarks, "hints": hints})
    report = Report(exercises, rows, [asdict(o) for o in done], seconds, workers, scale)
    write_csv(report, out / "notes.csv")
    write_html(report, out / "index.html")
    (out / "resultats.json").write_text(json.dumps(asdict(report), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return report


# ------------------------------------------------------------------------------------------------
# Output
# ------------------------------------------------------------------------------------------------


def write_csv(report: Report, path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:  # BOM: spreadsheets then read UTF-8
        w = csv.writer(f, delimiter=";")
        w.writerow(["apprenant", *report.exercises, "total", "remarques"])
        for r in report.rows:
            w.writerow([r["learner"], *(r["notes"][ex] for ex in report.exercises), r["total"], " | ".join(r["remarks"])])


def rate(report: Report, ex: str) -> float:
    return sum(r["notes"][ex] for r in report.rows) / len(report.rows) if report.rows else 0.0


def percent(x: float) -> str:
    return f"{100 * x:.0f}\u202f%"


def write_html(report: Report, path: Path) -> None:
    e = html.escape
    head = "".join(f'<th data-type="num">{e(ex)}</th>' for ex in report.exercises)
    body = []
    for r in report.rows:
        cells = "".join(f'<td class="{"ok" if r["notes"][ex] else "ko"}">{"✔" if r["notes"][ex] else "✘"}</td>'
                        for ex in report.exercises)
        body.append(f'<tr><td><a href="#{e(safe_name(r["learner"]))}">{e(r["learner"])}</a></td>{cells}'
                    f'<td>{r["total"]}</td><td>{e(" ; ".join(r["remarks"]))}</td></tr>')
    rates = "".join(f"<td>{percent(rate(report, ex))}</td>" for ex in report.exercises)
    details = []
    for r in report.rows:
        items = []
        for ex in report.exercises:
            for h in r["hints"].get(ex, []):
                items.append(f"<li><b>{e(ex)}</b> : {e(h)}</li>")
        for rem in r["remarks"]:
            items.append(f"<li class='rem'>{e(rem)}</li>")
        content = f"<ul>{''.join(items)}</ul>" if items else "<p>Tous les exercices sont réussis.</p>"
        details.append(f'<section id="{e(safe_name(r["learner"]))}"><h3>{e(r["learner"])} — '
                       f'{r["total"]}/{len(report.exercises)}</h3>{content}</section>')
    page = f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>Correction : {len(report.rows)} apprenant(s)</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2em;max-width:80em}}
table{{border-collapse:collapse}} th,td{{border:1px solid #ccc;padding:3px 8px;text-align:center}}
th{{cursor:pointer;background:#f3f3f3}} th:after{{content:" ⇅";color:#999}}
td:first-child,td:last-child{{text-align:left}} .ok{{color:#2e9d4f}} .ko{{color:#d1383d}}
tfoot td{{font-weight:bold;background:#fafafa}} .rem{{color:#a15c00}}
</style></head><body>
<h1>Correction</h1>
<p>{len(report.rows)} apprenant(s), {len(report.exercises)} exercice(s), échelle {e(report.scale)},
corrigés en {report.seconds:.0f} s ({report.workers} carnet(s) à la fois). Cliquez sur un en-tête pour trier.</p>
<table id="notes"><thead><tr><th>Apprenant</th>{head}<th data-type="num">Total</th><th>Remarques</th></tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
<tfoot><tr><td>Taux de réussite</td>{rates}<td></td><td></td></tr></tfoot></table>
<h2>Indices par apprenant</h2>
{chr(10).join(details)}
<script>
document.querySelectorAll("#notes thead th").forEach((th, i) => th.addEventListener("click", () => {{
  const body = document.querySelector("#notes tbody");
  const rows = Array.from(body.rows);
  const dir = th.dataset.dir === "asc" ? -1 : 1;
  th.dataset.dir = dir === 1 ? "asc" : "desc";
  const key = r => {{ const t = r.cells[i].textContent.trim(); return t === "✔" ? 1 : t === "✘" ? 0 : t; }};
  rows.sort((a, b) => {{ const x = key(a), y = key(b);
    return dir * (typeof x === "number" || th.dataset.type === "num" ? Number(x) - Number(y) : String(x).localeCompare(String(y), "fr")); }});
  rows.forEach(r => body.appendChild(r));
}}));
</script>
</body></html>
"""
    path.write_text(page, encoding="utf-8")


# ------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    import argparse
    p = argparse.ArgumentParser(prog="python -m carnets_tools.grading")
    p.add_argument("--un", nargs=4, metavar=("COURS", "COPIE", "TRAVAIL", "RESULTAT"), required=True)
    p.add_argument("--limite", type=float, default=DEFAULT_LIMIT_S)
    p.add_argument("--echelle", default="full")
    p.add_argument("--noyau", default=nbs.KERNEL_NAME)
    a = p.parse_args(argv)
    course_path, graded, work, result = (Path(x) for x in a.un)
    run_one(course_path, graded, work, result, a.limite, a.echelle, a.noyau)
    return 0


if __name__ == "__main__":
    sys.exit(main())
