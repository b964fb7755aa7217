"""`./carnets site`: the static HTML site of the course (the engine is carnets_tools.site_builder)."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from ..project import BUILD_DIR, VENV, bin_dir, hand_over, venv_python, with_path
from . import setup

NAME = "site"
HELP = "construit le site HTML du cours (build/site/), lisible hors ligne"
ERROR_CODE = 2
DESCRIPTION = """\
Construit le site HTML statique du cours dans build/site/ (vidé d'abord) :
une page par carnet, à partir de sa copie exécutée (build/notebooks/, écrite
par ./carnets run ou ./carnets test), une page par fichier de course/
(plan, guide du formateur, glossaire...) et par page de solutions, avec un
sommaire et des liens chapitre précédent/suivant. Aucune ressource n'est
chargée depuis Internet (ni CDN, ni MathJax) : le site se lit hors ligne.
Ouvrez build/site/index.html dans un navigateur.

Un carnet pas encore exécuté apparaît sans ses résultats (avec un avertissement) :
lancez d'abord ./carnets run (petite échelle) ou ./carnets run --full."""


def configure(parser):
    add_arguments(parser)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The command line, also shown by `./carnets site --help` (carnets_tools.commands.site)."""
    parser.add_argument("--executed", type=Path, default=BUILD_DIR / "notebooks", metavar="DOSSIER",
                        help="dossier des carnets exécutés (défaut : build/notebooks)")
    parser.add_argument("--output", type=Path, default=BUILD_DIR / "site", metavar="DOSSIER",
                        help="dossier du site (défaut : build/site, vidé d'abord)")


def run(args) -> int:
    setup.ensure()
    cmd = [str(venv_python()), "-m", "carnets_tools.site_builder", *args.raw]
    return hand_over(cmd, with_path(os.environ, bin_dir(VENV)))
