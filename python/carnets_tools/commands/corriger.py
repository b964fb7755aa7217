"""`./carnets corriger`: grade a room's notebooks (the engine is carnets_tools.grading)."""

from __future__ import annotations

import os
from pathlib import Path

from ..project import BUILD_DIR, KERNEL_NAME, VENV, bin_dir, die, say, with_path
from . import setup

NAME = "corriger"
HELP = "corrige les carnets rendus par une salle (notes.csv, index.html)"
DESCRIPTION = """\
Corrige les carnets rendus par les apprenants d'un atelier. DOSSIER contient
un sous-dossier par apprenant, avec les carnets qu'il a rendus (NN-….ipynb).

Chaque carnet est exécuté sans interface (nbclient, noyau « Java (Carnets) »)
sans faire confiance à la copie de l'apprenant : ses sorties enregistrées sont
ignorées, et chaque cellule de vérification (et celle des paramètres) est
reprise du carnet du cours, par l'identifiant de cellule. Un exercice est
réussi quand tous les verdicts de sa vérification sont ✔.

Résultats dans --sortie (défaut : build/correction/) :
  notes.csv   une ligne par apprenant, une colonne par exercice (1 réussi,
              0 non), séparateur « ; » ;
  index.html  tableau triable, taux de réussite par exercice, indices de
              chaque apprenant ; lisible sans réseau ;
  copies/     les copies exécutées, par apprenant.
Un carnet illisible, un noyau qui s'arrête, une boucle sans fin (limite de
temps par carnet), un carnet absent ou d'un autre cours : une ligne dans le
rapport, et la correction continue.
Plusieurs carnets à la fois, selon les cœurs et la mémoire libre (--parallele)."""


def configure(parser):
    parser.add_argument("dossier", type=Path, metavar="DOSSIER", help="un sous-dossier par apprenant")
    parser.add_argument("--sortie", type=Path, metavar="DIR", default=BUILD_DIR / "correction",
                        help="dossier des résultats (défaut : build/correction/)")
    parser.add_argument("--limite", type=float, metavar="SECONDES", default=None,
                        help="durée maximale d'un carnet, toutes cellules comprises (défaut : 900)")
    parser.add_argument("--parallele", type=int, metavar="N", default=None,
                        help="carnets exécutés à la fois (défaut : selon les cœurs et la mémoire libre)")
    scale = parser.add_mutually_exclusive_group()
    scale.add_argument("--ci", dest="scale", action="store_const", const="ci",
                       help="petite échelle (CARNETS_SCALE=ci) : rapide, pour essayer")
    scale.add_argument("--full", dest="scale", action="store_const", const="full",
                       help="taille réelle, comme en atelier (défaut, sauf si CARNETS_SCALE=ci)")


def run(args) -> int:
    folder = args.dossier
    if not folder.is_dir():
        die(f"dossier introuvable : {folder} (il faut un sous-dossier par apprenant, avec ses carnets)")
    if args.parallele is not None and args.parallele < 1:
        die("--parallele demande un nombre au moins égal à 1")
    if args.limite is not None and args.limite <= 0:
        die("--limite demande une durée positive, en secondes")
    setup.ensure()
    os.environ.update(with_path(os.environ, bin_dir(VENV)))  # the workers find jupyter's tools
    from .. import grading
    if not grading.learners(folder):
        die(f"{folder} ne contient aucun sous-dossier d'apprenant (un dossier par apprenant, avec ses carnets)")
    scale = args.scale or ("ci" if os.environ.get("CARNETS_SCALE") == "ci" else "full")
    report = grading.grade(folder, args.sortie, limit_s=args.limite or grading.DEFAULT_LIMIT_S,
                           workers=args.parallele, scale=scale, kernel=KERNEL_NAME)
    say(f"{len(report.rows)} apprenant(s) corrigé(s) en {report.seconds:.0f} s : "
        f"{args.sortie / 'notes.csv'} et {args.sortie / 'index.html'}")
    return 0
