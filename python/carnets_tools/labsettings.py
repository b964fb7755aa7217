"""JupyterLab's settings for the course, written into .venv (share/jupyter/lab/settings/overrides.json):
no news pop-up (it would call jupyter.org), course pages (.md) shown rendered, and the French
interface when its language pack is there.

The language pack (jupyterlab-language-pack-fr-FR) is on PyPI, not on every package index:
`./carnets setup` tries it once per .venv and says so when the index does not have it."""

from __future__ import annotations

import json
import subprocess

from .project import IS_WINDOWS, VENV, say, venv_python

LANGUAGE_PACK = "jupyterlab-language-pack-fr-FR"
MODULE = "jupyterlab_language_pack_fr_FR"
#: The outcome of the one attempt to install the language pack: "installé" or "absent de l'index".
STAMP = VENV / ".carnets-langue"


def overrides_path():
    return VENV / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


def has_language_pack() -> bool:
    lib = VENV / "Lib" if IS_WINDOWS else VENV / "lib"
    return any(lib.glob(f"**/site-packages/{MODULE}")) if lib.is_dir() else False


def overrides(french: bool) -> dict:
    values = {
        "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
        # a course page opened from a notebook's link shows as a page, not as Markdown source
        "@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Markdown Preview"}},
    }
    if french:
        values["@jupyterlab/translation-extension:plugin"] = {"locale": "fr_FR"}
    return values


def write_overrides() -> None:
    path = overrides_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(overrides(has_language_pack()), indent=2) + "\n"
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def install_language_pack() -> None:
    """One attempt per .venv; a missing pack is said once, and the setup goes on (English interface)."""
    if has_language_pack() or STAMP.is_file():
        return
    say(f"Interface de JupyterLab en français : installation de {LANGUAGE_PACK}...")
    cmd = [str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "--retries", "0",
           "--timeout", "15", LANGUAGE_PACK]
    try:
        ok = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300).returncode == 0
    except (OSError, subprocess.SubprocessError):
        ok = False
    if ok:
        say("Interface de JupyterLab en français.")
    else:
        say(f"{LANGUAGE_PACK} n'est pas sur l'index de paquets de cette machine : l'interface de JupyterLab "
            "reste en anglais (File = Fichier, Run = Exécuter, Kernel = Noyau). On continue.")
    STAMP.write_text("installé\n" if ok else "absent de l'index\n", encoding="utf-8")
    write_overrides()
