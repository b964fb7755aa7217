"""The Java build: Maven through the project's wrapper, and the published snapshots the kernel runs.

Maven builds into target/dist; setup then publishes each build as target/run-<date> behind
target/run, which the kernel launcher resolves once at start. A rebuild (./carnets setup after a
git pull) thus never rewrites the jars of a kernel that is running. target/run is a symbolic link
where the system allows one; where it does not (Windows without the right to create links), it is
a small text file holding the snapshot's name, read the same way by `published`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import progress
from .project import IS_WINDOWS, ROOT, die, in_ci, say

KERNEL_TARGET = ROOT / "kernel" / "target"
EXT_TARGET = ROOT / "kernel-ext" / "target"
BUILD_STAMP = KERNEL_TARGET / ".carnets-build"
KERNEL_JAR_NAME = "carnets-kernel.jar"
#: What a build depends on: a change in any of them makes setup rebuild.
SOURCES = [ROOT / "pom.xml", ROOT / ".mvn", ROOT / "kernel" / "pom.xml", ROOT / "kernel" / "src",
           ROOT / "kernel-ext" / "pom.xml", ROOT / "kernel-ext" / "src"]
KEEP_SNAPSHOTS = 2


def published(target: Path) -> Path:
    """The build a kernel starting now uses: target/run resolved to its snapshot (link or pointer file);
    a plain Maven build (target/dist only) as is."""
    run = target / "run"
    if run.is_symlink() or run.is_dir():
        return run.resolve()
    if run.is_file():
        name = run.read_text(encoding="utf-8").strip()
        if name and os.sep not in name and "/" not in name and (target / name).is_dir():
            return target / name
    return target / "dist"


def jars(folder: Path) -> list:
    return sorted(folder.glob("*.jar")) if folder.is_dir() else []


def newer_than(stamp: Path, sources=SOURCES) -> Path | None:
    """The first source file or folder modified after stamp, else None."""
    since = stamp.stat().st_mtime
    for src in sources:
        if not src.exists():
            continue
        if src.stat().st_mtime > since:
            return src
        if src.is_dir():
            for folder, dirs, files in os.walk(src):
                for name in dirs + files:
                    p = Path(folder, name)
                    try:
                        if p.stat().st_mtime > since:
                            return p
                    except OSError:
                        continue
    return None


def up_to_date() -> bool:
    """The jars exist and no source or POM is newer than the last successful build."""
    if not (published(KERNEL_TARGET) / KERNEL_JAR_NAME).is_file() or not BUILD_STAMP.is_file():
        return False
    if not jars(published(EXT_TARGET)):
        return False
    return newer_than(BUILD_STAMP) is None


def touch_stamp() -> None:
    BUILD_STAMP.parent.mkdir(parents=True, exist_ok=True)
    BUILD_STAMP.touch()
    os.utime(BUILD_STAMP)


def maven(args, env=None) -> int:
    """./mvnw (mvnw.cmd on Windows, else Maven of PATH), in batch mode when nobody watches (CI, pipes)."""
    if IS_WINDOWS:
        wrapper = ROOT / "mvnw.cmd"
        cmd = [str(wrapper)] if wrapper.is_file() else [shutil.which("mvn") or "mvn"]
    else:
        cmd = [str(ROOT / "mvnw")]
    if in_ci() or not sys.stdout.isatty():
        cmd.append("--batch-mode")
    try:
        return subprocess.call(cmd + list(args), cwd=str(ROOT), env=env)
    except OSError as e:
        die(f"impossible de lancer Maven ({cmd[0]} : {e}). Sous Windows, installez Maven (mvn dans le PATH).")


def maven_with_progress(args):
    """Maven in batch mode, its downloads said one per line (progress.py), its module names kept;
    the rest of its log is shown only if it fails."""
    if IS_WINDOWS:
        wrapper = ROOT / "mvnw.cmd"
        cmd = [str(wrapper)] if wrapper.is_file() else [shutil.which("mvn") or "mvn"]
    else:
        cmd = [str(ROOT / "mvnw")]
    try:
        return progress.run(cmd + ["--batch-mode"] + list(args), cwd=str(ROOT),
                            keep=lambda line: line.startswith("[INFO] Building ") and " jar" not in line)
    except OSError as e:
        die(f"impossible de lancer Maven ({cmd[0]} : {e}). Sous Windows, installez Maven (mvn dans le PATH).")


def publish(target: Path, now: float | None = None) -> Path:
    """Moves target/dist to a new target/run-<date>-<pid> and points target/run at it (a rename,
    then a swap of the link: running kernels keep reading their own snapshot). The two newest
    snapshots are kept, older ones removed."""
    name = time.strftime("run-%Y%m%d-%H%M%S", time.localtime(now)) + f"-{os.getpid()}"
    n = 1
    while (target / name).exists():  # two builds within a second of one process
        n += 1
        name = name.rsplit(".", 1)[0] + f".{n}"
    snapshot = target / name
    try:
        (target / "dist").rename(snapshot)
    except OSError as e:
        die(f"impossible de publier {target / 'dist'} ({e}).")
    point(target / "run", name)
    snapshots = sorted((p for p in target.glob("run-*") if p.is_dir()), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in snapshots[KEEP_SNAPSHOTS:]:
        if old != snapshot:
            shutil.rmtree(old, ignore_errors=True)
    return snapshot


def point(run: Path, name: str) -> None:
    """Makes run designate the sibling folder `name`, atomically: a link when possible, else a pointer file."""
    new = run.with_name(run.name + ".new")
    if new.is_symlink() or new.is_file():
        new.unlink()
    try:
        os.symlink(name, new, target_is_directory=True)
    except (OSError, NotImplementedError):
        new.write_text(name + "\n", encoding="utf-8")
    if run.is_dir() and not run.is_symlink():
        shutil.rmtree(run)  # an old-style plain folder cannot be replaced by a rename
    os.replace(new, run)


def build_jars(rebuild: bool = False) -> None:
    if not rebuild and up_to_date():
        say("Noyau Java déjà construit (kernel/target/run, kernel-ext/target/run).")
        return
    # copy-dependencies never removes a jar: after a dependency change, the old version would
    # stay in dist/, hence in the kernel's classpath (dist/*).
    for target in (KERNEL_TARGET, EXT_TARGET):
        shutil.rmtree(target / "dist", ignore_errors=True)
    say("Construction du noyau Java et de l'extension (./mvnw -DskipTests package) ; la première fois, Maven "
        "télécharge les bibliothèques (Deeplearning4j, ND4J natif...) dans ~/.m2 : chaque fichier de plus de 1 Mo "
        "est affiché avec sa taille, puis les jeux de données suivent.")
    code, downloads = maven_with_progress(["-DskipTests", "package"])
    if code != 0:
        die("la construction Maven a échoué (voir ci-dessus).")
    say(f"Noyau construit ({downloads.summary()} par Maven).")
    if not (KERNEL_TARGET / "dist" / KERNEL_JAR_NAME).is_file():
        die(f"la construction n'a pas produit {KERNEL_TARGET / 'dist' / KERNEL_JAR_NAME}.")
    publish(KERNEL_TARGET)
    publish(EXT_TARGET)
    touch_stamp()
