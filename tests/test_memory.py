"""A re-run gives back what it held: notebook 02's code cells run 10 times in one kernel (CI scale).

Resident memory (RSS, after System.gc()) after run 10 must stay within 15 % of run 2. Before the fix
it grew by about 240 MiB per run: JShell kept every cell result that is not a plain variable (the
charts of Plots.images(...), Plots.curves(...)...) in hidden variables $1, $2..., and through them
each run's arrays.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest


REPO_ROOT = Path(__file__).resolve().parents[1]
RUNS = 10


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
        rss = []
        for run in range(1, RUNS + 1):
            for code in cells:
                r = k.run(code, timeout=600)
                assert r.status == "ok", f"exécution {run}, cellule {code[:60]!r} :\n{plain(r.error_text)}"
            k.ok("System.gc(); System.gc();")
            time.sleep(1)
            rss.append(rss_mib(pid))
            print(f"exécution {run} : {rss[-1]} Mio", flush=True)
        assert rss[-1] <= 1.15 * rss[1], (
            f"mémoire résidente après chaque exécution (Mio) : {rss} ; la 10e dépasse de plus de 15 % la 2e")
    finally:
        k.stop()
