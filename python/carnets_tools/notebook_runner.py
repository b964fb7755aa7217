"""Execute notebooks headless with nbclient: the engine of `./carnets run`.

Each notebook runs in its own folder (so relative paths work as in JupyterLab),
on the carnets-java kernel by default. The executed copy, outputs included, is
written to the output folder under the same file name, also when a cell fails
(to see where). The exit status is non-zero if any notebook failed.

Without a notebook, every course notebook notebooks/NN-*.ipynb runs, in order.
The scale (environment variable CARNETS_SCALE read by each notebook's
parameters cell) is "ci" (small data, few epochs) unless --full is given.
Course notebooks are also judged: expected outputs (metadata.carnets.expects)
and, at CI scale, the time budget (metadata.carnets.budget_s). Each run
updates report.json and report.md in the output folder (see
carnets_tools.notebooks).

Usage: python -m carnets_tools.notebook_runner [--full] [--solutions] [--timeout S]
                                             [--output-dir DIR] [NOTEBOOK...]

Messages are in French, like the rest of the learner-facing tools.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import notebooks as nbs
from .commands.run import add_arguments

DEFAULT_KERNEL = nbs.KERNEL_NAME
DEFAULT_CELL_TIMEOUT = nbs.DEFAULT_CELL_TIMEOUT


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="./carnets run",
        description="Exécute des carnets sans interface et écrit les copies exécutées. "
                    "Sans carnet : tous les carnets du cours (notebooks/NN-*.ipynb).",
    )
    add_arguments(parser)  # the same command line as `./carnets run`
    args = parser.parse_args(argv)
    if args.output_dir is None:
        args.output_dir = args.default_output_dir
    if args.scale is None:
        args.scale = os.environ.get("CARNETS_SCALE", "ci") if os.environ.get("CARNETS_SCALE") in nbs.SCALES else "ci"
    return args


def check_inputs(paths: list[Path]) -> list[str]:
    """Problems that stop before anything runs: missing files, name clashes."""
    problems = []
    seen: dict[str, Path] = {}
    for path in paths:
        if not path.is_file():
            problems.append(f"carnet introuvable : {path}")
        elif path.suffix != ".ipynb":
            problems.append(f"ce n'est pas un carnet .ipynb : {path}")
        elif path.name in seen and seen[path.name].resolve() != path.resolve():
            problems.append(
                f"deux carnets ont le même nom {path.name} ({seen[path.name]} et {path}) : "
                "leurs copies exécutées s'écraseraient"
            )
        seen.setdefault(path.name, path)
    return problems


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = [Path(p) for p in args.notebooks] or nbs.course_notebooks()
    if not paths:
        print("carnets run : aucun carnet à exécuter (notebooks/NN-*.ipynb)", file=sys.stderr)
        return 2
    problems = check_inputs(paths)
    if problems:
        for problem in problems:
            print(f"carnets run : {problem}", file=sys.stderr)
        return 2

    out_dir = args.output_dir / "solutions" if args.solutions else args.output_dir
    print(f"Échelle : {args.scale} (CARNETS_SCALE={args.scale})" + (" ; avec les solutions" if args.solutions else ""),
          flush=True)
    failures = 0
    total = 0.0
    results = []
    for path in paths:
        output = out_dir / path.name
        print(f"--> {path} ...", flush=True)
        result = nbs.execute(path, output, scale=args.scale, solutions=args.solutions, kernel=args.kernel,
                             timeout=args.timeout)
        results.append(result)
        total += result.seconds
        status = "OK   " if result.ok else "ÉCHEC"
        budget = f" (budget {result.budget_s:g} s)" if result.budget_s and args.scale == "ci" else ""
        print(f"    {status} {path.name} en {result.seconds:.1f} s{budget} -> {output}", flush=True)
        if not result.ok:
            failures += 1
            for p in result.problems:
                print(f"    - {p}", file=sys.stderr, flush=True)
    if all(nbs.NOTEBOOK_NAME.match(p.name) for p in paths):
        jpath, mpath = nbs.update_report(out_dir, results)
        print(f"Rapport : {mpath}")
    print(f"{len(paths) - failures}/{len(paths)} carnet(s) exécuté(s) sans erreur en {total:.1f} s.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
