"""%vars (the session's variables as an HTML table with a text form) and %vars --free NAME."""

import re

import pytest


@pytest.fixture(scope="module")
def session(kernel):
    kernel.ok("""
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import fr.carnets.dl.models.*;
import fr.carnets.dl.training.*;
import static fr.carnets.dl.layers.Layers.*;
int n = 3;
String nom = "Ada";
float[][] grille = new float[30][40];
var liste = List.of(1, 2, 3);
INDArray a = Nd4j.zeros(DataType.FLOAT, 100, 784);
var modele = new Sequential(Input(784), Dense(10, "softmax"));
""", timeout=120)
    return kernel


def html_rows(html):
    """{name: [cells...]} of the table's body."""
    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", html.split("<tbody>", 1)[1]):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", tr)]
        rows[cells[0]] = cells[1:]
    return rows


def test_vars_table(session):
    r = session.ok("%vars")
    data = r.data
    assert data is not None and "text/html" in data, r.describe()
    rows = html_rows(data["text/html"])
    assert rows["n"][:2] == ["int", "3"], rows
    assert rows["nom"][:2] == ["String", '"Ada"'], rows
    assert rows["grille"][0] == "float[][]" and rows["grille"][2:4] == ["[30, 40]", "float"], rows
    assert rows["grille"][4].endswith("Kio"), rows
    assert rows["liste"][1].endswith("3 élément(s)"), rows
    # INDArray: shape, data type and memory come from the course extension (100 × 784 × 4 bytes).
    assert rows["a"][0] == "INDArray" and rows["a"][2:] == ["[100, 784]", "float", "306,3 Kio"], rows
    # A model: its parameter count and approximate memory.
    assert "Sequential" in rows["modele"][1] and "7\u202f850 paramètres" in rows["modele"][1], rows
    assert rows["modele"][4].endswith("Kio"), rows
    assert "mémoire du noyau" in data["text/html"]
    # The text form, for jupyter console.
    text = data["text/plain"]
    assert text.splitlines()[0].split() == ["Nom", "Type", "Valeur", "Forme", "Données", "Mémoire"], text
    assert re.search(r"^a\s+INDArray\s+\[100, 784\]\s+float\s+306,3 Kio$", text, re.M), text


def test_vars_free_releases_native_memory(session):
    session.ok("INDArray gros = Nd4j.rand(DataType.FLOAT, 5000, 10000);", timeout=120)   # 200 Mo hors du tas
    r = session.ok("%vars --free gros", timeout=60)
    out = r.stdout
    assert 'freeVariable("gros")' in out, out
    m = re.search(r"Variable gros supprimée ; mémoire du noyau : .* \(([\d,]+) (Mio|Gio) rendus\)", out)
    assert m, out
    freed_mib = float(m.group(1).replace(",", ".")) * (1024 if m.group(2) == "Gio" else 1)
    # 190,7 MiB of floats; resident memory is what the allocator gives back, not the array's exact size
    assert freed_mib >= 100, out
    r = session.fails("gros")
    assert "gros" in r.error_text, r.error_text
    assert session.value("n + 1") == "4", "les autres variables doivent rester"
    rows = html_rows(session.ok("%vars").data["text/html"])
    assert "gros" not in rows and "a" in rows, rows


def test_vars_free_unknown_name(session, french):
    r = session.fails("%vars --free inexistante")
    assert "pas de variable « inexistante »" in r.error_text and french(r.error_text), r.error_text
    assert session.value("n") == "3"


def test_vars_bad_arguments(session, french):
    r = session.fails("%vars --tout")
    assert "%vars --free" in r.error_text, r.error_text


def test_vars_java_api(session):
    assert "Nom" in session.value("vars()")
