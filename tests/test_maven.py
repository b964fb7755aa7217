"""%maven, %mavenRepo and %%pom against a real Maven repository served by the test on loopback.

The repository is made here: small artifacts compiled with javac, each with its POM and its .sha1/.md5
checksums, laid out as Maven lays them out:

* demo:base:1.0       a class (demo.base.Base);
* demo:app:1.0        a class that calls Base, and a kernel extension (META-INF/services) that adds the
                      magic %bonjourmaven; depends on demo:base:1.0 (transitive), and on versions of
                      slf4j-api and nd4j-api that the kernel already has in another version;
* demo:corrupt:1.0    a jar whose .sha1 does not match;
* demo:secret:1.0     under /private/, served only with the right Basic credentials.

The kernel reads a settings.xml made by the test (CARNETS_MAVEN_SETTINGS): a temporary local repository
(never ~/.m2) and a mirror of Central pointing at the loopback server, so nothing here needs internet.
The last test resolves a real artifact from Maven Central, and is skipped when there is no network.
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import os
import socket
import subprocess
import threading
import zipfile
from pathlib import Path

import pytest


REPO_ROOT = Path(__file__).resolve().parents[1]
USER, PASSWORD = "carnet", "s3cret"

EXTENSION = """
package demo.app;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
public class BonjourExtension implements Extension {
    @Override
    public void install(BaseKernel kernel) {
        kernel.getMagicsRegistry().registerLineMagic("bonjourmaven", (k, args) -> "bonjour de l'extension");
    }
}
"""


def jjava_jar() -> Path:
    for folder in ("run", "dist"):
        found = sorted((REPO_ROOT / "kernel" / "target" / folder).glob("jjava-jupyter-*.jar"))
        if found:
            return found[0]
    pytest.fail("jjava-jupyter introuvable : lancez `./carnets setup` pour compiler le noyau.", pytrace=False)


def pom(group: str, artifact: str, version: str, deps: list[tuple[str, str, str]] = ()) -> str:
    body = "".join(
        f"<dependency><groupId>{g}</groupId><artifactId>{a}</artifactId><version>{v}</version></dependency>"
        for g, a, v in deps
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<project xmlns="http://maven.apache.org/POM/4.0.0">'
        f"<modelVersion>4.0.0</modelVersion><groupId>{group}</groupId><artifactId>{artifact}</artifactId>"
        f"<version>{version}</version><dependencies>{body}</dependencies></project>\n"
    )


def compile_jar(work: Path, name: str, sources: dict, classpath: list[Path], services: dict | None = None) -> Path:
    src, classes = work / f"{name}-src", work / f"{name}-classes"
    files = []
    for rel, code in sources.items():
        f = src / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(code, encoding="utf-8")
        files.append(str(f))
    classes.mkdir(parents=True)
    cmd = ["javac", "--release", "17", "-d", str(classes)]
    if classpath:
        cmd += ["-cp", os.pathsep.join(str(c) for c in classpath)]
    subprocess.run(cmd + files, check=True, capture_output=True, text=True)
    jar = work / f"{name}.jar"
    with zipfile.ZipFile(jar, "w") as z:
        for f in sorted(classes.rglob("*.class")):
            z.write(f, f.relative_to(classes).as_posix())
        for service, impl in (services or {}).items():
            z.writestr(f"META-INF/services/{service}", impl + "\n")
    return jar


def publish(repo: Path, group: str, artifact: str, version: str, jar: Path | None, pom_xml: str, bad_sha1: bool = False):
    """Lays an artifact out as in a Maven repository, with .sha1 and .md5 checksums."""
    folder = repo.joinpath(*group.split("."), artifact, version)
    folder.mkdir(parents=True, exist_ok=True)
    files = {f"{artifact}-{version}.pom": pom_xml.encode("utf-8")}
    if jar is not None:
        files[f"{artifact}-{version}.jar"] = jar.read_bytes()
    for name, data in files.items():
        (folder / name).write_bytes(data)
        sha1 = hashlib.sha1(data).hexdigest()
        if bad_sha1 and name.endswith(".jar"):
            sha1 = hashlib.sha1(data + b"alteration").hexdigest()
        (folder / f"{name}.sha1").write_text(sha1)
        (folder / f"{name}.md5").write_text(hashlib.md5(data).hexdigest())


class RepoHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the repository folder; /private/ needs Basic credentials; every request is logged."""

    log: list = []
    expected_auth = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    def do_GET(self):
        self.log.append(self.path)
        if self.path.startswith("/private/") and self.headers.get("Authorization") != self.expected_auth:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="carnets"')
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()

    def do_HEAD(self):
        self.log.append("HEAD " + self.path)
        if self.path.startswith("/private/") and self.headers.get("Authorization") != self.expected_auth:
            self.send_response(401)
            self.send_header("WWW-Authenticate", 'Basic realm="carnets"')
            self.end_headers()
            return
        super().do_HEAD()

    def log_message(self, *args):
        pass


def closed_port() -> int:
    """A loopback port with nothing listening (bound then released)."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    work = tmp_path_factory.mktemp("maven")
    root = work / "served"
    repo, private = root / "repo", root / "private"

    base = compile_jar(work, "base", {"demo/base/Base.java": (
        "package demo.base;\npublic class Base {\n    public static String name() { return \"base\"; }\n}\n")}, [])
    app = compile_jar(work, "app", {
        "demo/app/App.java": (
            "package demo.app;\npublic class App {\n"
            "    public static String hello() { return \"Bonjour de \" + demo.base.Base.name(); }\n}\n"),
        "demo/app/BonjourExtension.java": EXTENSION,
    }, [base, jjava_jar()], services={"org.dflib.jjava.jupyter.Extension": "demo.app.BonjourExtension"})
    mix = compile_jar(work, "mix", {"demo/mix/Mix.java": "package demo.mix;\npublic class Mix {}\n"}, [])
    publish(repo, "demo", "base", "1.0", base, pom("demo", "base", "1.0"))
    # A module of a group the kernel has in 1.0.0-M2.1 (ND4J), asked in 1.0.0-M2: loaded, with a warning.
    publish(repo, "org.nd4j", "nd4j-carnets-test", "1.0.0-M2", mix, pom("org.nd4j", "nd4j-carnets-test", "1.0.0-M2"))
    publish(repo, "demo", "app", "1.0", app, pom("demo", "app", "1.0", [
        ("demo", "base", "1.0"),
        ("org.slf4j", "slf4j-api", "1.7.36"),
        ("org.nd4j", "nd4j-api", "1.0.0-M2"),
        ("org.nd4j", "nd4j-carnets-test", "1.0.0-M2"),
    ]))
    publish(repo, "demo", "corrupt", "1.0", base, pom("demo", "corrupt", "1.0"), bad_sha1=True)
    publish(private, "demo", "secret", "1.0", base, pom("demo", "secret", "1.0"))

    handler = type("Handler", (RepoHandler,), {"log": []})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *a, **kw: handler(*a, directory=str(root), **kw))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}"

    local = work / "m2-local"
    settings = work / "settings.xml"
    settings.write_text(f"""<settings>
  <localRepository>{local}</localRepository>
  <mirrors>
    <mirror><id>loopback</id><mirrorOf>central</mirrorOf><url>{url}/repo/</url></mirror>
  </mirrors>
  <servers>
    <server><id>private</id><username>{USER}</username><password>{PASSWORD}</password></server>
  </servers>
</settings>
""", encoding="utf-8")
    yield {"url": url, "log": handler.log, "local": local, "settings": settings}
    server.shutdown()


@pytest.fixture(scope="module")
def mk(served, start_kernel):
    """A kernel that reads the test's settings.xml (local repository and mirror of Central)."""
    k = start_kernel(env={"CARNETS_MAVEN_SETTINGS": str(served["settings"])})
    k.ok("int gardee = 41;")
    yield k
    k.stop()


def test_resolver_is_not_loaded_before_the_first_maven(mk):
    # Its jars are outside the kernel's classpath: kernel start does not pay for them.
    r = mk.fails('Class.forName("org.eclipse.aether.RepositorySystem")')
    assert "ClassNotFoundException" in r.error_text, r.error_text
    assert mk.value('System.getProperty("java.class.path").contains("maven-resolver")') == "false"


def still_alive(k):
    assert k.value("gardee + 1") == "42", "la variable définie avant l'erreur a été perdue"


def test_maven_resolves_transitively_and_installs_the_extension(mk, served, plain):
    r = mk.ok("%maven demo:app:1.0", timeout=120)
    out = plain(r.stdout)
    assert 'maven("demo:app:1.0")' in out, out
    assert "demo:app:jar:1.0" in out and "demo:base:jar:1.0" in out and "3 jars" in out, out
    assert "1 extension(s) installée(s)" in out, out
    # The transitive dependency is loaded: App calls Base.
    assert mk.value("demo.app.App.hello()") == 'Bonjour de base'
    # The extension inside the resolved jar was found and installed.
    assert mk.value("%bonjourmaven") == "bonjour de l'extension"
    # The kernel's own versions stay, and the requested ones were not even downloaded.
    assert "org.slf4j:slf4j-api : 2.0.17 reste (celle du noyau) ; 1.7.36 était demandée par demo:app:1.0" in out, out
    assert "org.nd4j:nd4j-api : 1.0.0-M2.1 reste (celle du noyau) ; 1.0.0-M2 était demandée" in out, out
    assert not [p for p in served["log"] if "slf4j" in p or "nd4j-api" in p], served["log"]
    # A module of the same family in another version is loaded, and the learner is told.
    assert "Attention, versions mélangées" in out, out
    assert "org.nd4j:nd4j-carnets-test 1.0.0-M2 (le noyau a 1.0.0-M2.1 pour org.nd4j), demandée par demo:app:1.0" in out, out
    assert mk.value('org.slf4j.LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation().getPath()'
                    '.contains("slf4j-api-2.0.17")') == "true"
    # Downloaded into the test's local repository (never ~/.m2).
    assert (served["local"] / "demo" / "app" / "1.0" / "app-1.0.jar").is_file()
    # Progress shown in one output, updated in place through its display id.
    shown = r.of_type("display_data")
    assert len(shown) == 1, r.describe()
    display_id = shown[0]["content"]["transient"]["display_id"]
    updates = [m for m in r.of_type("update_display_data") if m["content"]["transient"]["display_id"] == display_id]
    assert updates, r.describe()
    final = updates[-1]["content"]["data"]["text/plain"]
    assert final.startswith("Maven : ") and "fichiers téléchargés" in final and " s" in final, final
    texts = [shown[0]["content"]["data"]["text/plain"]] + [u["content"]["data"]["text/plain"] for u in updates]
    assert any(".jar" in t or ".pom" in t for t in texts), texts


def test_maven_again_uses_the_local_repository_without_network(mk, served):
    before = len(served["log"])
    r = mk.ok("%maven demo:app:1.0")
    assert len(served["log"]) == before, served["log"][before:]
    assert not r.of_type("display_data"), "aucun téléchargement : pas d'affichage de progression attendu"
    r = mk.ok("%maven --offline demo:base:1.0")
    assert len(served["log"]) == before, served["log"][before:]
    assert "mavenOffline(" in r.stdout


def test_offline_without_the_artifact_says_what_to_do(mk, served):
    r = mk.fails("%maven --offline demo:corrupt:1.0")
    text = r.error_text
    assert "Mode hors ligne" in text and "Relancez sans --offline" in text, text
    still_alive(mk)


def test_unknown_artifact(mk):
    r = mk.fails("%maven demo:nexistepas:1.0")
    text = r.error_text
    assert "Artefact introuvable : demo:nexistepas:1.0" in text and "%mavenRepo" in text, text
    still_alive(mk)


@pytest.mark.parametrize("coords", ["demo:app", "demo::1.0", "demo:app:1.0:x:y:z", "demo app"])
def test_bad_coordinates(mk, coords):
    r = mk.fails(f"%maven {coords}")
    assert "Coordonnées Maven invalides" in r.error_text and "groupe:artefact:version" in r.error_text, r.error_text
    still_alive(mk)


def test_checksum_failure(mk, served):
    r = mk.fails("%maven demo:corrupt:1.0")
    text = r.error_text
    assert "Somme de contrôle incorrecte pour demo:corrupt:1.0" in text and "rien n'a été chargé" in text, text
    assert not list((served["local"] / "demo" / "corrupt" / "1.0").glob("*.jar")), "jar corrompu gardé dans le dépôt local"
    still_alive(mk)


def test_repository_refused_then_credentials_from_settings(mk, served):
    # Declared in a whole POM under another id: settings.xml has no credentials for it.
    cell = f"""%%pom
<project>
  <modelVersion>4.0.0</modelVersion>
  <groupId>moi</groupId><artifactId>essai</artifactId><version>1</version>
  <properties><secret.version>1.0</secret.version></properties>
  <repositories><repository><id>verrouille</id><url>{served['url']}/private/</url></repository></repositories>
  <dependencies>
    <dependency><groupId>demo</groupId><artifactId>secret</artifactId><version>${{secret.version}}</version></dependency>
  </dependencies>
</project>"""
    r = mk.fails(cell)
    text = r.error_text
    assert "refuse l'accès (HTTP 401)" in text and "<server>" in text, text
    still_alive(mk)
    # Under the id "private", whose credentials are in settings.xml.
    mk.ok(f"%mavenRepo private {served['url']}/private/")
    r = mk.ok("%maven demo:secret:1.0")
    assert "demo:secret:jar:1.0" in r.stdout, r.stdout


def test_no_network(mk, served):
    port = closed_port()
    cell = f"""%%pom
<project>
  <repositories><repository><id>injoignable</id><url>http://127.0.0.1:{port}/repo/</url></repository></repositories>
  <dependencies><dependency><groupId>demo</groupId><artifactId>loin</artifactId><version>1.0</version></dependency></dependencies>
</project>"""
    r = mk.fails(cell, timeout=120)
    text = r.error_text
    assert "Pas de réseau" in text and "127.0.0.1" in text and "--offline" in text, text
    still_alive(mk)


def test_pom_dependencies_block(mk):
    r = mk.ok("""%%pom
<dependencies>
  <dependency><groupId>demo</groupId><artifactId>base</artifactId><version>1.0</version></dependency>
  <dependency><groupId>org.junit.jupiter</groupId><artifactId>junit-jupiter</artifactId><version>5.11.4</version><scope>test</scope></dependency>
</dependencies>""")
    out = r.stdout
    assert "pom(xml)" in out and "junit-jupiter" in out and "(test)" in out, out
    assert mk.value("demo.base.Base.name()") == 'base'


def test_pom_with_bad_xml(mk):
    r = mk.fails("%%pom\n<dependencies><dependency>")
    assert "XML invalide" in r.error_text, r.error_text
    still_alive(mk)


def test_maven_java_api_is_the_same_path(mk):
    r = mk.ok('maven("demo:base:1.0");')
    assert "déjà présente" in r.stdout, r.stdout


def central_reachable() -> bool:
    try:
        with socket.create_connection(("repo.maven.apache.org", 443), timeout=5):
            return True
    except OSError:
        return False


@pytest.mark.slow
def test_real_artifact_from_maven_central(fresh_kernel, tmp_path):
    if not central_reachable():
        pytest.skip("Pas de réseau vers Maven Central (repo.maven.apache.org:443) : test de résolution réelle sauté.")
    settings = tmp_path / "settings.xml"
    settings.write_text(f"<settings><localRepository>{tmp_path / 'm2'}</localRepository></settings>", encoding="utf-8")
    k = fresh_kernel(env={"CARNETS_MAVEN_SETTINGS": str(settings)})
    r = k.ok("%maven commons-cli:commons-cli:1.9.0", timeout=180)
    assert "commons-cli:commons-cli:jar:1.9.0" in r.stdout, r.stdout
    assert (tmp_path / "m2" / "commons-cli" / "commons-cli" / "1.9.0" / "commons-cli-1.9.0.jar").is_file()
    assert k.value('new org.apache.commons.cli.Options().addOption("v", "verbeux").hasOption("v")') == "true"
