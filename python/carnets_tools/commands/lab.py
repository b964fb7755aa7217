"""`./carnets lab`: JupyterLab on the learner's working copy (mes-carnets/), on 127.0.0.1 only, with a token.

The server's root is the working copy (workcopy.py), not notebooks/: the learner's autosaves never
touch the course's tracked files, and its course/ link makes the notebooks' ../course/*.md links work."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess

from .. import labsettings, workcopy
from ..project import (DEFAULT_PORT, KERNEL_NAME, VENV, bin_dir, die, in_ci, say,
                       venv_python, with_path)
from . import setup

NAME = "lab"
HELP = "démarre JupyterLab sur votre copie des carnets (installe d'abord si besoin)"
PASSTHROUGH = True
DESCRIPTION = """\
Démarre JupyterLab sur votre copie de travail, mes-carnets/ (après ./carnets setup
si besoin). Au premier lancement, les carnets du cours y sont copiés ; vos réponses
et vos sorties restent dans cette copie, le cours (notebooks/) n'est jamais modifié.
Quand le cours change (git pull), le lancement suivant y apporte les nouveautés sans
toucher aux cellules que vous avez modifiées. Pour repartir d'un exercice ou d'un
carnet neuf : ./carnets reinitialiser --help. Autre dossier : CARNETS_WORKDIR=chemin.
Le serveur n'écoute que sur cette machine (127.0.0.1) et demande un jeton :
ouvrez l'adresse affichée, qui le contient. Arrêt : Ctrl+C.

Des options passées après « -- » vont telles quelles à « jupyter lab ».
Choisissez ensuite le noyau « Java (Carnets) » dans JupyterLab."""


def configure(parser):
    parser.usage = "./carnets lab [--port PORT] [--no-browser] [-- OPTIONS_JUPYTER...]"
    parser.add_argument("--port", help="port d'écoute (sinon $CARNETS_PORT, sinon 8888)")
    parser.add_argument("--no-browser", action="store_true", help="n'ouvre pas le navigateur")


def port_is_free(port: int, address: str = "127.0.0.1") -> bool:
    """Whether a server could listen there now. SO_REUSEADDR, as servers set it: the connections
    of a server just stopped (TIME_WAIT) do not keep its port."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((address, port))
        except OSError:
            return False
    return True


def chosen_port(option: str | None, env=os.environ) -> int:
    text = option if option is not None else env.get("CARNETS_PORT") or str(DEFAULT_PORT)
    if not text.isdigit():
        die(f"port invalide : « {text} ».")
    return int(text)


def command(port: int, browser: bool, extra, is_root: bool, root_dir=None) -> list:
    """The `jupyter lab` command line: 127.0.0.1 only, this port or failure, the course's kernel."""
    cmd = [str(venv_python()), "-m", "jupyterlab",
           "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}",
           # fail rather than silently serve on another port than the one printed
           "--ServerApp.port_retries=0",
           f"--ServerApp.root_dir={root_dir or workcopy.workdir()}",
           f"--MultiKernelManager.default_kernel_name={KERNEL_NAME}",
           # the course's kernel only: no "Python 3 (ipykernel)" in the launcher
           f"--KernelSpecManager.allowed_kernelspecs={KERNEL_NAME}",
           "--KernelSpecManager.ensure_native_kernel=False",
           # one Ctrl+C stops the server: no "Shut down this Jupyter server (y/[n])?"
           "--ServerApp.answer_yes=True",
           # no update check: it would call pypi.org
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if not browser:
        cmd.append("--no-browser")
    # Jupyter refuses to run as root unless told; root is what containers and CI machines often
    # are, and the server stays bound to 127.0.0.1 anyway.
    if is_root:
        cmd.append("--allow-root")
    return cmd + list(extra)


def run(args) -> int:
    port = chosen_port(args.port)
    browser = not args.no_browser and not in_ci()
    setup.ensure()
    copy = workcopy.WorkCopy(workcopy.workdir())
    for line in copy.update():
        say(line)
    if not port_is_free(port):
        die(f"le port {port} est déjà utilisé (un autre JupyterLab ?). Arrêtez-le, ou choisissez un autre port : "
            f"./carnets lab --port {port + 1}")
    # Token authentication is always on. The token is made here so that the address can be
    # printed before Jupyter's own logs; it is handed over through the environment, not the
    # command line (visible to `ps`).
    token = secrets.token_hex(24)
    say(f"JupyterLab démarre sur votre copie, {copy.root} : le cours commence par "
        f"notebooks/00-prise-en-main.ipynb ; ses pages sont dans course/.")
    say(f"Adresse (avec le jeton) : http://127.0.0.1:{port}/lab?token={token}")
    say("Arrêt : Ctrl+C.")
    env = with_path(os.environ, bin_dir(VENV))
    env["JUPYTER_TOKEN"] = token
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    labsettings.write_overrides()
    code = serve(command(port, browser, args.passthrough, is_root, copy.root), env, copy.root)
    say(f"JupyterLab est arrêté. Vos carnets sont dans {copy.notebooks} "
        "(ce qui n'était pas enregistré avec Ctrl+S est perdu).")
    return 0 if code in (0, -signal.SIGINT, 130) else code


def serve(cmd, env, cwd) -> int:
    """Runs the server as a child and waits for it, so that a French line can follow it.

    Ctrl+C in a terminal reaches both processes (same process group): the server stops at once
    (answer_yes), this process keeps waiting for it. A second Ctrl+C, if it hangs, ends it."""
    proc = subprocess.Popen(cmd, env=env, cwd=str(cwd))
    interrupted = 0
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:
            interrupted += 1
            if interrupted == 1:
                print(flush=True)
                say("Arrêt de JupyterLab et des noyaux (Ctrl+C)...")
            else:
                proc.terminate()
