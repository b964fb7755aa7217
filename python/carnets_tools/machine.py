"""Memory and cores this machine (or this container) gives us: the kernel's defaults are derived
from them. Every reader takes its files' root as a parameter, so tests use fake cgroup trees.

cgroup v2 keeps `memory.max` and `cpu.max` in one folder; v1 has a folder per controller
(`memory/memory.limit_in_bytes`, `cpu/cpu.cfs_quota_us` and `cpu.cfs_period_us`). The limits are
read at the root of the cgroup mount (what a container sees) and in this process's own cgroup and
its parents (a JupyterHub spawner or systemd slice on a host without a cgroup namespace), and the
smallest wins.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .project import IS_WINDOWS

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC_SELF_CGROUP = Path("/proc/self/cgroup")
MEMINFO = Path("/proc/meminfo")
MIB = 1024 * 1024


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii", errors="replace").strip()
    except OSError:
        return None


def own_cgroups(proc_cgroup: Path = PROC_SELF_CGROUP) -> dict:
    """{controller: path} of this process, from /proc/self/cgroup ("" is the v2 unified hierarchy)."""
    text = _read(proc_cgroup) or ""
    out = {}
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3:
            for controller in parts[1].split(",") if parts[1] else [""]:
                out[controller] = parts[2]
    return out


def _folders(base: Path, own: str | None) -> list:
    """base, then this process's own cgroup under base and each of its parents (those that exist)."""
    folders = [base]
    if own and own.strip("/"):
        parts = [p for p in own.split("/") if p]
        for i in range(len(parts), 0, -1):
            folders.append(base.joinpath(*parts[:i]))
    return [f for f in folders if f.is_dir()]


def memory_limit_mib(root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_SELF_CGROUP) -> int | None:
    """The smallest cgroup memory limit in MiB, None when there is none ("max", or the huge v1 value)."""
    own = own_cgroups(proc_cgroup)
    limits = []
    for folder in _folders(root, own.get("")):
        limits.append(_read(folder / "memory.max"))
    for folder in _folders(root / "memory", own.get("memory")):
        limits.append(_read(folder / "memory.limit_in_bytes"))
    values = [int(v) // MIB for v in limits if v and v.isdigit()]
    return min(values) if values else None


def physical_memory_mib(meminfo: Path = MEMINFO) -> int | None:
    """Installed RAM in MiB: /proc/meminfo (Linux), sysctl hw.memsize (macOS), GlobalMemoryStatusEx (Windows)."""
    text = _read(meminfo)
    if text:
        m = re.search(r"^MemTotal:\s+(\d+)\s+kB", text, re.M)
        if m:
            return int(m.group(1)) // 1024
    if sys.platform == "darwin":
        try:
            out = subprocess.run(["sysctl", "-n", "hw.memsize"], stdout=subprocess.PIPE,
                                 stderr=subprocess.DEVNULL, text=True, timeout=10).stdout.strip()
            return int(out) // MIB if out.isdigit() else None
        except (OSError, subprocess.SubprocessError):
            return None
    if IS_WINDOWS:
        return _windows_memory_mib()
    return None


def _windows_memory_mib() -> int | None:  # pragma: no cover - not run on Linux
    import ctypes

    class MemoryStatus(ctypes.Structure):
        _fields_ = [("dwLength", ctypes.c_ulong), ("dwMemoryLoad", ctypes.c_ulong),
                    ("ullTotalPhys", ctypes.c_ulonglong), ("ullAvailPhys", ctypes.c_ulonglong),
                    ("ullTotalPageFile", ctypes.c_ulonglong), ("ullAvailPageFile", ctypes.c_ulonglong),
                    ("ullTotalVirtual", ctypes.c_ulonglong), ("ullAvailVirtual", ctypes.c_ulonglong),
                    ("ullAvailExtendedVirtual", ctypes.c_ulonglong)]

    status = MemoryStatus()
    status.dwLength = ctypes.sizeof(MemoryStatus)
    if not ctypes.windll.kernel32.GlobalMemoryStatusEx(ctypes.byref(status)):
        return None
    return status.ullTotalPhys // MIB


def memory_mib(root: Path = CGROUP_ROOT, meminfo: Path = MEMINFO, proc_cgroup: Path = PROC_SELF_CGROUP) -> int | None:
    """Memory available to us in MiB: the cgroup limit when lower than the RAM; None when unknown."""
    ram = physical_memory_mib(meminfo)
    limit = memory_limit_mib(root, proc_cgroup)
    if limit is not None and (ram is None or limit < ram):
        return limit
    return ram


_SIZE = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*([mMgG]?)(?:i?[bBoO])?\s*$")


def parse_mib(text: str | None) -> int | None:
    """A memory size in MiB: "2048" (MiB), "1536m", "2g", "1,5G", "3Go"; None when unreadable."""
    m = _SIZE.match(text or "")
    if not m:
        return None
    value = float(m.group(1).replace(",", "."))
    return int(value * 1024) if m.group(2).lower() == "g" else int(value)


def usable_cores() -> int:
    """Cores this process may run on: its CPU affinity where the system has one, else all."""
    if hasattr(os, "sched_getaffinity"):
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except OSError:
            pass
    return max(1, os.cpu_count() or 1)


def cpu_quota(root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_SELF_CGROUP) -> int | None:
    """The container's CPU quota rounded up to whole CPUs (cgroup v2 cpu.max, v1 cfs_quota_us), None when
    there is none ("max", -1, unreadable)."""
    own = own_cgroups(proc_cgroup)
    quotas = []
    for folder in _folders(root, own.get("")):
        fields = (_read(folder / "cpu.max") or "").split()
        if len(fields) == 2:
            quotas.append((fields[0], fields[1]))
    for folder in _folders(root / "cpu", own.get("cpu")):
        quotas.append((_read(folder / "cpu.cfs_quota_us"), _read(folder / "cpu.cfs_period_us")))
    cpus = []
    for quota, period in quotas:
        if quota and period and quota.isdigit() and period.isdigit() and int(period) > 0:
            cpus.append(max(1, -(-int(quota) // int(period))))  # ceiling
    return min(cpus) if cpus else None


def cpu_count(root: Path = CGROUP_ROOT, proc_cgroup: Path = PROC_SELF_CGROUP, cores: int | None = None) -> int:
    """Cores we may use: the affinity's, lowered by a container's CPU quota (e.g. a JupyterHub user
    limited to 2 CPUs on a 64-core host)."""
    n = usable_cores() if cores is None else cores
    quota = cpu_quota(root, proc_cgroup)
    return min(n, quota) if quota else n
