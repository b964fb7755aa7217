"""complete, inspect, is_complete and history requests."""

import pytest


def complete(kernel, code, cursor_pos=None):
    reply = kernel.request("complete", code, cursor_pos=len(code) if cursor_pos is None else cursor_pos)
    c = reply["content"]
    assert c["status"] == "ok", c
    return c


def replaced(code, c, match):
    """The code after the front end replaces [cursor_start, cursor_end) by match."""
    return code[: c["cursor_start"]] + match + code[c["cursor_end"]:]


# -- complete -----------------------------------------------------------------------------------


def test_complete_class_name(kernel):
    code = "Sys"
    c = complete(kernel, code)
    assert "System" in c["matches"], c
    assert (c["cursor_start"], c["cursor_end"]) == (0, 3), c
    assert replaced(code, c, "System") == "System"


def test_complete_method_of_a_string(kernel):
    code = '"abc".len'
    c = complete(kernel, code)
    length = [m for m in c["matches"] if m.startswith("length(")]
    assert length, c
    assert (c["cursor_start"], c["cursor_end"]) == (6, 9), c
    assert replaced(code, c, length[0]).startswith('"abc".length(')


def test_complete_in_the_middle_of_a_cell(kernel):
    code = 'int n = 3;\nMath.ab\nint m = 4;'
    pos = code.index("Math.ab") + len("Math.ab")
    c = complete(kernel, code, pos)
    assert any(m.startswith("abs(") for m in c["matches"]), c
    assert c["cursor_end"] == pos, c
    assert code[c["cursor_start"]:c["cursor_end"]] == "ab", c


def test_complete_user_variable(kernel):
    kernel.ok("int compteurDeTours = 3;")
    code = "compteurDe"
    c = complete(kernel, code)
    assert "compteurDeTours" in c["matches"], c
    assert (c["cursor_start"], c["cursor_end"]) == (0, len(code)), c


def test_complete_line_magic_name(kernel):
    code = "%cl"
    c = complete(kernel, code)
    assert "%classpath" in c["matches"], c
    assert (c["cursor_start"], c["cursor_end"]) == (0, 3), c
    assert replaced(code, c, "%classpath") == "%classpath"


def test_complete_cell_magic_name(kernel):
    code = "%%ti"
    c = complete(kernel, code)
    assert "%%time" in c["matches"], c
    assert (c["cursor_start"], c["cursor_end"]) == (0, 4), c


def test_complete_all_magics(kernel):
    c = complete(kernel, "%")
    for magic in ("%classpath", "%load", "%time"):
        assert magic in c["matches"], c


# -- inspect ------------------------------------------------------------------------------------


def test_inspect_method(kernel):
    code = "Math.max(1, 2)"
    reply = kernel.request("inspect", code, cursor_pos=code.index("max") + 1)
    c = reply["content"]
    assert c["status"] == "ok", c
    assert c["found"] is True, c
    assert "max" in c["data"]["text/plain"], c


def test_inspect_variable_shows_its_type(kernel):
    kernel.ok('java.util.List<String> fruits = java.util.List.of("pomme");')
    code = "fruits"
    reply = kernel.request("inspect", code, cursor_pos=len(code))
    c = reply["content"]
    assert c["status"] == "ok", c
    assert c["found"] is True, c
    assert "List" in c["data"]["text/plain"], c


def test_inspect_nothing(kernel):
    reply = kernel.request("inspect", "   ", cursor_pos=1)
    c = reply["content"]
    assert c["status"] == "ok", c
    assert c["found"] is False, c


# -- cursor anywhere in a word (JupyterLab sends the cursor where it is) ---------------------------


@pytest.fixture
def text_var(kernel):
    kernel.ok('String texte = "abc";')
    return "texte"


def inspect_text(kernel, code, pos):
    c = kernel.request("inspect", code, cursor_pos=pos)["content"]
    assert c["status"] == "ok", c
    return c["data"].get("text/plain", "") if c["found"] else None


@pytest.mark.parametrize("pos", [0, 1, 3, 6])
def test_inspect_type_with_cursor_anywhere_in_its_name(kernel, pos):
    text = inspect_text(kernel, "String", pos)
    assert text is not None and "java.lang.String" in text, (pos, text)


@pytest.mark.parametrize("word", ["texte", "length"])
def test_inspect_method_call_with_cursor_inside_each_name(kernel, text_var, word):
    code = "int n = texte.length();"
    pos = code.index(word) + 2
    text = inspect_text(kernel, code, pos)
    expected = "variable texte : String" if word == "texte" else "String.length()"
    assert text is not None and expected in text, (code[:pos] + "|" + code[pos:], text)


def test_inspect_type_in_a_declaration(kernel):
    code = "List<String> noms = new ArrayList<>();"
    text = inspect_text(kernel, code, 1)
    assert text is not None and "java.util.List" in text, text


def test_complete_inside_a_word_replaces_the_whole_word(kernel):
    code = "String"
    c = complete(kernel, code, 3)
    assert "String" in c["matches"] and "StringBuilder" in c["matches"], c
    assert (c["cursor_start"], c["cursor_end"]) == (0, 6), c
    assert replaced(code, c, "StringBuilder") == "StringBuilder"


def test_complete_inside_a_method_name_keeps_one_pair_of_parentheses(kernel, text_var):
    code = "texte.length()"
    for pos in (len("texte."), len("texte.le"), len("texte.length")):
        c = complete(kernel, code, pos)
        assert "length" in c["matches"], (pos, c)
        assert replaced(code, c, "length") == "texte.length()", (pos, c)


def test_complete_right_after_a_dot(kernel, text_var):
    code = "texte."
    c = complete(kernel, code)
    assert any(m.startswith("length(") for m in c["matches"]), c
    assert (c["cursor_start"], c["cursor_end"]) == (6, 6), c


def test_complete_at_the_start_of_a_cell(kernel):
    code = "Math.max(1, 2)"
    c = complete(kernel, code, 0)
    assert "Math" in c["matches"], c
    assert (c["cursor_start"], c["cursor_end"]) == (0, 4), c
    assert replaced(code, c, "Math") == code


def test_complete_before_a_number_replaces_nothing_after_the_cursor(kernel):
    code = "Math.max(1, 2)"
    pos = code.index("1")
    c = complete(kernel, code, pos)
    assert c["cursor_end"] == pos, c


# -- is_complete ---------------------------------------------------------------------------------


def is_complete(kernel, code):
    reply = kernel.request("is_complete", code)
    return reply["content"]


@pytest.mark.parametrize("code", ["int x = 1;", "1 + 1", "System.out.println(1);", "%time 1+1"])
def test_is_complete_complete(kernel, code):
    assert is_complete(kernel, code)["status"] == "complete"


@pytest.mark.parametrize("code", ["for (int i = 0; i < 3; i++) {", "void f() {", 'String s = "abc" +'])
def test_is_complete_incomplete(kernel, code):
    c = is_complete(kernel, code)
    assert c["status"] == "incomplete", c
    assert "indent" in c, c


@pytest.mark.parametrize("code", ["int x = ;", ")"])
def test_is_complete_invalid(kernel, code):
    c = is_complete(kernel, code)
    assert c["status"] == "invalid", c


# -- history -------------------------------------------------------------------------------------


def test_history_tail(kernel):
    cells = ["int h1 = 1;", "int h2 = h1 + 1;", "h1 + h2"]
    for code in cells:
        kernel.ok(code)
    reply = kernel.request("history", hist_access_type="tail", n=10, raw=True, output=False)
    c = reply["content"]
    assert c.get("status", "ok") == "ok", c
    # The protocol's entries are (session, line_number, input) tuples, as JSON arrays.
    for entry in c["history"]:
        assert isinstance(entry, list) and len(entry) == 3, f"entrée d'historique hors protocole: {entry!r}"
    inputs = [entry[2] for entry in c["history"]]
    assert inputs[-3:] == cells, c
