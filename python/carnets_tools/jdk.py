"""The JDK the kernel uses: one rule for setup, doctor, bench and the kernel launcher.

JAVA_HOME/bin/java when it exists, else `java` on PATH; a JDK 17 or newer, with JShell.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from .project import IS_WINDOWS, MIN_JAVA

INSTALL_HINT = "Debian/Ubuntu : sudo apt install openjdk-17-jdk ; macOS : brew install openjdk@17 ; " \
               "Windows : installez un JDK 17 (par exemple Eclipse Temurin)"
_VERSION = re.compile(r'version "([^"]*)"')


@dataclass(frozen=True)
class Java:
    path: str
    version: str  # as printed by `java -version`, e.g. 17.0.15 or 1.8.0_402
    major: int | None  # None when the version line could not be read
    version_line: str


def find_java(env: Mapping[str, str] = os.environ, which: Callable[..., str | None] = shutil.which) -> str | None:
    """JAVA_HOME's java when it exists, else the `java` of PATH, else None."""
    home = env.get("JAVA_HOME")
    if home:
        exe = Path(home) / "bin" / ("java.exe" if IS_WINDOWS else "java")
        if exe.is_file() and os.access(exe, os.X_OK):
            return str(exe)
    return which("java", path=env.get("PATH"))


def parse_major(version: str) -> int | None:
    """17 for "17.0.15", 21 for "21+35", 8 for "1.8.0_402"; None when unreadable."""
    m = re.match(r"(\d+)(?:\.(\d+))?", version)
    if not m:
        return None
    major = int(m.group(1))
    if major == 1 and m.group(2):
        return int(m.group(2))
    return major


def describe(java: str) -> Java:
    """Runs `java -version` (printed on stderr) and reads its version."""
    try:
        out = subprocess.run([java, "-version"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError) as e:
        return Java(java, "", None, str(e))
    line = next((l for l in out.splitlines() if "version" in l.lower()), out.strip()[:200])
    m = _VERSION.search(line)
    version = m.group(1) if m else ""
    return Java(java, version, parse_major(version), line)


def problem(java: Java | None) -> str | None:
    """Why this Java cannot run the kernel (French), or None when it can."""
    if java is None:
        return f"Java est introuvable. Installez un JDK {MIN_JAVA} ou plus récent ({INSTALL_HINT}) " \
               "puis définissez JAVA_HOME ou ajoutez java au PATH."
    if java.major is None:
        return f"impossible de lire la version de Java ({java.path}) : « {java.version_line} »."
    if java.major < MIN_JAVA:
        return f"Java {java.version} est trop ancien ({java.path}) : Carnets demande un JDK {MIN_JAVA} " \
               f"ou plus récent. Installez-en un ({INSTALL_HINT}) et faites pointer JAVA_HOME dessus."
    return None


def current(env: Mapping[str, str] = os.environ) -> Java | None:
    path = find_java(env)
    return describe(path) if path else None


def has_jshell(java: str) -> bool:
    """JShell lives in the jdk.jshell module: a JRE without it cannot run the kernel."""
    try:
        out = subprocess.run([java, "--list-modules"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                             text=True, timeout=60).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return any(l.startswith("jdk.jshell@") for l in out.splitlines())


def javac_next_to(java: str) -> str:
    """The javac of the same JDK, else the one on PATH."""
    exe = Path(java).with_name("javac.exe" if IS_WINDOWS else "javac")
    return str(exe) if exe.is_file() else (shutil.which("javac") or "javac")
