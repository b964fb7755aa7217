"""Line magics: %time, %load, %classpath/%jars, unknown magics, extensions found in added jars."""

import json
import os
import re
import subprocess
import textwrap
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]

GREETER = """
package demo;
public class Greeter {
    public static String hello(String name) { return "Bonjour " + name; }
}
"""

COUNTER = """
package demo2;
public class Counter {
    public static int twice(int n) { return 2 * n; }
}
"""

EXTENSION = """
package testext;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
public class SalutExtension implements Extension {
    @Override
    public void install(BaseKernel kernel) {
        int n = Integer.getInteger("carnets.test.ext.installs", 0) + 1;
        System.setProperty("carnets.test.ext.installs", Integer.toString(n));
        kernel.getMagicsRegistry().registerLineMagic("salut", (k, args) -> "salut " + String.join(" ", args));
    }
}
"""


def jjava_jar() -> Path:
    candidates = sorted((REPO_ROOT / "kernel" / "target" / "run").glob("jjava-jupyter-*.jar"))
    candidates += sorted((REPO_ROOT / "kernel" / "target" / "dist").glob("jjava-jupyter-*.jar"))
    candidates += sorted((Path.home() / ".m2" / "repository" / "org" / "dflib" / "jjava" / "jjava-jupyter").glob("*/jjava-jupyter-*[0-9].jar"))
    if not candidates:
        pytest.fail("jjava-jupyter introuvable : lancez `./carnets setup` pour compiler le noyau.", pytrace=False)
    return candidates[0]


def build_jar(workdir: Path, name: str, sources: dict, services: dict | None = None, classpath: Path | None = None) -> Path:
    """Compiles sources ({class path: code}) and packs them, with META-INF/services entries, into name.jar."""
    src = workdir / f"{name}-src"
    classes = workdir / f"{name}-classes"
    classes.mkdir(parents=True)
    files = []
    for rel, code in sources.items():
        f = src / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(textwrap.dedent(code), encoding="utf-8")
        files.append(str(f))
    cmd = ["javac", "--release", "17", "-d", str(classes)]
    if classpath:
        cmd += ["-cp", str(classpath)]
    subprocess.run(cmd + files, check=True, timeout=120)
    for service, impl in (services or {}).items():
        f = classes / "META-INF" / "services" / service
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text(impl + "\n", encoding="utf-8")
    jar = workdir / f"{name}.jar"
    subprocess.run(["jar", "cf", str(jar), "-C", str(classes), "."], check=True, timeout=120)
    return jar


@pytest.fixture(scope="module")
def jars(tmp_path_factory):
    work = tmp_path_factory.mktemp("jars")
    return {
        "greeter": build_jar(work, "greeter", {"demo/Greeter.java": GREETER}),
        "counter": build_jar(work, "counter", {"demo2/Counter.java": COUNTER}),
        "counter_for_jars": build_jar(work, "jarsmagic", {"demo3/Triple.java": COUNTER.replace("demo2", "demo3").replace("Counter", "Triple").replace("2 * n", "3 * n")}),
        "extension": build_jar(
            work, "salut-ext", {"testext/SalutExtension.java": EXTENSION},
            services={"org.dflib.jjava.jupyter.Extension": "testext.SalutExtension"},
            classpath=jjava_jar(),
        ),
    }


@pytest.fixture(scope="module", autouse=True)
def before(kernel):
    kernel.ok("int kept = 99;")


def assert_kept(kernel):
    assert kernel.value("kept") == "99"


def unquote(text):
    return text.strip('"') if text else text


# -- %time ---------------------------------------------------------------------------------------


def test_time_returns_value_and_prints_time(kernel):
    r = kernel.ok("%time 1+1")
    assert r.text == "2", r.describe()
    printed = r.stdout + r.stderr + "".join(
        m["content"]["data"].get("text/plain", "") for m in r.of_type("display_data"))
    assert re.search(r"\d+([.,]\d+)?\s*(ns|µs|us|ms|s)\b", printed), r.describe()


def test_cell_magic_time(kernel):
    r = kernel.ok("%%time\nint q = 2;\nq * 21")
    assert r.text == "42", r.describe()
    printed = r.stdout + r.stderr + "".join(
        m["content"]["data"].get("text/plain", "") for m in r.of_type("display_data"))
    assert re.search(r"\d+([.,]\d+)?\s*(ns|µs|us|ms|s)\b", printed), r.describe()
    assert kernel.value("q") == "2"


def _time_line(r):
    m = re.search(r"Durée : ([\d,]+) (µs|ms|s) d'exécution \(([\d,]+) (µs|ms|s) au total", r.stdout)
    assert m, r.describe()
    scale = {"µs": 1e-3, "ms": 1.0, "s": 1000.0}
    return float(m[1].replace(",", ".")) * scale[m[2]], float(m[3].replace(",", ".")) * scale[m[4]]


def test_time_measures_the_code_apart_from_its_compilation(kernel):
    # The code's own time: a sleep is counted in full, a trivial call is far below what compiling it costs.
    run, total = _time_line(kernel.ok("%time Thread.sleep(300)"))
    assert 300 <= run <= total, (run, total)
    run, total = _time_line(kernel.ok("%time Math.max(3, 4)"))
    assert run < total and run < 5, (run, total)


def test_lsmagic_lists_magics(kernel):
    r = kernel.ok("%lsmagic")
    shown = (r.text or "") + r.stdout + "".join(
        m["content"]["data"].get("text/plain", "") for m in r.of_type("display_data"))
    for magic in ("classpath", "jars", "load", "time"):
        assert magic in shown, r.describe()


def test_time_of_a_statement(kernel):
    r = kernel.ok("%time int timed = 5;")
    assert kernel.value("timed") == "5", r.describe()


# -- unknown magics and bad arguments --------------------------------------------------------------


def test_unknown_magic_lists_available_ones(kernel, french):
    r = kernel.fails("%nope")
    text = r.error_text
    assert "nope" in text, r.describe()
    assert french(text), text
    for magic in ("classpath", "load", "time"):
        assert magic in text, f"{magic} absent de la liste des magics: {text}"
    assert_kept(kernel)


def test_classpath_of_missing_file(kernel, french):
    r = kernel.fails("%classpath /does/not/exist.jar")
    assert "/does/not/exist.jar" in r.error_text, r.describe()
    assert french(r.error_text), r.error_text
    assert kernel.is_alive()
    assert_kept(kernel)


def test_load_of_missing_file(kernel, french):
    r = kernel.fails("%load /does/not/exist.jshell")
    assert "/does/not/exist.jshell" in r.error_text, r.describe()
    assert french(r.error_text), r.error_text
    assert_kept(kernel)


def test_load_without_argument(kernel, french):
    r = kernel.fails("%load")
    assert french(r.error_text), r.describe()
    assert_kept(kernel)


# -- %load ---------------------------------------------------------------------------------------


def test_load_jshell_file(kernel, tmp_path):
    f = tmp_path / "defs.jshell"
    f.write_text('int loaded = 7;\nString salutation(String n) { return "Salut " + n; }\n', encoding="utf-8")
    kernel.ok(f"%load {f}")
    assert kernel.value("loaded * 2") == "14"
    assert unquote(kernel.value('salutation("Léa")')) == "Salut Léa"


def test_load_java_file(kernel, tmp_path):
    f = tmp_path / "Shape.java"
    f.write_text("class Shape { double area() { return 2.5; } }\n", encoding="utf-8")
    kernel.ok(f"%load {f}")
    assert kernel.value("new Shape().area()") == "2.5"


def test_load_notebook(kernel, tmp_path):
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["# Définitions"]},
            {"cell_type": "code", "metadata": {}, "execution_count": None, "outputs": [],
             "source": ["int fromNotebook = 3;\n", "int fromNotebook2 = fromNotebook * 10;"]},
        ],
        "metadata": {"kernelspec": {"name": "carnets-java", "display_name": "Java (Carnets)", "language": "java"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    f = tmp_path / "defs.ipynb"
    f.write_text(json.dumps(nb), encoding="utf-8")
    kernel.ok(f"%load {f}")
    assert kernel.value("fromNotebook2") == "30"


@pytest.mark.parametrize("content", ['{"cells": [{}]}', '{"cells": {"a": 1}}', '{"cells": ["print"]}',
                                     '{"cells": [{"cell_type": "code", "source": [1, {"x": 2}]}]}', "[1, 2]", "{pas du json"])
def test_load_of_a_malformed_notebook_says_so_in_french(kernel, tmp_path, content):
    f = tmp_path / "abime.ipynb"
    f.write_text(content, encoding="utf-8")
    r = kernel.fails(f"%load {f}")
    text = r.error_text
    assert "pas un carnet Jupyter lisible" in text, r.describe()
    assert "NullPointerException" not in text and "IllegalStateException" not in text and "fr.carnets.kernel" not in text, text
    assert kernel.value("1 + 1") == "2"


# -- %classpath / %jars ----------------------------------------------------------------------------


def test_classpath_adds_a_jar(kernel, jars):
    kernel.ok(f"%classpath {jars['greeter']}")
    assert unquote(kernel.value('demo.Greeter.hello("Ada")')) == "Bonjour Ada"
    # Importing from the added jar works in a later cell.
    kernel.ok("import demo.Greeter;")
    assert unquote(kernel.value('Greeter.hello("Linus")')) == "Bonjour Linus"
    assert_kept(kernel)


def test_classpath_adds_twice_the_same_jar(kernel, jars):
    kernel.ok(f"%classpath {jars['greeter']}")
    kernel.ok(f"%classpath {jars['greeter']}")
    assert unquote(kernel.value('demo.Greeter.hello("Bis")')) == "Bonjour Bis"


def test_classpath_with_path_separator(kernel, jars, tmp_path):
    # Several entries in one call, joined with the platform's path separator.
    entries = os.pathsep.join([str(jars["counter"]), str(tmp_path)])
    kernel.ok(f"%classpath {entries}")
    assert kernel.value("demo2.Counter.twice(21)") == "42"


def test_classpath_glob_adds_every_jar(kernel, tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    for i in (1, 2):
        build_jar(tmp_path, f"glob{i}", {f"glob{i}/Num.java": f"package glob{i}; public class Num {{ public static int get() {{ return {i}; }} }}"})
        (tmp_path / f"glob{i}.jar").rename(lib / f"glob{i}.jar")
    kernel.ok(f"%classpath {lib}/*.jar")
    assert kernel.value("glob1.Num.get() + glob2.Num.get()") == "3"


def test_jars_magic(kernel, jars):
    kernel.ok(f"%jars {jars['counter_for_jars']}")
    assert kernel.value("demo3.Triple.twice(5)") == "15"


def test_extension_in_added_jar_is_installed_once(kernel, jars):
    kernel.ok(f"%classpath {jars['extension']}")
    # The magic the extension registers works right away...
    r = kernel.ok("%salut Ada")
    assert r.text is not None and "salut Ada" in r.text, r.describe()
    # ...and adding the same jar again (or another jar) does not install it again.
    kernel.ok(f"%classpath {jars['extension']}")
    kernel.ok(f"%classpath {jars['greeter']}")
    assert unquote(kernel.value('System.getProperty("carnets.test.ext.installs")')) == "1"
    assert "salut Bob" in kernel.ok("%salut Bob").text
    assert_kept(kernel)


def test_course_extension_is_loaded_at_start(kernel):
    # kernel-ext is on the kernel's classpath from the kernelspec, and installed once.
    r = kernel.ok("%carnets")
    assert r.text is not None and "Carnets" in r.text, r.describe()
    assert kernel.value("fr.carnets.ext.CarnetsExtension.installCount()") == "1"


def test_carnets_performance_says_which_code_runs_each_layer(kernel):
    """%carnets performance: the native settings, then, per layer of the model last built, which code runs it and why."""
    kernel.ok("import static fr.carnets.dl.layers.Layers.*;")
    kernel.ok('var perfModel = new fr.carnets.dl.models.Sequential(Input(28, 28, 1), Conv2D(4, 3, "relu"), MaxPooling2D(2), Dense(10, "softmax"));')
    text = kernel.ok("%carnets performance").text or ""
    assert "chemin oneDNN de Carnets : activé" in text, text
    assert "couches du dernier modèle construit ou utilisé :" in text, text
    assert "conv2d : convolution oneDNN de Carnets (NHWC, activation fusionnée" in text, text
    assert "max_pooling2d : pooling oneDNN de Carnets (NHWC)" in text, text
    assert "dense : sortie oneDNN de Carnets" in text, text


def test_extension_magic_works_as_the_very_first_cell(fresh_kernel):
    """Extensions are installed before the kernel answers: a notebook may open with a magic."""
    k = fresh_kernel()
    r = k.ok("%carnets")
    assert "Carnets extension" in (r.text or ""), r.describe()
