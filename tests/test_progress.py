"""Installs say what they fetch: the download lines of pip and Maven, read into names, sizes and a total."""

from __future__ import annotations

import io
import sys

from carnets_tools import progress


def test_pip_and_maven_download_lines():
    assert progress.parse_download("  Downloading jupyterlab-4.2.5-py3-none-any.whl (11.6 MB)") == \
        ("jupyterlab-4.2.5-py3-none-any.whl", 11.6e6)
    assert progress.parse_download("Downloading https://files/x/numpy-2.0.whl (523 kB)") == ("numpy-2.0.whl", 523e3)
    line = ("[INFO] Downloaded from central: https://repo.maven.apache.org/maven2/org/nd4j/nd4j-native/1.0.0-M2.1/"
            "nd4j-native-1.0.0-M2.1-linux-x86_64.jar (65 MB at 9.8 MB/s)")
    assert progress.parse_download(line) == ("nd4j-native-1.0.0-M2.1-linux-x86_64.jar", 65e6)
    assert progress.parse_download("[INFO] Downloaded from central: https://r/a/b.pom (4,5 kB at 20 kB/s)") == \
        ("b.pom", 4500.0)
    assert progress.parse_download("Collecting jupyterlab==4.2.5") is None


def test_pip_from_a_local_index_counts_the_file(tmp_path):
    wheel = tmp_path / "six-1.17.0-py2.py3-none-any.whl"
    wheel.write_bytes(b"x" * 2048)
    assert progress.parse_download(f"Processing {wheel}") == (wheel.name, 2048.0)
    assert progress.parse_download(f"Processing {wheel} (from jupyterlab)") == (wheel.name, 2048.0)


def test_big_files_are_said_small_ones_counted():
    out = io.StringIO()
    d = progress.Downloads(out)
    d.line("[INFO] Downloaded from central: https://r/a/b.pom (4.5 kB at 20 kB/s)")
    d.line("[INFO] Downloaded from central: https://r/a/big.jar (65 MB at 9.8 MB/s)")
    assert out.getvalue() == "    récupéré : big.jar (65,0 Mo) ; total 65,0 Mo en 2 fichier(s)\n"
    assert d.summary() == "2 fichier(s) récupéré(s), 65,0 Mo"


def test_run_streams_and_shows_the_log_on_failure():
    out = io.StringIO()
    script = "print('Downloading a.whl (2.0 MB)'); print('bruit'); raise SystemExit(3)"
    code, d = progress.run([sys.executable, "-c", script], out=out)
    assert code == 3 and d.count == 1
    assert "récupéré : a.whl (2,0 Mo)" in out.getvalue() and "bruit" in out.getvalue()
    out = io.StringIO()
    code, _ = progress.run([sys.executable, "-c", "print('bruit')"], out=out)
    assert code == 0 and out.getvalue() == ""
