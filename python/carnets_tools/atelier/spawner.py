"""The hub's spawner: JupyterHub's LocalProcessSpawner, whose child joins the learner's cgroup
(cgroups.py) while still root, just before it becomes the learner. Imported by the hub only
(jupyterhub_config.py names it): it needs Debian's jupyterhub package.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Unicode

from . import cgroups


class CarnetsSpawner(LocalProcessSpawner):
    cgroup_dir = Unicode("", config=True, help="Folder of the learners' cgroups; empty: none.")

    def make_preexec_fn(self, name):
        become_learner = super().make_preexec_fn(name)
        top = self.cgroup_dir

        def preexec():
            if top:
                try:
                    cgroups.join(Path(top), name)
                except OSError as e:  # the server still starts, with the launcher's limits only
                    print(f"carnets : {name} n'a pas pu rejoindre son cgroup ({e}).", file=sys.stderr)
            become_learner()

        return preexec
