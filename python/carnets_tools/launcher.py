"""Launcher of the Carnets Java kernel, named in the kernelspec "carnets-java":

    python -m carnets_tools.launcher CONNECTION_FILE   start the kernel (what Jupyter runs)
    python -m carnets_tools.launcher --check           check Java and the jars, print the command, start nothing

(`./carnets doctor` shows the same --check report.) It finds Java (jdk.find_java), refuses a JDK
older than 17, puts the kernel and the course extension with their dependencies on the classpath,
and chooses memory and thread defaults for a laptop (2 cores, 8 GB). Nothing is printed on
stdout when starting; messages go to stderr, which Jupyter shows in the terminal of the server.
Standard library only, and quick to import: it runs at every kernel start.

Environment variables (all optional):
  JAVA_HOME                  JDK to use
  CARNETS_MEMORY             this kernel's memory budget (2g, 1536m; MiB without a unit): the heap and
                             off-heap defaults follow it instead of the RAM, and it becomes the whole
                             process's limit (one learner of a shared server: ./carnets atelier)
  CARNETS_XMX                Java heap, e.g. 3g (default: a quarter of the RAM, 512m to 4g)
  CARNETS_MAXBYTES           off-heap memory for ND4J arrays (JavaCPP maxbytes)
  CARNETS_MAXPHYSICALBYTES   limit of the whole process (JavaCPP maxphysicalbytes)
  CARNETS_DATA               folder of the course datasets (default: datasets/cache of this repository)
  CARNETS_LOG_LEVEL          kernel log level on stderr: trace, debug, info, warn, error (default: warn)
  CARNETS_JAVA_OPTS          extra JVM options, added last (they win)
  OMP_NUM_THREADS            most native threads of ND4J (default: the usable cores, see below)
  CARNETS_THREADS            native threads for every model (default: chosen per model)
  CARNETS_CGROUP_ROOT        where the cgroup files are read (default /sys/fs/cgroup; for tests)
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

from . import build, jdk, machine
from .project import IS_WINDOWS, ROOT, data_dir

MAIN_CLASS = "fr.carnets.kernel.Main"
PREFIX = "carnets-kernel : "

#: The kernel's JIT, also used by the bench's own side (it measures what notebooks get).
#: C1 only, no C2: on 2 cores, C2's compilations of DL4J's and javac's code took a core from training
#: for minutes (a fit runs on every core). Measured in alternation (bench/README.md): the course at CI
#: scale 139-159 s -> 117 s, whole fits -6 to -25 % on the convolutional models, dense equal. A plain
#: Java loop that runs long enough for C2 loses up to a fifth; "-XX:TieredStopAtLevel=4" in
#: CARNETS_JAVA_OPTS gives C2 back.
#: DL4J's and our training code compile after a tenth of the usual calls: a method called once per
#: step ran interpreted for the first 200 steps, half of a first epoch of 375 steps. Whole fits -3 %
#: (transfer, dense), first epoch -5 to -12 %; javac and ND4J keep the usual thresholds (scaling
#: everything cost 8-20 MiB of kernel peak and slowed the start).
JIT_OPTS = (
    "-XX:TieredStopAtLevel=1",
    "-XX:CompileCommand=quiet",
    "-XX:CompileCommand=CompileThresholdScaling,org.deeplearning4j.*::*,0.1",
    "-XX:CompileCommand=CompileThresholdScaling,fr.carnets.dl.*::*,0.1",
)

#: The kernel's first heap and young part, also used by the bench's own side.
#: The JVM's default first heap is RAM / 64 (384 MiB here), and its young part gets touched whole
#: before the first collection: 90 MiB of the kernel's memory at start (250 -> 159 MiB measured) for
#: nothing, since ND4J arrays live off-heap. It grows as needed, and its young part with it (a third),
#: all of which gets touched between two collections: 40 MiB resident after MNIST's loads, for objects
#: that mostly die young (javac's). Capped at 24 MiB, the bench kernel's peak went 682 -> 666-668 MiB
#: (a memory guard reserve of 8 MiB instead of 16 did the rest, 655-657), cell times unchanged.
HEAP_OPTS = (
    "-Xms64m",
    "-XX:MaxNewSize=24m",
)


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


@dataclass
class Plan:
    """Everything the kernel is started with, computed without starting anything."""

    java: jdk.Java | None
    kernel_dir: Path
    ext_dir: Path
    memory_mib: int
    xmx: str
    maxbytes: str
    maxphysicalbytes: str
    omp_threads: str
    model_threads: str | None
    data: Path
    log_level: str
    jvm_opts: list = field(default_factory=list)

    @property
    def classpath(self) -> str:
        # Java expands the dir/* wildcards itself, on every system.
        return os.pathsep.join([str(self.kernel_dir / "*"), str(self.ext_dir / "*")])

    def command(self, args) -> list:
        return [self.java.path if self.java else "java", *self.jvm_opts, "-cp", self.classpath, MAIN_CLASS, *args]

    def environment(self, env: Mapping[str, str]) -> dict:
        out = dict(env)
        out["OMP_NUM_THREADS"] = self.omp_threads
        return out


def split_options(text: str) -> list:
    """CARNETS_JAVA_OPTS="-Xmx3g -Dfoo=bar" as words (quotes group words; Windows keeps backslashes)."""
    if IS_WINDOWS:
        return text.split()
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


# The resolver class whose warnings on third-party POMs the learner cannot act on.
RESOLVER_LOG = "org.slf4j.simpleLogger.log.org.apache.maven.repository.internal.DefaultArtifactDescriptorReader"


def plan(env: Mapping[str, str] = os.environ, root: Path = ROOT, java: jdk.Java | None = None,
         memory: int | None = None, cores: int | None = None) -> Plan:
    """The kernel's settings for this machine and environment. `java`, `memory` and `cores` are
    read from the machine when not given (tests give them)."""
    if java is None:
        found = jdk.find_java(env)
        java = jdk.describe(found) if found else None
    cgroup = Path(env.get("CARNETS_CGROUP_ROOT") or machine.CGROUP_ROOT)
    # ./carnets setup publishes each build as target/run-<date> behind target/run: resolving it
    # now pins this kernel to its snapshot, so a later rebuild cannot change jars under it.
    kernel_dir = build.published(root / "kernel" / "target")
    ext_dir = build.published(root / "kernel-ext" / "target")

    # The heap holds the JShell state and Java objects; ND4J arrays live off-heap (JavaCPP),
    # so the two budgets are set apart:
    #   heap      = RAM / 4, between 512 MiB and 4 GiB     (8 GB laptop: 2 GiB)
    #   off-heap  = RAM * 3/8, between 1 GiB and 8 GiB     (8 GB laptop: 3 GiB)
    # The kernel stops a cell that passes them with a French OutOfMemoryError naming them, instead
    # of the laptop swapping (its MemoryGuard: ND4J's arrays are not counted by JavaCPP itself);
    # raise them with the CARNETS_* variables.
    # A budget (CARNETS_MEMORY, written by ./carnets atelier for each learner's kernel) stands for
    # the RAM in these rules, so that one learner cannot take the memory of the whole room.
    budget = machine.parse_mib(env.get("CARNETS_MEMORY"))
    mem = budget or (memory if memory is not None else machine.memory_mib(cgroup))
    mem = mem or 8192
    xmx = env.get("CARNETS_XMX") or f"{clamp(mem // 4, 512, 4096)}m"
    maxbytes = env.get("CARNETS_MAXBYTES") or f"{clamp(mem * 3 // 8, 1024, 8192)}m"
    # JavaCPP's whole-process limit reads /proc/self/statm on every native allocation: 30 % of a
    # dense MNIST training step (1.05 -> 0.73 ms measured). The two limits above already bound
    # what the kernel can take, so it is off unless asked for, or unless a budget is given: on a
    # shared server the budget bounds the whole process (heap, off-heap, JIT, threads), checked by
    # JavaCPP at each native allocation.
    maxphysicalbytes = env.get("CARNETS_MAXPHYSICALBYTES") or (f"{budget}m" if budget else "0")

    # OMP_NUM_THREADS is the most native threads (OpenMP, OpenBLAS, oneDNN) a model may use:
    # OpenMP can go below its start value later, never above. The course extension then picks
    # per network (fr.carnets.dl.runtime.Performance): every thread for convolution networks, one for
    # dense ones (see bench/README.md). So the default is the usable core count, lowered by a
    # container's CPU quota: the JVM's availableProcessors() honours that quota (JDK 17), but
    # OpenMP only sees the CPU affinity, and it reads OMP_NUM_THREADS before Java can act.
    # CARNETS_THREADS=N forces N for every model.
    threads = cores if cores is not None else machine.cpu_count(cgroup)
    omp = env.get("OMP_NUM_THREADS") or str(threads)

    data = data_dir(env)
    # slf4j-simple logs INFO lines ("Loop started"...) on stderr by default.
    log_level = env.get("CARNETS_LOG_LEVEL") or "warn"
    model_threads = env.get("CARNETS_THREADS") or None
    extra = split_options(env.get("CARNETS_JAVA_OPTS", ""))
    opts = [
        # Always an absolute folder: the Java side would otherwise look for datasets/cache by
        # walking up from the notebook's folder, which fails for a notebook outside the repository.
        f"-Dcarnets.data={data}",
        f"-Dorg.slf4j.simpleLogger.defaultLogLevel={log_level}",
        f"-Xmx{xmx}",
        *HEAP_OPTS,
        f"-Dorg.bytedeco.javacpp.maxbytes={maxbytes}",
        f"-Dorg.bytedeco.javacpp.maxphysicalbytes={maxphysicalbytes}",
        f"-Dcarnets.threads={model_threads or 0}",
        # Charts and images are drawn in memory, never in a window.
        "-Djava.awt.headless=true",
        "-Dfile.encoding=UTF-8",
    ]
    # JDK 22 and later warn on stderr when JavaCPP's loader calls System.load ("A restricted method
    # in java.lang.System has been called"): a learner on the newest LTS saw four English lines at
    # every kernel start. Granting native access to the classpath is what those JDKs ask for.
    if java is not None and java.major is not None and java.major >= 22:
        opts.append("--enable-native-access=ALL-UNNAMED")
    # Maven's resolver warns in English about flaws in the POMs of libraries a cell asks for
    # ("2 problems were encountered while building the effective model for ...", Spark's in
    # chapter 08): the learner can do nothing about them; what fails is said by %maven in French.
    # A log level asked for (CARNETS_LOG_LEVEL) shows them again.
    if not env.get("CARNETS_LOG_LEVEL"):
        opts.append(f"-D{RESOLVER_LOG}=error")
    # JDK 21 and later warn when an agent is loaded into a running JVM (JEP 451): the kernel loads
    # its own, once, to open JDK packages a library needs (Spark in chapter 08), and a learner saw
    # three English "WARNING: A Java agent has been loaded dynamically" lines in the notebook.
    if java is not None and java.major is not None and java.major >= 21:
        opts.append("-XX:+EnableDynamicAgentLoading")
    # JDK 24 and later also warn when JavaCPP's indexers use sun.misc.Unsafe's memory access
    # (JEP 471/498); JDK 23 has the option with "allow" as its default already.
    if java is not None and java.major is not None and java.major >= 23:
        opts.append("--sun-misc-unsafe-memory-access=allow")
    opts += JIT_OPTS
    # Serial GC: on 2 cores, G1's parallel and concurrent GC threads compete with the cells
    # (measured: start as quick as G1, a small MLP fit and a plain Java loop 15-20 % faster).
    # The JVM refuses two collectors, so a GC chosen in CARNETS_JAVA_OPTS replaces this one.
    if not any(o.startswith("-XX:+Use") and o.endswith("GC") for o in extra):
        opts.append("-XX:+UseSerialGC")
    opts += extra  # last, so that they override the defaults above
    return Plan(java, kernel_dir, ext_dir, mem, xmx, maxbytes, maxphysicalbytes, omp, model_threads, data,
                log_level, opts)


def check_report(p: Plan) -> tuple:
    """The --check lines (French) and whether the kernel can start."""
    ok = True
    lines = []
    problem = jdk.problem(p.java)
    if problem:
        lines.append(f"Java                : À CORRIGER : {problem}")
        ok = False
    else:
        lines.append(f"Java                : {p.java.path} ({p.java.version})")
    kernel_jar = p.kernel_dir / build.KERNEL_JAR_NAME
    if kernel_jar.is_file():
        lines.append(f"Noyau               : {kernel_jar}")
    else:
        lines.append(f"Noyau               : ABSENT ({kernel_jar}) : lancez ./carnets setup")
        ok = False
    if build.jars(p.ext_dir):
        lines.append(f"Extension           : {p.ext_dir / '*.jar'}")
    else:
        lines.append(f"Extension           : ABSENTE ({p.ext_dir}) : lancez ./carnets setup")
        ok = False
    process = "sans limite" if p.maxphysicalbytes == "0" else p.maxphysicalbytes
    lines.append(f"Mémoire (Mio)       : {p.memory_mib} ; tas {p.xmx}, hors tas {p.maxbytes}, processus {process}")
    lines.append(f"Fils natifs         : au plus {p.omp_threads} (OMP_NUM_THREADS) ; "
                 f"par modèle : {p.model_threads or 'automatique'}")
    lines.append(f"Jeux de données     : {p.data}")
    lines.append(f"Journaux            : niveau {p.log_level}")
    cmd = p.command(["CONNECTION_FILE"])
    lines.append("Commande            : " + " ".join(
        shlex.quote(c) if c == p.classpath else c for c in cmd))
    return lines, ok


def _kill_with_parent(process: subprocess.Popen) -> None:  # pragma: no cover - Windows only
    """Windows: puts java in a job object closed with this process, so that Jupyter killing the
    launcher also ends the JVM (on POSIX the launcher is replaced by java: nothing to do)."""
    try:
        import ctypes
        from ctypes import wintypes

        class BasicLimits(ctypes.Structure):
            _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                        ("LimitFlags", wintypes.DWORD), ("MinimumWorkingSetSize", ctypes.c_size_t),
                        ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", wintypes.DWORD),
                        ("Affinity", ctypes.c_size_t), ("PriorityClass", wintypes.DWORD),
                        ("SchedulingClass", wintypes.DWORD)]

        class IoCounters(ctypes.Structure):
            _fields_ = [(n, ctypes.c_uint64) for n in ("r", "w", "o", "rb", "wb", "ob")]

        class ExtendedLimits(ctypes.Structure):
            _fields_ = [("BasicLimitInformation", BasicLimits), ("IoInfo", IoCounters),
                        ("ProcessMemoryLimit", ctypes.c_size_t), ("JobMemoryLimit", ctypes.c_size_t),
                        ("PeakProcessMemoryUsed", ctypes.c_size_t), ("PeakJobMemoryUsed", ctypes.c_size_t)]

        kernel32 = ctypes.windll.kernel32
        job = kernel32.CreateJobObjectW(None, None)
        info = ExtendedLimits()
        info.BasicLimitInformation.LimitFlags = 0x2000  # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
        kernel32.SetInformationJobObject(job, 9, ctypes.byref(info), ctypes.sizeof(info))  # 9: extended limits
        kernel32.AssignProcessToJobObject(job, wintypes.HANDLE(process._handle))
        process._carnets_job = job  # the handle lives as long as the launcher
    except Exception as e:  # the kernel still runs; only a forced kill could leave java behind
        print(f"{PREFIX}attention : {e}", file=sys.stderr)


def main(argv: list | None = None, env: Mapping[str, str] = os.environ, root: Path = ROOT) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    p = plan(env, root)
    if args[:1] == ["--check"]:
        lines, ok = check_report(p)
        print("\n".join(lines))
        return 0 if ok else 1
    problem = jdk.problem(p.java)
    if problem:
        print(PREFIX + problem, file=sys.stderr)
        return 1
    if env.get("CARNETS_MEMORY") and machine.parse_mib(env["CARNETS_MEMORY"]) is None:
        print(f"{PREFIX}attention : CARNETS_MEMORY={env['CARNETS_MEMORY']!r} n'est pas une taille "
              "(exemples : 2g, 1536m) ; la mémoire de la machine sert de base.", file=sys.stderr)
    if not args:
        print(f"{PREFIX}usage : python -m carnets_tools.launcher FICHIER_DE_CONNEXION "
              "(Jupyter le fournit ; voir aussi --check)", file=sys.stderr)
        return 1
    if not (p.kernel_dir / build.KERNEL_JAR_NAME).is_file():
        print(f"{PREFIX}le noyau n'est pas construit ({p.kernel_dir / build.KERNEL_JAR_NAME} absent) : "
              f"lancez « ./carnets setup » à la racine du dépôt {root}.", file=sys.stderr)
        return 1
    cmd = p.command(args)
    kernel_env = p.environment(env)
    if IS_WINDOWS:  # pragma: no cover - exec would detach java from Jupyter on Windows
        process = subprocess.Popen(cmd, env=kernel_env)
        _kill_with_parent(process)
        while True:
            try:
                return process.wait()
            except KeyboardInterrupt:  # the console's Ctrl+C is for the server, not the kernel
                continue
    sys.stderr.flush()
    os.execve(cmd[0], cmd, kernel_env)
    return 1  # pragma: no cover


if __name__ == "__main__":
    sys.exit(main())
