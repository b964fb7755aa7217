"""The kernel on every JDK from 17 on that this machine has (Temurin 25 beside JDK 17 here): it starts,
answers execute, complete and inspect, trains a small DL4J model, and prints no JVM warning a
learner would see (JDK 22+'s restricted-method lines from JavaCPP's loader, JDK 21+'s line when the
kernel loads its agent to open JDK packages)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "python"))
from carnets_tools import jdk  # noqa: E402


def jdks() -> list[tuple[int, str]]:
    """(major version, JAVA_HOME) of each JDK ≥ 17 installed in the usual Linux place, one per version."""
    found = {}
    for home in sorted(Path("/usr/lib/jvm").glob("*")) if Path("/usr/lib/jvm").is_dir() else []:
        exe = home / "bin" / "java"
        if home.is_symlink() or not exe.is_file():
            continue
        java = jdk.describe(str(exe))
        if java.major and java.major >= 17:
            found.setdefault(java.major, str(home))
    return sorted(found.items())


@pytest.mark.parametrize("major,home", jdks() or [pytest.param(0, "", marks=pytest.mark.skip("aucun JDK dans /usr/lib/jvm"))])
def test_kernel_works_on_this_jdk(major, home, start_kernel, tmp_path):
    log = tmp_path / "stderr.txt"
    env = {"JAVA_HOME": home}
    # The kernel's stderr goes to a file: JVM warnings are printed there, before any cell runs.
    from jupyter_client import KernelManager
    km = KernelManager(kernel_name="carnets-java")
    with open(log, "w") as err:
        km.start_kernel(cwd=str(ROOT), env={**os.environ, **env}, stderr=err)
        kc = km.client()
        kc.start_channels()
        try:
            kc.wait_for_ready(timeout=120)
            reply = kc.execute_interactive('System.getProperty("java.specification.version")', timeout=120,
                                           output_hook=lambda m: None)
            assert reply["content"]["status"] == "ok"
            outputs = []
            code = ("import fr.carnets.dl.models.*;\nimport fr.carnets.dl.training.*;\nimport static fr.carnets.dl.layers.Layers.*;\nimport org.nd4j.linalg.factory.Nd4j;\n"
                    "var m = new Sequential(Input(4), Dense(8, \"relu\"), Dense(2, \"softmax\")).seed(1)"
                    ".compile(\"adam\", \"categorical_crossentropy\", \"accuracy\");\n"
                    "var x = Nd4j.rand(64, 4); var y = Nd4j.zeros(64, 2); y.getColumn(0).assign(1);\n"
                    "m.fit(x, y, Fit.batchSize(16).epochs(2).verbose(0)).get(\"loss\").length + \" époques, JDK \" "
                    "+ Runtime.version().feature()")
            reply = kc.execute_interactive(code, timeout=300, output_hook=outputs.append)
            assert reply["content"]["status"] == "ok", reply["content"]
            shown = "".join(m["content"].get("data", {}).get("text/plain", "") for m in outputs
                            if m["msg_type"] == "execute_result")
            assert f"2 époques, JDK {major}" in shown, outputs
            complete = kc.complete("m.fi", 4, reply=True, timeout=60)["content"]
            assert any(t.startswith("fit") for t in complete["matches"]), complete
            inspect = kc.inspect("Math.max(1, 2)", 6, reply=True, timeout=60)["content"]
            assert inspect["found"], inspect
            # our API's Javadoc, read from the jars' sources (JDK 25 names a record's static methods differently)
            code = "fr.carnets.data.ClassSubset.of(null, null, null, 0, 1)"
            inspect = kc.inspect(code, code.index("of(") + 1, reply=True, timeout=60)["content"]
            assert "maxPerClass : at most this many images of each class" in inspect["data"].get("text/plain", ""), inspect
            # JDK packages opened to the cells (Spark's, in chapter 08): the kernel loads its agent
            outputs = []
            code = 'fr.carnets.kernel.Notebook.openJdkPackages("java.base/sun.nio.cs")'
            reply = kc.execute_interactive(code, timeout=120, output_hook=outputs.append)
            assert reply["content"]["status"] == "ok", reply["content"]
            shown = "".join(m["content"].get("data", {}).get("text/plain", "") + m["content"].get("text", "")
                            for m in outputs if m["msg_type"] in ("execute_result", "stream"))
            assert "java.base/sun.nio.cs" in shown, outputs
            assert not re.search(r"WARNING|agent", shown), shown
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)
    text = log.read_text(encoding="utf-8", errors="replace")
    assert not re.search(r"WARNING|restricted method|enable-native-access", text), text
