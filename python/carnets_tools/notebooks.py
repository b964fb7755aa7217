"""The course notebooks: conventions, execution, expectations, exercises and the timing report.

Shared by ``./carnets run`` (notebook_runner.py), ``tests/test_notebooks.py`` and ``./carnets site``.

Conventions of a course notebook ``notebooks/NN-titre.ipynb`` (see course/AUTEURS.md):

* ``metadata.kernelspec.name == "carnets-java"``; committed without outputs.
* ``metadata.carnets``::

      {"chapter": "00", "title": "Prise en main",
       "budget_s": 120,                      # wall time allowed at CI scale, kernel start included
       "expects": [                          # what an executed copy must contain
         {"type": "image/png", "min": 1},                      # >= 1 output with that MIME type
         {"text_matches": "Sortie attendue"},                   # regex found in the outputs' text
         {"text_absent": "Exception"},                          # regex found nowhere
         {"value": "Précision : ([0-9.,]+)", "min": 0.93},      # every number captured within [min, max]
         ...],                               # any item may add "cell": "<cell id>" to look at one cell
       }

* one code cell tagged ``parameters`` reading environment variables (``CARNETS_SCALE``: ``ci`` or
  ``full``, full by default);
* an exercise is a code cell tagged ``exercise`` whose ``metadata.carnets`` holds
  ``{"exercise": "NN-k", "solution": "<the whole solved cell>"}``; the learner's version (the
  cell's source) must run without error; the next code cell, tagged ``check``, calls
  ``fr.carnets.check.Check``. The solution lives in the same file as the exercise (one source);
  ``course/solutions/NN-titre.md`` is generated from it, and the test harness runs every notebook
  a second time with the solutions in place and requires every check to answer ✔.
"""

from __future__ import annotations

import copy
import html
import json
import os
import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import nbformat

from .project import DEFAULT_CELL_TIMEOUT, KERNEL_NAME  # one definition, shared with the CLI
KERNELSPEC = {"name": "carnets-java", "display_name": "Java (Carnets)", "language": "java"}
NOTEBOOK_NAME = re.compile(r"^(\d\d)-[a-z0-9-]+\.ipynb$")
SCALES = ("ci", "full")
STARTUP_TIMEOUT = 120
RIGHT, WRONG = "✔", "✘"

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
SOLUTIONS_DIR = REPO_ROOT / "course" / "solutions"


# ------------------------------------------------------------------------------------------------
# Finding and reading notebooks
# ------------------------------------------------------------------------------------------------


def course_notebooks(directory: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The course notebooks NN-*.ipynb of a folder, in chapter order."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if NOTEBOOK_NAME.match(p.name))


def meta(nb) -> dict:
    return dict(nb.metadata.get("carnets", {}) or {})


def cell_meta(cell) -> dict:
    return dict(cell.metadata.get("carnets", {}) or {})


def tags(cell) -> list[str]:
    return list(cell.metadata.get("tags", []) or [])


def exercise_cells(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code" and "exercise" in tags(c)]


# ------------------------------------------------------------------------------------------------
# Static checks of a committed notebook (no kernel)
# ------------------------------------------------------------------------------------------------


def static_problems(path: Path) -> list[str]:
    """What is wrong with a committed course notebook, in French; empty when all is well."""
    problems: list[str] = []
    nb = nbformat.read(path, as_version=4)
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as e:
        problems.append(f"format de carnet invalide : {str(e).splitlines()[0]}")
    spec = dict(nb.metadata.get("kernelspec", {}) or {})
    if spec != KERNELSPEC:
        problems.append(f"kernelspec {spec!r} au lieu de {KERNELSPEC!r}")
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None):
            problems.append(f"cellule {i} ({cell.get('id', '?')}) : sorties ou numéro d'exécution présents "
                            "(effacez-les : « Edit > Clear Outputs of All Cells »)")
    m = meta(nb)
    chapter = NOTEBOOK_NAME.match(path.name)
    if not m:
        problems.append("metadata.carnets absent (chapter, title, budget_s, expects)")
    else:
        if chapter and m.get("chapter") != chapter.group(1):
            problems.append(f"metadata.carnets.chapter vaut {m.get('chapter')!r}, le nom du fichier dit {chapter.group(1)!r}")
        if not m.get("title"):
            problems.append("metadata.carnets.title absent")
        if not isinstance(m.get("budget_s"), (int, float)) or m["budget_s"] <= 0:
            problems.append("metadata.carnets.budget_s absent ou non positif")
        expects = m.get("expects")
        if not isinstance(expects, list) or not expects:
            problems.append("metadata.carnets.expects absent ou vide")
        else:
            ids = {c.get("id") for c in nb.cells}
            for e in expects:
                problems += [f"attente {e!r} : {p}" for p in expectation_syntax(e, ids)]
    params = [c for c in nb.cells if c.cell_type == "code" and "parameters" in tags(c)]
    if len(params) != 1:
        problems.append(f"{len(params)} cellule(s) « parameters » au lieu d'une")
    elif "CARNETS_SCALE" not in params[0].source:
        problems.append("la cellule « parameters » ne lit pas CARNETS_SCALE")
    problems += exercise_problems(nb)
    return problems


def exercise_problems(nb) -> list[str]:
    problems = []
    seen = set()
    code = [c for c in nb.cells if c.cell_type == "code"]
    for k, cell in enumerate(code):
        if "exercise" not in tags(cell):
            continue
        cm = cell_meta(cell)
        ex_id = cm.get("exercise")
        if not ex_id:
            problems.append(f"cellule {cell.get('id')} : exercice sans identifiant (metadata.carnets.exercise)")
            continue
        if ex_id in seen:
            problems.append(f"exercice {ex_id} : identifiant en double")
        seen.add(ex_id)
        solution = cm.get("solution")
        if not isinstance(solution, str) or not solution.strip():
            problems.append(f"exercice {ex_id} : pas de solution (metadata.carnets.solution)")
        elif solution.strip() == cell.source.strip():
            problems.append(f"exercice {ex_id} : la cellule de l'exercice contient déjà la solution")
        if k + 1 >= len(code) or "check" not in tags(code[k + 1]):
            problems.append(f"exercice {ex_id} : la cellule de code suivante doit être la vérification (étiquette « check »)")
    return problems


def expectation_syntax(e, cell_ids: set) -> list[str]:
    if not isinstance(e, dict):
        return ["doit être un objet JSON"]
    kinds = [k for k in ("type", "text_matches", "text_absent", "value") if k in e]
    if len(kinds) != 1:
        return ["il faut exactement une des clés type, text_matches, text_absent, value"]
    problems = []
    for key in ("text_matches", "text_absent", "value"):
        if key in e:
            try:
                rx = re.compile(e[key])
            except re.error as err:
                problems.append(f"expression régulière invalide ({err})")
                continue
            if key == "value" and rx.groups != 1:
                problems.append("« value » demande une expression avec exactement un groupe ( )")
    if "value" in e and "min" not in e and "max" not in e:
        problems.append("« value » demande min et/ou max")
    if "cell" in e and e["cell"] not in cell_ids:
        problems.append(f"cellule {e['cell']!r} introuvable")
    return problems


# ------------------------------------------------------------------------------------------------
# Looking at an executed notebook
# ------------------------------------------------------------------------------------------------

TAG = re.compile(r"<[^>]+>")


def _joined(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def output_text(output) -> str:
    """All the text a reader sees in one output (stream, text/plain, text/html without tags)."""
    if output.output_type == "stream":
        return _joined(output.text)
    if output.output_type == "error":
        return f"{output.ename}: {output.evalue}"
    data = output.get("data", {})
    parts = []
    if "text/plain" in data:
        parts.append(_joined(data["text/plain"]))
    if "text/html" in data:
        parts.append(html.unescape(TAG.sub(" ", _joined(data["text/html"]))))
    if "text/markdown" in data:
        parts.append(_joined(data["text/markdown"]))
    return "\n".join(parts)


def cell_text(cell) -> str:
    return "\n".join(output_text(o) for o in cell.get("outputs", []))


def coalesce_streams(nb) -> None:
    """Merges consecutive outputs of the same stream in each cell (the kernel may send a line in
    several pieces, e.g. with printf), so that text is matched and shown whole."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged = []
        for o in cell.get("outputs", []):
            if (o.output_type == "stream" and merged and merged[-1].output_type == "stream"
                    and merged[-1].name == o.name):
                merged[-1].text = _joined(merged[-1].text) + _joined(o.text)
            else:
                merged.append(o)
        cell.outputs = merged


def error_problems(nb) -> list[str]:
    problems = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "raises-exception" in tags(cell):
            continue
        for o in cell.get("outputs", []):
            if o.output_type == "error":
                first = (cell.source.strip().splitlines() or [""])[0][:60]
                problems.append(f"erreur dans la cellule {i} ({cell.get('id', '?')}, « {first} ») : "
                                f"{o.ename}: {o.evalue}".strip())
    return problems


# A library's or the JVM's own log line on stderr ("[main] WARN org.apache...", "WARNING: A Java agent
# ..."): English noise the learner would read in a course page, and cannot act on.
FOREIGN_LOG = re.compile(r"^(\[[^\]]+\] (WARN|ERROR|INFO) |WARNING: |SLF4J: )", re.MULTILINE)


# The kernel's note when a redefinition drops or resets a variable: a course page must not lose its
# own variables (chapter 07's check once reused a model's name for an array).
LOST_VARIABLE = re.compile(r"^Note : la variable .*(n'existe plus|remise à zéro)", re.MULTILINE)


def stream_problems(nb) -> list[str]:
    """Printed lines a course page must not show: a library's English log line, a lost variable."""
    problems = []
    for i, cell in enumerate(nb.cells):
        for o in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if o.output_type != "stream":
                continue
            for pattern, what in ((FOREIGN_LOG, "journal en anglais"), (LOST_VARIABLE, "variable perdue")):
                if m := pattern.search(o.text):
                    line = o.text[m.start():].splitlines()[0][:140]
                    problems.append(f"{what} dans la cellule {i} ({cell.get('id', '?')}) : {line}")
    return problems


def parse_number(text: str) -> float:
    t = text.strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    percent = t.endswith("%")
    t = t.rstrip("%").replace(",", ".")
    value = float(t)
    return value / 100 if percent else value


def expectation_problems(nb, expects: list) -> list[str]:
    """Expected outputs missing from an executed notebook, in French."""
    problems = []
    by_id = {c.get("id"): c for c in nb.cells}
    for e in expects:
        cells = [by_id[e["cell"]]] if e.get("cell") in by_id else [c for c in nb.cells if c.cell_type == "code"]
        where = f" dans la cellule {e['cell']}" if "cell" in e else ""
        desc = f" ({e['desc']})" if e.get("desc") else ""
        outputs = [o for c in cells for o in c.get("outputs", [])]
        text = "\n".join(output_text(o) for o in outputs)
        if "type" in e:
            n = sum(1 for o in outputs if e["type"] in o.get("data", {}))
            want = int(e.get("min", 1))
            if n < want:
                problems.append(f"{n} sortie(s) {e['type']}{where}, au moins {want} attendue(s){desc}")
            if "max" in e and n > int(e["max"]):
                problems.append(f"{n} sortie(s) {e['type']}{where}, au plus {e['max']} attendue(s){desc}")
        elif "text_matches" in e:
            if not re.search(e["text_matches"], text, re.MULTILINE):
                problems.append(f"texte attendu introuvable{where} : /{e['text_matches']}/{desc}")
        elif "text_absent" in e:
            m = re.search(e["text_absent"], text, re.MULTILINE)
            if m:
                problems.append(f"texte interdit trouvé{where} : « {m.group(0)} »{desc}")
        elif "value" in e:
            found = re.findall(e["value"], text, re.MULTILINE)
            if not found:
                problems.append(f"valeur introuvable{where} : /{e['value']}/{desc}")
            for raw in found:
                try:
                    v = parse_number(raw)
                except ValueError:
                    problems.append(f"valeur illisible « {raw} »{where}{desc}")
                    continue
                if "min" in e and v < e["min"]:
                    problems.append(f"valeur {v:g} en dessous du seuil {e['min']}{where}{desc}")
                if "max" in e and v > e["max"]:
                    problems.append(f"valeur {v:g} au-dessus du plafond {e['max']}{where}{desc}")
    return problems


def check_verdict_problems(nb) -> list[str]:
    """With solutions in place: every check cell must say ✔ and never ✘."""
    problems = []
    code = [c for c in nb.cells if c.cell_type == "code"]
    for k, cell in enumerate(code):
        if "check" not in tags(cell):
            continue
        ex = next((cell_meta(c).get("exercise") for c in reversed(code[:k]) if "exercise" in tags(c)), "?")
        text = cell_text(cell)
        if WRONG in text:
            lines = [ln for ln in text.splitlines() if WRONG in ln]
            problems.append(f"exercice {ex} : avec la solution, la vérification répond encore « {lines[0].strip()} »")
        elif RIGHT not in text:
            problems.append(f"exercice {ex} : avec la solution, la vérification n'a rien affiché (✔ attendu)")
    return problems


def check_texts(nb) -> dict[str, str]:
    """The text each check cell printed, by exercise id (in an executed notebook)."""
    texts = {}
    code = [c for c in nb.cells if c.cell_type == "code"]
    for k, cell in enumerate(code):
        if "check" not in tags(cell):
            continue
        ex = next((cell_meta(c).get("exercise") for c in reversed(code[:k]) if "exercise" in tags(c)), None)
        if ex:
            texts[ex] = cell_text(cell)
    return texts


def starter_problem(text: str | None, exercise: str) -> str | None:
    """What is wrong when the untouched starter code of an exercise meets its check: the check must
    answer ✘ (a check that already says ✔ on the starter gives nothing to find)."""
    if text is None:
        return f"exercice {exercise} : sa vérification n'a pas été exécutée (le carnet s'est-il arrêté avant ?)"
    if WRONG not in text:
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "rien")
        return f"exercice {exercise} : avec le code de départ, la vérification ne dit pas ✘ (elle affiche « {first} »)"
    return None


# ------------------------------------------------------------------------------------------------
# Solutions
# ------------------------------------------------------------------------------------------------


def with_solutions(nb):
    """A copy of the notebook where each exercise cell holds its solution."""
    nb = copy.deepcopy(nb)
    for cell in exercise_cells(nb):
        solution = cell_meta(cell).get("solution")
        if solution:
            cell.source = solution
    return nb


def _statement(nb, cell) -> str:
    """The statement of an exercise: the markdown just before its cell, from its "Exercice" heading."""
    i = nb.cells.index(cell)
    parts = []
    j = i - 1
    while j >= 0 and nb.cells[j].cell_type == "markdown":
        parts.insert(0, nb.cells[j].source)
        j -= 1
    lines = "\n\n".join(parts).splitlines()
    starts = [k for k, line in enumerate(lines) if re.match(r"^#+\s.*[Ee]xercice", line)]
    if starts:
        lines = lines[starts[-1]:]
    return "\n".join(lines).strip()


def solutions_markdown(path: Path) -> str:
    """The solutions page of one notebook (generated; never edited by hand)."""
    nb = nbformat.read(path, as_version=4)
    m = meta(nb)
    title = f"{m.get('chapter', '??')} — {m.get('title', path.stem)}"
    out = [
        f"# Solutions : {title}",
        "",
        f"<!-- Fichier généré depuis notebooks/{path.name} par "
        "`python -m carnets_tools.exercises` : ne pas modifier à la main. -->",
        "",
        f"Les solutions des exercices du carnet `notebooks/{path.name}`. Essayez d'abord "
        "seul : la cellule de vérification qui suit chaque exercice vous dit ce qui va ou non.",
        "",
    ]
    exercises = exercise_cells(nb)
    if not exercises:
        out += ["Ce carnet n'a pas d'exercice.", ""]
    for cell in exercises:
        cm = cell_meta(cell)
        out += [f"## Exercice {cm.get('exercise')}", ""]
        statement = _statement(nb, cell)
        if statement:
            out += ["> " + line if line else ">" for line in statement.splitlines()]
            out.append("")
        out += ["Le point de départ :", "", "```java", cell.source.rstrip(), "```", "",
                "Une solution :", "", "```java", str(cm.get("solution", "")).rstrip(), "```", ""]
    return "\n".join(out).rstrip() + "\n"


def solutions_path(path: Path, directory: Path = SOLUTIONS_DIR) -> Path:
    return directory / (path.stem + ".md")


# ------------------------------------------------------------------------------------------------
# Execution
# ------------------------------------------------------------------------------------------------


@dataclass
class Result:
    notebook: str
    mode: str  # "carnet" (as committed) or "solutions"
    scale: str
    ok: bool
    seconds: float
    budget_s: float | None
    problems: list[str] = field(default_factory=list)
    output: str = ""
    finished: str = ""


def kernel_env(scale: str, extra: dict | None = None) -> dict:
    env = dict(os.environ)
    env["CARNETS_SCALE"] = scale
    if extra:
        env.update(extra)
    return env


#: Kernel starts tried per notebook: see run_client.
KERNEL_START_TRIES = 2


def kernel_died_at_start(e: Exception) -> bool:
    """Whether nbclient gave up because the kernel died before its first reply (nothing has run)."""
    return isinstance(e, RuntimeError) and "before replying to kernel_info" in str(e)


def run_client(make_client, env: dict):
    """Runs a fresh NotebookClient from make_client(), once more if its kernel died before its first
    reply. jupyter_client picks free ports and the kernel binds them afterwards: a kernel started at
    the same instant (a room graded two at a time) can take one first, and the kernel stops with
    "Address already in use" before any cell has run. Returns the client that ran."""
    for attempt in range(1, KERNEL_START_TRIES + 1):
        client = make_client()
        try:
            client.execute(env=env)
            return client
        except RuntimeError as e:
            if attempt == KERNEL_START_TRIES or not kernel_died_at_start(e):
                raise


def execute(path: Path, output: Path | None, *, scale: str = "ci", solutions: bool = False,
            kernel: str = KERNEL_NAME, timeout: int = DEFAULT_CELL_TIMEOUT, check: bool = True,
            budget: bool | None = None) -> Result:
    """Executes one notebook (in its own folder) and judges it.

    check: look for error outputs, English log lines and lost variables, expected outputs and (with
    solutions) the checks' verdicts.
    budget: enforce metadata.carnets.budget_s (default: at CI scale only).
    """
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    if solutions:
        nb = with_solutions(nb)
    m = meta(nb)
    def make_client():
        return NotebookClient(
            nb,
            kernel_name=kernel,
            timeout=timeout,
            startup_timeout=STARTUP_TIMEOUT,
            allow_errors=False,  # stops at the first error (cells tagged raises-exception excepted)
            resources={"metadata": {"path": str(path.parent.resolve())}},
        )

    problems: list[str] = []
    start = time.monotonic()
    try:
        run_client(make_client, kernel_env(scale))
    except CellTimeoutError:
        problems.append(f"une cellule a dépassé la durée maximale ({timeout} s)")
    except DeadKernelError:
        problems.append("le noyau s'est arrêté pendant l'exécution (mémoire ?)")
    except CellExecutionError:  # the error output of the cell is reported below
        pass
    except Exception as e:  # noqa: BLE001 - reported, the other notebooks still run
        problems.append(f"{type(e).__name__} : {e}")
    seconds = time.monotonic() - start
    coalesce_streams(nb)
    nb.metadata.setdefault("carnets", {})["executed"] = {
        "scale": scale, "mode": "solutions" if solutions else "carnet", "seconds": round(seconds, 1)}
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, output)
    errors = error_problems(nb)
    problems += errors + (stream_problems(nb) if check else [])
    if check and not errors and not problems:
        problems += expectation_problems(nb, m.get("expects", []))
        if solutions:
            problems += check_verdict_problems(nb)
    budget_s = m.get("budget_s")
    if budget is None:
        budget = scale == "ci"
    if budget and budget_s and seconds > budget_s:
        problems.append(f"durée {seconds:.1f} s au-delà du budget de {budget_s} s (metadata.carnets.budget_s)")
    return Result(notebook=path.name, mode="solutions" if solutions else "carnet", scale=scale,
                  ok=not problems, seconds=round(seconds, 1), budget_s=budget_s, problems=problems,
                  output=str(output or ""), finished=time.strftime("%Y-%m-%d %H:%M:%S"))


# ------------------------------------------------------------------------------------------------
# Report (build/notebooks/report.json and report.md), merged run after run
# ------------------------------------------------------------------------------------------------


def update_report(directory: Path, results: list[Result]) -> tuple[Path, Path]:
    """Merges results into directory/report.json (one entry per notebook, mode and scale) and
    rewrites report.md from it."""
    directory.mkdir(parents=True, exist_ok=True)
    jpath, mpath = directory / "report.json", directory / "report.md"
    entries = {}
    if jpath.is_file():
        try:
            for e in json.loads(jpath.read_text(encoding="utf-8")).get("results", []):
                entries[(e["notebook"], e["mode"], e["scale"])] = e
        except (ValueError, KeyError):
            entries = {}
    for r in results:
        entries[(r.notebook, r.mode, r.scale)] = asdict(r)
    ordered = [entries[k] for k in sorted(entries)]
    machine = {"cpus": os.cpu_count(), "omp_num_threads": os.environ.get("OMP_NUM_THREADS", "non fixé (le noyau prend les cœurs utilisables)")}
    jpath.write_text(json.dumps({"machine": machine, "results": ordered}, indent=2, ensure_ascii=False) + "\n",
                     encoding="utf-8")
    lines = [
        "# Exécution des carnets",
        "",
        f"Machine : {machine['cpus']} cœur(s), OMP_NUM_THREADS={machine['omp_num_threads']}. "
        "Échelle `ci` : données réduites (CARNETS_SCALE=ci) ; `full` : taille réelle. "
        "Mode `carnet` : tel que livré ; `solutions` : exercices remplacés par leurs solutions.",
        "",
        "| Carnet | Mode | Échelle | Durée (s) | Budget (s) | Résultat | Terminé |",
        "|---|---|---|---:|---:|---|---|",
    ]
    for e in ordered:
        status = "OK" if e["ok"] else "ÉCHEC"
        budget = "" if e.get("budget_s") is None or e["scale"] != "ci" else f"{e['budget_s']:g}"
        lines.append(f"| {e['notebook']} | {e['mode']} | {e['scale']} | {e['seconds']:.1f} | {budget} | "
                     f"{status} | {e.get('finished', '')} |")
    failed = [e for e in ordered if not e["ok"]]
    if failed:
        lines += ["", "## Problèmes", ""]
        for e in failed:
            for p in e["problems"]:
                lines.append(f"- {e['notebook']} ({e['mode']}, {e['scale']}) : {p}")
    mpath.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return jpath, mpath
