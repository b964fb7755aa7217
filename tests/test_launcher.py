"""The kernel launcher's defaults, read from `python -m carnets_tools.launcher --check` (no kernel is started)."""
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# What the kernelspec runs (.venv's Python; carnets_tools is installed there by ./carnets setup).
LAUNCHER = [sys.executable, "-m", "carnets_tools.launcher"]


def check(tmp_path, **env):
    e = {k: v for k, v in os.environ.items() if not k.startswith("CARNETS_") and k != "OMP_NUM_THREADS"}
    e["CARNETS_CGROUP_ROOT"] = str(tmp_path / "cgroup")
    e.update(env)
    p = subprocess.run(LAUNCHER + ["--check"], env=e, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert p.returncode == 0, p.stdout
    return p.stdout


def line(out, label):
    return next(l for l in out.splitlines() if l.startswith(label))


def test_threads_default_to_the_usable_cores(tmp_path):
    cores = len(os.sched_getaffinity(0))
    out = check(tmp_path)
    assert f"au plus {cores} (OMP_NUM_THREADS)" in line(out, "Fils natifs"), out
    assert "par modèle : automatique" in line(out, "Fils natifs")
    assert "-Dcarnets.threads=0" in line(out, "Commande")


def test_a_container_cpu_quota_lowers_the_thread_ceiling(tmp_path):
    (tmp_path / "cgroup").mkdir()
    (tmp_path / "cgroup" / "cpu.max").write_text("100000 100000\n")  # one CPU
    assert "au plus 1 (OMP_NUM_THREADS)" in line(check(tmp_path), "Fils natifs")
    (tmp_path / "cgroup" / "cpu.max").write_text("max 100000\n")  # no quota
    cores = len(os.sched_getaffinity(0))
    assert f"au plus {cores} (OMP_NUM_THREADS)" in line(check(tmp_path), "Fils natifs")


def test_user_choices_win(tmp_path):
    out = check(tmp_path, OMP_NUM_THREADS="1", CARNETS_THREADS="1", CARNETS_MAXPHYSICALBYTES="6g")
    assert "au plus 1 (OMP_NUM_THREADS) ; par modèle : 1" in line(out, "Fils natifs"), out
    assert "-Dcarnets.threads=1" in line(out, "Commande")
    assert "processus 6g" in line(out, "Mémoire")
    assert "-Dorg.bytedeco.javacpp.maxphysicalbytes=6g" in line(out, "Commande")


def test_no_per_allocation_process_limit_by_default(tmp_path):
    out = check(tmp_path)
    assert "processus sans limite" in line(out, "Mémoire"), out
    assert "-Dorg.bytedeco.javacpp.maxphysicalbytes=0" in line(out, "Commande")


def test_a_container_memory_limit_sizes_the_heap(tmp_path):
    (tmp_path / "cgroup").mkdir()
    (tmp_path / "cgroup" / "memory.max").write_text(str(4 * 1024 ** 3) + "\n")  # 4 GiB
    out = check(tmp_path)
    assert "Mémoire (Mio)       : 4096 ; tas 1024m, hors tas 1536m" in line(out, "Mémoire"), out
