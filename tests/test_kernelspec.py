"""The kernelspec that Jupyter uses to start the kernel, and kernel_info."""

import json


def test_kernelspec_fields(kernelspec):
    assert kernelspec.display_name == "Java (Carnets)"
    assert kernelspec.language.lower() == "java"
    # Jupyter must interrupt through a message: a SIGINT would end the JVM.
    assert kernelspec.interrupt_mode == "message"
    assert "{connection_file}" in kernelspec.argv
    with open(f"{kernelspec.resource_dir}/kernel.json", encoding="utf-8") as f:
        assert json.load(f)["display_name"] == "Java (Carnets)"


def test_kernel_info(kernel):
    reply = kernel.request("kernel_info")
    c = reply["content"]
    assert c.get("status") == "ok", f"kernel_info_reply sans status ok: {c}"
    assert c["language_info"]["name"] == "java"
    assert c["language_info"].get("version"), c
    assert c["language_info"].get("file_extension"), c
    assert c.get("implementation"), c
    assert c.get("implementation_version"), c
    assert c["protocol_version"].startswith("5."), c


def test_awt_is_headless(kernel):
    # Images are drawn on machines without a display (CI, JupyterHub).
    assert kernel.value("java.awt.GraphicsEnvironment.isHeadless()") == "true"
