"""A rebuild (./carnets setup --rebuild, e.g. after a git pull) while a kernel runs: the running
kernel keeps its own published jars and still loads classes it had not used yet; a kernel started
afterwards gets the new build."""
import re
import subprocess
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = re.compile(r"kernel-ext/target/(run-[^/:]+)/")


def snapshot_of(kernel) -> str:
    cp = kernel.value('System.getProperty("java.class.path")')
    m = SNAPSHOT.search(cp or "")
    assert m, f"le noyau ne tourne pas sur une construction publiée (target/run-...) : {cp}"
    return m.group(1)


def test_rebuild_leaves_running_kernels_alone(fresh_kernel):
    first = fresh_kernel()
    before = snapshot_of(first)
    setup = subprocess.run(["./carnets", "setup", "--rebuild"], cwd=REPO_ROOT, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=900)
    assert setup.returncode == 0, setup.stdout[-3000:]
    # a class of the extension this kernel never loaded: read from its own (old) snapshot
    where = first.value("fr.carnets.analysis.CrossValidation.class.getProtectionDomain().getCodeSource().getLocation().getPath()")
    assert before in where, where
    assert (REPO_ROOT / "kernel-ext" / "target" / before).is_dir(), "the previous build is kept while kernels may use it"
    assert first.value("1 + 1") == "2"
    second = fresh_kernel()
    after = snapshot_of(second)
    assert after != before, "a kernel started after the rebuild uses the new build"
    assert Path(REPO_ROOT / "kernel-ext" / "target" / "run").resolve().name == after
