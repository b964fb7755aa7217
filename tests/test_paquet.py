"""`./carnets paquet` and `./carnets setup --depuis`: a room installed with no internet.

The slow test does it for real: it builds the archive from this checkout (the Maven artifacts are
copied from ~/.m2, where the build already put them, and pip downloads from its usual indexes),
copies the repository as a fresh clone (tracked and untracked files, no build output), then, in a
network namespace with no interface up (`unshare -n`, root) and an empty HOME (no ~/.m2, no pip
cache), runs `./carnets setup --depuis` and notebook 00 in the kernel it installed (the kernel's
ZeroMQ needs the namespace's loopback, brought up for that step only).
The fast tests check the verification: a missing or corrupt piece is named, nothing is installed.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "python"))

from carnets_tools import offline  # noqa: E402
from carnets_tools.project import CarnetsError  # noqa: E402

MEASURES = REPO_ROOT / "build" / "paquet-mesures.json"


def fresh_clone(dest: Path) -> Path:
    """The repository's tracked and untracked (not ignored) files, as a fresh clone with local changes."""
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO_ROOT,
                           check=True, stdout=subprocess.PIPE).stdout.decode().split("\0")
    for rel in filter(None, files):
        src = REPO_ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    return dest


def room_env(home: Path) -> dict:
    """A learner's machine: an empty HOME, no data folder set, no project virtualenv on PATH."""
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PIP_", "CARNETS_", "VIRTUAL_ENV", "MAVEN_", "JUPYTER", "PYTEST"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    env.update(HOME=str(home), CARNETS_SCALE="ci")
    return env


def tiny_package(top: Path) -> Path:
    (top / "maven" / "repository" / "org" / "x").mkdir(parents=True)
    (top / "maven" / "repository" / "org" / "x" / "x-1.jar").write_bytes(b"jar bytes")
    (top / "data" / "mnist").mkdir(parents=True)
    (top / "data" / "mnist" / "train-labels-idx1-ubyte").write_bytes(b"\0" * 100)
    offline.write_manifest(top, spark=False)
    return top


def test_verify_names_the_missing_or_corrupt_piece(tmp_path):
    top = tiny_package(tmp_path / offline.TOP)
    assert len(offline.verify(top)["files"]) == 2
    (top / "data" / "mnist" / "train-labels-idx1-ubyte").write_bytes(b"\1" + b"\0" * 99)
    with pytest.raises(CarnetsError, match=r"paquet abîmé : data/mnist/train-labels-idx1-ubyte .*Rien n'a été installé"):
        offline.verify(top)
    (top / "data" / "mnist" / "train-labels-idx1-ubyte").unlink()
    with pytest.raises(CarnetsError, match=r"paquet incomplet : data/mnist/train-labels-idx1-ubyte manque"):
        offline.verify(top)
    manifest = json.loads((top / offline.MANIFEST).read_text())
    manifest["python"] = "2.7"
    (top / offline.MANIFEST).write_text(json.dumps(manifest))
    with pytest.raises(CarnetsError, match="fait pour Python 2.7"):
        offline.verify(top)


def test_the_course_maven_lines_are_packed_and_spark_only_when_asked():
    plain = "".join(offline.maven_lines(spark=False))
    assert "<artifactId>commons-text</artifactId><version>1.12.0</version>" in plain  # notebook 00's %maven
    assert "spark-core" not in plain
    assert "<artifactId>spark-core_2.12</artifactId><version>3.5.9</version>" in "".join(offline.maven_lines(spark=True))


@pytest.mark.slow
@pytest.mark.time_limit(600)
def test_setup_from_a_corrupt_package_installs_nothing(tmp_path):
    clone = fresh_clone(tmp_path / "clone")
    package = tiny_package(tmp_path / "paquet" / offline.TOP)
    (package / "maven" / "repository" / "org" / "x" / "x-1.jar").write_bytes(b"other bytes")
    env = room_env(tmp_path / "home")
    proc = subprocess.run(["sh", str(clone / "carnets"), "setup", "--depuis", str(package.parent)], cwd=clone, env=env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=300)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "paquet abîmé : maven/repository/org/x/x-1.jar" in proc.stderr
    assert not (clone / ".venv").exists() and not (tmp_path / "home" / ".m2").exists()
    assert not (clone / "datasets" / "cache").exists()


def can_cut_network() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "unshare -n demande root"
    if not shutil.which("unshare") or not shutil.which("ip"):
        return "unshare ou ip introuvable"
    if subprocess.call(["unshare", "-n", "true"], stderr=subprocess.DEVNULL) != 0:
        return "unshare -n refusé ici (conteneur sans CAP_SYS_ADMIN ?)"
    return None


@pytest.mark.slow
@pytest.mark.time_limit(2400)
def test_a_room_installs_from_the_package_with_no_network_and_runs_notebook_00(tmp_path):
    why = can_cut_network()
    if why:
        if os.environ.get("CI"):
            pytest.fail(f"la CI doit couper le réseau pour ce test : {why}")
        pytest.skip(why)
    archive = tmp_path / "carnets-paquet.tar"
    start = time.monotonic()
    pack = subprocess.run([sys.executable, str(REPO_ROOT / "python" / "carnets_tools" / "__main__.py"), "paquet",
                           "--sortie", str(archive)], cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=1500)
    pack_s = time.monotonic() - start
    print(pack.stdout)
    assert pack.returncode == 0, pack.stdout
    size = archive.stat().st_size

    clone = fresh_clone(tmp_path / "clone")
    env = room_env(tmp_path / "home")
    cut = ["unshare", "-n", "--"]
    # The cut is real: nothing outside answers, neither the internet nor pip's configured indexes.
    probe = subprocess.run(cut + [sys.executable, "-c", "import socket; socket.create_connection(('1.1.1.1', 443), 5)"],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert probe.returncode != 0 and "unreachable" in probe.stdout

    start = time.monotonic()
    setup = subprocess.run(cut + ["sh", str(clone / "carnets"), "setup", "--depuis", str(archive)], cwd=clone, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=1200)
    install_s = time.monotonic() - start
    print(setup.stdout)
    assert setup.returncode == 0, setup.stdout
    assert "Installation depuis le paquet terminée" in setup.stdout
    assert (tmp_path / "home" / ".m2" / "repository" / "org" / "apache" / "commons" / "commons-text" / "1.12.0").is_dir()

    # Notebook 00 (its %maven cell included) through `./carnets run`'s engine: no error, every expected
    # output; its CI time budget is left out, a test machine shared with other jobs can be slow.
    script = ("import sys; from pathlib import Path; from carnets_tools import notebooks as nbs; "
              "r = nbs.execute(Path('notebooks/00-prise-en-main.ipynb'), Path('build/notebooks/00.ipynb'), "
              "scale='ci', budget=False); print('OK' if r.ok else r.problems, r.seconds); sys.exit(0 if r.ok else 1)")
    run = subprocess.run(cut + ["sh", "-c", f"ip link set lo up && exec {clone / '.venv' / 'bin' / 'python'} -c \"{script}\""],
                         cwd=clone, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=900)
    print(run.stdout)
    assert run.returncode == 0 and "OK" in run.stdout, run.stdout
    maven_cell = next(c for c in json.loads((clone / "build" / "notebooks" / "00.ipynb").read_text())["cells"]
                      if c.get("id") == "code-maven")
    assert "commons-text:jar:1.12.0" in "".join("".join(o.get("text", "")) for o in maven_cell["outputs"])

    measures = {"archive_bytes": size, "archive_mib": round(size / 2**20), "pack_s": round(pack_s),
                "install_s": round(install_s), "cpus": os.cpu_count(), "when": time.strftime("%Y-%m-%d %H:%M")}
    MEASURES.parent.mkdir(exist_ok=True)
    MEASURES.write_text(json.dumps(measures, indent=1) + "\n", encoding="utf-8")
    print(measures)
