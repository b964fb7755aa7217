"""Errors a learner meets, in French through the real kernel (jupyter_client), Java's line kept below."""

from __future__ import annotations

from test_course_api import wait_for_extension


def test_unknown_magic_suggests_the_closest_name(kernel):
    wait_for_extension(kernel)
    r = kernel.fails("%aid")
    assert "Magie inconnue : %aid. Vouliez-vous dire %aide ?" in r.error_text, r.error_text


def test_array_index_explained_in_french_with_javas_line(kernel):
    r = kernel.fails("int[] t = new int[10];\nt[10] = 1;")
    text = r.error_text
    assert "indice 10 hors du tableau de longueur 10 : les indices vont de 0 à 9" in text, text
    assert "java.lang.ArrayIndexOutOfBoundsException: Index 10 out of bounds for length 10" in text, text


def test_missing_semicolon_explained_in_french_with_javacs_line(kernel):
    text = kernel.fails("int x = 3\nint y = 4;").error_text
    assert "il manque un « ; »" in text and "';' expected" in text, text


def test_sequential_without_input_says_start_with_input(kernel):
    wait_for_extension(kernel)
    text = kernel.fails("import fr.carnets.dl.models.*;\nimport fr.carnets.dl.training.*;\nimport static fr.carnets.dl.layers.Layers.*;\n"
                        "var m = new Sequential(Dense(20, \"relu\"), Dense(10, \"softmax\"));").error_text
    assert "commencez par Input(784)" in text, text
