"""Carnets' own widgets front end (the drawing pad of fr.carnets.widgets), a prebuilt JupyterLab 4
extension: its static files are committed in python/carnets_widgets/labextension/ (built by a
developer with npm, see python/carnets_widgets/README.md), and copied by `./carnets setup` into
.venv/share/jupyter/labextensions/, where JupyterLab 4 and Notebook 7 load it. Learners need no Node.js."""

from __future__ import annotations

import filecmp
import shutil
from pathlib import Path

from .project import PYTHON_DIR, VENV

NAME = "carnets-widgets"
BUILT = PYTHON_DIR / "carnets_widgets" / "labextension"


def target(venv: Path = VENV) -> Path:
    return venv / "share" / "jupyter" / "labextensions" / NAME


def _same_tree(a: Path, b: Path) -> bool:
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, cmp.common_files, shallow=False)
    return not mismatch and not errors and all(_same_tree(a / d, b / d) for d in cmp.common_dirs)


def is_current(venv: Path = VENV) -> bool:
    """The installed extension is the committed build, file for file."""
    return target(venv).is_dir() and _same_tree(BUILT, target(venv))


def install(venv: Path = VENV) -> Path:
    """Replaces the installed extension by the committed build (an old build's files must not stay:
    JupyterLab loads the one its package.json names, and stale bundles would only confuse)."""
    if not (BUILT / "package.json").is_file():
        raise FileNotFoundError(f"{BUILT / 'package.json'} est absent : le dépôt est incomplet.")
    dest = target(venv)
    if not is_current(venv):
        shutil.rmtree(dest, ignore_errors=True)
        shutil.copytree(BUILT, dest)
    return dest
