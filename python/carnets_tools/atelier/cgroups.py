"""A memory limit per learner that the system enforces: one cgroup per learner, under
carnets-atelier-KEY/ (KEY: the workshop's folder, so that two workshops never share one), in cgroup
v2 at /sys/fs/cgroup, or in v1's memory controller at /sys/fs/cgroup/memory.

The launcher's limits (heap, JavaCPP) are checked by Java at each allocation: one very large ND4J
array can still go past them before the next allocation fails. The cgroup bounds the learner's
server and every kernel it starts, together: past its limit, the system's OOM killer ends that
learner's largest process (their kernel, which Jupyter restarts), never another learner's.
Each learner's server joins its cgroup as root, just before it becomes the learner (spawner.py).
Where cgroups cannot be written (a container without that right), the launcher's limits remain.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
GROUP = "carnets-atelier"
MIB = 1024 * 1024


def _read(path: Path) -> str:
    try:
        return path.read_text().strip()
    except OSError:
        return ""


def hierarchy(root: Path = ROOT) -> tuple | None:
    """("v2", root) or ("v1", root/memory): where memory limits are set on this system; None without."""
    if "memory" in _read(root / "cgroup.controllers").split():
        return "v2", root
    if (root / "memory" / "memory.limit_in_bytes").is_file():
        return "v1", root / "memory"
    return None


def limit_file(kind: str) -> str:
    return "memory.max" if kind == "v2" else "memory.limit_in_bytes"


def group(folder: Path) -> str:
    return f"{GROUP}-{hashlib.sha256(str(folder).encode()).hexdigest()[:8]}"


def prepare(folder: Path, names: list, limit_mib: int, root: Path = ROOT) -> Path | None:
    """A cgroup for each learner of the workshop in `folder`, limited to limit_mib; their parent folder,
    or None when the system does not let us (no memory controller, read-only cgroups)."""
    found = hierarchy(root)
    if found is None:
        return None
    kind, base = found
    top = base / group(folder)
    try:
        top.mkdir(exist_ok=True)
        if kind == "v2":  # the children of top get the memory controller
            if "memory" not in _read(base / "cgroup.subtree_control").split():
                (base / "cgroup.subtree_control").write_text("+memory")
            (top / "cgroup.subtree_control").write_text("+memory")
        for name in names:
            (top / name).mkdir(exist_ok=True)
            (top / name / limit_file(kind)).write_text(str(limit_mib * MIB))
            if kind == "v2" and (top / name / "memory.swap.max").is_file():
                (top / name / "memory.swap.max").write_text("0")  # the limit is not dodged by swapping
    except OSError:
        return None
    return top


def join(top: Path, name: str) -> None:
    """Moves this process (and so everything it will start) into the learner's cgroup."""
    (top / name / "cgroup.procs").write_text(str(os.getpid()))


def remove(folder: Path, root: Path = ROOT) -> None:
    """The learners' cgroups of the workshop in `folder`, once their processes are gone."""
    found = hierarchy(root)
    if found is None:
        return
    top = found[1] / group(folder)
    if not top.is_dir():
        return
    for child in top.iterdir():
        if child.is_dir():
            try:
                child.rmdir()
            except OSError:
                pass
    try:
        top.rmdir()
    except OSError:
        pass
