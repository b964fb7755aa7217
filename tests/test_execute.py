"""execute_request: results, streams, errors, multi-statement cells, redefinitions, bad input."""

import re

import pytest


@pytest.fixture(scope="module", autouse=True)
def survivor(kernel):
    """A variable defined before the errors of this module; each error must leave it alone."""
    kernel.ok("int survivor = 41;")


def assert_survivor(kernel):
    assert kernel.value("survivor + 1") == "42"


def test_expression_result(kernel):
    r = kernel.ok("1 + 1")
    assert r.text == "2"
    assert r.results[0]["execution_count"] == r.content["execution_count"]


def test_execution_count_increases(kernel):
    first = kernel.ok("3").content["execution_count"]
    second = kernel.ok("4").content["execution_count"]
    assert second == first + 1


def test_stdout_stream(kernel):
    r = kernel.ok('System.out.println("bonjour")')
    assert r.stdout == "bonjour\n"
    assert r.data is None, "println est void: pas de résultat attendu"


def test_stderr_stream(kernel):
    r = kernel.ok('System.err.println("x")')
    assert "x" in r.stderr
    assert "x" not in r.stdout


def test_stdout_then_result_in_one_cell(kernel):
    r = kernel.ok('System.out.print("avant ");\n"après"')
    assert r.stdout == "avant "
    assert "après" in r.text


def test_multi_statement_cell(kernel):
    assert kernel.value("int a = 2; int b = 3; a * b") == "6"
    assert kernel.value("a + b") == "5"


def test_multi_line_cell(kernel):
    code = "int total = 0;\nfor (int i = 1; i <= 10; i++) {\n    total += i;\n}\ntotal"
    assert kernel.value(code) == "55"


def test_declarations_show_no_result(kernel):
    r = kernel.ok("int z = 9;\nString mot = \"chat\";\nvoid rien() {}\nclass Boite {}")
    assert r.data is None, r.describe()
    assert kernel.value("z") == "9"


def test_compile_error_names_the_line(kernel, french):
    r = kernel.fails('int ok1 = 1;\nint ok2 = 2;\nint x = "a";')
    text = r.error_text
    assert re.search(r"ligne\s*:?\s*3\b", text, re.IGNORECASE), r.describe()
    assert french(text), text
    assert_survivor(kernel)


def test_compile_error_on_line_one(kernel):
    r = kernel.fails("int y = undefinedName + 1;")
    assert re.search(r"ligne\s*:?\s*1\b", r.error_text, re.IGNORECASE), r.describe()
    assert "undefinedName" in r.error_text
    assert_survivor(kernel)


def test_exception_in_cell(kernel):
    r = kernel.fails('throw new IllegalStateException("boom")')
    c = r.content
    head = f"{c.get('ename', '')} {c.get('evalue', '')}"
    assert "IllegalStateException" in head, r.describe()
    assert "boom" in head, r.describe()
    assert c.get("traceback"), r.describe()
    # The error is also published on iopub, for the notebook to show.
    assert any("IllegalStateException" in f"{e['ename']} {e['evalue']}" for e in r.errors), r.describe()
    assert_survivor(kernel)


def test_exception_from_a_method(kernel):
    kernel.ok("int divide(int a, int b) { return a / b; }")
    r = kernel.fails("divide(1, 0)")
    assert "ArithmeticException" in r.error_text, r.describe()
    assert_survivor(kernel)
    assert kernel.value("divide(6, 3)") == "2"


def test_output_before_exception_is_kept(kernel):
    r = kernel.fails('System.out.println("avant");\nthrow new RuntimeException("après")')
    assert "avant" in r.stdout
    assert "après" in r.error_text


def test_system_exit_is_refused(kernel, french):
    kernel.ok("int beforeExit = 7;")
    r = kernel.fails("System.exit(0)")
    assert french(r.error_text), r.describe()
    assert "exit" in r.error_text.lower()
    assert kernel.is_alive()
    assert kernel.value("beforeExit") == "7"
    assert_survivor(kernel)


def test_runtime_exit_and_halt_are_refused(kernel):
    kernel.fails("Runtime.getRuntime().exit(3)")
    kernel.fails("Runtime.getRuntime().halt(4)")
    kernel.fails("void quit() { System.exit(1); }\nquit()")
    assert kernel.is_alive()
    assert_survivor(kernel)


def test_redefinition_keeps_other_variables(kernel):
    kernel.ok("int keep = 42;")
    kernel.ok('String g() { return "a"; }')
    kernel.ok("var v = g();")
    kernel.ok('String g() { return "b"; }')
    kernel.ok("import java.util.*;")
    assert kernel.value("keep") == "42"
    assert kernel.value("v") in ('"a"', "a")
    assert kernel.value("g()") in ('"b"', "b")
    # A class redefined later keeps the variables too.
    kernel.ok("class Point { int x = 1; }")
    kernel.ok("int kept2 = keep + 1;")
    kernel.ok("class Point { int x = 2; int y = 3; }")
    assert kernel.value("new Point().y") == "3"
    assert kernel.value("keep + kept2") == "85"
    assert kernel.value("v") in ('"a"', "a")


def test_import_in_later_cell_is_usable(kernel):
    kernel.ok("import java.util.concurrent.atomic.AtomicInteger;")
    assert kernel.value("new AtomicInteger(5).incrementAndGet()") == "6"
    assert_survivor(kernel)


def test_variable_named_like_a_helper(kernel):
    # A learner's variable named like the notebook helpers must not break them.
    kernel.ok('String display = "mon texte";')
    r = kernel.ok('display("encore visible");')
    shown = [m["content"]["data"].get("text/plain", "") for m in r.of_type("display_data")]
    assert any("encore visible" in t for t in shown), r.describe()
    assert kernel.value("display") in ('"mon texte"', "mon texte")


def test_the_kernel_runs_with_c1_only(kernel):
    """The launcher's JIT setting reaches the kernel's JVM: C2 stays off unless asked for (bench/README.md)."""
    code = ("((com.sun.management.HotSpotDiagnosticMXBean) java.lang.management.ManagementFactory"
            ".getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)).getVMOption(\"TieredStopAtLevel\").getValue()")
    assert kernel.value(code) == "1"
