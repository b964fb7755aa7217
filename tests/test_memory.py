"""A re-run gives back what it held: notebook 02's code cells run 10 times in one kernel (CI scale).

What the session holds after run 10 (Java heap in use after System.gc(), plus the native memory of
ND4J's arrays counted by JavaCPP) must stay within 15 % of run 2. Before the fix it grew by about
240 MiB per run: JShell kept every cell result that is not a plain variable (the charts of
Plots.images(...), Plots.curves(...)...) in hidden variables $1, $2..., and through them each run's
arrays. JavaCPP does not count every array libnd4j allocates, so resident memory (RSS) is judged too:
after run 10 it must stay within 15 % of run 5. From run 2 it also counts what the JIT compiles and what
the native allocator keeps for reuse: since 02 gained its learning-rate sweep it drifts by about
20 to 35 MiB per run (runs 2-10: 1 393 to 1 576 MiB, and 1 407 to 1 696 in a run beside other work),
an eighth of the old leak or less, not yet explained; the memory held grew 512 to 550 MiB in the first.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest


REPO_ROOT = Path(__file__).resolve().parents[1]
RUNS = 10
#: Java heap in use after two full collections, plus ND4J's native arrays (JavaCPP's count), in MiB.
HELD_MIB = ("System.gc(); System.gc(); (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory() "
            "+ org.bytedeco.javacpp.Pointer.totalBytes()) / (1024 * 1024)")


def rss_mib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    raise AssertionError("VmRSS absent de /proc/PID/status")


@pytest.mark.slow
@pytest.mark.time_limit(3600)
@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="mesure de mémoire résidente par /proc (Linux)")
def test_rerunning_notebook_02_keeps_memory_flat(fresh_kernel, plain):
    notebook = next((REPO_ROOT / "notebooks").glob("02-*.ipynb"))
    cells = ["".join(c["source"]) for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "code"]
    k = fresh_kernel(cwd=notebook.parent, env={"CARNETS_SCALE": "ci"})
    try:
        pid = k.km.provisioner.process.pid
        rss, held = [], []
        for run in range(1, RUNS + 1):
            for code in cells:
                r = k.run(code, timeout=600)
                assert r.status == "ok", f"exécution {run}, cellule {code[:60]!r} :\n{plain(r.error_text)}"
            held.append(int(k.value(HELD_MIB)))
            time.sleep(1)
            rss.append(rss_mib(pid))
            print(f"exécution {run} : {held[-1]} Mio tenus (tas Java + tableaux ND4J), {rss[-1]} Mio résidents", flush=True)
        assert held[-1] <= 1.15 * held[1], (
            f"mémoire tenue après chaque exécution (Mio) : {held} ; la 10e dépasse de plus de 15 % la 2e "
            f"(résidente : {rss})")
        assert rss[-1] <= 1.15 * rss[4], (
            f"mémoire résidente après chaque exécution (Mio) : {rss} ; la 10e dépasse de plus de 15 % la 5e")
    finally:
        k.stop()
