"""Installing pinned Python packages into a virtualenv, only when they changed: one rule for .venv
(requirements.txt and the carnets_tools package), the browser tests (requirements-browser.txt) and
the bench's own virtualenv (requirements-bench.txt).

A virtualenv is up to date when its stamp file holds the digest of the files it was installed
from, of pip's arguments (paths included: a moved repository reinstalls) and of its interpreter (pyvenv.cfg names the Python and its version): a new pin, or a .venv
rebuilt with another Python, reinstalls.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Sequence

from . import progress
from .project import MIN_PYTHON, die, say, venv_python, warn

PYTHON_HINT = "Debian/Ubuntu : sudo apt install python3 python3-venv ; macOS : brew install python ; " \
              "Windows : python.org"


def digest(venv: Path, files: Sequence[Path], pip_args: Sequence[str] = ()) -> str:
    h = hashlib.sha256("\0".join(pip_args).encode() + b"\0")
    for f in files:
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    cfg = venv / "pyvenv.cfg"
    h.update(cfg.read_bytes() if cfg.is_file() else b"")
    return h.hexdigest()


def up_to_date(venv: Path, stamp: Path, files: Sequence[Path], pip_args: Sequence[str] = ()) -> bool:
    try:
        return venv_python(venv).is_file() and stamp.read_text(encoding="ascii").strip() == digest(venv, files, pip_args)
    except OSError:
        return False


def write_stamp(venv: Path, stamp: Path, files: Sequence[Path], pip_args: Sequence[str] = ()) -> None:
    stamp.write_text(digest(venv, files, pip_args) + "\n", encoding="ascii")


def create_venv(venv: Path, label: str) -> None:
    """Creates the virtualenv with the Python running this (at least 3.9: the shims check it)."""
    if venv_python(venv).is_file():
        return
    if sys.version_info < MIN_PYTHON:
        die(f"Python {'.'.join(map(str, MIN_PYTHON))} ou plus récent est nécessaire ({sys.executable} est "
            f"{sys.version.split()[0]}). Installez-le ({PYTHON_HINT}) ou indiquez-le avec CARNETS_PYTHON=/chemin/python3.")
    say(f"Création de l'environnement Python {label} avec {sys.executable}...")
    import venv as venv_module  # imported only when needed: every command imports this module
    try:
        venv_module.EnvBuilder(with_pip=True).create(str(venv))
    except Exception as e:  # ensurepip missing (Debian without python3-venv), disk full...
        die(f"impossible de créer {label} ({e}). Debian/Ubuntu : sudo apt install python3-venv, "
            f"puis supprimez {label} et relancez.")


def pip_install(venv: Path, args: Sequence[str]) -> bool:
    """pip install, in two attempts, because two kinds of machines install from here:
    - the project's machines find every package in local indexes (pip.conf) and cannot reach
      pypi.org; with pip's default retries each request to pypi.org is retried for minutes before
      pip falls back on the local files: --retries 0 and a short --timeout make that ~20 s;
    - a learner's machine uses the ordinary index, where the same quick attempt normally works too;
      if it fails there (slow or flaky network), the second attempt uses pip's patient settings.
    Nothing is lost by the first attempt: pip keeps what it downloaded."""
    base = [str(venv_python(venv)), "-m", "pip", "install", "--disable-pip-version-check"]
    # pip's own log is long (one « Collecting » line per package): each download is said instead,
    # with its size and the running total (progress.py).
    code, downloads = progress.run(base + ["--progress-bar", "off", "--retries", "0", "--timeout", "15", *args],
                                   show_failure=False)
    if code == 0:
        say(f"Paquets Python installés ({downloads.summary()}).")
        return True
    warn("l'installation rapide a échoué ; nouvel essai avec les réglages normaux de pip (plus lent si le réseau l'est).")
    return subprocess.call(base + list(args)) == 0


def ensure(venv: Path, stamp: Path, files: Sequence[Path], pip_args: Sequence[str], what: str) -> bool:
    """Installs with pip_args unless the stamp says `files` are already installed. True when something
    was installed, False when it was up to date; raises CarnetsError when pip fails."""
    if up_to_date(venv, stamp, files, pip_args):
        return False
    say(f"Installation {what}...")
    if not pip_install(venv, pip_args):
        die("l'installation des paquets Python a échoué (réseau ? voir les messages de pip ci-dessus).")
    write_stamp(venv, stamp, files, pip_args)
    return True
