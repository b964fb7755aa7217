"""Completion and inspect that see the cell being written (issue 29), through jupyter_client.

Every cell here is only completed or inspected, never run: what the cell declares above the cursor
must be seen all the same, and the session must stay as it was.
"""

import pytest


def complete(kernel, code, cursor_pos=None):
    c = kernel.request("complete", code, cursor_pos=len(code) if cursor_pos is None else cursor_pos)["content"]
    assert c["status"] == "ok", c
    return c


def matches(kernel, code, cursor_pos=None):
    return complete(kernel, code, cursor_pos)["matches"]


def inspect(kernel, code, cursor_pos):
    c = kernel.request("inspect", code, cursor_pos=cursor_pos)["content"]
    assert c["status"] == "ok", c
    return c["data"].get("text/plain", "") if c["found"] else None


@pytest.fixture(scope="module", autouse=True)
def course_imports(kernel):
    # What the lessons' first cell runs.
    kernel.ok("import fr.carnets.dl.models.*;\nimport fr.carnets.dl.training.*;\nimport static fr.carnets.dl.layers.Layers.*;")


# -- the cases of the issue ------------------------------------------------------------------------


def test_a_variable_declared_on_the_same_line(kernel):
    code = 'String s = "a"; s.le'
    c = complete(kernel, code)
    assert any(m.startswith("length(") for m in c["matches"]), c
    assert code[c["cursor_start"]:c["cursor_end"]] == "le", c


def test_a_var_declared_on_the_line_above(kernel):
    code = "var m = new java.util.ArrayList<String>();\nm.ad"
    c = complete(kernel, code)
    assert any(m.startswith("add(") for m in c["matches"]), c
    assert code[c["cursor_start"]:c["cursor_end"]] == "ad", c


def test_fit_options_declared_above(kernel):
    assert any(m.startswith("batchSize(") for m in matches(kernel, "var f = Fit.epochs(1);\nf.bat"))


def test_inspect_a_method_of_a_variable_declared_above(kernel):
    code = 'String t = "a";\nt.length()'
    text = inspect(kernel, code, code.index("length") + 2)
    assert text is not None and "String.length()" in text, text


def test_magic_options_complete_with_french_names_and_aliases(kernel):
    code = "%entrainer modele donnees --epo"
    c = complete(kernel, code)
    assert {"--epoques", "--epochs"} <= set(c["matches"]), c
    assert code[c["cursor_start"]:c["cursor_end"]] == "--epo", c


# -- what the cell declares ---------------------------------------------------------------------


#: Cells completed at their end, never run, and a member the completion must offer there.
SEEN = [
    pytest.param('String salue(String nom) {\n    return "Bonjour " + nom;\n}\nsalue("Ada").toUp', "toUpperCase(",
                 id="a method declared in the cell"),
    pytest.param("int doubleDe(int x) { return 2 * x; }\nint y = doubleD", "doubleDe(", id="the name of a method of the cell"),
    pytest.param("record Point(int x, int y) {}\nvar p = new Point(1, 2);\np.", "x()", id="a record declared in the cell"),
    pytest.param("import java.util.concurrent.atomic.AtomicLong;\nvar compteurAtomique = new AtomicLong();\ncompteurAtomique.incrementAndG",
                 "incrementAndGet(", id="a class imported by the cell"),
    pytest.param("import java.util.concurrent.atomic.*;\nvar compteurAtomique = new AtomicLong();\ncompteurAtomique.incrementAndG",
                 "incrementAndGet(", id="a package imported by the cell"),
    pytest.param('var noms = java.util.List.of("a", "bb");\nnoms.stream().map(n -> n.le', "length(", id="inside a lambda"),
    pytest.param("var f = Fit.epochs(1);\nf.batchSize(32).valid", "validationSplit(", id="a chained call on a variable of the cell"),
    pytest.param('var mots = new java.util.ArrayList<String>();\nfor (int i = 0; i < 3; i++) {\n    mots.ad', "add(",
                 id="inside a block being typed"),
    pytest.param('String s = "a";\nint b = ;\ns.le', "length(", id="below a syntax error"),
    # inconnue is not defined anywhere: the cell would fail, its declarations are seen all the same.
    pytest.param('int z = inconnue + 1;\nString s = "a";\ns.le', "length(", id="below a line that does not compile"),
    pytest.param('java.util.Map<String, java.util.List<Integer>> index = new java.util.HashMap<>();\nindex.get("a").si', "size(",
                 id="after a generic type"),
    pytest.param('int n = 1;\nString n = "deux";\nn.le', "length(", id="a later declaration of the same name wins"),
]


@pytest.mark.parametrize("code, member", SEEN)
def test_what_the_cell_declares_above_is_seen(kernel, code, member):
    found = matches(kernel, code)
    assert any(m.startswith(member) for m in found), found


def test_a_cell_redeclaring_a_session_variable_with_another_type(kernel):
    kernel.ok("int valeur = 3;")
    code = 'String valeur = "x";\nvaleur.le'
    assert any(m.startswith("length(") for m in matches(kernel, code))
    text = inspect(kernel, code, code.rindex("valeur") + 2)
    assert not text or "variable valeur : int" not in text, text



def test_code_after_the_cursor_does_not_matter(kernel):
    code = 'String s = "a";\ns.le\nint autre = 4;'
    pos = code.index("s.le") + len("s.le")
    c = complete(kernel, code, pos)
    assert any(m.startswith("length(") for m in c["matches"]), c
    assert (c["cursor_start"], c["cursor_end"]) == (pos - 2, pos), c


def test_an_edit_above_is_seen_at_the_next_tab(kernel):
    # The kernel re-splits a cell only from its first change: a change above must still be seen.
    assert any(m.startswith("length(") for m in matches(kernel, 'String mot = "a";\nint autre = 1;\nmot.'))
    found = matches(kernel, 'java.util.List<String> mot = null;\nint autre = 1;\nmot.')
    assert any(m.startswith("add(") for m in found) and not any(m.startswith("length(") for m in found), found
    found = matches(kernel, 'java.util.List<String> mot = null;\nint autre = 1;\nString mot = "b";\nmot.')
    assert any(m.startswith("length(") for m in found), found


def test_nothing_runs_and_the_session_is_unchanged(kernel):
    kernel.ok("int compteur = 1;")
    code = ('compteur = 99;\ncompteur++;\nint nouvelle = 5;\nSystem.out.println("effet");\n'
            'record Trace(int a) {}\nString nom = "x";\nnom.length()')
    assert any(m.startswith("length") for m in matches(kernel, code, code.rindex("le") + 2))
    text = inspect(kernel, code, code.rindex("length") + 2)
    assert text is not None and "String.length()" in text, text
    assert kernel.value("compteur").strip() == "1"
    for name in ("nouvelle", "nom", "Trace"):
        r = kernel.fails(name)
        assert r.status == "error", name


def test_completion_does_not_show_the_class_that_holds_the_cell(kernel):
    code = "int premier = 1;\n$Carn"
    assert matches(kernel, code) == []


# -- magics ---------------------------------------------------------------------------------------


def test_magic_option_names_in_french(kernel):
    found = matches(kernel, "%donnees mnist --nor")
    assert "--normaliser" in found and "--normalize" in found, found


def test_magic_dataset_names(kernel):
    code = "%donnees fa"
    c = complete(kernel, code)
    assert "fashion-mnist" in c["matches"], c
    assert (c["cursor_start"], c["cursor_end"]) == (len("%donnees "), len(code)), c
    assert "mnist" in matches(kernel, "%donnees ")


def test_magic_layers_activations_optimizers_losses(kernel):
    assert "Dense" in matches(kernel, "%modele m = Input(4) De")
    assert "softmax" in matches(kernel, "%modele m = Input(4) Dense(3, so")
    assert "same" in matches(kernel, "%modele m = Input(8, 8, 1) Conv2D(4, 3, relu, sa")
    assert "adam" in matches(kernel, "%modele m = Input(4) Dense(3, softmax) --compiler ad")
    assert "categorical_crossentropy" in matches(kernel, "%modele m = Input(4) Dense(3, softmax) --compiler adam cat")
    assert "accuracy" in matches(kernel, "%modele m = Input(4) Dense(3, softmax) --compiler adam mse ac")


def test_magic_variables_of_the_right_kind(kernel):
    kernel.ok('var monModele = new Sequential(Input(4), Dense(3, "softmax"));\n'
              "var monTableau = org.nd4j.linalg.factory.Nd4j.zeros(2, 4);\nint monEntier = 2;")
    models = matches(kernel, "%entrainer mon")
    assert "monModele" in models and "monTableau" not in models and "monEntier" not in models, models
    data = matches(kernel, "%entrainer monModele mon")
    assert "monTableau" in data and "monModele" not in data, data
    assert "monModele" in matches(kernel, "%images --modele mon")


def test_magic_help_names(kernel):
    assert "entrainer" in matches(kernel, "%aide ent")


def test_inspect_a_magic_shows_its_help_and_java(kernel):
    code = "%entrainer model data --epoques 3"
    text = inspect(kernel, code, 3)
    assert text is not None, text
    assert "Usage" in text and "--epoques" in text, text
    assert "model.fit(data.xTrain, data.yTrain, Fit.epochs(3))" in text, text


def test_inspect_an_unfinished_magic_shows_the_example(kernel):
    text = inspect(kernel, "%modele", 3)
    assert text is not None and "Équivalent Java de l'exemple" in text and "new Sequential(" in text, text


# -- Javadoc of the course's API --------------------------------------------------------------------


def test_inspect_our_api_shows_its_javadoc(kernel):
    code = "Fit.epochs(1).validationSplit(0.2)"
    text = inspect(kernel, code, code.index("validationSplit") + 3)
    assert text is not None and "FitOptions.validationSplit(double fraction)" in text, text
    assert "The LAST fraction of the data is kept for validation" in text, text


def test_inspect_fit_shows_its_parameters_and_exceptions(kernel):
    kernel.ok('var inspecte = new Sequential(Input(4), Dense(2, "softmax"));\n'
              "var xi = org.nd4j.linalg.factory.Nd4j.rand(8, 4); var yi = org.nd4j.linalg.factory.Nd4j.zeros(8, 2);")
    code = "inspecte.fit(xi, yi, Fit.epochs(1))"
    text = inspect(kernel, code, code.index("fit(") + 1)
    assert text is not None and "Trainable.fit(" in text and "FitOptions o)" in text, text
    assert "Paramètres :" in text and "x : the inputs, one example per row" in text, text
    assert "Exceptions :" in text and "ModelException" in text and "when the model is not compiled" in text, text


def test_inspect_a_layer_factory_shows_its_parameters(kernel):
    code = 'Dense(10, "softmax")'
    text = inspect(kernel, code, 2)
    assert text is not None and "units : the number of neurons (outputs) of the layer" in text, text


def test_inspect_our_api_shows_the_parameters(kernel):
    code = "fr.carnets.data.ClassSubset.of(null, null, null, 0, 1)"
    text = inspect(kernel, code, code.index("of(") + 1)
    assert text is not None and "Paramètres :" in text, text
    assert "maxPerClass : at most this many images of each class" in text, text
