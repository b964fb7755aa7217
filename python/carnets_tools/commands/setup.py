"""`./carnets setup`: everything needed to work, redoing only what changed."""

from __future__ import annotations

from pathlib import Path

from .. import build, jdk, kernelspec, labextension, labsettings, requirements
from ..project import (KERNEL_DISPLAY_NAME, KERNEL_NAME, PYPROJECT, PYTHON_DIR, REQUIREMENTS, VENV, die, say)
from . import datasets

NAME = "setup"
HELP = "construit le noyau, crée .venv, installe le kernelspec"
DESCRIPTION = """\
Prépare tout ce qu'il faut pour travailler, et ne refait que ce qui a changé :
  1. crée l'environnement Python .venv s'il manque et y installe les versions
     exactes de python/requirements.txt (JupyterLab, nbclient...) et le paquet
     carnets_tools (python/pyproject.toml), seulement si ces fichiers ont changé ;
  2. installe le noyau « Java (Carnets) » (kernelspec carnets-java) dans .venv ;
     il est réécrit à chaque fois, ce qui suffit si le dépôt a été déplacé ; et
     l'extension carnets-widgets (la planche à dessin des widgets Java), déjà
     construite dans python/carnets_widgets/labextension (pas besoin de Node.js) ;
  3. construit le noyau Java et l'extension avec Maven (./mvnw, sans les tests),
     seulement si une source ou un pom.xml a changé depuis la dernière construction
     (dans target/dist, vidé d'abord pour qu'aucun ancien jar ne reste dans
     le classpath), puis la publie sous target/run : un noyau déjà lancé garde
     ses propres jars, les nouveaux servent aux noyaux démarrés ensuite ;
  4. récupère et vérifie les jeux de données du cours (./carnets datasets) ;
     les fichiers déjà vérifiés (SHA-256) ne sont pas téléchargés à nouveau.

Variables : JAVA_HOME (JDK à utiliser), CARNETS_PYTHON (Python pour créer .venv),
CARNETS_DATA (dossier des jeux de données, sinon datasets/cache).
Il faut un JDK 17+ et Python 3.9+ ; ./carnets doctor vérifie la machine."""

STAMP = VENV / ".carnets-requirements"
#: What .venv is installed from: the pins, and the package (whose dependencies are those pins).
STAMPED = [REQUIREMENTS, PYPROJECT]


def configure(parser):
    parser.add_argument("--rebuild", action="store_true", help="reconstruit les jars même s'ils semblent à jour")
    parser.add_argument("--depuis", type=Path, metavar="FICHIER_OU_DOSSIER",
                        help="installe sans réseau depuis un paquet de ./carnets paquet (vérifié d'abord)")


def run(args) -> int:
    if args.depuis:  # a room with no internet: verify the package, then the same setup, offline
        from .. import offline
        offline.install(args.depuis, rebuild=args.rebuild)
        return 0
    setup(rebuild=args.rebuild)
    return 0


def require_java() -> jdk.Java:
    java = jdk.current()
    problem = jdk.problem(java)
    if problem:
        die(problem)
    return java


#: Editable, so that the code stays in the repository; "compat": a plain path in a .pth file, not
#: setuptools' import hook, which adds ~40 ms to every start of .venv's Python (every kernel start).
PIP_ARGS = ["--config-settings", "editable_mode=compat", "-e", str(PYTHON_DIR)]


def install_python_packages() -> None:
    requirements.create_venv(VENV, ".venv")
    installed = requirements.ensure(
        VENV, STAMP, STAMPED, PIP_ARGS, "des paquets Python de python/requirements.txt et de carnets_tools dans .venv")
    if not installed:
        say("Paquets Python déjà installés (python/requirements.txt inchangé).")
    labsettings.install_language_pack()
    labsettings.write_overrides()


def python_up_to_date() -> bool:
    return requirements.up_to_date(VENV, STAMP, STAMPED, PIP_ARGS)


def setup(rebuild: bool = False) -> None:
    require_java()
    if not REQUIREMENTS.is_file():
        die(f"{REQUIREMENTS} est absent.")
    if not python_up_to_date() or not build.up_to_date():
        say("Installation, en quatre étapes : 1. les paquets Python (JupyterLab...) dans .venv ; 2. le noyau "
            "Jupyter ; 3. le noyau Java et ses bibliothèques (Maven, dans ~/.m2) ; 4. les jeux de données. "
            "Chaque fichier de plus de 1 Mo récupéré est affiché avec sa taille.")
    install_python_packages()
    kernelspec.install()
    say(f"Noyau Jupyter « {KERNEL_DISPLAY_NAME} » installé dans .venv ({KERNEL_NAME}).")
    labextension.install()
    build.build_jars(rebuild)
    datasets.fetch_for_setup()
    say("Installation prête. JupyterLab : ./carnets lab ; tests : ./carnets test")


def needed() -> bool:
    return not (python_up_to_date() and build.up_to_date() and kernelspec.is_current() and labextension.is_current())


def ensure() -> None:
    """Setup only when something is missing or stale: quick for lab, run, site and bench."""
    if needed():
        setup()
