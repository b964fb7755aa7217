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
