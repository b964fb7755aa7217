"""A class-data sharing archive of the kernel's classes (JDK 17's dynamic CDS archive).

A fresh kernel loads and verifies some 15 000 classes (JShell and javac, DL4J, ND4J, JavaCPP,
XChart...) before its first cells answer. Setup runs the kernel once on a few warm-up cells with
-XX:ArchiveClassesAtExit; every later kernel maps that archive (-XX:SharedArchiveFile) instead of
parsing those classes again. The measurements are in bench/README.md (« Démarrage du noyau »).

The archive sits in the published kernel build (target/run-<date>/), so a rebuild, which publishes a
new folder, never meets a stale archive; its name carries the JDK's version, since an archive only
serves the JVM that wrote it. A JDK without an archive (another one chosen with JAVA_HOME) starts
the kernel as before.

    python -m carnets_tools.cds            writes the archive for the JDK setup uses (what setup runs)
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

from . import build, jdk
from .project import ROOT, say

#: What the warm-up runs: the cells of a first lesson, on random data (no data set needed), so that
#: the classes of compiling, building, fitting, evaluating and drawing are in the archive.
WARM_UP_CELLS = [
    "1 + 1",
    "import org.nd4j.linalg.factory.Nd4j;\nimport static fr.carnets.dl.Layers.*;\nimport fr.carnets.dl.*;\n"
    "import fr.carnets.plot.*;\nvar x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 256, 1, 28, 28);\n"
    "var y = Nd4j.eye(10).repeat(0, 26).get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 256), "
    "org.nd4j.linalg.indexing.NDArrayIndex.all());",
    "var dense = new Sequential(Input(28, 28, 1), Flatten(), Dense(20, \"relu\"), Dense(10, \"softmax\"))"
    ".compile(\"adam\", \"categorical_crossentropy\", \"accuracy\");\n"
    "var h = dense.fit(x, y, Fit.batchSize(32).epochs(2).validationSplit(0.25).verbose(0));\n"
    "dense.evaluate(x, y).accuracy()",
    "var conv = new Sequential(Input(28, 28, 1), Conv2D(8, 3, \"relu\"), MaxPooling2D(2), Flatten(), "
    "Dense(10, \"softmax\")).compile(\"adam\", \"categorical_crossentropy\", \"accuracy\");\n"
    "conv.fit(x, y, Fit.batchSize(64).epochs(1).verbose(0));\nconv.summary()",
    "Plots.curves(h, \"échauffement\")",
    "%time 2 * 21",
]

OFF = ("-Xshare", "-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit")


def archive_for(kernel_dir: Path, java: jdk.Java | None) -> Path | None:
    """The archive of this kernel build for this JDK (it may not exist yet); None when the JDK is unknown."""
    if java is None or not java.version:
        return None
    key = re.sub(r"[^0-9A-Za-z._-]", "_", java.version)
    return kernel_dir / f"classes-jdk{key}.jsa"


def jvm_options(kernel_dir: Path, java: jdk.Java | None, env, extra: list) -> list:
    """-XX:SharedArchiveFile for the launcher when the archive exists, unless switched off
    (CARNETS_CDS=0) or when the learner's own options choose sharing already."""
    if env.get("CARNETS_CDS", "1") == "0" or any(o.startswith(OFF) for o in extra):
        return []
    archive = archive_for(kernel_dir, java)
    if archive is None or not archive.is_file():
        return []
    # A mismatch (another JVM build, jars changed under the archive) makes the JVM start without
    # sharing and print a warning on stdout; the kernel then starts as without an archive, silently.
    return [f"-XX:SharedArchiveFile={archive}", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"]


def loopback_works() -> bool:
    """Whether a kernel can be reached on 127.0.0.1 (not in a network namespace with no interface up)."""
    import socket
    try:  # binding works even with the interface down; connecting does not
        with socket.socket() as server, socket.socket() as client:
            server.bind(("127.0.0.1", 0))
            server.listen(1)
            client.settimeout(5)
            client.connect(server.getsockname())
        return True
    except OSError:
        return False


def write(timeout: float = 300) -> Path | None:
    """Runs the kernel once on WARM_UP_CELLS with -XX:ArchiveClassesAtExit; the archive appears
    when the kernel exits. Returns its path, or None when it could not be written (the kernel
    then simply starts without it)."""
    from jupyter_client.manager import KernelManager

    found = jdk.find_java(os.environ)
    java = jdk.describe(found) if found else None
    kernel_dir = build.published(build.KERNEL_TARGET)
    archive = archive_for(kernel_dir, java)
    if archive is None:
        return None
    if archive.is_file():
        return archive
    if not loopback_works():
        say("Archive des classes du noyau remise à plus tard : pas de réseau local (127.0.0.1) pour parler au "
            "noyau ici ; elle sera écrite au prochain ./carnets setup, lab ou run.")
        return None
    partial = archive.with_suffix(".partiel")
    partial.unlink(missing_ok=True)
    env = dict(os.environ, CARNETS_CDS="0",
               CARNETS_JAVA_OPTS=f"-XX:ArchiveClassesAtExit={partial} -Xlog:cds=off -Xlog:cds+dynamic=off")
    km = KernelManager(kernel_name="carnets-java")
    km.shutdown_wait_time = 120  # writing the archive takes seconds: jupyter_client's 5 s would kill the JVM first
    started = time.monotonic()
    km.start_kernel(cwd=str(ROOT), env=env)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=120)
        for code in WARM_UP_CELLS:
            reply = kc.execute_interactive(code, timeout=timeout, output_hook=lambda msg: None)
            if reply["content"]["status"] != "ok":
                say(f"Archive des classes du noyau : la cellule d'échauffement a échoué ({code.splitlines()[0]}) ; "
                    "le noyau démarrera sans archive.")
                return None
    except Exception as e:  # the kernel works without the archive: never fail setup for it
        say(f"Archive des classes du noyau non écrite ({type(e).__name__} : {e}) ; le noyau démarrera sans elle.")
        return None
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)  # a clean exit: the JVM writes the archive as it stops
    deadline = time.monotonic() + 60
    while not partial.is_file() and time.monotonic() < deadline:
        time.sleep(0.5)
    if not partial.is_file() or partial.stat().st_size == 0:
        say("Archive des classes du noyau : la JVM ne l'a pas écrite ; le noyau démarrera sans archive.")
        return None
    partial.replace(archive)
    say(f"Archive des classes du noyau écrite ({archive.stat().st_size / 1048576:.0f} Mio, "
        f"{time.monotonic() - started:.0f} s) : les noyaux démarrent plus vite.")
    return archive


if __name__ == "__main__":
    sys.exit(0 if write() else 1)
