"""What every learner's kernel reads, put in the workshop's folder (/srv/carnets-atelier by default),
readable by every account and writable by root only:

    carnets/python/carnets_tools/      the kernel launcher, and the working-copy code (session.py)
    carnets/kernel/target/run-*/       the kernel's jars: the repository's published build
    carnets/kernel-ext/target/run-*/   the course extension's jars
    carnets/notebooks/, carnets/course/   the course that each learner's copy is made from
    donnees/                           the verified data sets: one shared copy, CARNETS_DATA of every kernel
    jupyter/kernels/carnets-java/      the kernelspec, found by every learner's server through JUPYTER_PATH

carnets/ has the repository's layout, so the launcher and the working-copy code run there unchanged
(their ROOT is carnets/). Files are hard links to the repository's where the file system allows it
(nothing is copied), else copies. A rebuild or a `git pull` in the repository thus changes nothing
for a running workshop: the next start brings it in.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

from .. import build, kernelspec
from ..project import KERNEL_NAME, NOTEBOOKS_DIR, PYTHON_DIR, ROOT, data_dir, die

#: The learners' Python: the system's, which Debian's jupyterhub package depends on (the launcher
#: needs the standard library only; the repository's .venv may sit where learners cannot read).
SYSTEM_PYTHON = "/usr/bin/python3"
SKIPPED = ("__pycache__", ".ipynb_checkpoints")


def carnets_dir(folder: Path) -> Path:
    return folder / "carnets"


def data_copy(folder: Path) -> Path:
    return folder / "donnees"


def jupyter_dir(folder: Path) -> Path:
    return folder / "jupyter"


def unreachable(path: Path, execute: bool = False) -> Path | None:
    """The first of path and its parents that other accounts cannot go through (or read, or run)."""
    path = Path(os.path.realpath(path))
    for parent in reversed(path.parents):
        if not parent.stat().st_mode & stat.S_IXOTH:
            return parent
    mode = path.stat().st_mode
    need = stat.S_IXOTH if path.is_dir() or execute else stat.S_IROTH
    return None if mode & need else path


def _same(src: Path, dst: Path) -> bool:
    try:
        a, b = src.stat(), dst.stat()
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino) or (a.st_size, a.st_mtime_ns) == (b.st_size, b.st_mtime_ns)


def _readable(path: Path) -> None:
    """rw for the owner only; read (and run, when the owner may) for everyone."""
    mode = stat.S_IMODE(path.stat().st_mode)
    want = (mode | 0o444 | (0o111 if mode & 0o100 else 0)) & ~0o022
    if want != mode:
        path.chmod(want)


def sync(src: Path, dst: Path) -> None:
    """dst made the same tree as src: hard links (else copies), readable by all; extra files removed."""
    if dst.is_symlink() or dst.is_file():
        dst.unlink()
    dst.mkdir(parents=True, exist_ok=True)
    dst.chmod(0o755)
    names = set()
    for entry in os.scandir(src):
        if entry.name in SKIPPED:
            continue
        names.add(entry.name)
        s, d = Path(entry.path), dst / entry.name
        if entry.is_dir():
            sync(s, d)
            continue
        if d.is_dir() and not d.is_symlink():
            shutil.rmtree(d)
        if not _same(s, d):
            tmp = d.with_name(f".{d.name}.tmp")
            if tmp.exists():
                tmp.unlink()
            try:
                os.link(s, tmp)
            except OSError:  # another file system, or links refused
                shutil.copy2(s, tmp)
            os.replace(tmp, d)
        _readable(d)
    for extra in dst.iterdir():
        if extra.name not in names:
            shutil.rmtree(extra) if extra.is_dir() and not extra.is_symlink() else extra.unlink()


def publish_build(target: Path, dest: Path) -> None:
    """The repository's published build of `target` as dest/run-*, behind dest/run."""
    snapshot = build.published(target)
    if not build.jars(snapshot):
        die(f"aucun jar dans {snapshot} : lancez ./carnets setup.")
    dest.mkdir(parents=True, exist_ok=True)
    dest.chmod(0o755)
    sync(snapshot, dest / snapshot.name)
    link = dest / "run"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(snapshot.name)
    for old in dest.iterdir():
        if old.name not in (snapshot.name, "run"):
            shutil.rmtree(old) if old.is_dir() else old.unlink()


def install(folder: Path, java_home: Path, budget_mib: int) -> Path:
    """Everything above; returns the kernelspec's folder. The hub must be stopped (files change)."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o755)
    blocked = unreachable(folder)
    if blocked:
        die(f"{blocked} n'est pas accessible aux autres comptes : les apprenants ne pourraient pas lire le noyau "
            "ni les données. Choisissez un dossier de l'atelier sous /srv ou /opt (--dossier).")
    carnets = carnets_dir(folder)
    sync(PYTHON_DIR / "carnets_tools", carnets / "python" / "carnets_tools")
    for part in ("kernel", "kernel-ext"):
        publish_build(ROOT / part / "target", carnets / part / "target")
    sync(NOTEBOOKS_DIR, carnets / "notebooks")
    sync(ROOT / "course", carnets / "course")
    source = data_dir()
    if not source.is_dir():
        die(f"dossier des jeux de données introuvable : {source} (lancez ./carnets datasets).")
    sync(source, data_copy(folder))
    return write_kernelspec(folder, java_home, budget_mib)


def spec(folder: Path, java_home: Path, budget_mib: int) -> dict:
    """The course's kernelspec, run by the system's Python from the workshop's folder, with the
    learner's memory budget and the shared data."""
    out = kernelspec.spec()
    out["argv"] = [SYSTEM_PYTHON, "-m", kernelspec.LAUNCHER_MODULE, "{connection_file}"]
    out["env"] = {
        "PYTHONPATH": str(carnets_dir(folder) / "python"),
        "JAVA_HOME": str(java_home),
        "CARNETS_DATA": str(data_copy(folder)),
        "CARNETS_MEMORY": f"{budget_mib}m",
    }
    return out


def write_kernelspec(folder: Path, java_home: Path, budget_mib: int) -> Path:
    target = jupyter_dir(folder) / "kernels" / KERNEL_NAME
    target.mkdir(parents=True, exist_ok=True)
    for d in (jupyter_dir(folder), target.parent, target):
        d.chmod(0o755)
    path = target / "kernel.json"
    path.write_text(json.dumps(spec(folder, java_home, budget_mib), indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    path.chmod(0o644)
    return target
