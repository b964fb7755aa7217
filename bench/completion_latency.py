"""Completion latency of the Carnets kernel on a 30-line cell, through jupyter_client (issue 29).

Starts the installed kernel ``carnets-java`` as Jupyter does, runs the lessons' imports, then sends
complete requests (Tab) on a 30-line cell that is never run: at the end of each of its last lines
in turn, as a learner typing down the cell would. Prints the first request (nothing cached yet),
then p50 / p95 / max of the others, in milliseconds, and the same for the typed line sent alone,
interleaved (same load: what seeing the cell costs). A measurement, not a test: nothing here fails
on a slow machine.

    .venv/bin/python bench/completion_latency.py [--requests 200]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from jupyter_client.manager import start_new_kernel

# 30 lines, as a lesson's cell: data, a model, a fit, a few helpers and records.
CELL_LINES = [
    "var f = Fit.epochs(3);",
    "var lot = 32;",
    "var noms = new java.util.ArrayList<String>();",
    'noms.add("zéro");',
    'noms.add("un");',
    "record Point(double x, double y) {}",
    "var points = new java.util.ArrayList<Point>();",
    "for (int i = 0; i < 10; i++) {",
    "    points.add(new Point(i, i * i));",
    "}",
    "double carre(double x) {",
    "    return x * x;",
    "}",
    "var total = points.stream().mapToDouble(p -> carre(p.x())).sum();",
    'String titre = "Courbe";',
    "var options = f.batchSize(lot).validationSplit(0.2);",
    "java.util.Map<String, java.util.List<Integer>> index = new java.util.HashMap<>();",
    'index.computeIfAbsent("a", k -> new java.util.ArrayList<>()).add(1);',
    "int n = noms.size();",
    'System.out.println(titre + " : " + total);',
    "var modele = new Sequential(Input(4), Dense(8, \"relu\"), Dense(3, \"softmax\"));",
    'modele.compile("adam", "categorical_crossentropy", "accuracy");',
    "var texte = String.join(\", \", noms);",
    "var premier = points.get(0);",
    "double somme = 0;",
    "for (Point p : points) somme += p.y();",
    "var moyenne = somme / points.size();",
    "var etiquette = titre.toUpperCase();",
    "var longueur = etiquette.length();",
    "options.",
]
# (line to complete, what the learner has typed of it)
PROBES = [
    (29, "options."), (28, "var longueur = etiquette.le"), (27, "var etiquette = titre.toUp"),
    (23, "var premier = points.get(0).x"), (21, "modele.comp"), (17, 'index.computeIfAbsent("a", k -> new java.util.ArrayList<>()).ad'),
    (15, "var options = f.batchSize(lot).valid"), (13, "var total = points.stream().mapToDouble(p -> carre(p.x"),
]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    assert len(CELL_LINES) == 30
    km, kc = start_new_kernel(kernel_name="carnets-java", startup_timeout=180)
    try:
        reply = kc.execute_interactive("import fr.carnets.dl.models.*;\nimport fr.carnets.dl.training.*;\nimport static fr.carnets.dl.layers.Layers.*;", timeout=120)
        assert reply["content"]["status"] == "ok", reply["content"]
        times = []
        alone = []
        found = 0

        def tab(code: str, cursor: int) -> tuple[float, bool]:
            t0 = time.perf_counter()
            msg = kc.complete(code, cursor)
            reply = kc.get_shell_msg(timeout=60)
            elapsed = (time.perf_counter() - t0) * 1000
            assert reply["parent_header"]["msg_id"] == msg
            return elapsed, bool(reply["content"]["matches"])

        for i in range(args.requests + 1):
            line, typed = PROBES[i % len(PROBES)]
            code = "\n".join(CELL_LINES[:line] + [typed] + CELL_LINES[line + 1:])
            cursor = len("\n".join(CELL_LINES[:line] + [typed]))
            elapsed, ok = tab(code, cursor)
            times.append(elapsed)
            found += ok
            # The same line alone, under the same load: what the request costs without the cell around it.
            alone.append(tab(typed, len(typed))[0])
        first, rest = times[0], times[1:]
        print(f"machine: {os.cpu_count()} CPU, load average {os.getloadavg()[0]:.1f}")
        print(f"completion on a 30-line cell: first request {first:.0f} ms; then {len(rest)} requests: "
              f"p50 {statistics.median(rest):.0f} ms, p95 {percentile(rest, 0.95):.0f} ms, max {max(rest):.0f} ms; "
              f"{found} of {len(times)} with matches")
        print(f"the typed line alone, interleaved: p50 {statistics.median(alone[1:]):.0f} ms, "
              f"p95 {percentile(alone[1:], 0.95):.0f} ms, max {max(alone[1:]):.0f} ms")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
