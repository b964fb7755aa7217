"""`./carnets paquet`: one archive to install a room with no internet (the engine is carnets_tools.offline)."""

from __future__ import annotations

from pathlib import Path

from ..project import BUILD_DIR, say
from . import setup

NAME = "paquet"
HELP = "écrit une archive pour installer une salle sans internet (setup --depuis)"
DESCRIPTION = """\
Écrit une archive qui contient tout ce que ./carnets setup télécharge, pour
installer les machines d'un atelier sans internet :
  - les artefacts Maven de la construction et du noyau (disposition d'un dépôt
    Maven, avec les sommes SHA-1 ; ce que la construction a déjà téléchargé
    dans ~/.m2 est recopié, pas retéléchargé), et ceux des %maven des carnets ;
  - la distribution de Maven qu'utilise ./mvnw ;
  - les roues Python de python/requirements.txt, pour le Python et le système
    de cette machine (les machines de la salle doivent avoir les mêmes) ;
  - les jeux de données vérifiés (MNIST, Fashion-MNIST, images) ;
  - avec --avec-spark, les bibliothèques du %%pom du chapitre 08 (Spark).
Un fichier MANIFEST.json donne la somme SHA-256 de chaque fichier.

Sur chaque machine, après avoir copié le dépôt et l'archive :
  ./carnets setup --depuis carnets-paquet.tar
vérifie chaque fichier, puis installe sans aucun accès au réseau.
Avec une --sortie sans l'extension .tar, le paquet est écrit comme dossier."""


def configure(parser):
    parser.add_argument("--sortie", type=Path, metavar="FICHIER", default=BUILD_DIR / "carnets-paquet.tar",
                        help="archive à écrire (défaut : build/carnets-paquet.tar)")
    parser.add_argument("--avec-spark", action="store_true",
                        help="ajoute les bibliothèques du chapitre 08 (Spark, environ 245 Mo)")


def run(args) -> int:
    setup.ensure()  # the wheels are downloaded by .venv's pip, the data checked by setup's rules
    from .. import offline
    manifest = offline.pack(args.sortie, spark=args.avec_spark)
    mib = manifest["size"] / (1024 * 1024)
    say(f"Paquet écrit : {args.sortie} ({len(manifest['files'])} fichiers, "
        f"{mib:.0f} Mio, Python {manifest['python']} sur {manifest['platform']}) en {manifest['seconds']:.0f} s.")
    say(f"Sur chaque machine : ./carnets setup --depuis {args.sortie.name}")
    return 0
