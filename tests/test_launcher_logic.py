"""Unit tests of the kernel launcher's logic (carnets_tools.launcher, machine, build, jdk), with fake
cgroup trees, fake JDKs and fake build folders: no kernel is started, each test takes milliseconds."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from carnets_tools import build, jdk, launcher, machine

JDK17 = jdk.Java("/opt/jdk-17/bin/java", "17.0.15", 17, 'openjdk version "17.0.15" 2025-04-15')
POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="faux exécutables écrits en sh")


def no_proc(tmp_path) -> Path:
    """A /proc/self/cgroup of a process at the root of its cgroups (what a container sees)."""
    f = tmp_path / "proc-cgroup"
    f.write_text("0::/\n")
    return f


# --- cgroup CPU quota ----------------------------------------------------------------------------


@pytest.mark.parametrize("content, cpus", [
    ("100000 100000\n", 1),  # one CPU
    ("150000 100000\n", 2),  # 1.5 CPU: rounded up
    ("400000 100000\n", 4),
    ("max 100000\n", None),  # no quota
    ("garbage\n", None),
])
def test_cgroup_v2_quota(tmp_path, content, cpus):
    (tmp_path / "cpu.max").write_text(content)
    assert machine.cpu_quota(tmp_path, no_proc(tmp_path)) == cpus


@pytest.mark.parametrize("quota, period, cpus", [("50000", "100000", 1), ("200000", "100000", 2),
                                                 ("-1", "100000", None), ("100000", "0", None)])
def test_cgroup_v1_quota(tmp_path, quota, period, cpus):
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "cpu.cfs_quota_us").write_text(quota + "\n")
    (tmp_path / "cpu" / "cpu.cfs_period_us").write_text(period + "\n")
    proc = tmp_path / "proc-cgroup"
    proc.write_text("4:memory:/\n1:cpu,cpuacct:/\n")
    assert machine.cpu_quota(tmp_path, proc) == cpus


def test_quota_of_the_process_own_cgroup_and_its_parents(tmp_path):
    # A host without a cgroup namespace: the limit is on the user's slice, not at the root.
    slice_dir = tmp_path / "user.slice" / "jupyter-ana"
    slice_dir.mkdir(parents=True)
    (tmp_path / "cpu.max").write_text("max 100000\n")
    (tmp_path / "user.slice" / "cpu.max").write_text("300000 100000\n")
    (slice_dir / "cpu.max").write_text("200000 100000\n")
    proc = tmp_path / "proc-cgroup"
    proc.write_text("0::/user.slice/jupyter-ana\n")
    assert machine.cpu_quota(tmp_path, proc) == 2
    (slice_dir / "cpu.max").write_text("max 100000\n")
    assert machine.cpu_quota(tmp_path, proc) == 3  # the parent's limit still applies


def test_cpu_count_is_the_smaller_of_cores_and_quota(tmp_path):
    assert machine.cpu_count(tmp_path, no_proc(tmp_path), cores=8) == 8  # no cgroup file at all
    (tmp_path / "cpu.max").write_text("200000 100000\n")
    assert machine.cpu_count(tmp_path, no_proc(tmp_path), cores=8) == 2
    assert machine.cpu_count(tmp_path, no_proc(tmp_path), cores=1) == 1  # a quota never raises it


# --- memory ---------------------------------------------------------------------------------------


def meminfo(tmp_path, mib: int) -> Path:
    f = tmp_path / "meminfo"
    f.write_text(f"MemTotal:       {mib * 1024} kB\nMemFree:        1000 kB\n")
    return f


def test_memory_is_the_ram_without_a_limit(tmp_path):
    assert machine.memory_mib(tmp_path, meminfo(tmp_path, 8000), no_proc(tmp_path)) == 8000


def test_memory_is_the_cgroup_limit_when_lower(tmp_path):
    (tmp_path / "memory.max").write_text(str(4 * 1024 ** 3) + "\n")
    assert machine.memory_mib(tmp_path, meminfo(tmp_path, 16000), no_proc(tmp_path)) == 4096
    (tmp_path / "memory.max").write_text("max\n")
    assert machine.memory_mib(tmp_path, meminfo(tmp_path, 16000), no_proc(tmp_path)) == 16000


def test_cgroup_v1_unlimited_memory_is_ignored(tmp_path):
    (tmp_path / "memory").mkdir()
    (tmp_path / "memory" / "memory.limit_in_bytes").write_text("9223372036854771712\n")
    assert machine.memory_mib(tmp_path, meminfo(tmp_path, 8000), no_proc(tmp_path)) == 8000
    (tmp_path / "memory" / "memory.limit_in_bytes").write_text(str(2 * 1024 ** 3))
    assert machine.memory_mib(tmp_path, meminfo(tmp_path, 8000), no_proc(tmp_path)) == 2048


# --- the launch plan --------------------------------------------------------------------------------


def plan(tmp_path, env=None, memory=8192, cores=2, root=None):
    e = {"CARNETS_CGROUP_ROOT": str(tmp_path / "no-cgroup")}
    e.update(env or {})
    return launcher.plan(e, root or tmp_path, java=JDK17, memory=memory, cores=cores)


@pytest.mark.parametrize("mem, heap, offheap", [
    (8192, "2048m", "3072m"),    # 8 GB laptop
    (4096, "1024m", "1536m"),    # 4 GiB container
    (1024, "512m", "1024m"),     # floors
    (65536, "4096m", "8192m"),   # ceilings
])
def test_memory_defaults(tmp_path, mem, heap, offheap):
    p = plan(tmp_path, memory=mem)
    assert (p.xmx, p.maxbytes, p.maxphysicalbytes) == (heap, offheap, "0")
    assert f"-Xmx{heap}" in p.jvm_opts and f"-Dorg.bytedeco.javacpp.maxbytes={offheap}" in p.jvm_opts


def test_unknown_memory_counts_as_8_gb(tmp_path):
    p = launcher.plan({"CARNETS_CGROUP_ROOT": str(tmp_path)}, tmp_path, java=JDK17, memory=0, cores=1)
    assert p.xmx == "2048m"


def test_threads_are_the_usable_cores_unless_omp_num_threads_is_set(tmp_path):
    assert plan(tmp_path, cores=6).omp_threads == "6"
    assert plan(tmp_path, cores=6).environment({})["OMP_NUM_THREADS"] == "6"
    assert plan(tmp_path, {"OMP_NUM_THREADS": "1"}, cores=6).omp_threads == "1"
    assert "-Dcarnets.threads=0" in plan(tmp_path).jvm_opts
    assert "-Dcarnets.threads=3" in plan(tmp_path, {"CARNETS_THREADS": "3"}).jvm_opts


def test_the_quota_of_carnets_cgroup_root_lowers_the_threads(tmp_path):
    cg = tmp_path / "cg"
    cg.mkdir()
    (cg / "cpu.max").write_text("100000 100000\n")
    p = launcher.plan({"CARNETS_CGROUP_ROOT": str(cg)}, tmp_path, java=JDK17, memory=8192)
    assert p.omp_threads == "1"


def test_overrides_win_and_come_last(tmp_path):
    p = plan(tmp_path, {"CARNETS_XMX": "3g", "CARNETS_MAXBYTES": "5g", "CARNETS_MAXPHYSICALBYTES": "6g",
                        "CARNETS_LOG_LEVEL": "debug", "CARNETS_JAVA_OPTS": "-Xmx1g -Dx='a b'"})
    assert "-Xmx3g" in p.jvm_opts and "-Dorg.bytedeco.javacpp.maxbytes=5g" in p.jvm_opts
    assert "-Dorg.bytedeco.javacpp.maxphysicalbytes=6g" in p.jvm_opts
    assert "-Dorg.slf4j.simpleLogger.defaultLogLevel=debug" in p.jvm_opts
    # a log level asked for shows Maven's resolver warnings again; by default they are hidden
    assert not any(launcher.RESOLVER_LOG in o for o in p.jvm_opts)
    assert f"-D{launcher.RESOLVER_LOG}=error" in plan(tmp_path, {}).jvm_opts
    if os.name != "nt":
        assert p.jvm_opts[-2:] == ["-Xmx1g", "-Dx=a b"]


def test_headless_utf8_and_serial_gc_unless_another_gc_is_asked(tmp_path):
    opts = plan(tmp_path).jvm_opts
    assert "-Djava.awt.headless=true" in opts and "-Dfile.encoding=UTF-8" in opts and "-XX:+UseSerialGC" in opts
    assert "-Xms64m" in opts  # a small first heap: the default touched 90 MiB more at start
    assert "-XX:MaxNewSize=24m" in opts  # a young part that grew with the heap held 40 MiB resident
    opts = plan(tmp_path, {"CARNETS_JAVA_OPTS": "-XX:+UseG1GC"}).jvm_opts
    assert "-XX:+UseSerialGC" not in opts and opts[-1] == "-XX:+UseG1GC"


def test_c1_only_unless_c2_is_asked_for(tmp_path):
    opts = plan(tmp_path).jvm_opts
    assert "-XX:TieredStopAtLevel=1" in opts  # C2's compilations took a core from training (bench/README.md)
    # DL4J's and our training code compile sooner (a first epoch ran half interpreted); javac does not.
    scaled = [o.split(",")[1] for o in opts if o.startswith("-XX:CompileCommand=CompileThresholdScaling,")]
    assert scaled == ["org.deeplearning4j.*::*", "fr.carnets.dl.*::*"]
    assert "-XX:CompileCommand=quiet" in opts  # else the JVM prints each command at every start
    # The JVM keeps the last value of a flag: CARNETS_JAVA_OPTS comes after, so it wins.
    opts = plan(tmp_path, {"CARNETS_JAVA_OPTS": "-XX:TieredStopAtLevel=4"}).jvm_opts
    assert opts.index("-XX:TieredStopAtLevel=4") > opts.index("-XX:TieredStopAtLevel=1")


def test_data_folder_is_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert f"-Dcarnets.data={tmp_path / 'mes-donnees'}" in plan(tmp_path, {"CARNETS_DATA": "mes-donnees"}).jvm_opts
    default = plan(tmp_path).data
    assert default.is_absolute() and default.parts[-2:] == ("datasets", "cache")


def test_classpath_and_command(tmp_path):
    p = plan(tmp_path)
    assert p.classpath == os.pathsep.join([str(tmp_path / "kernel" / "target" / "dist" / "*"),
                                           str(tmp_path / "kernel-ext" / "target" / "dist" / "*")])
    cmd = p.command(["conn.json"])
    assert cmd[0] == JDK17.path and cmd[-2:] == [launcher.MAIN_CLASS, "conn.json"]
    assert cmd[cmd.index("-cp") + 1] == p.classpath


# --- published snapshots ----------------------------------------------------------------------------


def fake_dist(target: Path, jar="carnets-kernel.jar"):
    (target / "dist").mkdir(parents=True)
    (target / "dist" / jar).write_text("jar")


def test_publish_pins_a_snapshot_and_keeps_two(tmp_path):
    target = tmp_path / "kernel" / "target"
    names = []
    for i in range(3):
        fake_dist(target)
        snap = build.publish(target, now=1_700_000_000 + i)
        os.utime(snap, (1_700_000_000 + i, 1_700_000_000 + i))
        names.append(snap.name)
        assert build.published(target) == snap.resolve()
        assert not (target / "dist").exists()
    left = sorted(p.name for p in target.glob("run-*"))
    assert left == sorted(names[1:]), "the two newest snapshots are kept"


def test_a_pointer_file_replaces_the_link_where_links_are_refused(tmp_path, monkeypatch):
    target = tmp_path / "t"
    fake_dist(target)

    def refuse(*args, **kwargs):
        raise OSError("symlinks not allowed")

    monkeypatch.setattr(os, "symlink", refuse)
    snap = build.publish(target)
    run = target / "run"
    assert run.is_file() and not run.is_symlink()
    assert run.read_text().strip() == snap.name
    assert build.published(target) == snap
    fake_dist(target)  # the next build swaps the pointer file the same way
    second = build.publish(target)
    assert build.published(target) == second and run.is_file()


def test_launcher_resolves_the_snapshot_once(tmp_path):
    fake_dist(tmp_path / "kernel" / "target")
    fake_dist(tmp_path / "kernel-ext" / "target", "ext.jar")
    first = build.publish(tmp_path / "kernel" / "target")
    build.publish(tmp_path / "kernel-ext" / "target")
    p = plan(tmp_path, root=tmp_path)
    assert p.kernel_dir == first.resolve()
    assert "run-" in p.classpath and "dist" not in p.classpath
    lines, ok = launcher.check_report(p)
    assert ok, lines


def test_check_report_says_what_is_missing(tmp_path):
    lines, ok = launcher.check_report(plan(tmp_path))
    assert not ok
    text = "\n".join(lines)
    assert "ABSENT" in text and "./carnets setup" in text
    lines, ok = launcher.check_report(launcher.plan({}, tmp_path, java=jdk.Java("/j", "11.0.2", 11, "x"),
                                                    memory=8192, cores=1))
    assert "trop ancien" in lines[0] and not ok


def test_main_refuses_to_start_without_jars_or_connection_file(tmp_path, capsys):
    env = {"CARNETS_CGROUP_ROOT": str(tmp_path), "PATH": os.environ.get("PATH", "")}
    if not jdk.find_java(env):
        pytest.skip("pas de java sur cette machine")
    assert launcher.main([], env, root=tmp_path) == 1
    assert "FICHIER_DE_CONNEXION" in capsys.readouterr().err
    assert launcher.main(["conn.json"], env, root=tmp_path) == 1
    assert "./carnets setup" in capsys.readouterr().err


# --- JDK detection ----------------------------------------------------------------------------------


@pytest.mark.parametrize("version, major", [("17.0.15", 17), ("21", 21), ("21+35", 21), ("1.8.0_402", 8),
                                            ("11.0.2", 11), ("", None), ("abc", None)])
def test_parse_major(version, major):
    assert jdk.parse_major(version) == major


def fake_java(folder: Path, version_line: str, modules: str = "java.base@17\njdk.jshell@17\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / "java"
    exe.write_text("#!/bin/sh\n"
                   f"if [ \"$1\" = --list-modules ]; then printf '{modules}'; exit 0; fi\n"
                   f"echo '{version_line}' >&2\n")
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return exe


@POSIX_ONLY
def test_java_home_wins_over_path(tmp_path):
    home_java = fake_java(tmp_path / "home" / "bin", 'openjdk version "21.0.2" 2024-01-16')
    path_java = fake_java(tmp_path / "path", 'openjdk version "17.0.1" 2021-10-19')
    env = {"JAVA_HOME": str(tmp_path / "home"), "PATH": str(path_java.parent)}
    assert jdk.find_java(env) == str(home_java)
    assert jdk.describe(jdk.find_java(env)).major == 21
    env["JAVA_HOME"] = str(tmp_path / "nowhere")  # a JAVA_HOME without java: PATH's java
    assert jdk.find_java(env) == str(path_java)
    assert jdk.find_java({"PATH": str(tmp_path / "empty")}) is None


@POSIX_ONLY
def test_java_problems_are_explained_in_french(tmp_path):
    old = jdk.describe(str(fake_java(tmp_path / "a", 'java version "1.8.0_402"')))
    assert old.major == 8 and "trop ancien" in jdk.problem(old) and "JDK 17" in jdk.problem(old)
    odd = jdk.describe(str(fake_java(tmp_path / "b", "quelque chose d'autre")))
    assert odd.major is None and "impossible de lire la version" in jdk.problem(odd)
    assert "introuvable" in jdk.problem(None)
    good = jdk.describe(str(fake_java(tmp_path / "c", 'openjdk version "17.0.15" 2025-04-15')))
    assert jdk.problem(good) is None
    assert jdk.has_jshell(good.path)
    assert not jdk.has_jshell(str(fake_java(tmp_path / "d", 'openjdk version "17"', modules="java.base@17\n")))


def test_native_access_and_unsafe_are_granted_on_recent_jdks(tmp_path):
    # JDK 22+ print "A restricted method in java.lang.System has been called" for JavaCPP's loader.
    jdk25 = jdk.Java("/opt/jdk-25/bin/java", "25.0.1", 25, 'openjdk version "25.0.1" 2025-10-21')
    opts = launcher.plan({}, tmp_path, java=jdk25, memory=8192, cores=2).jvm_opts
    assert "--enable-native-access=ALL-UNNAMED" in opts and "--sun-misc-unsafe-memory-access=allow" in opts
    assert "-XX:+EnableDynamicAgentLoading" in opts  # JDK 21+: the kernel's own agent (JDK packages opened)
    assert "-XX:+EnableDynamicAgentLoading" not in launcher.plan({}, tmp_path, java=JDK17, memory=8192, cores=2).jvm_opts
    # JDK 17 has no such warning, and the flag there concerns only its incubating foreign API.
    assert not any("native-access" in o for o in launcher.plan({}, tmp_path, java=JDK17, memory=8192, cores=2).jvm_opts)
