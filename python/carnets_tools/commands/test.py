"""`./carnets test`: every test of the project (Java, then Python), after setup."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .. import build, requirements
from ..project import (DATASETS_TESTS, PYTHON_DIR, ROOT, VENV, CarnetsError, bin_dir, die, in_ci, say, venv_python,
                       warn, with_path)
from . import setup

NAME = "test"
HELP = "lance tous les tests du projet (Java puis Python)"
PASSTHROUGH = True
DESCRIPTION = """\
Lance tous les tests du projet, après ./carnets setup :
  1. les tests Java (JUnit), tous, les lents compris : ./mvnw verify -Pall-tests
     (./mvnw verify seul ne lance que les tests rapides, en moins d'une minute ;
     les tests lents, marqués @Tag("mnist"), entraînent sur le vrai MNIST)
  2. les tests Python (protocole Jupyter, carnets, outils) : .venv/bin/python -m pytest -q tests/
     dont, en dernier, les tests dans le navigateur (tests/e2e/) : JupyterLab,
     Notebook et le site du cours ouverts dans Chromium sans fenêtre, pilotés par
     Playwright (python/requirements-browser.txt, installé dans .venv ici).
     Chromium vient du système (paquet chromium, /usr/bin/chromium), jamais
     téléchargé par Playwright. Sans Chromium, ces tests sont sautés (message
     en français), sauf en CI (CI=true) où ils échouent ; en CI, Chromium est
     installé avec apt-get s'il manque.
  3. les tests du script des jeux de données :
     .venv/bin/python -m unittest discover -s datasets/tests
S'arrête au premier échec avec un code de sortie non nul. C'est la commande
de test du projet (la CI lance .ci/run, qui l'appelle).

Des options passées après « -- » vont à pytest (étape 2), par exemple :
  ./carnets test -- -k interrupt -x
  ./carnets test -- -m "not e2e"      (sans les tests dans le navigateur)
Captures d'écran et journaux des tests dans le navigateur : build/e2e/."""

BROWSER_REQUIREMENTS = PYTHON_DIR / "requirements-browser.txt"
BROWSER_STAMP = VENV / ".carnets-requirements-browser"


def configure(parser):
    parser.usage = "./carnets test [--browser] [-- OPTIONS_PYTEST...]"
    parser.add_argument("--browser", action="store_true",
                        help="installe Chromium avec apt-get s'il manque (root ou sudo), comme en CI")


def install_browser_packages() -> None:
    """Playwright in .venv, from its own requirements file and stamp, so that setup and lab never install it.
    Playwright's package brings no browser."""
    if not BROWSER_REQUIREMENTS.is_file():
        return
    try:
        requirements.ensure(VENV, BROWSER_STAMP, [BROWSER_REQUIREMENTS], ["-r", str(BROWSER_REQUIREMENTS)],
                            "de Playwright (python/requirements-browser.txt) dans .venv, pour les tests dans le navigateur")
    except CarnetsError:
        if in_ci():
            die("l'installation de Playwright a échoué (voir les messages de pip ci-dessus).")
        warn("Playwright n'a pas pu être installé : les tests dans le navigateur seront sautés.")


def install_chromium(env=os.environ) -> None:
    """Debian's Chromium for the browser tests: installed with apt-get only in CI or with --browser
    (it needs root or sudo), never behind a learner's back."""
    chromium = Path(env.get("CARNETS_CHROMIUM") or "/usr/bin/chromium")
    if chromium.is_file() and os.access(chromium, os.X_OK):
        return
    if not shutil.which("apt-get"):
        die(f"Chromium est introuvable ({chromium}) et apt-get n'existe pas ici : installez le navigateur Chromium "
            "de votre système, ou indiquez-le avec CARNETS_CHROMIUM=/chemin/de/chromium.")
    sudo = []
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        if shutil.which("sudo") and subprocess.call(["sudo", "-n", "true"], stderr=subprocess.DEVNULL) == 0:
            sudo = ["sudo", "-n"]
        else:
            die("installer Chromium demande les droits root : sudo apt-get install chromium, puis relancez.")
    say("Installation de Chromium (paquet Debian chromium) pour les tests dans le navigateur...")
    apt = sudo + ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
    if subprocess.call(apt + ["update", "-qq"]) != 0 or subprocess.call(apt + ["install", "-y", "-qq", "chromium"]) != 0:
        die("l'installation de Chromium avec apt-get a échoué (voir ci-dessus).")
    if not chromium.is_file():
        die(f"Chromium est installé mais {chromium} est absent : indiquez-le avec CARNETS_CHROMIUM=/chemin/de/chromium.")


def run(args) -> int:
    browser = args.browser or in_ci()
    setup.setup()
    install_browser_packages()
    if browser:
        install_chromium()
    say("Tests Java (./mvnw verify -Pall-tests)...")
    if build.maven(["-q", "verify", "-Pall-tests"]) != 0:
        die("des tests Java ont échoué (voir ci-dessus).")
    build.touch_stamp()
    python = str(venv_python())
    env = with_path(os.environ, bin_dir(VENV))
    if (ROOT / "tests").is_dir():
        say("Tests Python (pytest tests/)...")
        if subprocess.call([python, "-m", "pytest", "-q", "tests/", *args.passthrough], cwd=str(ROOT), env=env) != 0:
            die("des tests Python ont échoué (voir ci-dessus).")
    else:
        warn("pas de dossier tests/ : aucun test Python lancé.")
    if DATASETS_TESTS.is_dir():
        say("Tests des jeux de données (unittest datasets/tests)...")
        if subprocess.call([python, "-m", "unittest", "discover", "-s", str(DATASETS_TESTS)], cwd=str(ROOT)) != 0:
            die("des tests des jeux de données ont échoué (voir ci-dessus).")
    say("Tous les tests sont passés.")
    return 0
