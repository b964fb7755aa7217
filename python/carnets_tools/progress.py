"""What pip and Maven fetch, shown as it happens: one French line per file downloaded, with its size
and a running total, instead of either silence (-q) or hundreds of lines of build logs.

The tool's full output is kept and printed when it fails. Standard library only."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import deque
from typing import Callable, Sequence

UNITS = {"b": 1, "kb": 1e3, "mb": 1e6, "gb": 1e9, "kib": 1024, "mib": 1024 ** 2, "gib": 1024 ** 3}
PIP_DOWNLOAD = re.compile(r"^\s*Downloading (\S+?) \(([\d.]+) ?([kMG]?i?B)\)", re.I)
#: pip reading a package index on disk (a classroom's local mirror): no size in the line, the file has it
PIP_LOCAL = re.compile(r"^\s*Processing (\S+\.(?:whl|tar\.gz|zip))(?:\s+\(from [^)]*\))?\s*$")
MAVEN_DOWNLOAD = re.compile(r"Downloaded from [^:]+: \S+/([^/\s]+) \(([\d.,]+) ([kMG]?B)", re.I)


def size_bytes(number: str, unit: str) -> float:
    return float(number.replace(",", ".")) * UNITS.get(unit.lower(), 1)


def mo(n: float) -> str:
    """Megabytes the French way: « 12,3 Mo »."""
    return f"{n / 1e6:.1f} Mo".replace(".", ",")


def parse_download(line: str) -> tuple[str, float] | None:
    """(file name, bytes) of a pip « Downloading x (12.3 MB) » or Maven « Downloaded from ...: .../x.jar (65 MB at ...) » line."""
    for pattern in (PIP_DOWNLOAD, MAVEN_DOWNLOAD):
        m = pattern.search(line)
        if m:
            name = m.group(1).rsplit("/", 1)[-1]
            return name, size_bytes(m.group(2), m.group(3))
    m = PIP_LOCAL.match(line)
    if m and os.path.isfile(m.group(1)):
        return os.path.basename(m.group(1)), float(os.path.getsize(m.group(1)))
    return None


class Downloads:
    """Counts downloads and says each one, big ones first in attention: files under `quiet_below`
    bytes are only counted (Maven fetches hundreds of small POMs)."""

    def __init__(self, out=sys.stdout, quiet_below: float = 1e6):
        self.out = out
        self.quiet_below = quiet_below
        self.count = 0
        self.total = 0.0

    def line(self, text: str) -> None:
        found = parse_download(text)
        if not found:
            return
        name, size = found
        self.count += 1
        self.total += size
        if size >= self.quiet_below:
            print(f"    récupéré : {name} ({mo(size)}) ; total {mo(self.total)} en {self.count} fichier(s)",
                  file=self.out, flush=True)

    def summary(self) -> str:
        return f"{self.count} fichier(s) récupéré(s), {mo(self.total)}" if self.count else "rien à télécharger"


def run(cmd: Sequence[str], cwd=None, env=None, keep: Callable[[str], bool] = lambda line: False,
        out=sys.stdout, show_failure: bool = True) -> tuple[int, Downloads]:
    """Runs cmd, saying its downloads as they come (and the lines `keep` selects); prints its last
    lines when it fails. Returns its exit status and the downloads seen."""
    downloads = Downloads(out)
    tail: deque[str] = deque(maxlen=60)
    proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, encoding="utf-8", errors="replace", bufsize=1)
    assert proc.stdout is not None
    for line in proc.stdout:
        line = line.rstrip("\n")
        tail.append(line)
        downloads.line(line)
        if keep(line):
            print(f"    {line.strip()}", file=out, flush=True)
    code = proc.wait()
    if code != 0 and show_failure:
        print("\n".join(tail), file=out, flush=True)
    return code, downloads
