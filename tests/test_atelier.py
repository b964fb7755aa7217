"""`./carnets atelier`: a workshop server, JupyterHub on one machine.

The fast tests check the pieces without root: the learner's memory budget as the launcher applies
it, the cgroups (on fake trees), the names of accounts, the hub's configuration, the French errors of
the command line.

The room test does it for real, as root, on loopback only: Debian's JupyterHub (installed with
apt-get by the command when missing) is started once by `./carnets atelier` for two learner accounts
it creates; two learners log in through Chromium (Debian's, driven by Playwright, one browser
context each) and run the first cells of notebook 00 in the « Java (Carnets) » kernel, the only one
offered, each under their own account, in their own cgroup and with the heap of their budget (an array
too big for it fails in the notebook, in French); one learner's kernel cannot read the other's notebook; a wrong password is refused; then the
hub is stopped with --arreter (nothing of the learners keeps running) and started again with only a
certificate and its key: it serves that certificate over HTTPS with the saved accounts, port and
budget, and the learner's saved work is still there. The memory of each learner (server + kernel,
after those cells) is measured and written to build/atelier-mesures.json.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import shutil
import socket
import ssl
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "python"))
sys.path.insert(0, str(REPO_ROOT / "tests" / "e2e"))

from carnets_tools import cli, jdk, launcher  # noqa: E402
from carnets_tools.atelier import accounts, budget, cgroups, hub, install  # noqa: E402
from carnets_tools.machine import parse_mib  # noqa: E402
from carnets_tools.project import CarnetsError  # noqa: E402
from e2e_support import CHROMIUM_ARGS, chromium_path, free_port, no_browser  # noqa: E402

MEASURES = REPO_ROOT / "build" / "atelier-mesures.json"
NOTEBOOK = "00-prise-en-main.ipynb"
#: Cells of notebook 00 run by each learner: title, parameters, 6 * 7, a String, its upper case.
FIRST_CELLS = 9
LEARNERS = ["atelier-test-ana", "atelier-test-bob"]
BUDGET = "2g"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
JDK17 = jdk.Java("/opt/jdk-17/bin/java", "17.0.15", 17, 'openjdk version "17.0.15" 2025-04-15')


# --- the memory budget ---------------------------------------------------------------------------


@pytest.mark.parametrize("text, mib", [("2048", 2048), ("1536m", 1536), ("2g", 2048), ("1,5G", 1536),
                                       ("3Go", 3072), ("2GiB", 2048), ("", None), ("deux", None), ("-1g", None)])
def test_sizes_are_read_in_mib(text, mib):
    assert parse_mib(text) == mib


@pytest.mark.parametrize("memory, heap, offheap", [("2g", "512m", "1024m"), ("4g", "1024m", "1536m"),
                                                   ("1536m", "512m", "1024m")])
def test_the_launcher_follows_the_budget_and_bounds_the_whole_process(tmp_path, memory, heap, offheap):
    env = {"CARNETS_CGROUP_ROOT": str(tmp_path), "CARNETS_MEMORY": memory}
    p = launcher.plan(env, tmp_path, java=JDK17, memory=65536, cores=2)  # the machine's 64 GiB play no part
    whole = f"{parse_mib(memory)}m"
    assert (p.xmx, p.maxbytes, p.maxphysicalbytes) == (heap, offheap, whole)
    assert f"-Xmx{heap}" in p.jvm_opts and f"-Dorg.bytedeco.javacpp.maxphysicalbytes={whole}" in p.jvm_opts
    explicit = launcher.plan(dict(env, CARNETS_MAXPHYSICALBYTES="9g"), tmp_path, java=JDK17, memory=65536, cores=2)
    assert explicit.maxphysicalbytes == "9g"


def test_without_a_budget_nothing_changes(tmp_path):
    p = launcher.plan({"CARNETS_CGROUP_ROOT": str(tmp_path)}, tmp_path, java=JDK17, memory=8192, cores=2)
    assert (p.xmx, p.maxbytes, p.maxphysicalbytes) == ("2048m", "3072m", "0")


def test_the_room_shares_the_machine_within_bounds():
    assert budget.default_budget(24 * 1024, 2) == 4096      # few learners: the ceiling
    assert budget.default_budget(24 * 1024, 20) == 2048     # many: the floor, and a warning (capacity below)
    assert budget.default_budget(64 * 1024, 20) == 3072     # (65536 - 1024) / 20 - 140, down to 256 MiB
    assert budget.capacity(24 * 1024, 2048) == 10
    assert budget.capacity(16 * 1024, 2048) == 7
    assert budget.capacity(1024, 2048) == 0
    assert budget.french_size(1536) == "1,5 Gio" and budget.french_size(4096) == "4 Gio"
    assert budget.french_size(768) == "768 Mio"


# --- accounts -------------------------------------------------------------------------------------


def test_places_are_numbered_and_names_are_checked(tmp_path):
    assert accounts.numbered(3) == ["apprenant01", "apprenant02", "apprenant03"]
    assert accounts.numbered(120)[0] == "apprenant001"
    names = tmp_path / "noms.txt"
    names.write_text("# la salle 12\nalice.martin\n\nbruno_2\n")
    with pytest.raises(CarnetsError, match="ligne 2 : « alice.martin » n'est pas un nom de compte valide"):
        accounts.read_names(names)
    names.write_text("alice\nbruno\nalice\n")
    with pytest.raises(CarnetsError, match="ligne 3 : « alice » est déjà plus haut"):
        accounts.read_names(names)
    names.write_text("alice\n# bruno\nchloé-2\n".replace("é", "e"))
    assert accounts.read_names(names) == ["alice", "chloe-2"]


def test_passwords_are_for_the_instructor_only(tmp_path):
    path = tmp_path / "mots-de-passe.csv"
    accounts.write_passwords(path, {"b": "pw-b", "a": accounts.new_password()})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    lines = path.read_text().splitlines()
    assert lines[0] == "identifiant;mot de passe" and lines[2] == "b;pw-b"
    assert accounts.read_passwords(path)["b"] == "pw-b" and len(accounts.read_passwords(path)["a"]) == 10


def test_an_account_this_tool_did_not_make_is_never_touched(tmp_path):
    with pytest.raises(CarnetsError, match="le compte « root » existe déjà sur cette machine et n'a pas été créé"):
        accounts.create(["root"], tmp_path / "mots-de-passe.csv")
    with pytest.raises(CarnetsError, match="« root » est un compte système"):
        accounts.existing(["root"])
    with pytest.raises(CarnetsError, match="le compte « personne-ici-42 » n'existe pas"):
        accounts.existing(["personne-ici-42"])


# --- the system's memory limit ------------------------------------------------------------------------


def test_a_cgroup_v2_per_learner(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpu io memory pids\n")
    (tmp_path / "cgroup.subtree_control").write_text("cpu\n")
    top = cgroups.prepare(Path("/srv/atelier"), ["ana", "bob"], 2188, root=tmp_path)
    assert top == tmp_path / cgroups.group(Path("/srv/atelier")) and top.name.startswith("carnets-atelier-")
    assert (tmp_path / "cgroup.subtree_control").read_text() == "+memory"  # written to a real cgroup: added
    assert (top / "cgroup.subtree_control").read_text() == "+memory"
    assert (top / "ana" / "memory.max").read_text() == str(2188 * 1024 * 1024)
    assert cgroups.group(Path("/srv/autre")) != top.name  # two workshops never share a cgroup
    cgroups.join(top, "bob")
    assert (top / "bob" / "cgroup.procs").read_text() == str(os.getpid())


def test_a_cgroup_v1_per_learner_or_none(tmp_path):
    (tmp_path / "memory").mkdir()
    (tmp_path / "memory" / "memory.limit_in_bytes").write_text("9223372036854771712\n")
    top = cgroups.prepare(Path("/srv/atelier"), ["ana"], 2188, root=tmp_path)
    assert top.parent == tmp_path / "memory"
    assert (top / "ana" / "memory.limit_in_bytes").read_text() == str(2188 * 1024 * 1024)
    assert cgroups.prepare(Path("/srv/atelier"), ["ana"], 2188, root=tmp_path / "vide") is None


# --- the hub's configuration ------------------------------------------------------------------------


class Config:
    """What jupyterhub_config.py sets, read by running it (get_config() returns one of these)."""

    def __init__(self):
        self.__dict__["values"] = {}

    def __getattr__(self, name):
        return self.values.setdefault(name, Config())

    def __setattr__(self, name, value):
        self.values[name] = value


def read_config(text: str) -> Config:
    c = Config()
    exec(compile(text, "jupyterhub_config.py", "exec"), {"get_config": lambda: c})
    return c


def test_the_hub_listens_on_loopback_and_runs_the_course_kernel_only(tmp_path):
    settings = hub.Settings(["ana", "bob"], False, 2048, "127.0.0.1", 8000)
    c = read_config(hub.config(tmp_path, settings, 40001, 40002))
    assert c.JupyterHub.bind_url == "http://127.0.0.1:8000/"
    assert (c.JupyterHub.hub_ip, c.JupyterHub.hub_port) == ("127.0.0.1", 40001)
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:40002"
    assert c.Authenticator.allowed_users == {"ana", "bob"}
    assert c.Spawner.cmd[1:] == ["-m", "carnets_tools.atelier.session"]
    assert c.Spawner.environment["JUPYTER_PATH"] == str(tmp_path / "jupyter")
    assert c.Spawner.environment[hub.MARKER] == str(tmp_path)
    assert "--KernelSpecManager.ensure_native_kernel=False" in c.Spawner.args
    assert "ssl_cert" not in c.JupyterHub.values
    assert c.JupyterHub.spawner_class == "carnets_tools.atelier.spawner.CarnetsSpawner"
    assert c.CarnetsSpawner.cgroup_dir == ""  # no cgroup given: none joined
    c = read_config(hub.config(tmp_path, settings, 40001, 40002, Path("/sys/fs/cgroup/carnets-atelier-x")))
    assert c.CarnetsSpawner.cgroup_dir == "/sys/fs/cgroup/carnets-atelier-x"
    tls = hub.Settings(["ana"], True, 2048, "0.0.0.0", 8443, "/etc/ssl/atelier.pem", "/etc/ssl/atelier.key")
    c = read_config(hub.config(tmp_path, tls, 40001, 40002))
    assert c.JupyterHub.bind_url == "https://0.0.0.0:8443/"
    assert (c.JupyterHub.ssl_cert, c.JupyterHub.ssl_key) == ("/etc/ssl/atelier.pem", "/etc/ssl/atelier.key")
    assert tls.local_url() == "https://127.0.0.1:8443/"


def test_the_kernelspec_runs_the_system_python_with_the_budget(tmp_path):
    s = install.spec(tmp_path, Path("/usr/lib/jvm/java-17-openjdk-amd64"), 3072)
    assert s["argv"] == ["/usr/bin/python3", "-m", "carnets_tools.launcher", "{connection_file}"]
    assert s["display_name"] == "Java (Carnets)" and s["interrupt_mode"] == "message"
    assert s["env"]["CARNETS_MEMORY"] == "3072m"
    assert s["env"]["CARNETS_DATA"] == str(tmp_path / "donnees")
    assert s["env"]["PYTHONPATH"] == str(tmp_path / "carnets" / "python")


def test_sync_links_or_copies_and_removes_what_is_gone(tmp_path):
    src, dst = tmp_path / "src", tmp_path / "dst"
    (src / "a").mkdir(parents=True)
    (src / "a" / "f.txt").write_text("un")
    (src / "__pycache__").mkdir()
    (src / "__pycache__" / "x.pyc").write_text("")
    (src / "a" / "f.txt").chmod(0o600)
    install.sync(src, dst)
    assert (dst / "a" / "f.txt").read_text() == "un" and not (dst / "__pycache__").exists()
    assert stat.S_IMODE((dst / "a" / "f.txt").stat().st_mode) == 0o644  # readable by every learner
    (src / "a" / "f.txt").unlink()
    (src / "g.txt").write_text("deux")
    install.sync(src, dst)
    assert not (dst / "a" / "f.txt").exists() and (dst / "g.txt").read_text() == "deux"


# --- the command line -----------------------------------------------------------------------------


def test_atelier_needs_root(monkeypatch, capsys):
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    assert cli.main(["atelier", "--places", "2"]) == 1
    assert "demande les droits root" in capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    ([], "indiquez les apprenants : --places 20"),
    (["--places", "0"], "--places demande un nombre au moins égal à 1"),
    (["--places", "2", "--memoire", "1g"], "--memoire : 1 Gio est trop peu"),
    (["--places", "2", "--memoire", "beaucoup"], "« beaucoup » n'est pas une taille"),
    (["--places", "2", "--adresse", "salle-12"], "adresse invalide : « salle-12 »"),
    (["--places", "2", "--adresse", "203.0.113.7"], "203.0.113.7 n'est pas une adresse de cette machine"),
    (["--places", "2", "--certificat", "/etc/hostname"], "HTTPS demande le certificat et sa clé"),
    (["--places", "2", "--certificat", "/nulle/part.pem", "--cle", "/nulle/part.key"], "fichier introuvable"),
    (["--places", "2", "--sans-certificat", "--certificat", "/etc/hostname", "--cle", "/etc/hostname"],
     "se contredisent"),
])
def test_bad_settings_are_refused_in_french_before_anything_is_done(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    assert cli.main(["atelier", "--dossier", str(tmp_path / "atelier"), *argv]) == 1
    assert message in capsys.readouterr().err
    assert not (tmp_path / "atelier").exists()


def test_without_jupyterhub_apt_get_installs_it_or_says_why_not(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(hub, "JUPYTERHUB", str(tmp_path / "jupyterhub"))  # not installed
    monkeypatch.setattr(hub.shutil, "which", lambda name, *a, **k: None)
    with pytest.raises(CarnetsError, match="JupyterHub n'est pas installé .* et apt-get est introuvable"):
        hub.ensure_installed()
    calls = []
    monkeypatch.setattr(hub.shutil, "which", lambda name, *a, **k: "/usr/bin/apt-get")
    monkeypatch.setattr(hub.subprocess, "call", lambda cmd, **k: calls.append(cmd) or 100)  # no network
    with pytest.raises(CarnetsError, match="l'installation de JupyterHub avec apt-get a échoué"):
        hub.ensure_installed()
    assert calls[0][:1] == ["apt-get"] and "update" in calls[0]
    assert "Installation de JupyterHub avec apt-get" in capsys.readouterr().out


def test_a_busy_port_is_named(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(os, "geteuid", lambda: 0)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        assert cli.main(["atelier", "--places", "2", "--port", str(port), "--dossier", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert f"le port {port} est déjà utilisé sur 127.0.0.1" in err and f"--port {port + 1}" in err


# --- the room, for real (root) --------------------------------------------------------------------


def carnets(*args, timeout=600):
    r = subprocess.run([str(REPO_ROOT / "carnets"), "atelier", *args], cwd=str(REPO_ROOT), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True, timeout=timeout)
    print(r.stdout)
    return r


def remove_account(name: str) -> None:
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return
    assert entry.pw_gecos.startswith("Apprenant Carnets"), f"{name} n'est pas un compte de test"
    subprocess.run(["pkill", "-KILL", "-u", name], check=False)
    subprocess.run(["userdel", "--remove", name], check=False, stderr=subprocess.DEVNULL)


def processes_of(name: str) -> dict:
    """{pid: (command line, RSS in MiB)} of an account's processes."""
    uid = pwd.getpwnam(name).pw_uid
    out = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            status = (entry / "status").read_text()
            if int(re.search(r"^Uid:\s+(\d+)", status, re.M).group(1)) != uid:
                continue
            rss = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
            cmd = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, AttributeError):
            continue
        out[int(entry.name)] = (cmd, int(rss.group(1)) / 1024 if rss else 0.0)
    return out


def self_signed(folder: Path) -> tuple:
    """A certificate for 127.0.0.1 and its key, as an instructor would bring (openssl)."""
    folder.mkdir(mode=0o700)
    cert, key = folder / "atelier.pem", folder / "atelier.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    return cert, key


class Room:
    def __init__(self, folder: Path, port: int, browser):
        self.folder = folder
        self.base = f"http://127.0.0.1:{port}/"
        self.browser = browser
        self.passwords = {}
        self.start_output = ""
        self.pages = {}

    def login(self, name: str, password: str, context=None):
        """The hub's login page, filled as a learner would; returns the page (on the server or refused)."""
        # the restart serves HTTPS with a self-signed certificate, which this browser accepts
        page = (context or self.browser.new_context(locale="fr-FR", ignore_https_errors=True)).new_page()
        page.set_default_timeout(120_000)
        page.goto(self.base + "hub/login")
        if page.locator("#username_input").count():
            page.fill("#username_input", name)
            page.fill("#password_input", password)
            page.click("#login_submit")
        return page

    def open_notebook(self, page, name: str, kernel: bool = True):
        page.goto(f"{self.base}user/{name}/notebooks/notebooks/{NOTEBOOK}")
        page.locator("#notebook-container .cell").first.wait_for(state="attached")
        if kernel:
            page.locator("#kernel_indicator_icon.kernel_idle_icon").wait_for(state="attached", timeout=180_000)

    def notebook_file(self, name: str) -> Path:
        return Path(pwd.getpwnam(name).pw_dir) / "mes-carnets" / "notebooks" / NOTEBOOK


#: Text of each cell of the classic notebook page: its prompt and its outputs.
CELLS_JS = """() => Array.from(document.querySelectorAll('#notebook-container .cell')).map(c => ({
    code: c.classList.contains('code_cell'),
    prompt: ((c.querySelector('.input_prompt') || {}).textContent || '').trim(),
    output: Array.from(c.querySelectorAll('.output_area')).map(e => e.innerText).join('\\n'),
    errors: c.querySelectorAll('.output_error, .output_stderr').length,
}))"""


def wait_cells_done(page, count: int, timeout: float = 180) -> list:
    """Waits until the first `count` cells' code cells show an execution number."""
    deadline = time.monotonic() + timeout
    while True:
        cells = page.evaluate(CELLS_JS)[:count]
        if all(re.search(r"\[\d+\]", c["prompt"]) for c in cells if c["code"]):
            return cells
        assert time.monotonic() < deadline, f"cellules non exécutées après {timeout:.0f} s : {cells}"
        page.wait_for_timeout(500)


def run_cell(page, index: int, code: str) -> str:
    """A new code cell above cell `index`, typed and run with Shift+Enter; its output."""
    page.locator("#notebook-container .cell").nth(index).click()
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    page.keyboard.press("Enter")
    page.keyboard.insert_text(code)  # no key events: CodeMirror does not close brackets twice
    page.keyboard.press("Shift+Enter")
    return wait_cells_done(page, index + 1)[index]["output"]


@pytest.fixture(scope="module")
def room():
    if not IS_ROOT:
        pytest.skip("./carnets atelier crée des comptes et lance JupyterHub en root : ce test demande root "
                    "(sudo .venv/bin/python -m pytest tests/test_atelier.py).")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        no_browser("le paquet Python playwright est absent de .venv (python/requirements-browser.txt).")
    exe = chromium_path()
    if exe is None:
        no_browser("Chromium est introuvable (paquet Debian « chromium »).")
    for old in Path("/var/tmp").glob("carnets-atelier-*"):  # what an interrupted run left (its hub runs on)
        if old.is_dir():
            hub.stop(old)
        shutil.rmtree(old, ignore_errors=True) if old.is_dir() else old.unlink()
    for name in LEARNERS:
        remove_account(name)
    folder = Path(tempfile.mkdtemp(prefix="carnets-atelier-", dir="/var/tmp"))
    names = folder.parent / f"{folder.name}-noms.txt"
    names.write_text("\n".join(LEARNERS) + "\n")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    started = time.monotonic()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=exe, headless=True, args=CHROMIUM_ARGS)
        r = Room(folder, free_port(), browser)
        try:
            out = carnets("--noms", str(names), "--memoire", BUDGET, "--port", r.base.rsplit(":", 1)[1].strip("/"),
                          "--dossier", str(folder))
            r.start_output = out.stdout
            r.start_seconds = time.monotonic() - started
            assert out.returncode == 0, f"./carnets atelier a échoué :\n{out.stdout[-3000:]}"
            r.passwords = accounts.read_passwords(folder / "mots-de-passe.csv")
            yield r
        finally:
            carnets("--arreter", "--dossier", str(folder), timeout=180)
            browser.close()
            for name in LEARNERS:
                remove_account(name)
            shutil.rmtree(folder, ignore_errors=True)
            names.unlink()


@pytest.fixture(scope="module")
def learners(room):
    """Both learners logged in, notebook 00 open, its first cells run in their kernel."""
    for name in LEARNERS:  # both kernels start at the same time, as in a room
        page = room.login(name, room.passwords[name])
        page.wait_for_url(re.compile(rf"/user/{name}/tree"), timeout=180_000)
        room.open_notebook(page, name, kernel=False)
        room.pages[name] = page
    for name, page in room.pages.items():
        page.locator("#kernel_indicator_icon.kernel_idle_icon").wait_for(state="attached", timeout=180_000)
        page.locator("#notebook-container .cell").first.click()
        page.keyboard.press("Escape")
        for _ in range(FIRST_CELLS):
            page.keyboard.press("Shift+Enter")
    return room


@pytest.mark.time_limit(600)
def test_the_hub_starts_with_private_passwords_and_says_how_many_learners_fit(room):
    assert stat.S_IMODE((room.folder / "mots-de-passe.csv").stat().st_mode) == 0o600
    assert set(room.passwords) == set(LEARNERS)
    assert re.search(r"peut accueillir \d+ apprenant", room.start_output)
    assert f"Atelier démarré : {room.base}" in room.start_output
    for name in LEARNERS:
        home = Path(pwd.getpwnam(name).pw_dir)
        assert stat.S_IMODE(home.stat().st_mode) == 0o700
    # loopback only: the hub's port is not open on the machine's other addresses
    others = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)} - {"127.0.0.1"}
    for address in others:
        with socket.socket() as s:
            s.settimeout(2)
            assert s.connect_ex((address, int(room.base.rsplit(":", 1)[1].strip("/")))) != 0, address


@pytest.mark.time_limit(600)
def test_two_learners_run_notebook_00_in_their_own_kernel(learners):
    measures = {"demarrage_s": round(learners.start_seconds, 1)}
    for name, page in learners.pages.items():
        cells = wait_cells_done(page, FIRST_CELLS)
        text = "\n".join(c["output"] for c in cells)
        assert "Échelle" in text and "42" in text and "JAVA DANS JUPYTER DEPUIS 2025" in text, text
        assert sum(c["errors"] for c in cells) == 0, cells
        assert "Java (Carnets)" in page.locator(".kernel_indicator_name").inner_text()
        specs = page.context.request.get(f"{learners.base}user/{name}/api/kernelspecs").json()
        assert set(specs["kernelspecs"]) == {"carnets-java"}, specs  # the course's kernel only
        procs = processes_of(name)
        kernels = [(cmd, rss) for cmd, rss in procs.values() if "fr.carnets.kernel.Main" in cmd]
        servers = [(cmd, rss) for cmd, rss in procs.values() if "jupyterhub-singleuser" in cmd]
        assert len(kernels) == 1 and len(servers) == 1, procs  # both run under the learner's own account
        cmd = kernels[0][0]
        assert "-Xmx512m" in cmd and "-Dorg.bytedeco.javacpp.maxphysicalbytes=2048m" in cmd, cmd
        assert f"-Dcarnets.data={learners.folder / 'donnees'}" in cmd
        pid = next(p for p, (c, _) in procs.items() if c == cmd)
        if "Limite du système" in learners.start_output:  # the system's limit: the learner's own cgroup
            kind, base = cgroups.hierarchy()
            mine = base / cgroups.group(learners.folder) / name
            assert f"/{cgroups.group(learners.folder)}/{name}" in Path(f"/proc/{pid}/cgroup").read_text()
            limit = int((mine / cgroups.limit_file(kind)).read_text())
            assert limit == (2048 + budget.SERVER_MIB) * 1024 * 1024
        else:
            assert "les cgroups de cette machine ne sont pas modifiables" in learners.start_output
        measures[name] = {"serveur_mio": round(servers[0][1]), "noyau_mio": round(kernels[0][1]),
                          "total_mio": round(servers[0][1] + kernels[0][1])}
    print(f"\nmémoire par apprenant (RSS, après les {FIRST_CELLS} premières cellules de 00) : {measures}")
    # the heap is capped by the budget: a learner's too big array fails in their notebook, in Java
    out = run_cell(learners.pages[LEARNERS[1]], FIRST_CELLS, "byte[] trop = new byte[700_000_000];")
    assert "Mémoire insuffisante (mémoire Java (tas) pleine)" in out and "limitée à 2048m" in out, out
    MEASURES.parent.mkdir(parents=True, exist_ok=True)
    MEASURES.write_text(json.dumps(measures, indent=1, ensure_ascii=False) + "\n")


def test_a_learner_cannot_read_another_learners_files(learners):
    ana, bob = LEARNERS
    theirs = learners.notebook_file(bob)
    assert theirs.is_file()  # it exists: a refusal below is the permissions, not a missing file
    code = ('try { java.nio.file.Files.readString(java.nio.file.Path.of("%s")); System.out.println("LU"); }\n'
            'catch (java.io.IOException e) { System.out.println("REFUS " + e.getClass().getSimpleName()); }'
            % theirs)
    out = run_cell(learners.pages[ana], FIRST_CELLS, code)
    assert "REFUS AccessDeniedException" in out and "LU" not in out.replace("REFUS", ""), out
    # nor through the hub: bob's server refuses ana
    response = learners.pages[ana].context.request.get(f"{learners.base}user/{bob}/api/contents/notebooks")
    assert response.status == 403 and NOTEBOOK not in response.text(), (response.status, response.text()[:500])


def test_a_wrong_password_is_refused(room):
    page = room.login(LEARNERS[0], room.passwords[LEARNERS[0]] + "x")
    try:
        assert "/hub/login" in page.url
        assert "Invalid username or password" in page.locator(".login_error").inner_text()
        assert page.context.request.get(room.base + "hub/api/user").status == 403  # not logged in
    finally:
        page.context.close()


@pytest.mark.time_limit(600)
def test_a_restart_keeps_the_learners_work(learners):
    ana = LEARNERS[0]
    page = learners.pages[ana]
    mine = learners.notebook_file(ana)
    page.keyboard.press("Escape")
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 60
    while "REFUS" not in mine.read_text(encoding="utf-8"):
        assert time.monotonic() < deadline, "le carnet n'a pas été enregistré (Ctrl+S)"
        time.sleep(0.5)
    stopped = carnets("--arreter", "--dossier", str(learners.folder), timeout=180)
    assert stopped.returncode == 0 and "Atelier arrêté" in stopped.stdout
    assert hub.running(learners.folder) is None and hub.leftovers(learners.folder) == []
    for name in LEARNERS:
        assert processes_of(name) == {}, f"processus de {name} restés après --arreter"
    assert carnets("--etat", "--dossier", str(learners.folder)).returncode == 3
    # Started again with the instructor's certificate only: accounts, port and budget are the saved ones.
    cert, key = self_signed(learners.folder / "tls")
    t0 = time.monotonic()
    again = carnets("--certificat", str(cert), "--cle", str(key), "--dossier", str(learners.folder))
    assert again.returncode == 0, again.stdout[-3000:]
    assert "0 compte(s) créé(s), 2 déjà là" in again.stdout and "limité à 2 Gio" in again.stdout
    learners.base = learners.base.replace("http://", "https://")
    assert f"Atelier démarré : {learners.base}" in again.stdout
    port = int(learners.base.rsplit(":", 1)[1].strip("/"))
    served = ssl.get_server_certificate(("127.0.0.1", port))
    assert ssl.PEM_cert_to_DER_cert(served) == ssl.PEM_cert_to_DER_cert(cert.read_text())
    state = carnets("--etat", "--dossier", str(learners.folder))
    assert state.returncode == 0 and f"L'atelier tourne" in state.stdout and learners.base in state.stdout
    page = learners.login(ana, learners.passwords[ana], context=page.context)
    page.wait_for_url(re.compile(rf"/user/{ana}/tree"), timeout=180_000)
    learners.open_notebook(page, ana, kernel=False)  # the saved outputs show without a kernel
    page.locator(".output_area", has_text="REFUS AccessDeniedException").first.wait_for(timeout=30_000)
    cells = page.evaluate(CELLS_JS)
    text = "\n".join(c["output"] for c in cells)
    assert "42" in text and "REFUS AccessDeniedException" in text, text  # the saved outputs, not re-run
    print(f"\nredémarrage et reconnexion : {time.monotonic() - t0:.1f} s")
    saved = json.loads(mine.read_text(encoding="utf-8"))
    assert any("REFUS" in "".join(c.get("source", "")) for c in saved["cells"])
