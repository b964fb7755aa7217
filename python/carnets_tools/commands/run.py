"""`./carnets run`: execute notebooks headless (the engine is carnets_tools.notebook_runner)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..project import (BUILD_DIR, DEFAULT_CELL_TIMEOUT, KERNEL_NAME, VENV, bin_dir, die, hand_over, venv_python,
                       with_path)
from . import setup

NAME = "run"
HELP = "exécute des carnets sans interface, copies dans build/notebooks/"
ERROR_CODE = 2  # argparse's, as when notebook_runner read the command line itself
DESCRIPTION = """\
Exécute les carnets sans interface (nbclient, noyau carnets-java), cellule par
cellule, comme « Tout exécuter » dans JupyterLab. Chaque carnet s'exécute dans
son propre dossier ; la copie exécutée, avec ses sorties, est écrite dans
build/notebooks/ sous le même nom (les originaux ne sont pas modifiés).
Affiche la durée de chaque carnet. Code de sortie non nul si une cellule échoue
(sauf celles marquées de l'étiquette « raises-exception »).
Sans carnet mais avec une option (par exemple --full) : tous les carnets du
cours (notebooks/NN-*.ipynb)."""


def configure(parser):
    add_arguments(parser)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command line, also shown by `./carnets run --help` (carnets_tools.commands.run)."""
    parser.add_argument("notebooks", nargs="*", metavar="CARNET.ipynb", help="carnets à exécuter")
    parser.add_argument(
        "--timeout",
        type=int,
        metavar="SECONDES",
        default=int(os.environ.get("CARNETS_CELL_TIMEOUT", DEFAULT_CELL_TIMEOUT)),
        help="durée maximale d'une cellule, en secondes (défaut : %(default)s)",
    )
    scale = parser.add_mutually_exclusive_group()
    scale.add_argument("--full", dest="scale", action="store_const", const="full",
                       help="taille réelle (données complètes, toutes les époques) : long, hors CI")
    scale.add_argument("--ci", dest="scale", action="store_const", const="ci",
                       help="petite échelle de la CI (défaut, sauf si CARNETS_SCALE=full)")
    parser.add_argument("--solutions", action="store_true",
                        help="remplace chaque exercice par sa solution ; chaque vérification doit répondre ✔")
    parser.add_argument("--output-dir", type=Path, metavar="DOSSIER", help="dossier des copies exécutées et du rapport")
    # Set by ./carnets: the default output folder and the kernel name.
    parser.add_argument("--default-output-dir", type=Path, default=Path("build/notebooks"), help=argparse.SUPPRESS)
    parser.add_argument("--kernel", default=KERNEL_NAME, metavar="NOYAU", help="nom du noyau Jupyter (défaut : %(default)s)")


def run(args) -> int:
    if not args.raw:
        die("indiquez au moins un carnet : ./carnets run notebooks/01-exemple.ipynb (voir ./carnets run --help)")
    setup.ensure()
    cmd = [str(venv_python()), "-m", "carnets_tools.notebook_runner",
           "--kernel", KERNEL_NAME, "--default-output-dir", str(BUILD_DIR / "notebooks"), *args.raw]
    return hand_over(cmd, with_path(os.environ, bin_dir(VENV)))
