"""Each learner's memory budget on a workshop server, and how many learners the machine holds.

The budget is what one learner's kernel may take: the launcher reads it (CARNETS_MEMORY) in place
of the machine's memory, so its heap and off-heap limits follow it, and it becomes JavaCPP's limit
for the whole process (launcher.plan). Standard library only.
"""

from __future__ import annotations

#: Kept for the system, JupyterHub and its proxy.
RESERVE_MIB = 1024
#: One learner's Jupyter server (classic Notebook 6.4, without its kernel): 135 MiB of RSS measured
#: by tests/test_atelier.py (course/animer-un-atelier.md), rounded up.
SERVER_MIB = 140
#: The launcher's floors (heap 512 MiB, off-heap 1 GiB): a smaller budget cannot hold them.
MIN_BUDGET_MIB = 1536
#: The default budget: the machine shared among the places, within these bounds. 4 GiB is what the
#: instructor's guide advises per JupyterHub user; 2 GiB leaves the launcher's floors some room.
DEFAULT_MIN_MIB = 2048
DEFAULT_MAX_MIB = 4096
STEP_MIB = 256


def default_budget(memory_mib: int, places: int) -> int:
    """The machine's memory shared among `places` learners, rounded down to 256 MiB, 2 to 4 GiB."""
    share = (memory_mib - RESERVE_MIB) // max(1, places) - SERVER_MIB
    share = share // STEP_MIB * STEP_MIB
    return max(DEFAULT_MIN_MIB, min(DEFAULT_MAX_MIB, share))


def capacity(memory_mib: int, budget_mib: int) -> int:
    """How many learners can work at once, each kernel at its budget, with the reserve kept."""
    return max(0, (memory_mib - RESERVE_MIB) // (budget_mib + SERVER_MIB))


def french_size(mib: int) -> str:
    """2048 -> « 2 Gio », 1536 -> « 1,5 Gio », 768 -> « 768 Mio » (decimal comma)."""
    if mib < 1024:
        return f"{mib} Mio"
    gib = f"{mib / 1024:.1f}".rstrip("0").rstrip(".")
    return f"{gib.replace('.', ',')} Gio"
