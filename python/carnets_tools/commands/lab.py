"""`./carnets lab`: JupyterLab on notebooks/, on 127.0.0.1 only, with a token."""

from __future__ import annotations

import os
import secrets
import socket

from ..project import (DEFAULT_PORT, KERNEL_DISPLAY_NAME, KERNEL_NAME, NOTEBOOKS_DIR, VENV, bin_dir, die, hand_over,
                       in_ci, say, venv_python, with_path)
from . import setup

NAME = "lab"
HELP = "démarre JupyterLab sur notebooks/ (installe d'abord si besoin)"
PASSTHROUGH = True
DESCRIPTION = """\
Démarre JupyterLab sur le dossier notebooks/ (après ./carnets setup si besoin).
Le serveur n'écoute que sur cette machine (127.0.0.1) et demande un jeton :
ouvrez l'adresse affichée, qui le contient. Arrêt : Ctrl+C.

Des options passées après « -- » vont telles quelles à « jupyter lab ».
Choisissez ensuite le noyau « Java (Carnets) » dans JupyterLab."""


def configure(parser):
    parser.usage = "./carnets lab [--port PORT] [--no-browser] [-- OPTIONS_JUPYTER...]"
    parser.add_argument("--port", help="port d'écoute (sinon $CARNETS_PORT, sinon 8888)")
    parser.add_argument("--no-browser", action="store_true", help="n'ouvre pas le navigateur")


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def chosen_port(option: str | None, env=os.environ) -> int:
    text = option if option is not None else env.get("CARNETS_PORT") or str(DEFAULT_PORT)
    if not text.isdigit():
        die(f"port invalide : « {text} ».")
    return int(text)


def command(port: int, browser: bool, extra, is_root: bool) -> list:
    """The `jupyter lab` command line: 127.0.0.1 only, this port or failure, the course's kernel."""
    cmd = [str(venv_python()), "-m", "jupyterlab",
           "--ServerApp.ip=127.0.0.1",
           f"--ServerApp.port={port}",
           # fail rather than silently serve on another port than the one printed
           "--ServerApp.port_retries=0",
           f"--ServerApp.root_dir={NOTEBOOKS_DIR}",
           f"--MultiKernelManager.default_kernel_name={KERNEL_NAME}",
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
    NOTEBOOKS_DIR.mkdir(parents=True, exist_ok=True)
    if not port_is_free(port):
        die(f"le port {port} est déjà utilisé (un autre JupyterLab ?). Arrêtez-le, ou choisissez un autre port : "
            f"./carnets lab --port {port + 1}")
    # Token authentication is always on. The token is made here so that the address can be
    # printed before Jupyter's own logs; it is handed over through the environment, not the
    # command line (visible to `ps`).
    token = secrets.token_hex(24)
    say(f"JupyterLab démarre sur notebooks/ ; choisissez le noyau « {KERNEL_DISPLAY_NAME} ».")
    say(f"Adresse (avec le jeton) : http://127.0.0.1:{port}/lab?token={token}")
    say("Arrêt : Ctrl+C.")
    env = with_path(os.environ, bin_dir(VENV))
    env["JUPYTER_TOKEN"] = token
    is_root = hasattr(os, "geteuid") and os.geteuid() == 0
    return hand_over(command(port, browser, args.passthrough, is_root), env, cwd=NOTEBOOKS_DIR)
