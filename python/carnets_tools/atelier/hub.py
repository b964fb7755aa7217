"""Debian's JupyterHub for a workshop: installed with apt-get, configured, started in the background,
stopped.

Versions: JupyterHub 3.0.0 (package jupyterhub of Debian 12), the classic Notebook 6.4 as each
learner's server (python3-notebook, which jupyterhub-singleuser 3.0 runs by default) and
node-configurable-http-proxy 4.5 as its proxy. JupyterHub is not in the pip indexes that workshop
machines reach, and Debian's packages come together, tested together and updated with the system:
they are used as they are, nothing else is installed next to them.

The hub runs as root (it starts each learner's server under that learner's account) and keeps its
files in FOLDER/hub/ (mode 0700):

    atelier.json              the settings of the last start: a start without options reuses them
    jupyterhub_config.py      written again at each start
    jupyterhub.sqlite         the hub's state, and jupyterhub_cookie_secret: kept across restarts
    jupyterhub.pid            the hub's process; jupyterhub.log, its journal; proxy.pid
"""

from __future__ import annotations

import ipaddress
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from ..project import KERNEL_NAME, die, say
from . import cgroups, install

JUPYTERHUB = "/usr/bin/jupyterhub"
PROXY = "/usr/bin/configurable-http-proxy"
SINGLEUSER = "/usr/bin/jupyterhub-singleuser"
PACKAGES = ["jupyterhub", "python3-notebook", "node-configurable-http-proxy"]
#: In the environment of the hub and of everything it starts: how --arreter finds what remains.
MARKER = "CARNETS_ATELIER"
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
#: Where Debian puts the proxy's JavaScript modules: Debian's node looks there by itself, a node
#: from elsewhere (NodeSource's, common on servers) does not ("Cannot find module 'commander'").
NODE_PATH = "/usr/share/nodejs"
START_TIMEOUT = 120
STOP_TIMEOUT = 60


@dataclass
class Settings:
    accounts: list
    existing: bool          # the machine's own accounts (no passwords written)
    budget_mib: int
    address: str
    port: int
    certificate: str | None = None
    key: str | None = None

    @property
    def scheme(self) -> str:
        return "https" if self.certificate else "http"

    def url(self, host: str | None = None) -> str:
        host = host or self.address
        if ":" in host:
            host = f"[{host}]"
        return f"{self.scheme}://{host}:{self.port}/"

    def local_url(self) -> str:
        """Where this machine reaches the hub: a wildcard address is reached on loopback."""
        wildcard = {"0.0.0.0": "127.0.0.1", "::": "::1"}
        return self.url(wildcard.get(self.address, self.address))


def hub_dir(folder: Path) -> Path:
    return folder / "hub"


def settings_file(folder: Path) -> Path:
    return hub_dir(folder) / "atelier.json"


def load_settings(folder: Path) -> Settings | None:
    try:
        return Settings(**json.loads(settings_file(folder).read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def save_settings(folder: Path, settings: Settings) -> None:
    settings_file(folder).write_text(json.dumps(asdict(settings), indent=1, ensure_ascii=False) + "\n",
                                     encoding="utf-8")


# -- installation -----------------------------------------------------------------------------------


def ensure_installed() -> dict:
    """Debian's packages, installed with apt-get when a program is missing; their versions."""
    missing = [p for p in (JUPYTERHUB, PROXY, SINGLEUSER) if not Path(p).is_file()]
    if missing:
        if not shutil.which("apt-get"):
            die(f"JupyterHub n'est pas installé ({', '.join(missing)} absent) et apt-get est introuvable : "
                "./carnets atelier s'appuie sur les paquets Debian (ou Ubuntu) jupyterhub, python3-notebook et "
                "node-configurable-http-proxy. Installez-les, puis relancez.")
        say(f"Installation de JupyterHub avec apt-get ({', '.join(PACKAGES)})...")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        apt = ["apt-get", "-y", "-q", "-o", "Dpkg::Use-Pty=0"]
        if subprocess.call(apt + ["update", "-qq"], env=env) != 0 or \
                subprocess.call(apt + ["install", "--no-install-recommends", *PACKAGES], env=env) != 0:
            die("l'installation de JupyterHub avec apt-get a échoué (voir ci-dessus) : la machine atteint-elle "
                "les dépôts Debian ? (apt-get update ; apt-get install jupyterhub)")
        still = [p for p in (JUPYTERHUB, PROXY, SINGLEUSER) if not Path(p).is_file()]
        if still:
            die(f"apt-get a installé JupyterHub mais {', '.join(still)} reste absent : paquets Debian inattendus.")
        disable_debian_service()
    r = subprocess.run([PROXY, "--version"], env=hub_environment(), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    if r.returncode != 0:
        die(f"le mandataire de JupyterHub ({PROXY}) ne démarre pas : {r.stdout.strip()[-300:]}")
    return versions()


def disable_debian_service() -> None:
    """The package's own jupyterhub.service, which apt just started under systemd: every account of
    the machine on port 8000 of every interface. Stopped and disabled, since this tool runs its own."""
    if not Path("/run/systemd/system").is_dir():
        return  # no systemd (a container): nothing was started
    if subprocess.call(["systemctl", "disable", "--now", "jupyterhub.service"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0:
        say("Le service jupyterhub de Debian (port 8000, tous les comptes) est arrêté et désactivé : "
            "./carnets atelier lance le sien.")


def hub_environment(folder: Path | None = None) -> dict:
    """The hub's whole environment (nothing of the instructor's shell); the proxy inherits it."""
    env = {"PATH": SYSTEM_PATH, "LANG": "C.UTF-8", "HOME": os.environ.get("HOME", "/root"), "NODE_PATH": NODE_PATH}
    if folder is not None:
        env[MARKER] = str(folder)
        env["PYTHONPATH"] = str(install.carnets_dir(folder) / "python")  # the spawner (spawner.py)
    return env


def versions() -> dict:
    out = subprocess.run(["dpkg-query", "-W", "-f", "${Package} ${Version}\\n", *PACKAGES],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
    return dict(line.split(" ", 1) for line in out.splitlines() if " " in line)


# -- configuration ----------------------------------------------------------------------------------


def check_address(address: str) -> str:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        die(f"adresse invalide : « {address} ». Donnez une adresse IP de cette machine (par exemple 192.168.1.10), "
            "ou 0.0.0.0 pour toutes ses interfaces.")


def free_ports(n: int) -> list:
    """n distinct free ports on loopback, for the hub's own API and the proxy's."""
    sockets = []
    try:
        for _ in range(n):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def config(folder: Path, settings: Settings, hub_port: int, api_port: int, cgroup_dir: Path | None = None) -> str:
    """jupyterhub_config.py: values written as Python literals (repr), nothing else interpolated."""
    hd = hub_dir(folder)
    environment = {
        "PYTHONPATH": str(install.carnets_dir(folder) / "python"),
        "JUPYTER_PATH": str(install.jupyter_dir(folder)),
        "CARNETS_DATA": str(install.data_copy(folder)),
        MARKER: str(folder),
    }
    lines = [
        "# Written by ./carnets atelier at each start (its settings: atelier.json); edits are lost.",
        "c = get_config()  # noqa: F821",
        f"c.JupyterHub.bind_url = {settings.url()!r}",
        "c.JupyterHub.hub_ip = '127.0.0.1'",
        f"c.JupyterHub.hub_port = {hub_port!r}",
        f"c.ConfigurableHTTPProxy.api_url = {f'http://127.0.0.1:{api_port}'!r}",
        f"c.ConfigurableHTTPProxy.command = [{PROXY!r}]",
        f"c.ConfigurableHTTPProxy.pid_file = {str(hd / 'proxy.pid')!r}",
        f"c.JupyterHub.db_url = {'sqlite:///' + str(hd / 'jupyterhub.sqlite')!r}",
        f"c.JupyterHub.cookie_secret_file = {str(hd / 'jupyterhub_cookie_secret')!r}",
        # a stop ends every learner's server (their files stay); a start finds none left over
        "c.JupyterHub.cleanup_servers = True",
        "c.JupyterHub.cleanup_proxy = True",
        f"c.Authenticator.allowed_users = {set(settings.accounts)!r}",
        # no PAM session: pam_systemd and pam_loginuid fail in containers, and nothing needs one
        "c.PAMAuthenticator.open_sessions = False",
        "c.JupyterHub.spawner_class = 'carnets_tools.atelier.spawner.CarnetsSpawner'",
        f"c.CarnetsSpawner.cgroup_dir = {str(cgroup_dir or '')!r}",
        f"c.Spawner.cmd = [{install.SYSTEM_PYTHON!r}, '-m', 'carnets_tools.atelier.session']",
        "c.Spawner.notebook_dir = '~/mes-carnets'",
        "c.Spawner.default_url = '/tree/notebooks'",
        f"c.Spawner.environment = {environment!r}",
        "c.Spawner.args = [",
        f"    '--MappingKernelManager.default_kernel_name={KERNEL_NAME}',",
        # the course's kernel only: no Python kernel offered next to it
        "    '--KernelSpecManager.ensure_native_kernel=False',",
        f"    '--KernelSpecManager.whitelist={KERNEL_NAME}',",
        "]",
        # The Notebook 6.4 server answers SIGINT by asking « Shutdown? » on a terminal it does not have,
        # and keeps running: the spawner's SIGTERM, which stops it and its kernels, comes after this.
        "c.LocalProcessSpawner.interrupt_timeout = 2",
        f"c.Spawner.start_timeout = {START_TIMEOUT}",
        f"c.Spawner.http_timeout = {START_TIMEOUT}",
    ]
    if settings.certificate:
        lines += [f"c.JupyterHub.ssl_cert = {settings.certificate!r}", f"c.JupyterHub.ssl_key = {settings.key!r}"]
    return "\n".join(lines) + "\n"


# -- running ----------------------------------------------------------------------------------------


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def running(folder: Path) -> int | None:
    """The hub's process, when the one its pid file names is still this workshop's hub."""
    try:
        pid = int((hub_dir(folder) / "jupyterhub.pid").read_text().strip())
    except (OSError, ValueError):
        return None
    config_file = str(hub_dir(folder) / "jupyterhub_config.py").encode()
    return pid if config_file in _cmdline(pid) else None


def start(folder: Path, settings: Settings, cgroup_dir: Path | None = None) -> int:
    """Starts the hub in the background (its own session: it outlives this command); returns its pid
    once its page answers."""
    hd = hub_dir(folder)
    hd.mkdir(parents=True, exist_ok=True)
    hd.chmod(0o700)
    hub_port, api_port = free_ports(2)
    config_file = hd / "jupyterhub_config.py"
    config_file.write_text(config(folder, settings, hub_port, api_port, cgroup_dir), encoding="utf-8")
    save_settings(folder, settings)
    log_path = hd / "jupyterhub.log"
    env = hub_environment(folder)
    with open(log_path, "ab") as log:
        proc = subprocess.Popen([JUPYTERHUB, "-f", str(config_file)], cwd=str(hd), env=env,
                                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
    (hd / "jupyterhub.pid").write_text(f"{proc.pid}\n")
    deadline = time.monotonic() + START_TIMEOUT
    health = settings.local_url() + "hub/health"
    context = ssl._create_unverified_context()  # the instructor's certificate names the public host
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            die(f"JupyterHub s'est arrêté au démarrage (code {proc.returncode}). Fin de son journal "
                f"({log_path}) :\n{tail(log_path)}")
        try:
            with urllib.request.urlopen(health, timeout=5, context=context) as r:
                if r.status == 200:
                    return proc.pid
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.5)
    stop(folder)
    die(f"JupyterHub ne répond pas sur {health} après {START_TIMEOUT} s ; il a été arrêté. Journal : {log_path}\n"
        f"{tail(log_path)}")


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(journal illisible)"


def leftovers(folder: Path) -> list:
    """Processes started for this workshop (the hub, its proxy, the learners' servers and kernels)."""
    marker = f"{MARKER}={folder}".encode()
    out = []
    for entry in Path("/proc").glob("[0-9]*"):
        pid = int(entry.name)
        if pid == os.getpid():
            continue
        try:
            if marker in (entry / "environ").read_bytes().split(b"\0"):
                out.append(pid)
        except OSError:
            continue
    return out


def _wait_gone(pids: list, seconds: float) -> list:
    deadline = time.monotonic() + seconds
    alive = list(pids)
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [p for p in alive if Path(f"/proc/{p}").exists() and not _zombie(p)]
    return alive


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def _signal(pids: list, sig: int) -> None:
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


def stop(folder: Path) -> int:
    """Stops the hub (which stops the learners' servers, their kernels and the proxy), then whatever
    would remain; returns how many processes had to be ended after the hub."""
    pid = running(folder)
    if pid:
        _signal([pid], signal.SIGTERM)
        if _wait_gone([pid], STOP_TIMEOUT):
            _signal([pid], signal.SIGKILL)
            _wait_gone([pid], 10)
    rest = leftovers(folder)
    if rest:
        _signal(rest, signal.SIGTERM)
        _signal(_wait_gone(rest, 10), signal.SIGKILL)
        _wait_gone(rest, 10)
    cgroups.remove(folder)
    for name in ("jupyterhub.pid", "proxy.pid"):
        try:
            (hub_dir(folder) / name).unlink()
        except FileNotFoundError:
            pass
    return len(rest)
