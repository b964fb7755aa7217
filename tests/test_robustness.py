"""A kernel that no cell can wedge (issue 24): compiler failures, errors while displaying a value,
stop_on_error, silent and store_history, complete/inspect on huge input. Each case through
jupyter_client: a reply to every request, a French message, a live kernel (heartbeat), earlier
variables intact."""

from __future__ import annotations

import time

import pytest


def alive(kernel, plain):
    """Heartbeat beats, the kernel still computes, and the variable set at the start is intact."""
    kernel.assert_alive({"gardee": "42"})


@pytest.fixture(scope="module")
def k(kernel):
    kernel.ok("int gardee = 42;")
    return kernel


@pytest.mark.parametrize("code, words", [
    ('System.out.println("' + "b" * 70_000 + '".length());', ["65 535 octets", "Files.readString"]),
    ('String s = "' + "c" * 70_000 + '";', ["65 535 octets"]),
    ("new int[]{" + ",".join(["1"] * 20_000) + "}.length", ["64 Kio", "boucle"]),
    ("(" * 3000 + "1" + ")" * 3000, ["imbriqué trop profondément"]),
], ids=["println-long-string", "var-long-string", "code-too-large", "3000-parentheses"])
def test_compiler_limit_gives_french_error_and_session_stays_correct(k, plain, code, words):
    r = k.fails(code, timeout=120)
    text = r.error_text
    for w in words:
        assert w in text, r.describe()[:2000]
    assert "variables définies avant restent disponibles" in text
    assert "An exception has occurred" not in text, "trace anglaise de javac montrée à l'apprenant"
    alive(k, plain)
    # The failed declaration left nothing behind: the name is free for a correct one.
    if code.startswith("String s"):
        k.ok('String s = "court";')
        assert k.value("s.length()") == "5"


def test_cell_with_long_string_then_valid_cells_in_same_request(k, plain):
    r = k.fails('int avant = 1;\nString t = "' + "x" * 70_000 + '";\nint apres = 2;', timeout=120)
    assert "ligne 2" in r.error_text
    assert k.value("avant") == "1"
    alive(k, plain)


@pytest.mark.parametrize("code", [
    'class Bad2 { public String toString() { return "x" + this; } }\nnew Bad2()',
    "List<Object> racine = new ArrayList<>(); List<Object> c = racine;\n"
    "for (int i = 0; i < 100_000; i++) { List<Object> n = new ArrayList<>(); c.add(n); c = n; }\nracine",
], ids=["toString-recursion", "100000-deep-list"])
def test_error_while_displaying_value_gets_reply(k, plain, code):
    r = k.fails(code, timeout=120)
    assert "affichage a échoué" in r.error_text, r.describe()[:2000]
    alive(k, plain)


def test_stop_on_error_aborts_queued_cells(k, plain):
    before = k.ok("int compteur = 0;")
    # The failing cell takes a moment, so the next two are queued behind it (as with "Run all").
    ids = [k.send_execute('Thread.sleep(1000); throw new IllegalStateException("échec voulu");'),
           k.send_execute("compteur++;"),
           k.send_execute("compteur++;")]
    replies = [k.shell_reply(i, timeout=60) for i in ids]
    for i in ids:
        k.collect_iopub(i, timeout=30)
    assert [r["content"]["status"] for r in replies] == ["error", "aborted", "aborted"]
    assert k.value("compteur") == "0", "une cellule en file après l'échec a quand même tourné"
    # Without stop_on_error, the next cells run.
    ids = [k.send_execute('Thread.sleep(1000); throw new IllegalStateException("échec voulu");', stop_on_error=False),
           k.send_execute("compteur++;")]
    statuses = [k.shell_reply(i, timeout=60)["content"]["status"] for i in ids]
    for i in ids:
        k.collect_iopub(i, timeout=30)
    assert statuses == ["error", "ok"]
    assert k.value("compteur") == "1"
    assert before.status == "ok"
    alive(k, plain)


def test_silent_broadcasts_nothing_and_does_not_count(k, plain):
    n0 = k.ok("1").content["execution_count"]
    msg_id = k.send_execute('int chut = 7; System.out.println("ne pas montrer"); chut', silent=True)
    reply = k.shell_reply(msg_id, timeout=60)
    msgs = k.collect_iopub(msg_id, timeout=30)
    assert reply["content"]["status"] == "ok"
    assert [m["msg_type"] for m in msgs] == ["status", "status"], msgs
    n1 = k.ok("chut").content["execution_count"]
    assert n1 == n0 + 1, (n0, n1)
    r = k.run("2", store_history=False)
    assert r.status == "ok" and r.text == "2"
    n2 = k.ok("3").content["execution_count"]
    assert n2 == n1 + 1, (n1, n2)
    alive(k, plain)


def test_complete_inspect_is_complete_bounded_on_one_megabyte(k, plain):
    big = "int v0 = 0;\n" + "".join(f"int v{i} = v{i - 1} + 1;\n" for i in range(1, 60_000))
    assert len(big) > 1_000_000
    code = big + "gard"
    # Warm-up on a small cell: JShell's first analysis loads the compiler (seconds on a busy machine).
    small = "int v0 = 0;\ngard"
    for method, args in [("complete", (small, len(small))), ("inspect", (small, len(small)))]:
        k.request(method, *args, timeout=60)
    # Before the window around the cursor, 1 MB took more than 15 minutes and blocked the kernel.
    for method, args in [("complete", (code, len(code))), ("inspect", (code, len(code))),
                         ("is_complete", (code,))]:
        t0 = time.monotonic()
        reply = k.request(method, *args, timeout=60)
        elapsed = time.monotonic() - t0
        expected = ("complete", "incomplete", "invalid", "unknown") if method == "is_complete" else ("ok",)
        assert reply["content"]["status"] in expected, reply["content"]
        assert elapsed < 10, f"{method} sur 1 Mo : {elapsed:.1f} s"
        if method == "complete":
            assert "gardee" in reply["content"]["matches"]
    alive(k, plain)


def test_redefinition_says_in_the_cell_which_variables_are_lost(k, plain):
    k.ok("record Pt(int x) {}")
    k.ok("var pt = new Pt(1);")
    r = k.ok("record Pt(String s) {}")
    assert "la variable pt" in r.stderr and "n'existe plus" in r.stderr, r.describe()
    k.ok("class Boite { int a = 3; }")
    k.ok("var boite = new Boite();")
    r = k.ok("class Boite { int a = 3; int b = 4; }")
    assert "boite" in r.stderr, r.describe()
    assert "la variable boite" in r.stderr and ("n'existe plus" in r.stderr or "remise à zéro" in r.stderr), r.stderr
    r = k.fails("pt")
    assert "dépend de ," not in r.error_text
    # Declaring a variable again under its own name (a check cell run twice) loses nothing: no note.
    k.ok("boolean reussiDeuxFois = true;")
    r = k.ok("boolean reussiDeuxFois = false;")
    assert "n'existe plus" not in r.stderr and r.stderr.strip() == "", r.describe()
    alive(k, plain)


def test_windows_line_endings_before_magics(k, plain):
    r = k.ok("%lsmagic\r\n")
    assert "Magies disponibles" in r.stdout, r.describe()
    r = k.ok("%time 1 + 1\r\n")
    assert "Durée" in r.stdout and r.text == "2", r.describe()
    r = k.ok("int crlf = 3;\r\nint crlf2 = crlf + 1;\r\ncrlf2")
    assert r.text == "4"
    alive(k, plain)


def test_unclosed_block_comment_is_an_error_not_a_silent_skip(k, plain):
    r = k.fails("int avantCommentaire = 1;\n/* pas fermé\nint apresCommentaire = 2;")
    assert "Commentaire non fermé, ligne 2" in r.error_text, r.describe()
    r = k.fails("apresCommentaire")
    k.ok('String pasUnCommentaire = "/* dans une chaîne"; // et /* ici\nint x2 = 1;')
    alive(k, plain)


@pytest.mark.parametrize("where", ["code", "header", "metadata"])
def test_message_with_invalid_utf8_gets_a_reply(k, plain, where):
    """Raw frames signed with the connection's key, carrying bytes that are not UTF-8 (issue 24: no reply)."""
    import hashlib
    import hmac
    import json
    import uuid

    import zmq

    info = k.km.get_connection_info()
    key = info["key"] if isinstance(info["key"], bytes) else info["key"].encode()
    header = json.dumps({"msg_id": uuid.uuid4().hex, "session": "brut", "username": "u", "msg_type": "execute_request",
                         "date": "2026-01-01T00:00:00Z", "version": "5.3"}).encode()
    metadata = b"{}"
    code = b"1 + 1"
    if where == "code":
        code = b"1 + \xff\xfe 1"
    elif where == "header":
        header = header.replace(b'"u"', b'"u\xff"')
    else:
        metadata = b'{"x": "\xff"}'
    content = (b'{"code": "' + code + b'", "silent": false, "store_history": true, "user_expressions": {}, '
               b'"allow_stdin": false, "stop_on_error": false}')
    parts = [header, b"{}", metadata, content]
    signature = hmac.new(key, digestmod=hashlib.sha256)
    for p in parts:
        signature.update(p)
    socket = zmq.Context.instance().socket(zmq.DEALER)
    try:
        socket.connect(f"tcp://{info['ip']}:{info['shell_port']}")
        socket.send_multipart([b"<IDS|MSG>", signature.hexdigest().encode()] + parts)
        assert socket.poll(30_000), f"pas de réponse à un message non UTF-8 ({where})"
        reply = json.loads(socket.recv_multipart()[-1])
    finally:
        socket.close(linger=0)
    if where == "code":
        # the bytes read as U+FFFD: a French compilation error
        assert reply["status"] == "error" and "caractère interdit" in reply["evalue"], reply
    else:
        assert reply["status"] == "ok", reply
    alive(k, plain)


def test_fuzz_is_complete_complete_inspect(k, plain):
    """300 requests on random and very long inputs: each answered within a bound, the kernel alive after."""
    import random

    rng = random.Random(24)
    pieces = ["int ", "x", " = ", "1", ";", "{", "}", "(", ")", "\"", "'", "/*", "*/", "//", "\n", ".", "new ", "String",
              "System.out.", "println", "class ", "<", ">", "->", "@", "\\", "\u00e9", "\U0001F600", "\x00", "%", "%%time",
              "var ", "for (", "if (", "else", "[", "]", ",", " "]

    def random_code(long: bool) -> str:
        n = rng.randint(20_000, 60_000) if long else rng.randint(0, 60)
        if long and rng.random() < 0.5:
            return rng.choice(pieces) * n
        return "".join(rng.choice(pieces) for _ in range(n))

    slowest = 0.0
    for i in range(300):
        code = random_code(long=i % 10 == 0)
        method = ("is_complete", "complete", "inspect")[i % 3]
        args = (code,) if method == "is_complete" else (code, rng.randint(0, len(code)))
        t0 = time.monotonic()
        reply = k.request(method, *args, timeout=30)
        slowest = max(slowest, time.monotonic() - t0)
        expected = ("complete", "incomplete", "invalid", "unknown") if method == "is_complete" else ("ok",)
        assert reply["content"]["status"] in expected, (method, code[:200], reply["content"])
    assert slowest < 15, f"réponse la plus lente : {slowest:.1f} s"
    alive(k, plain)


def test_thread_output_goes_to_the_cell_that_started_it(k, plain):
    import queue

    first = k.ok('var fil = new Thread(() -> { try { Thread.sleep(1500); } catch (InterruptedException e) { }\n'
                 '    System.out.println("depuis le fil"); throw new IllegalStateException("boum"); });\n'
                 'fil.start();')
    second = k.send_execute('Thread.sleep(3000); "suite"')
    streams = {first.msg_id: "", second: ""}
    result = None
    deadline = time.monotonic() + 30
    second_idle = False
    while time.monotonic() < deadline and not (second_idle and "boum" in streams[first.msg_id]):
        try:
            msg = k.kc.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        parent = msg["parent_header"].get("msg_id")
        if parent not in streams:
            continue
        if msg["msg_type"] == "stream":
            streams[parent] += plain(msg["content"]["text"])
        elif msg["msg_type"] == "execute_result":
            result = msg["content"]["data"]["text/plain"]
        elif msg["msg_type"] == "status" and parent == second and msg["content"]["execution_state"] == "idle":
            second_idle = True
    assert k.shell_reply(second, timeout=30)["content"]["status"] == "ok"
    assert result == "suite"
    # the thread's line and its exception, in French, under the cell that started it
    assert "depuis le fil" in streams[first.msg_id], streams
    assert "Exception non rattrapée dans le fil d'exécution" in streams[first.msg_id], streams
    assert "Exception : java.lang.IllegalStateException: boum" in streams[first.msg_id], streams
    assert "Exception in thread" not in streams[first.msg_id], streams
    # the running cell gets none of it, only where it went
    assert "depuis le fil" not in streams[second] and "boum" not in streams[second], streams
    assert "lancé par la cellule [" in streams[second] and "sous cette cellule-là" in streams[second], streams
    alive(k, plain)
