"""Restart, shutdown, and messages signed with a wrong HMAC key. Each test owns its kernel(s)."""

import queue
import time

from jupyter_client.session import Session


def kernel_process(kernel):
    return getattr(kernel.km.provisioner, "process", None)


def wait_dead(kernel, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not kernel.km.is_alive():
            return True
        time.sleep(0.1)
    return False


def test_restart_gives_fresh_state(fresh_kernel):
    k = fresh_kernel()
    k.ok("int beforeRestart = 1;")
    old = kernel_process(k)
    k.restart()
    new = kernel_process(k)
    if old is not None and new is not None:
        assert new.pid != old.pid
        assert old.poll() is not None, "l'ancien noyau tourne encore après le redémarrage"
    r = k.fails("beforeRestart")
    assert "beforeRestart" in r.error_text, r.describe()
    assert k.value("1+1") == "2"
    # Restarting twice in a row works as well.
    k.restart()
    assert k.value("2+2") == "4"


def test_the_compiler_warmup_of_an_idle_kernel_leaves_no_trace(fresh_kernel):
    """A fresh kernel warms javac in the learner's session while nobody asks anything
    (exec/CompilerWarmup): the first request, here a completion mid-way, stops it, and the session
    shows none of its names."""
    k = fresh_kernel()
    time.sleep(2.5)  # past the warm-up's idle second: it is compiling its snippets now
    c = k.request("complete", "carnetsW", cursor_pos=8)["content"]
    assert c["status"] == "ok", c
    assert not any(m.startswith("carnets") for m in c["matches"]), c["matches"]
    r = k.fails("carnetsWarm + 1")
    assert "carnetsWarm" in r.error_text, r.describe()
    vars_text = str(k.ok("%vars").data)
    assert "carnetsRate" not in vars_text and "carnetsNames" not in vars_text, vars_text
    assert k.value("int carnetsWarm = 40;\ncarnetsWarm + 2") == "42"
    k.assert_alive({"carnetsWarm": "40"})


def test_a_port_already_taken_is_said_in_french_and_the_kernel_exits(tmp_path, kernelspec):
    """Jupyter picks the ports and the kernel binds them: when another program took one first (two
    kernels started at the same instant), the kernel says so and exits; it used to call it an
    interrupted keyboard read, since "Errno 48" contains "Errno 4"."""
    import os
    import socket
    import subprocess
    from jupyter_client.connect import write_connection_file

    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    try:
        fname, _ = write_connection_file(str(tmp_path / "connexion.json"), ip="127.0.0.1", shell_port=taken.getsockname()[1])
        argv = [a.replace("{connection_file}", fname) for a in kernelspec.argv]
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120,
                           env={k: v for k, v in os.environ.items() if k != "JPY_PARENT_PID"})
    finally:
        taken.close()
    assert p.returncode == 3, p.stdout
    assert "ne peut pas ouvrir les ports" in p.stdout and "Redémarrez le noyau" in p.stdout, p.stdout
    assert "clavier" not in p.stdout and "Exception non rattrapée" not in p.stdout, p.stdout


def test_shutdown_request_gets_reply_and_process_exits(fresh_kernel):
    k = fresh_kernel()
    assert k.value("1+1") == "2"
    proc = kernel_process(k)
    msg_id = k.kc.shutdown()
    deadline = time.monotonic() + 15
    reply = None
    while reply is None and time.monotonic() < deadline:
        try:
            msg = k.kc.get_control_msg(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            break
        if msg["parent_header"].get("msg_id") == msg_id:
            reply = msg
    assert reply is not None, "pas de shutdown_reply"
    assert reply["msg_type"] == "shutdown_reply"
    assert reply["content"].get("restart") is False, reply["content"]
    assert wait_dead(k, 15), "le processus du noyau ne s'est pas arrêté après shutdown_request"
    if proc is not None:
        assert proc.poll() == 0, f"code de sortie {proc.poll()}"


# -- messages signed with a wrong key ---------------------------------------------------------------


def wrong_session(kernel) -> Session:
    return Session(key=b"wrong", signature_scheme=kernel.km.session.signature_scheme, username="intrus")


def execute_content(code):
    return {"code": code, "silent": False, "store_history": True, "user_expressions": {},
            "allow_stdin": False, "stop_on_error": True}


def test_bad_hmac_on_shell_is_ignored(fresh_kernel, tmp_path):
    k = fresh_kernel()
    k.ok("int legit = 5;")
    marker = tmp_path / "intrusion.txt"
    code = (f'int hacked = 1;\njava.nio.file.Files.writeString(java.nio.file.Path.of("{marker}"), "x");\n'
            "legit = 666;")
    bad = wrong_session(k)
    sock = k.km.connect_shell()
    try:
        for _ in range(3):
            bad.send(sock, bad.msg("execute_request", content=execute_content(code)))
        # A message whose signature is not even hexadecimal, and one with garbage frames.
        sock.send_multipart([b"<IDS|MSG>", b"pas-une-signature", b"{}", b"{}", b"{}", b"{}"])
        sock.send_multipart([b"<IDS|MSG>", b"", b"\xff\xfe", b"x", b"y", b"z"])
        assert sock.poll(2000) == 0, "le noyau a répondu à un message mal signé"
        # Control: the same socket, with a correctly signed request, is answered.
        k.km.session.send(sock, k.km.session.msg("kernel_info_request"))
        assert sock.poll(10_000) != 0, "le noyau ne répond plus sur le canal shell après des messages mal signés"
        reply = k.km.session.recv(sock)[1]
        assert reply["msg_type"] == "kernel_info_reply"
    finally:
        sock.close(linger=0)
    assert not marker.exists(), "un message mal signé a été exécuté"
    assert k.is_alive()
    # The legitimate client is still served, and nothing of the bad code ran.
    assert k.value("1+1") == "2"
    assert k.value("legit") == "5"
    r = k.fails("hacked")
    assert "hacked" in r.error_text
    # The shell loop goes on for every later request, not just one.
    for i in range(3):
        assert k.value(f"{i} * 10") == str(i * 10)
    assert k.request("kernel_info")["content"]["status"] == "ok"


def test_bad_hmac_on_control_is_ignored(fresh_kernel):
    k = fresh_kernel()
    k.ok("int stillHere = 8;")
    bad = wrong_session(k)
    sock = k.km.connect_control()
    try:
        bad.send(sock, bad.msg("shutdown_request", content={"restart": False}))
        assert sock.poll(2000) == 0, "le noyau a répondu à un shutdown_request mal signé"
    finally:
        sock.close(linger=0)
    assert k.is_alive(), "un shutdown_request mal signé a arrêté le noyau"
    assert k.value("stillHere") == "8"
    # The control channel still serves interrupts after the bad message.
    msg_id = k.send_execute("while (true) {}")
    k.assert_still_running("while (true) {}", msg_id, 1.0)
    k.km.interrupt_kernel()
    r = k.wait_execute("while (true) {}", msg_id, timeout=10)
    assert r.status == "error", r.describe()
    assert k.value("stillHere") == "8"


def test_kernel_exits_when_its_jupyter_dies(tmp_path):
    """A kernel whose Jupyter process is killed must not run on (busy loop included)."""
    import os
    import signal
    import subprocess
    import sys

    pid_file = tmp_path / "kernel.pid"
    script = (
        "import sys, time\n"
        "from jupyter_client import KernelManager\n"
        "km = KernelManager(kernel_name='carnets-java'); km.start_kernel()\n"
        "kc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=60)\n"
        "kc.execute('while (true) {}')\n"
        f"open({str(pid_file)!r}, 'w').write(str(km.provisioner.process.pid))\n"
        "time.sleep(600)\n"
    )
    parent = subprocess.Popen([sys.executable, "-c", script])
    try:
        deadline = time.monotonic() + 90
        while not pid_file.exists() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert pid_file.exists(), "le noyau n'a pas démarré"
        kernel_pid = int(pid_file.read_text())
        time.sleep(1)
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=10)
        deadline = time.monotonic() + 15
        alive = True
        while alive and time.monotonic() < deadline:
            try:
                status = open(f"/proc/{kernel_pid}/status").read()
                # An exited process that nobody reaped yet (a zombie) has ended too.
                alive = "\nState:\tZ" not in status
                time.sleep(0.2)
            except FileNotFoundError:
                alive = False
        if alive:
            os.kill(kernel_pid, signal.SIGKILL)
        assert not alive, "le noyau tourne encore après la mort de son Jupyter"
    finally:
        if parent.poll() is None:
            parent.kill()
