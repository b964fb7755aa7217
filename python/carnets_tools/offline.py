"""A room with no internet: `./carnets paquet` writes one archive holding everything setup fetches,
`./carnets setup --depuis` installs from it with no network.

The archive (a tar file, or the same tree as a folder) holds under ``carnets-paquet/``:

* ``maven/repository/``: the Maven artifacts the build and the kernel need, in repository layout
  with a ``.sha1`` beside each file. They are collected by running the very build setup runs
  (``./mvnw -DskipTests package``) against an empty local repository, with this machine's
  ~/.m2/repository as the first remote (what the build already fetched is copied, not downloaded),
  plus the libraries of the course's ``%maven`` lines (and with --avec-spark, chapter 08's
  ``%%pom``). Maven's download records (_remote.repositories) are left out, so that the artifacts
  count as locally installed for an offline Maven and for the kernel's %maven;
* ``maven/wrapper/``: the Maven distribution ./mvnw would download;
* ``python/wheels/``: the wheels of python/requirements.txt and setuptools (carnets_tools' build
  backend), for this machine's Python and platform;
* ``data/``: the verified data sets, every one of datasets/catalog.json;
* ``MANIFEST.json``: the SHA-256 and size of every file, the Python and platform of the wheels.

Installing verifies every file first (a French message names the missing or corrupt one, and
nothing is written before all are right), then copies the Maven files into ~/.m2 and the data
into the data folder, and runs the ordinary setup with pip limited to the archive's wheels
(PIP_NO_INDEX, PIP_FIND_LINKS, no pip configuration) and Maven offline (MAVEN_ARGS=--offline).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tempfile
import time
from pathlib import Path

from . import build
from .project import BUILD_DIR, NOTEBOOKS_DIR, REQUIREMENTS, ROOT, data_dir, die, say

TOP = "carnets-paquet"
MANIFEST = "MANIFEST.json"
FORMAT = 1
CATALOG = ROOT / "datasets" / "catalog.json"


def catalog_datasets() -> list[str]:
    """Every data set of the catalogue: a room with no network cannot fetch a missing one later."""
    return list(json.loads(CATALOG.read_text(encoding="utf-8"))["datasets"])
WRAPPER_DIST = "apache-maven-3.9.9"
#: Leftovers of Maven's downloads: never packed (they would tie artifacts to a remote).
MAVEN_NOISE = re.compile(r"(^_remote\.repositories$|\.lastUpdated$|^resolver-status\.properties$|\.part$|\.lock$)")
DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1"
CHUNK = 1 << 20


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            block = f.read(CHUNK)
            if not block:
                break
            h.update(block)
    return h.hexdigest()


def platform_tag() -> dict:
    return {"python": f"{sys.version_info[0]}.{sys.version_info[1]}", "platform": sysconfig.get_platform()}


def m2_home(env=os.environ) -> Path:
    """Where ./mvnw keeps its distribution and Maven its local repository: MAVEN_USER_HOME, else ~/.m2."""
    return Path(env.get("MAVEN_USER_HOME") or Path.home() / ".m2")


# ------------------------------------------------------------------------------------------------
# Packing
# ------------------------------------------------------------------------------------------------


def maven_lines(spark: bool) -> list:
    """Dependencies of the course's %maven lines (and %%pom cells with spark), as pom XML."""
    deps = []
    for path in sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]-*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb.get("cells", []):
            if cell.get("cell_type") != "code":
                continue
            source = "".join(cell.get("source", []))
            for m in re.finditer(r"^%maven\s+(.+)$", source, re.MULTILINE):
                for coords in m.group(1).split():
                    parts = coords.split(":")
                    if len(parts) == 3:
                        deps.append(f"<dependency><groupId>{parts[0]}</groupId><artifactId>{parts[1]}</artifactId>"
                                    f"<version>{parts[2]}</version></dependency>")
            if spark and source.startswith("%%pom"):
                block = re.search(r"<dependencies>(.*)</dependencies>", source, re.DOTALL)
                if block:
                    deps.append(block.group(1))
    if spark:
        # Chapter 08 loads Spark from a ready-made file (%load code/spark.jsh calls pom("""...""")).
        for path in sorted((NOTEBOOKS_DIR / "code").glob("*.jsh")):
            for block in re.finditer(r"<dependencies>(.*?)</dependencies>", path.read_text(encoding="utf-8"), re.DOTALL):
                deps.append(block.group(1))
    return deps


def settings_xml(local_as_remote: Path) -> str:
    url = local_as_remote.resolve().as_uri()
    repo = f"<id>carnets-deja-la</id><url>{url}</url>"
    return f"""<settings>
  <profiles><profile><id>carnets-deja-la</id>
    <repositories><repository>{repo}</repository></repositories>
    <pluginRepositories><pluginRepository>{repo}</pluginRepository></pluginRepositories>
  </profile></profiles>
  <activeProfiles><activeProfile>carnets-deja-la</activeProfile></activeProfiles>
</settings>
"""


def collect_maven(repo: Path, work: Path, spark: bool) -> None:
    """Runs setup's build, then resolves the %maven libraries, with `repo` as an empty local repository."""
    settings = work / "settings.xml"
    settings.write_text(settings_xml(m2_home() / "repository"), encoding="utf-8")
    common = ["-gs", str(settings), f"-Dmaven.repo.local={repo}"]
    say("Artefacts Maven de la construction (./mvnw -DskipTests package, dans un dépôt vide)...")
    if build.maven(["-q", *common, "-DskipTests", "package"]) != 0:
        die("la construction Maven a échoué : le paquet ne peut pas être fait (voir ci-dessus).")
    # The build left target/dist: the next setup rebuilds and publishes it as usual.
    deps = maven_lines(spark)
    if deps:
        pom = work / "pom.xml"
        pom.write_text("<project><modelVersion>4.0.0</modelVersion><groupId>carnets</groupId>"
                       "<artifactId>paquet</artifactId><version>1</version><packaging>pom</packaging>"
                       f"<dependencies>{''.join(deps)}</dependencies></project>\n", encoding="utf-8")
        what = "%maven des carnets" + (" et %%pom du chapitre 08 (Spark)" if spark else "")
        say(f"Bibliothèques des {what}...")
        if build.maven(["-q", *common, "-f", str(pom), f"{DEPENDENCY_PLUGIN}:resolve"]) != 0:
            die(f"la résolution des bibliothèques des {what} a échoué (voir ci-dessus).")
    for path in list(repo.rglob("*")):
        if path.is_file() and MAVEN_NOISE.search(path.name):
            path.unlink()
    for path in list(repo.rglob("*")):
        if path.is_file() and path.suffix in (".jar", ".pom", ".zip", ".so", ".aar"):
            digest = hashlib.sha1(path.read_bytes()).hexdigest()  # noqa: S324 - Maven's own checksum format
            Path(str(path) + ".sha1").write_text(digest, encoding="ascii")


def collect_wrapper(dest: Path) -> None:
    dists = m2_home() / "wrapper" / "dists" / WRAPPER_DIST
    if not dists.is_dir():
        if build.maven(["-q", "--version"]) != 0 or not dists.is_dir():
            die(f"la distribution de Maven de ./mvnw est introuvable ({dists}).")
    shutil.copytree(dists, dest / WRAPPER_DIST, symlinks=True)


def collect_wheels(dest: Path) -> None:
    say("Paquets Python (pip download de python/requirements.txt, pour cette machine)...")
    dest.mkdir(parents=True, exist_ok=True)
    base = [sys.executable, "-m", "pip", "download", "--disable-pip-version-check", "-d", str(dest)]
    for wanted in (["-r", str(REQUIREMENTS)], ["setuptools>=64", "wheel"]):
        # As setup's pip_install: a quick try first (local indexes answer at once, an unreachable
        # pypi.org would be retried for minutes), then pip's patient settings.
        if subprocess.call(base + ["--quiet", "--quiet", "--retries", "0", "--timeout", "15", *wanted]) != 0 and \
                subprocess.call(base + wanted) != 0:
            die("pip download a échoué : le paquet ne peut pas être fait (réseau ? voir ci-dessus).")
    for sdist in [p for p in dest.iterdir() if not p.name.endswith(".whl")]:
        # An sdist would need its build tools at install time: say so now, not in the room.
        die(f"pip a téléchargé une source et non une roue ({sdist.name}) : ce paquet ne s'installerait pas hors ligne.")


def collect_data(dest: Path) -> None:
    from .commands import datasets
    source = data_dir()
    say(f"Jeux de données vérifiés (SHA-256) de {source}...")
    if datasets.fetch_module().main(["--check"]) != 0:
        die(f"les jeux de données de {source} ne sont pas tous vérifiés : lancez ./carnets datasets, puis recommencez.")
    for name in catalog_datasets():
        if not (source / name).is_dir():
            die(f"le jeu de données {name} manque dans {source} : lancez ./carnets datasets, puis recommencez.")
        shutil.copytree(source / name, dest / name)


def write_manifest(top: Path, spark: bool) -> dict:
    files = {}
    for path in sorted(top.rglob("*")):
        if path.is_file() and not path.is_symlink() and path.name != MANIFEST:
            rel = path.relative_to(top).as_posix()
            files[rel] = {"sha256": sha256(path), "size": path.stat().st_size}
    manifest = {"format": FORMAT, "created": time.strftime("%Y-%m-%d %H:%M:%S"), "spark": spark,
                **platform_tag(), "requirements_sha256": sha256(REQUIREMENTS), "files": files}
    (top / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def pack(output: Path, spark: bool = False) -> dict:
    """Writes the archive (a .tar file, or a folder when output has no .tar suffix); returns its manifest
    with the total size in bytes."""
    output = output.resolve()
    start = time.monotonic()
    BUILD_DIR.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="paquet-", dir=BUILD_DIR) as tmp:
        work = Path(tmp)
        folder = output if output.suffix != ".tar" else work
        top = folder / TOP
        if top.exists():
            die(f"{top} existe déjà : choisissez une autre sortie ou supprimez-le.")
        top.mkdir(parents=True)
        collect_maven(top / "maven" / "repository", work, spark)
        collect_wrapper(top / "maven" / "wrapper")
        collect_wheels(top / "python" / "wheels")
        collect_data(top / "data")
        manifest = write_manifest(top, spark)
        if output.suffix == ".tar":
            say(f"Écriture de {output}...")
            output.parent.mkdir(parents=True, exist_ok=True)
            partial = output.with_name(output.name + ".part")
            with tarfile.open(partial, "w") as tar:  # jars, wheels and data are compressed already
                tar.add(top, arcname=TOP)
            os.replace(partial, output)
            size = output.stat().st_size
        else:
            size = sum(f["size"] for f in manifest["files"].values())
    manifest["size"] = size
    manifest["seconds"] = round(time.monotonic() - start, 1)
    return manifest


# ------------------------------------------------------------------------------------------------
# Installing
# ------------------------------------------------------------------------------------------------


def open_package(source: Path, scratch: Path) -> Path:
    """The package's top folder: source itself (or its carnets-paquet/), or a tar file unpacked in scratch."""
    if source.is_dir():
        top = source / TOP if (source / TOP).is_dir() else source
        return top
    if not source.is_file():
        die(f"paquet introuvable : {source} (un fichier fait par ./carnets paquet, ou son dossier décompressé)")
    if not tarfile.is_tarfile(source):
        die(f"{source} n'est pas un paquet de ./carnets paquet (pas une archive tar) : refaites-le ou recopiez-le.")
    say(f"Décompression de {source}...")
    try:
        with tarfile.open(source) as tar:
            for member in tar.getmembers():
                name = member.name
                if name.startswith("/") or ".." in Path(name).parts or not (member.isfile() or member.isdir()
                                                                             or member.issym()):
                    die(f"le paquet contient un chemin interdit ({name}) : il n'a pas été fait par ./carnets paquet.")
                if member.issym() and (member.linkname.startswith("/") or ".." in Path(member.linkname).parts):
                    die(f"le paquet contient un lien interdit ({name}) : il n'a pas été fait par ./carnets paquet.")
            # The members were checked above; Python's "data" filter (3.12+) adds its own checks.
            tar.extractall(scratch, **({"filter": "data"} if hasattr(tarfile, "data_filter") else {}))
    except (tarfile.TarError, EOFError, OSError) as e:
        die(f"le paquet {source} est abîmé ou tronqué ({e}) : recopiez-le depuis la clé ou l'ordinateur du formateur.")
    top = scratch / TOP
    if not top.is_dir():
        die(f"{source} ne contient pas de dossier {TOP}/ : ce n'est pas un paquet de ./carnets paquet.")
    return top


def verify(top: Path) -> dict:
    """Checks every file of the manifest (presence, size, SHA-256) and that the wheels suit this
    Python; raises CarnetsError naming the first piece that is wrong."""
    mpath = top / MANIFEST
    try:
        manifest = json.loads(mpath.read_text(encoding="utf-8"))
        files = manifest["files"]
    except (OSError, ValueError, KeyError, TypeError):
        die(f"{mpath} est absent ou illisible : ce dossier n'est pas un paquet complet de ./carnets paquet.")
    if manifest.get("format") != FORMAT:
        die(f"paquet au format {manifest.get('format')}, ce dépôt lit le format {FORMAT} : refaites le paquet "
            "avec ./carnets paquet depuis ce même dépôt.")
    here = platform_tag()
    if (manifest.get("python"), manifest.get("platform")) != (here["python"], here["platform"]):
        die(f"ce paquet a été fait pour Python {manifest.get('python')} sur {manifest.get('platform')} ; cette "
            f"machine a Python {here['python']} sur {here['platform']} : ses roues Python ne s'installeraient pas. "
            "Refaites le paquet sur une machine du même type que celles de la salle.")
    if manifest.get("requirements_sha256") != sha256(REQUIREMENTS):
        die("le paquet ne correspond pas à python/requirements.txt de ce dépôt (versions différentes) : refaites-le "
            "avec ./carnets paquet depuis la même version du dépôt que celle des apprenants.")
    say(f"Vérification de {len(files)} fichiers (SHA-256)...")
    for rel, spec in files.items():
        path = top / rel
        if not path.is_file():
            die(f"paquet incomplet : {rel} manque. Rien n'a été installé ; recopiez le paquet en entier.")
        if path.stat().st_size != spec["size"] or sha256(path) != spec["sha256"]:
            die(f"paquet abîmé : {rel} ne correspond pas à sa somme SHA-256. Rien n'a été installé ; "
                "recopiez le paquet (la copie a pu être interrompue).")
    return manifest


def merge_tree(source: Path, dest: Path) -> int:
    """Copies source's files into dest, keeping those dest already has; returns how many were copied."""
    copied = 0
    for path in source.rglob("*"):
        target = dest / path.relative_to(source)
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
        elif not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(target.name + ".carnets-part")
            shutil.copy2(path, partial, follow_symlinks=False)
            os.replace(partial, target)
            copied += 1
    return copied


def install(source: Path, rebuild: bool = False) -> float:
    """Verifies the package, then installs from it with no network; returns the seconds it took."""
    from .commands import setup
    start = time.monotonic()
    BUILD_DIR.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="depuis-", dir=BUILD_DIR) as tmp:
        top = open_package(source.resolve(), Path(tmp))
        verify(top)
        setup.require_java()  # the last thing that could stop us, before anything is written
        m2 = m2_home()
        say(f"Artefacts Maven vers {m2 / 'repository'}...")
        merge_tree(top / "maven" / "repository", m2 / "repository")
        merge_tree(top / "maven" / "wrapper", m2 / "wrapper" / "dists")
        say(f"Jeux de données vers {data_dir()}...")
        merge_tree(top / "data", data_dir())
        # The ordinary setup, with pip limited to the package's wheels and Maven offline.
        os.environ.update(PIP_NO_INDEX="1", PIP_FIND_LINKS=str(top / "python" / "wheels"), PIP_CONFIG_FILE=os.devnull)
        os.environ["MAVEN_ARGS"] = (os.environ.get("MAVEN_ARGS", "") + " --offline").strip()
        setup.setup(rebuild=rebuild)
    seconds = time.monotonic() - start
    say(f"Installation depuis le paquet terminée en {seconds:.0f} s, sans réseau.")
    return seconds
