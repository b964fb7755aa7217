"""`./carnets doctor`: checks the machine without changing anything, and says what fixes each problem."""

from __future__ import annotations

import contextlib
import io
import os
import platform
import subprocess
import sys
from pathlib import Path
from typing import Mapping

from .. import build, jdk, kernelspec, launcher, machine
from ..project import (DEFAULT_PORT, FETCH_PY, KERNEL_DISPLAY_NAME, KERNEL_NAME, MIN_JAVA, MIN_PYTHON, ROOT, VENV,
                       data_dir, die, venv_python)
from . import datasets, lab, setup

NAME = "doctor"
HELP = "vérifie la machine et dit quoi corriger"
UNKNOWN_OPTIONS = True  # refused below with doctor's own message
DESCRIPTION = """\
Vérifie la machine sans rien modifier : JDK (17 ou plus), mémoire (8 Go
conseillés), cœurs, environnement Python .venv et ses paquets, noyau Jupyter
carnets-java, jars construits, jeux de données. Chaque point est affiché
« OK » ou « À CORRIGER » avec la commande exacte qui le corrige.
Code de sortie non nul s'il reste quelque chose à corriger."""

JDK_FIX = "sudo apt install openjdk-17-jdk   (macOS : brew install openjdk@17 ; Windows : Eclipse Temurin 17)"
PACKAGES = ("jupyterlab", "notebook", "nbclient", "nbconvert", "jupyter_client", "jupyter_console", "pytest",
            "mistune", "carnets_tools")
MIN_PYTHON_TEXT = ".".join(map(str, MIN_PYTHON))


class Report:
    """The lines of the diagnosis, and how many points are left to fix."""

    def __init__(self, out=None):
        self.out = out or sys.stdout
        self.failures = 0

    def _line(self, tag: str, message: str, fix: str | None = None):
        print(f"  {tag:<12} {message}", file=self.out)
        if fix:
            print(f"               → {fix}", file=self.out)

    def ok(self, message):
        self._line("OK", message)

    def info(self, message):
        self._line("INFO", message)

    def attention(self, message, fix=None):
        self._line("ATTENTION", message, fix)

    def to_fix(self, message, fix):
        self._line("À CORRIGER", message, fix)
        self.failures += 1


def check_java(r: Report, env: Mapping[str, str] = os.environ) -> jdk.Java | None:
    path = jdk.find_java(env)
    if not path:
        r.to_fix("Java introuvable (ni JAVA_HOME/bin/java, ni java dans le PATH)", JDK_FIX)
        return None
    java = jdk.describe(path)
    if java.major is None:
        r.to_fix(f"version de Java illisible ({path})", "export JAVA_HOME=/chemin/vers/un/jdk-17")
    elif java.major < MIN_JAVA:
        r.to_fix(f"Java {java.major} est trop ancien ({path}) : il faut un JDK {MIN_JAVA} ou plus",
                 "sudo apt install openjdk-17-jdk   puis   export JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64")
    elif not jdk.has_jshell(path):
        r.to_fix(f"Java {java.major} ({path}) est un JRE sans JShell : il faut un JDK complet",
                 "sudo apt install openjdk-17-jdk   (le paquet -jdk, pas -jre)")
    else:
        r.ok(f"JDK {java.major} ({path})")
        return java
    return None


def check_machine(r: Report, env: Mapping[str, str] = os.environ, java: jdk.Java | None = None,
                  mem_mib: int | None = None, cores: int | None = None):
    mem_mib = machine.physical_memory_mib() if mem_mib is None else mem_mib
    if mem_mib is None:
        r.attention("mémoire totale inconnue")
    elif mem_mib < 7400:  # 8 GB laptops report a little less than 8192 MiB (memory kept by the firmware)
        r.attention(f"mémoire : {mem_mib / 1024:.1f} Go (8 Go conseillés ; les gros modèles risquent de manquer de mémoire)",
                    "fermez les autres applications, ou réduisez la taille des lots (batch)")
    else:
        r.ok(f"mémoire : {mem_mib / 1024:.1f} Go")
    cores = os.cpu_count() if cores is None else cores
    # the launcher's own reading (cores, container quota, OMP_NUM_THREADS, CARNETS_THREADS)
    threads = launcher.plan(env, java=java or jdk.Java("java", "", None, "")).omp_threads
    r.ok(f"processeur : {cores} cœur(s) ; threads natifs du noyau : {threads}")


def _venv_probe(venv: Path, code: str, *args: str) -> str:
    """Runs code with the venv's Python, outside the repository (so that python/ is not on its path)."""
    try:
        return subprocess.run([str(venv_python(venv)), "-c", code, *args], stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=120, cwd=str(venv)).stdout.strip()
    except (OSError, subprocess.SubprocessError) as e:
        return f"ERR {e}"


def check_python(r: Report, venv: Path = VENV):
    if not venv_python(venv).is_file():
        if sys.version_info >= MIN_PYTHON:
            r.ok(f"Python pour créer .venv : {sys.executable} ({platform.python_version()})")
        else:
            r.to_fix(f"Python {MIN_PYTHON_TEXT} ou plus récent introuvable",
                     "sudo apt install python3 python3-venv   (macOS : brew install python)")
        r.to_fix("environnement Python .venv absent", "./carnets setup")
        return
    code = ("import importlib.util, platform, sys\n"
            "missing = [n for n in sys.argv[1:] if importlib.util.find_spec(n) is None]\n"
            "print(platform.python_version(), *missing)")
    out = _venv_probe(venv, code, *PACKAGES).split()
    if not out or out[0] == "ERR" or not out[0][0].isdigit():
        r.to_fix("le Python de .venv est inutilisable", "supprimez .venv, puis ./carnets setup")
        return
    r.ok(f"environnement Python .venv ({out[0]})")
    if out[1:]:
        r.to_fix(f"paquets Python manquants dans .venv : {' '.join(out[1:])}", "./carnets setup")
    elif venv == VENV and not setup.python_up_to_date():
        r.to_fix("paquets Python de .venv différents de python/requirements.txt", "./carnets setup")
    else:
        r.ok("paquets Python (JupyterLab, nbclient, jupyter_client...) aux versions de python/requirements.txt")


KERNELSPEC_PROBE = """\
import os, sys
name, venv = sys.argv[1:3]
try:
    from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel
except Exception as e:
    print("ERR jupyter_client non importable : %s" % e)
    sys.exit(0)
try:
    spec = KernelSpecManager().get_kernel_spec(name)
except NoSuchKernel:
    print("ERR absent")
    sys.exit(0)
if not os.path.realpath(spec.resource_dir).startswith(os.path.realpath(venv) + os.sep):
    print("SHADOW " + spec.resource_dir)
else:
    print("OK " + "\\t".join(spec.argv))
"""


def check_kernelspec(r: Report, venv: Path = VENV):
    if not venv_python(venv).is_file():
        r.to_fix(f"noyau Jupyter {KERNEL_NAME} non installé (pas de .venv)", "./carnets setup")
        return
    # Ask jupyter_client which spec it really resolves: a stale copy in
    # ~/.local/share/jupyter/kernels would take precedence over the venv's.
    report = _venv_probe(venv, KERNELSPEC_PROBE, KERNEL_NAME, str(venv))
    if report.startswith("OK "):
        argv = report[3:].split("\t")
        if argv == kernelspec.argv(venv):
            r.ok(f"noyau Jupyter « {KERNEL_DISPLAY_NAME} » ({KERNEL_NAME}) installé dans .venv")
        else:
            r.to_fix(f"le noyau {KERNEL_NAME} lance une autre commande ({' '.join(argv)})", "./carnets setup")
    elif report.startswith("SHADOW "):
        shadow = report[len("SHADOW "):]
        r.to_fix(f"un autre noyau {KERNEL_NAME} masque celui de .venv : {shadow}",
                 f"rm -r '{shadow}'   puis   ./carnets setup")
    else:
        r.to_fix(f"noyau Jupyter {KERNEL_NAME} non installé dans .venv", "./carnets setup")


def check_jars(r: Report):
    kernel = build.published(build.KERNEL_TARGET)
    if not (kernel / build.KERNEL_JAR_NAME).is_file():
        r.to_fix("noyau Java non construit (kernel/target/run/carnets-kernel.jar absent)", "./carnets setup")
    elif not build.jars(build.published(build.EXT_TARGET)):
        r.to_fix("extension non construite (kernel-ext/target/run vide)", "./carnets setup")
    elif not build.up_to_date():
        r.to_fix("jars plus anciens que les sources", "./carnets setup")
    else:
        r.ok("jars du noyau et de l'extension construits")


def check_datasets(r: Report):
    if not FETCH_PY.is_file():
        r.to_fix("datasets/fetch.py absent de ce dépôt", "git checkout -- datasets/")
        return
    data = data_dir()
    # --check downloads and writes nothing (about a second); its report is not shown here.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        status = datasets.fetch_module().main(["--check"])
    if status == 0:
        r.ok(f"jeux de données vérifiés (SHA-256) dans {data}")
    else:
        r.to_fix(f"jeux de données absents ou incomplets dans {data}", "./carnets datasets")


def check_port(r: Report, env: Mapping[str, str] = os.environ, venv: Path = VENV):
    if not venv_python(venv).is_file():
        return
    text = env.get("CARNETS_PORT") or str(DEFAULT_PORT)
    if not text.isdigit():
        r.to_fix(f"CARNETS_PORT invalide : « {text} »", "export CARNETS_PORT=8890")
    elif lab.port_is_free(int(text)):
        r.ok(f"port {text} libre pour ./carnets lab")
    else:
        r.attention(f"port {text} déjà utilisé (un autre JupyterLab ?)", f"./carnets lab --port {int(text) + 1}")


def configure(parser):
    pass


def diagnose(out=None) -> int:
    """Every check, in order; the number of points to fix."""
    r = Report(out)
    print(f"Carnets : vérification de la machine ({ROOT})", file=r.out)
    java = check_java(r)
    check_machine(r, java=java)
    check_python(r)
    check_kernelspec(r)
    check_jars(r)
    check_datasets(r)
    check_port(r)
    print(file=r.out)
    if r.failures:
        print(f"{r.failures} point(s) à corriger : lancez les commandes indiquées par « → », puis ./carnets doctor.",
              file=r.out)
    else:
        print("Tout est prêt : ./carnets lab", file=r.out)
    return r.failures


def run(args) -> int:
    if args.raw:
        die("doctor ne prend pas d'argument (voir ./carnets doctor --help)")
    return 1 if diagnose() else 0
