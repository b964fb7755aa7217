"""One learner's Jupyter server on a workshop hub: JupyterHub runs this as the learner
(Spawner.cmd, see hub.py), from the workshop's folder (python3 -m carnets_tools.atelier.session).

It makes or updates the learner's own copy of the notebooks, ~/mes-carnets (workcopy.py: the
learner's answers are kept, the course's changes merged cell by cell), then becomes Debian's
jupyterhub-singleuser (classic Notebook 6.4) with the arguments the hub gave. Standard library only.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from .. import workcopy

SINGLEUSER = "jupyterhub-singleuser"
WORKDIR = "mes-carnets"


def main(argv: list) -> int:
    os.umask(0o077)  # the learner's files are theirs alone, whatever their home's mode
    copy = workcopy.WorkCopy(Path.home() / WORKDIR)
    for line in copy.update():
        print(f"carnets ({os.environ.get('USER', '?')}) : {line}", file=sys.stderr, flush=True)
    exe = shutil.which(SINGLEUSER, path=os.environ.get("PATH") or os.defpath)
    if exe is None:
        print(f"carnets : {SINGLEUSER} est introuvable (paquet Debian jupyterhub).", file=sys.stderr)
        return 1
    sys.stdout.flush()
    os.execv(exe, [exe, *argv])
    return 1  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
