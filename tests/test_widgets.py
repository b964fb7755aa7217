"""Jupyter widgets from Java (fr.carnets.widgets), driven through jupyter_client as a front end
would: comm_open with state, update both ways, echo_update, request_state(s), binary buffers,
comm_close, comm_info, callbacks on the kernel's cell thread, coalescing, French errors, memory."""

import json
import queue
import subprocess
import sys
import time
from pathlib import Path

import pytest


ROOT = Path(__file__).resolve().parents[1]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def comm_opens(result):
    """comm_open messages of target jupyter.widget sent during a cell, by comm id."""
    return {m["content"]["comm_id"]: m for m in result.of_type("comm_open")
            if m["content"]["target_name"] == "jupyter.widget"}


def model_id(result):
    data = result.data
    assert data is not None and "application/vnd.jupyter.widget-view+json" in data, result.describe()
    view = data["application/vnd.jupyter.widget-view+json"]
    assert view["version_major"] == 2, view
    return view["model_id"]


def send_comm(kernel, comm_id, data, msg_type="comm_msg", **extra):
    content = {"comm_id": comm_id, "data": data, **extra}
    msg = kernel.kc.session.msg(msg_type, content)
    kernel.kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def wait_iopub(kernel, predicate, timeout=30.0):
    """The first iopub message that passes predicate (others are dropped)."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        try:
            msg = kernel.kc.get_iopub_msg(timeout=max(0.05, deadline - time.monotonic()))
        except queue.Empty:
            break
        if predicate(msg):
            return msg
        seen.append((msg["msg_type"], msg["content"]))
    pytest.fail(f"message attendu non reçu en {timeout} s ; reçus : {seen[-20:]!r}")


def comm_msg_of(comm_id, method):
    return lambda m: (m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id
                      and m["content"]["data"].get("method") == method)


def test_a_slider_opens_with_its_state_and_shows_as_a_widget_view(kernel):
    r = kernel.ok('import fr.carnets.widgets.*;\nvar s = Widgets.intSlider("Époques", 1, 20, 5);\ns')
    opens = comm_opens(r)
    mid = model_id(r)
    assert mid in opens, r.describe()
    msg = opens[mid]
    assert msg["metadata"]["version"] == "2.1.0"
    state = msg["content"]["data"]["state"]
    assert state["_model_name"] == "IntSliderModel" and state["_view_name"] == "IntSliderView", state
    assert state["_model_module"] == "@jupyter-widgets/controls" and state["_model_module_version"] == "2.0.0"
    assert (state["value"], state["min"], state["max"], state["description"]) == (5, 1, 20, "Époques")
    assert msg["content"]["data"]["buffer_paths"] == []
    # The text fallback of headless runs says what the widget holds.
    assert r.data["text/plain"] == "Époques : 5"


def test_a_change_from_the_browser_runs_the_callback_on_the_cell_thread(kernel):
    r = kernel.ok('var vu = new java.util.ArrayList<String>();\n'
                  'var c = Widgets.intSlider("c", 0, 10, 1);\n'
                  'c.onChange(v -> vu.add(v + "@" + Thread.currentThread().getName()));\nc')
    mid = model_id(r)
    sent = send_comm(kernel, mid, {"method": "update", "state": {"value": 7}, "buffer_paths": []})
    # Under the browser's message: busy/idle of its handling, then busy/idle of the callback run
    # later on the cell thread (the kernel's indicator shows the callback), the echo in between.
    states, echo = [], None
    deadline = time.monotonic() + 30
    while states.count("idle") < 2 and time.monotonic() < deadline:
        msg = wait_iopub(kernel, lambda m: m["parent_header"].get("msg_id") == sent or comm_msg_of(mid, "echo_update")(m))
        if msg["msg_type"] == "status":
            states.append(msg["content"]["execution_state"])
        else:
            echo = msg
    assert states == ["busy", "idle", "busy", "idle"], states
    assert echo is not None and echo["content"]["data"]["state"] == {"value": 7}
    # The cell queues behind the callback on the same thread: the callback has run when it reads.
    assert kernel.value("vu") == "[7@carnets-cell]"
    assert kernel.value("c.value()") == "7"


def test_a_change_from_the_kernel_sends_an_update(kernel):
    r = kernel.ok('var k = Widgets.floatSlider("k", 0, 1, 0.5);\nk')
    mid = model_id(r)
    kernel.kc.execute("k.value(0.25);")
    msg = wait_iopub(kernel, comm_msg_of(mid, "update"))
    assert msg["content"]["data"]["state"] == {"value": 0.25}
    assert msg["metadata"]["version"] == "2.1.0"
    kernel.drain_iopub()


def test_request_state_and_the_control_comm(kernel):
    r = kernel.ok('var d = Widgets.dropdown("Activation", java.util.List.of("relu", "tanh"), "tanh");\nd')
    mid = model_id(r)
    send_comm(kernel, mid, {"method": "request_state"})
    full = wait_iopub(kernel, comm_msg_of(mid, "update"))
    assert full["content"]["data"]["state"]["_options_labels"] == ["relu", "tanh"]
    assert full["content"]["data"]["state"]["index"] == 1
    # A reconnecting front end opens jupyter.widget.control and asks for every state at once.
    control = "control-" + mid
    send_comm(kernel, control, {}, msg_type="comm_open", target_name="jupyter.widget.control",
              metadata={"version": "1.0.0"})
    send_comm(kernel, control, {"method": "request_states"})
    states = wait_iopub(kernel, comm_msg_of(control, "update_states"))
    got = states["content"]["data"]["states"]
    assert got[mid]["model_name"] == "DropdownModel" and got[mid]["state"]["index"] == 1, got[mid]
    assert model_id(kernel.ok("s")) in got


def png_bytes_size(raw: bytes) -> tuple[int, int]:
    assert raw[:8] == PNG_MAGIC, raw[:16]
    return int.from_bytes(raw[16:20], "big"), int.from_bytes(raw[20:24], "big")


def test_images_travel_as_binary_buffers(kernel):
    r = kernel.ok('var img = Widgets.image(new double[][]{{0, 1}, {1, 0.5}}, 8);\nimg')
    mid = model_id(r)
    msg = comm_opens(r)[mid]
    assert msg["content"]["data"]["buffer_paths"] == [["value"]]
    assert "value" not in msg["content"]["data"]["state"]
    assert msg["buffers"][0][:8] == PNG_MAGIC
    assert png_bytes_size(bytes(msg["buffers"][0])) == (16, 16)
    # A new picture goes as a buffer of an update too.
    kernel.kc.execute("img.show(new double[][]{{0, 1, 0}}, 4);")
    upd = wait_iopub(kernel, comm_msg_of(mid, "update"))
    assert upd["content"]["data"]["buffer_paths"] == [["value"]]
    assert png_bytes_size(bytes(upd["buffers"][0])) == (12, 4)
    kernel.drain_iopub()
    # And the control comm sends it as a buffer under [id, "state", "value"].
    control = "control2-" + mid
    send_comm(kernel, control, {}, msg_type="comm_open", target_name="jupyter.widget.control")
    send_comm(kernel, control, {"method": "request_states"})
    states = wait_iopub(kernel, comm_msg_of(control, "update_states"))
    paths = states["content"]["data"]["buffer_paths"]
    i = paths.index([mid, "state", "value"])
    assert bytes(states["buffers"][i])[:8] == PNG_MAGIC


def test_closing_from_either_side_and_comm_info(kernel):
    a = model_id(kernel.ok('var a = Widgets.checkbox("a", true);\na'))
    b = model_id(kernel.ok('var b = Widgets.text("b", "x");\nb'))
    info = kernel.request("comm_info", target_name="jupyter.widget")["content"]["comms"]
    assert a in info and b in info and info[a]["target_name"] == "jupyter.widget"
    r = kernel.ok("a.close();")
    closes = [m for m in r.of_type("comm_close") if m["content"]["comm_id"] == a]
    assert closes, r.describe()
    send_comm(kernel, b, {}, msg_type="comm_close")
    assert kernel.value("a.isClosed() + \" \" + b.isClosed()") == "true true"
    info = kernel.request("comm_info", target_name="jupyter.widget")["content"]["comms"]
    assert a not in info and b not in info


def test_interact_redraws_its_output_and_a_failing_callback_says_so_in_french(kernel, plain):
    r = kernel.ok('int[] appels = {0};\nvar n = Widgets.intSlider("n", 0, 10, 2);\n'
                  'var vue = Widgets.interact(() -> {\n'
                  '    appels[0]++;\n'
                  '    System.out.println("calcul pour " + n.value());\n'
                  '    if (n.value() > 5) throw new IllegalStateException("n trop grand : " + n.value());\n'
                  '    return "carré = " + n.value() * n.value();\n'
                  '}, n);\nvue')
    assert r.data["text/plain"] == "n : 2\ncalcul pour 2\ncarré = 4", r.describe()
    opens = comm_opens(r)
    out_id = next(i for i, m in opens.items() if m["content"]["data"]["state"]["_model_name"] == "OutputModel")
    n_id = next(i for i, m in opens.items() if m["content"]["data"]["state"]["_model_name"] == "IntSliderModel")
    box = opens[model_id(r)]["content"]["data"]["state"]
    assert box["_model_name"] == "VBoxModel" and box["children"] == ["IPY_MODEL_" + n_id, "IPY_MODEL_" + out_id]

    send_comm(kernel, n_id, {"method": "update", "state": {"value": 3}, "buffer_paths": []})
    outputs = wait_iopub(kernel, comm_msg_of(out_id, "update"))["content"]["data"]["state"]["outputs"]
    assert outputs[0] == {"output_type": "stream", "name": "stdout", "text": "calcul pour 3\n"}, outputs
    assert outputs[1]["data"]["text/plain"] == "carré = 9", outputs

    send_comm(kernel, n_id, {"method": "update", "state": {"value": 8}, "buffer_paths": []})
    outputs = wait_iopub(kernel, comm_msg_of(out_id, "update"))["content"]["data"]["state"]["outputs"]
    err = plain("".join(o.get("text", "") for o in outputs if o.get("name") == "stderr"))
    assert "Erreur dans la fonction appelée par le widget" in err and "n trop grand : 8" in err, outputs
    assert "le noyau continue" in err
    kernel.assert_alive({"appels[0]": "3", "n.value()": "8"})


def test_a_dragged_slider_does_not_queue_one_call_per_position(kernel):
    r = kernel.ok('var valeurs = new java.util.concurrent.CopyOnWriteArrayList<Integer>();\n'
                  'var t = Widgets.intSlider("t", 0, 100, 0);\n'
                  't.onChange(v -> { valeurs.add(v); try { Thread.sleep(300); } catch (InterruptedException e) { } });\nt')
    mid = model_id(r)
    for v in range(1, 41):
        send_comm(kernel, mid, {"method": "update", "state": {"value": v}, "buffer_paths": []})
    wait_iopub(kernel, lambda m: comm_msg_of(mid, "echo_update")(m) and m["content"]["data"]["state"]["value"] == 40)
    calls = kernel.value("valeurs")
    got = [int(x) for x in calls.strip("[]").split(",")]
    assert got[-1] == 40, calls
    assert len(got) <= 4, f"{len(got)} appels pour 40 positions : {calls}"


def test_the_widgets_magic_lists_what_exists(kernel):
    text = kernel.value("%widgets")
    for name in ("intSlider", "floatLogSlider", "dropdown", "toggleButtons", "checkbox", "button",
                 "intProgress", "output", "hbox", "image", "drawingPad", "interact"):
        assert "Widgets." + name in text, text


def test_a_thousand_widgets_created_and_closed_leave_no_growth(kernel):
    import psutil

    process = psutil.Process(kernel.km.provisioner.process.pid)
    already_open = kernel.value("Widgets.openCount()")
    code = ('for (int i = 0; i < 1000; i++) { var w = Widgets.intSlider("m" + i, 0, 10, i % 10); w.close(); }\n'
            'System.gc(); Widgets.openCount()')
    kernel.ok(code, timeout=120)  # warm-up: classes loaded, buffers grown
    before = process.memory_info().rss
    for _ in range(3):
        assert kernel.value(code, timeout=120) == already_open
    after = process.memory_info().rss
    assert after <= before * 1.10, f"RSS {before / 2**20:.1f} -> {after / 2**20:.1f} Mio"
    # The kernel's comm table forgot them too.
    info = kernel.request("comm_info", target_name="jupyter.widget")["content"]["comms"]
    assert len(info) == int(already_open), len(info)


def test_an_interrupt_stops_a_runaway_callback(kernel, plain):
    r = kernel.ok('var boucle = Widgets.intSlider("b", 0, 10, 0);\n'
                  'var vueBoucle = Widgets.interact(() -> {\n'
                  '    if (boucle.value() > 0) { while (true) { } }\n'
                  '    return "au repos";\n'
                  '}, boucle);\nvueBoucle')
    opens = comm_opens(r)
    out_id = next(i for i, m in opens.items() if m["content"]["data"]["state"]["_model_name"] == "OutputModel")
    b_id = next(i for i, m in opens.items() if m["content"]["data"]["state"]["_model_name"] == "IntSliderModel")
    send_comm(kernel, b_id, {"method": "update", "state": {"value": 1}, "buffer_paths": []})
    wait_iopub(kernel, comm_msg_of(b_id, "echo_update"))
    time.sleep(1.0)  # the callback now loops on the cell thread
    kernel.km.interrupt_kernel()
    outputs = wait_iopub(kernel, comm_msg_of(out_id, "update"))["content"]["data"]["state"]["outputs"]
    err = plain("".join(o.get("text", "") for o in outputs if o.get("name") == "stderr"))
    assert "Erreur dans la fonction appelée par le widget" in err, outputs
    kernel.assert_alive({"boucle.value()": "1"})


def test_the_drawing_pad_reads_a_784_byte_buffer_as_an_mnist_image(kernel):
    r = kernel.ok('import fr.carnets.widgets.*;\nvar pad = Widgets.drawingPad();\nvar lu = new java.util.ArrayList<String>();\n'
                  'pad.onChange(x -> lu.add(java.util.Arrays.toString(x.shape()) + " "'
                  ' + fr.carnets.plot.Fr.nombre(x.sumNumber().doubleValue(), 2)));\npad')
    mid = model_id(r)
    opened = comm_opens(r)[mid]
    state = opened["content"]["data"]["state"]
    # Our own front end (python/carnets_widgets), the version its committed build declares.
    built = json.loads((ROOT / "python" / "carnets_widgets" / "labextension" / "package.json").read_text(encoding="utf-8"))
    assert (state["_model_name"], state["_view_name"]) == ("DrawingPadModel", "DrawingPadView"), state
    assert state["_model_module"] == state["_view_module"] == built["name"] == "carnets-widgets"
    assert state["_model_module_version"] == "^" + built["version"], (state, built["version"])
    assert opened["content"]["data"]["buffer_paths"] == [["value"]]
    assert bytes(opened["buffers"][0]) == bytes(784)
    assert r.data["text/plain"].startswith("Planche à dessin 28 × 28 : vide"), r.describe()

    # The browser sends a drawing at mouse-up: 784 grey bytes, row by row, as one binary buffer.
    grey = bytearray(784)
    grey[14 * 28:15 * 28] = b"\xff" * 28  # row 14, white
    grey[0] = 51  # 0.2
    msg = kernel.kc.session.msg("comm_msg", {"comm_id": mid, "data": {
        "method": "update", "state": {}, "buffer_paths": [["value"]]}})
    msg["buffers"] = [bytes(grey)]  # Session.send takes a message's buffers
    kernel.kc.shell_channel.send(msg)
    echo = wait_iopub(kernel, comm_msg_of(mid, "echo_update"))
    assert echo["content"]["data"]["buffer_paths"] == [["value"]] and bytes(echo["buffers"][0]) == bytes(grey)
    assert kernel.value("lu") == "[[1, 1, 28, 28] 28,20]"
    assert kernel.value("pad.value().getFloat(0, 0, 14, 27) + \" \" + pad.value().getFloat(0, 0, 0, 0)") == "1.0 0.2"
    assert kernel.value("pad").startswith("Planche à dessin 28 × 28 : un dessin, encre 28,2")

    # clear() from Java: a blank buffer goes to the browser, the callback sees a blank image.
    kernel.kc.execute("pad.clear();")
    upd = wait_iopub(kernel, comm_msg_of(mid, "update"))
    assert upd["content"]["data"]["buffer_paths"] == [["value"]] and bytes(upd["buffers"][0]) == bytes(784)
    kernel.drain_iopub()
    assert kernel.value("lu.get(1) + \" \" + pad.isEmpty()") == "[1, 1, 28, 28] 0,00 true"


def test_setup_installed_the_drawing_pads_front_end_where_jupyterlab_finds_it():
    """The committed build, copied into .venv by ./carnets setup: JupyterLab 4 (and Notebook 7, which
    reads the same folder) list it as enabled and OK; no Node.js involved."""
    jupyter = Path(sys.executable).parent / "jupyter"
    out = subprocess.run([str(jupyter), "labextension", "list"], capture_output=True, text=True, timeout=120)
    listing = out.stdout + out.stderr
    line = next((l for l in listing.splitlines() if "carnets-widgets" in l), "")
    assert "enabled" in line and "OK" in line, listing
    built = ROOT / "python" / "carnets_widgets" / "labextension"
    bundle = built / json.loads((built / "package.json").read_text(encoding="utf-8"))["jupyterlab"]["_build"]["load"]
    assert bundle.is_file(), bundle
    assert "DrawingPadModel" in "".join(p.read_text(encoding="utf-8") for p in (built / "static").glob("*.js"))


def test_setup_replaces_a_stale_front_end_and_leaves_a_current_one(tmp_path):
    """labextension.install copies the committed build into a .venv; a file left by an older build
    makes it stale (setup is needed again), and installing removes that file."""
    from carnets_tools import labextension

    venv = tmp_path / "venv"
    assert not labextension.is_current(venv)
    dest = labextension.install(venv)
    assert dest == venv / "share" / "jupyter" / "labextensions" / "carnets-widgets"
    assert labextension.is_current(venv) and (dest / "package.json").is_file()
    old = dest / "static" / "remoteEntry.0ld.js"
    old.write_text("// an older build", encoding="utf-8")
    assert not labextension.is_current(venv)
    labextension.install(venv)
    assert labextension.is_current(venv) and not old.exists()
