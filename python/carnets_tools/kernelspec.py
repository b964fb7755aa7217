"""The kernelspec "carnets-java" installed into .venv: Jupyter starts the kernel with .venv's Python
running carnets_tools.launcher (no shell script, so the same on Linux, macOS and Windows)."""

from __future__ import annotations

import json
from pathlib import Path

from .project import KERNEL_DISPLAY_NAME, KERNEL_NAME, VENV, venv_python

LAUNCHER_MODULE = "carnets_tools.launcher"


def spec_dir(venv: Path = VENV) -> Path:
    return venv / "share" / "jupyter" / "kernels" / KERNEL_NAME


def argv(venv: Path = VENV) -> list:
    return [str(venv_python(venv)), "-m", LAUNCHER_MODULE, "{connection_file}"]


def spec(venv: Path = VENV) -> dict:
    return {
        "argv": argv(venv),
        "display_name": KERNEL_DISPLAY_NAME,
        "language": "java",
        # Jupyter must interrupt through a message: a SIGINT would end the JVM.
        "interrupt_mode": "message",
        "metadata": {"debugger": False},
    }


def installed(venv: Path = VENV) -> dict | None:
    try:
        return json.loads((spec_dir(venv) / "kernel.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_current(venv: Path = VENV) -> bool:
    """The installed spec starts this repository's launcher with this .venv's Python."""
    s = installed(venv)
    return bool(s) and s.get("argv") == argv(venv)


def install(venv: Path = VENV) -> Path:
    """(Re)writes kernel.json; always rewritten, since its absolute paths change when the
    repository is moved or cloned elsewhere."""
    folder = spec_dir(venv)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kernel.json"
    path.write_text(json.dumps(spec(venv), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
