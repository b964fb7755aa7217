"""`./carnets reinitialiser`: one exercise, one notebook or all of them back as in the course."""

from __future__ import annotations

from .. import workcopy
from ..project import die, say

NAME = "reinitialiser"
HELP = "remet un exercice, un carnet ou tous comme dans le cours (copie de travail)"
DESCRIPTION = """\
Remet votre copie de travail (mes-carnets/, ou $CARNETS_WORKDIR) comme dans le cours :
  ./carnets reinitialiser --exercice 02-3   l'exercice 02-3 et sa vérification seulement ;
  ./carnets reinitialiser 02                tout le carnet 02 ;
  ./carnets reinitialiser --tout            tous les carnets.
Vos autres cellules ne changent pas. Avant chaque changement, le fichier est copié dans
mes-carnets/sauvegardes/DATE/ : rien n'est perdu.
Si le carnet est ouvert dans JupyterLab : Fichier > Recharger le carnet depuis le disque
(File > Reload Notebook from Disk), sans l'enregistrer avant."""


def configure(parser):
    parser.usage = "./carnets reinitialiser [CARNET] [--exercice NN-k] [--tout]"
    parser.add_argument("carnet", nargs="?", help="numéro (02) ou nom du carnet à remettre à neuf")
    parser.add_argument("--exercice", help="seulement cet exercice, par exemple 02-3")
    parser.add_argument("--tout", action="store_true", help="tous les carnets")


def run(args) -> int:
    chosen = [bool(args.carnet), bool(args.exercice), args.tout]
    if sum(chosen) != 1:
        die("dites ce qu'il faut remettre comme dans le cours : un carnet (./carnets reinitialiser 02), "
            "un exercice (--exercice 02-3) ou tout (--tout).")
    copy = workcopy.WorkCopy(workcopy.workdir())
    for line in copy.update():
        say(line)
    if args.exercice:
        saved = copy.reset_exercise(args.exercice)
        what = f"Exercice {args.exercice} remis comme dans le cours"
    elif args.carnet:
        rel = copy.find(args.carnet)
        saved = copy.reset_notebook(rel)
        what = f"Carnet {rel} remis comme dans le cours"
    else:
        saved = None
        for rel in copy.course_files():
            saved = copy.reset_notebook(rel) or saved
        what = "Tous les carnets remis comme dans le cours"
    where = f" ; l'ancienne version est dans {saved.parent}" if saved else ""
    say(f"{what}{where}.")
    say("S'il est ouvert dans JupyterLab : Fichier > Recharger le carnet depuis le disque "
        "(File > Reload Notebook from Disk).")
    return 0
