"""Where things are in the repository, and how the commands talk to the learner.

Every path rule of the Python side lives here once: the repository root, the .venv and its
Python on each platform, the published builds, and the data folder (datasets/fetch.py, the
kernel launcher and every command call `data_dir`; kernel-ext's DataHome.java reads the same
documented rule: -Dcarnets.data set by the launcher, else CARNETS_DATA, else datasets/cache).

Standard library only: `./carnets` may run this with the machine's Python before .venv exists.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Mapping, NoReturn, Sequence

ROOT = Path(__file__).resolve().parents[2]
IS_WINDOWS = os.name == "nt"

VENV = ROOT / ".venv"
PYTHON_DIR = ROOT / "python"
REQUIREMENTS = PYTHON_DIR / "requirements.txt"
PYPROJECT = PYTHON_DIR / "pyproject.toml"
FETCH_PY = ROOT / "datasets" / "fetch.py"
DATASETS_TESTS = ROOT / "datasets" / "tests"
NOTEBOOKS_DIR = ROOT / "notebooks"
BUILD_DIR = ROOT / "build"

KERNEL_NAME = "carnets-java"
KERNEL_DISPLAY_NAME = "Java (Carnets)"
MIN_JAVA = 17
MIN_PYTHON = (3, 9)
DEFAULT_PORT = 8888
#: Most seconds one notebook cell may run under `./carnets run` (and the notebook tests).
DEFAULT_CELL_TIMEOUT = 1800


class CarnetsError(Exception):
    """A failure explained to the learner (French); `./carnets` prints it and exits with `code`."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def die(message: str, code: int = 1) -> NoReturn:
    raise CarnetsError(message, code)


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def warn(message: str) -> None:
    print(f"carnets : attention : {message}", file=sys.stderr, flush=True)


def bin_dir(venv: Path) -> Path:
    """The folder of a virtualenv's executables: bin/ on Linux and macOS, Scripts\\ on Windows."""
    return venv / ("Scripts" if IS_WINDOWS else "bin")


def venv_python(venv: Path = VENV) -> Path:
    return bin_dir(venv) / ("python.exe" if IS_WINDOWS else "python")


def in_ci(env: Mapping[str, str] = os.environ) -> bool:
    return bool(env.get("CI"))


def data_dir(env: Mapping[str, str] = os.environ, override: str | os.PathLike | None = None) -> Path:
    """The datasets folder: `override` (--data), else $CARNETS_DATA, else datasets/cache of the repository.

    Always absolute: a relative CARNETS_DATA is read from the current directory, once, so that it
    keeps its meaning in a process that changes directory (lab runs in notebooks/, a kernel in its
    notebook's folder)."""
    chosen = override or env.get("CARNETS_DATA") or ROOT / "datasets" / "cache"
    return Path(os.path.abspath(chosen))


def with_path(env: Mapping[str, str], *folders: Path) -> dict:
    """A copy of env whose PATH starts with `folders` (os.pathsep: ';' on Windows, ':' elsewhere)."""
    out = dict(env)
    parts = [str(f) for f in folders]
    if out.get("PATH"):
        parts.append(out["PATH"])
    out["PATH"] = os.pathsep.join(parts)
    return out


def hand_over(cmd: Sequence[str], env: Mapping[str, str] | None = None, cwd: Path | None = None) -> int:
    """Runs cmd in place of this process where the system allows it (POSIX: exec, so Ctrl+C and
    signals reach it directly); on Windows, where exec would detach, waits for it and returns its
    exit status."""
    if cwd is not None:
        os.chdir(cwd)
    if IS_WINDOWS:
        try:
            return subprocess.call(list(cmd), env=dict(env) if env is not None else None)
        except KeyboardInterrupt:
            return 130
    sys.stdout.flush()
    sys.stderr.flush()
    if env is None:
        os.execv(cmd[0], list(cmd))
    os.execve(cmd[0], list(cmd), dict(env))
    raise AssertionError("exec returned")  # pragma: no cover
