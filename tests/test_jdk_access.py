"""JDK packages opened while the kernel runs (fr.carnets.kernel.jdk): openJdkPackages(...) and the
opens Spark asks for, applied when its launcher class arrives on the classpath.

The JVM of the kernel is started without any --add-opens; reflective access into java.base must fail
first, then work once the kernel has opened the package (Instrumentation.redefineModule through an
agent loaded by a second JVM). Each test takes its own kernel: an opened package stays open.
"""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

READ_ARRAYLIST = (
    'var champ = java.util.ArrayList.class.getDeclaredField("elementData");\n'
    "champ.setAccessible(true);\n"
    "((Object[]) champ.get(new java.util.ArrayList<>(java.util.List.of(1, 2, 3)))).length"
)


def test_open_jdk_packages_from_a_cell(fresh_kernel):
    k = fresh_kernel()
    k.ok("int garde = 7;")
    before = k.fails(READ_ARRAYLIST)
    assert "InaccessibleObjectException" in before.describe(), before.describe()
    assert k.value('openJdkPackages("java.base/java.util")') == "[java.base/java.util]"
    assert int(k.value(READ_ARRAYLIST)) >= 3
    # Already open: nothing to do, and said so by an empty list.
    assert k.value('openJdkPackages("java.base/java.util")') == "[]"

    bad = k.fails('openJdkPackages("java.util")')
    assert "forme attendue module/paquet" in bad.describe(), bad.describe()
    unknown = k.fails('openJdkPackages("java.nulle/part")')
    assert "Module « java.nulle » inconnu" in unknown.describe(), unknown.describe()
    missing = k.fails('openJdkPackages("java.base/pas.un.paquet")')
    assert "n'a pas de paquet « pas.un.paquet »" in missing.describe(), missing.describe()
    assert k.value("garde") == "7"


def spark_launcher_jar(work: Path) -> Path:
    """A jar with Spark's launcher class (same name, same method) naming one package to open."""
    src = work / "src" / "org" / "apache" / "spark" / "launcher"
    src.mkdir(parents=True)
    (src / "JavaModuleOptions.java").write_text(
        "package org.apache.spark.launcher;\n"
        "public class JavaModuleOptions {\n"
        "    public static String defaultModuleOptions() {\n"
        '        return "-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.text=ALL-UNNAMED";\n'
        "    }\n"
        "}\n",
        encoding="utf-8",
    )
    classes = work / "classes"
    subprocess.run(["javac", "--release", "17", "-d", str(classes), str(src / "JavaModuleOptions.java")], check=True)
    jar = work / "faux-spark-launcher.jar"
    with zipfile.ZipFile(jar, "w") as z:
        for f in classes.rglob("*.class"):
            z.write(f, f.relative_to(classes).as_posix())
    return jar


def test_spark_launcher_on_the_classpath_opens_its_packages(fresh_kernel, tmp_path):
    k = fresh_kernel()
    read = ('var champ = java.text.DecimalFormat.class.getDeclaredField("digitList");\n'
            "champ.setAccessible(true);\n"
            'champ.get(new java.text.DecimalFormat("0.0")) != null')
    assert "InaccessibleObjectException" in k.fails(read).describe()
    r = k.ok(f"%classpath {spark_launcher_jar(tmp_path)}")
    assert "Spark a besoin de 1 paquet interne du JDK" in r.stdout, r.stdout
    assert 'openJdkPackages("java.base/java.text");' in r.stdout, r.stdout
    assert k.value(read) == "true"
