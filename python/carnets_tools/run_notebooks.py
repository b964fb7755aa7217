"""Execute notebooks headless with nbclient: the engine of `./carnets run`.

Each notebook runs in its own folder (so relative paths work as in JupyterLab),
on the carnets-java kernel by default. The executed copy, outputs included, is
written to the output folder under the same file name, also when a cell fails
(to see where). The exit status is non-zero if any notebook failed.

Usage: python -m carnets_tools.run_notebooks [--timeout S] [--output-dir DIR] NOTEBOOK...

Messages are in French, like the rest of the learner-facing tools.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

DEFAULT_KERNEL = "carnets-java"
DEFAULT_CELL_TIMEOUT = 1800  # seconds; training cells can be long on a laptop
STARTUP_TIMEOUT = 120  # seconds for the JVM and the kernel to answer


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="./carnets run",
        description="Exécute des carnets sans interface et écrit les copies exécutées.",
    )
    parser.add_argument("notebooks", nargs="+", metavar="CARNET.ipynb", help="carnets à exécuter")
    parser.add_argument(
        "--timeout",
        type=int,
        default=int(os.environ.get("CARNETS_CELL_TIMEOUT", DEFAULT_CELL_TIMEOUT)),
        help="durée maximale d'une cellule, en secondes (défaut : %(default)s)",
    )
    parser.add_argument("--output-dir", type=Path, help="dossier des copies exécutées")
    # Set by ./carnets: the default output folder and the kernel name.
    parser.add_argument("--default-output-dir", type=Path, default=Path("build/notebooks"), help=argparse.SUPPRESS)
    parser.add_argument("--kernel", default=DEFAULT_KERNEL, help="nom du noyau Jupyter (défaut : %(default)s)")
    args = parser.parse_args(argv)
    if args.output_dir is None:
        args.output_dir = args.default_output_dir
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


def error_summary(exc: BaseException) -> str:
    """A short French description of why a notebook failed."""
    if isinstance(exc, CellTimeoutError):
        return "une cellule a dépassé la durée maximale (option --timeout)"
    if isinstance(exc, DeadKernelError):
        return "le noyau s'est arrêté pendant l'exécution"
    if isinstance(exc, CellExecutionError):
        name = getattr(exc, "ename", "") or "erreur"
        value = getattr(exc, "evalue", "") or ""
        return f"une cellule a échoué : {name} {value}".strip()
    return f"{type(exc).__name__} : {exc}"


def run_notebook(path: Path, output: Path, kernel: str, timeout: int) -> tuple[bool, float, str]:
    """Runs one notebook; writes the executed copy; returns (ok, seconds, message)."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name=kernel,
        timeout=timeout,
        startup_timeout=STARTUP_TIMEOUT,
        allow_errors=False,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    start = time.monotonic()
    ok, message = True, ""
    try:
        client.execute()
    except Exception as exc:  # any failure is reported, the other notebooks still run
        ok, message = False, error_summary(exc)
        detail = str(exc).strip()
        if detail and isinstance(exc, CellExecutionError):
            message += "\n" + detail
    elapsed = time.monotonic() - start
    output.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, output)
    return ok, elapsed, message


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    paths = [Path(p) for p in args.notebooks]
    problems = check_inputs(paths)
    if problems:
        for problem in problems:
            print(f"carnets run : {problem}", file=sys.stderr)
        return 2

    failures = 0
    total = 0.0
    for path in paths:
        output = args.output_dir / path.name
        print(f"--> {path} ...", flush=True)
        ok, elapsed, message = run_notebook(path, output, args.kernel, args.timeout)
        total += elapsed
        status = "OK   " if ok else "ÉCHEC"
        print(f"    {status} {path.name} en {elapsed:.1f} s -> {output}", flush=True)
        if not ok:
            failures += 1
            print(f"    {message}", file=sys.stderr, flush=True)

    print(f"{len(paths) - failures}/{len(paths)} carnet(s) exécuté(s) sans erreur en {total:.1f} s.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
