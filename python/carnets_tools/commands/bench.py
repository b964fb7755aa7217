"""`./carnets bench`: our training against Keras/TensorFlow and PyTorch on this machine.

Keras, TensorFlow and PyTorch live in their own virtualenv (build/bench/venv); Bench.java is compiled
against the extension's published jars, then bench/run_bench.py runs with .venv's Python (it
starts the real kernel through jupyter_client)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from .. import build, jdk, requirements
from ..project import BUILD_DIR, PYTHON_DIR, ROOT, VENV, bin_dir, data_dir, die, say, venv_python, with_path
from . import setup

NAME = "bench"
HELP = "compare nos temps d'entraînement à Keras/TensorFlow et à PyTorch (long)"
UNKNOWN_OPTIONS = True  # bench/run_bench.py has more options than those shown here
DESCRIPTION = """\
Compare, sur cette machine, l'entraînement par l'API de Carnets (Java, DL4J) au
même modèle en Keras/TensorFlow (CPU) et en PyTorch (CPU, mode eager, convolutions
en channels_last) : mêmes données (MNIST de datasets/cache), même taille de lot,
mêmes époques, même graine. Chaque entraînement tourne dans son propre processus,
en alternance (nous, Keras, PyTorch, nous...).
Modèles : dense (784-20-14-10, lot 32), convnet (convnet MNIST de Keras, lot 128),
transfer (tête GlobalAveragePooling + Dense sur une base convolutive gelée),
vgg (2 × (Conv-ReLU-BN) + pooling, deux fois, padding same ; 12 000 images,
3 époques), resnet (GraphModel : deux blocs résiduels avec add et BN, pooling
global ; 12 000 images, 3 époques). Sans nom : les cinq.

Affiche trois lignes par modèle :
  bench <modèle> ours=<s> keras=<s> torch=<s> ratio=<r> ratio_best=<r> acc_...
    (médiane des secondes par époque après une époque d'échauffement ; ratio :
    nous/Keras ; ratio_best : nous/le plus rapide des deux ; moins de 1 = plus
    rapide ; exactitude sur le jeu de test)
  bench <modèle> fit ... : le fit entier, première époque comprise, dans un
    processus neuf, et notre première époque rapportée à l'époque stable
  bench <modèle> predict ... : latence d'une image seule (p50, p99, en ms) et
    débit par lots de 256 (images/s)
puis le démarrage du noyau jusqu'au premier résultat, la première cellule DL4J, le
chargement de MNIST, le débit de lecture d'un dossier d'images (avec et sans
augmentation, deux tailles de dossier) et la mémoire maximale (RSS) de chaque
processus. Tout est aussi écrit en JSON dans bench/results/.

Keras, TensorFlow et PyTorch (python/requirements-bench.txt) s'installent au premier
lancement dans build/bench/venv, jamais dans .venv (ni par setup ni par test).
Durée : environ 15 minutes sur 2 cœurs ; --quick : un essai plus court (une
époque mesurée, un dixième des images).

Notre côté tourne comme dans le noyau (réglages de carnets_tools.launcher :
aides oneDNN, fils natifs choisis par modèle, GC série).
Variables : OMP_NUM_THREADS (fils natifs au plus de notre côté ; défaut : le
nombre de cœurs, comme le noyau), CARNETS_THREADS (fils pour tous les modèles)."""

BENCH_DIR = BUILD_DIR / "bench"
BENCH_VENV = BENCH_DIR / "venv"
BENCH_REQUIREMENTS = PYTHON_DIR / "requirements-bench.txt"
CLASSES = BENCH_DIR / "classes"
SOURCES = ROOT / "bench" / "src"


def configure(parser):
    parser.add_argument("models", nargs="*", metavar="MODÈLE",
                        help="dense, convnet, transfer, vgg, resnet (défaut : les cinq)")
    parser.add_argument("--quick", action="store_true", help="1 époque mesurée sur un dixième des images (essai rapide du banc)")
    parser.add_argument("--rounds", metavar="N", help="N processus par côté et par modèle (défaut : 1)")
    parser.add_argument("--epochs", metavar="N",
                        help="époques par processus, la première sert d'échauffement (défaut : 4, et 3 pour vgg et resnet)")
    parser.add_argument("--skip", metavar="PARTIE", action="append",
                        help="saute kernel, load, stream ou models (répétable)")


def compile_bench(java: str, ext: Path) -> None:
    marker = CLASSES / "fr" / "carnets" / "bench" / "Bench.class"
    if marker.is_file() and build.newer_than(marker, [SOURCES, ext]) is None:
        return
    say("Compilation du banc (bench/src) contre kernel-ext/target/run...")
    shutil.rmtree(CLASSES, ignore_errors=True)
    CLASSES.mkdir(parents=True)
    sources = sorted(str(p) for p in SOURCES.rglob("*.java"))
    if subprocess.call([jdk.javac_next_to(java), "-nowarn", "-d", str(CLASSES), "-cp", str(ext / "*"), *sources]) != 0:
        die("la compilation du banc a échoué (voir ci-dessus).")


def run(args) -> int:
    setup.ensure()
    if not BENCH_REQUIREMENTS.is_file():
        die(f"{BENCH_REQUIREMENTS} est absent.")
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    requirements.create_venv(BENCH_VENV, "du banc build/bench/venv")
    requirements.ensure(BENCH_VENV, BENCH_VENV / ".carnets-requirements", [BENCH_REQUIREMENTS],
                        ["-r", str(BENCH_REQUIREMENTS)], "de Keras/TensorFlow et PyTorch (python/requirements-bench.txt) dans build/bench/venv")
    java = setup.require_java()
    ext = build.published(build.EXT_TARGET)
    compile_bench(java.path, ext)
    say("Banc Carnets contre Keras et PyTorch (détails de chaque processus : build/bench/logs/)...")
    env = with_path(os.environ, Path(java.path).parent, bin_dir(VENV))
    cmd = [str(venv_python()), str(ROOT / "bench" / "run_bench.py"),
           "--classpath", os.pathsep.join([str(CLASSES), str(ext / "*")]),
           "--keras-python", str(venv_python(BENCH_VENV)), "--data", str(data_dir()), *args.raw]
    return subprocess.call(cmd, env=env)
