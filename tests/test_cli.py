"""Unit tests of `./carnets` (carnets_tools.cli and its commands): parsing, French help and errors,
exit codes, idempotence, the Python and JDK checks with fake environments, doctor's diagnostics.
No kernel is started; everything but the two real `./carnets` runs takes milliseconds."""

from __future__ import annotations

import io
import os
import shutil
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from carnets_tools import cli, kernelspec, requirements
from carnets_tools.commands import COMMANDS, doctor, lab
from carnets_tools.project import ROOT, CarnetsError

SHIM = ROOT / "carnets"
POSIX_ONLY = pytest.mark.skipif(os.name == "nt", reason="the POSIX shim and fake executables in sh")
NAMES = ["lab", "reinitialiser", "test", "setup", "run", "datasets", "doctor", "bench", "site", "corriger", "paquet", "atelier"]


def carnets(*args, env=None, cwd=ROOT, shim=SHIM):
    return subprocess.run(["sh", str(shim), *args], cwd=str(cwd), env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, timeout=300)


# --- parsing and help --------------------------------------------------------------------------------


def test_every_command_has_a_module():
    assert [m.NAME for m in COMMANDS] == NAMES


@pytest.mark.parametrize("argv", [[], ["--help"], ["-h"], ["help"], ["aide"]])
def test_general_help_lists_every_command_in_french(argv, capsys):
    assert cli.main(argv) == 0
    out = capsys.readouterr().out
    assert out.startswith("Usage : ./carnets COMMANDE [OPTIONS]")
    assert "Commandes :" in out and "Pour commencer : ./carnets lab" in out
    for name in NAMES:
        assert f"\n  {name} " in out, name


@pytest.mark.parametrize("name", NAMES)
def test_help_of_each_command_is_generated_in_french(name, capsys):
    with pytest.raises(SystemExit) as e:
        cli.main([name, "--help"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Usage : ./carnets {name}")
    assert "Options :" in out and "affiche cette aide" in out
    assert "show this help" not in out and "usage:" not in out


@pytest.mark.parametrize("argv, code", [
    (["setup", "--nope"], 1), (["lab", "--nope"], 1), (["test", "--nope"], 1), (["setup", "extra"], 1),
    (["datasets", "--nope"], 2), (["run", "--nope", "x.ipynb"], 2), (["site", "--nope"], 2),
])
def test_unknown_options_are_refused_in_french_with_the_old_exit_codes(argv, code, capsys):
    with pytest.raises(SystemExit) as e:
        cli.main(argv)
    assert e.value.code == code
    err = capsys.readouterr().err
    assert f"option inconnue pour {argv[0]} : {argv[1]}" in err and f"./carnets {argv[0]} --help" in err


def test_unknown_command(capsys):
    assert cli.main(["labo"]) == 2
    err = capsys.readouterr().err
    assert "commande inconnue : labo" in err and "Usage : ./carnets" in err


def test_doctor_and_run_refuse_their_bad_forms(capsys):
    assert cli.main(["doctor", "x"]) == 1
    assert "doctor ne prend pas d'argument" in capsys.readouterr().err
    assert cli.main(["run"]) == 1
    assert "indiquez au moins un carnet" in capsys.readouterr().err


def test_what_follows_a_double_dash_is_handed_on(monkeypatch):
    seen = {}
    from carnets_tools.commands import test as test_command

    monkeypatch.setattr(test_command, "run", lambda args: seen.update(vars(args)) or 0)
    assert cli.main(["test", "--browser", "--", "-k", "interrupt", "--nope"]) == 0
    assert seen["browser"] is True and seen["passthrough"] == ["-k", "interrupt", "--nope"]


def test_a_command_error_is_printed_with_its_code(monkeypatch, capsys):
    from carnets_tools.commands import setup

    def fail(args):
        raise CarnetsError("quelque chose manque", 3)

    monkeypatch.setattr(setup, "run", fail)
    assert cli.main(["setup"]) == 3
    assert capsys.readouterr().err == "carnets : erreur : quelque chose manque\n"


def test_relative_carnets_data_becomes_absolute(monkeypatch, tmp_path):
    from carnets_tools.commands import datasets

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARNETS_DATA", "donnees")
    monkeypatch.setattr(datasets, "run", lambda args: 0)
    cli.main(["datasets", "--list"])
    assert os.environ["CARNETS_DATA"] == str(tmp_path / "donnees")


# --- lab -----------------------------------------------------------------------------------------------


def test_lab_listens_on_loopback_with_the_token_out_of_the_command_line():
    cmd = lab.command(8890, browser=False, extra=["--debug"], is_root=True)
    assert "--ServerApp.ip=127.0.0.1" in cmd and "--ServerApp.port=8890" in cmd
    assert "--ServerApp.port_retries=0" in cmd and "--no-browser" in cmd and "--allow-root" in cmd
    assert cmd[-1] == "--debug" and not any("token" in c.lower() for c in cmd)
    assert "--allow-root" not in lab.command(8890, browser=True, extra=[], is_root=False)


def test_lab_port_choice():
    assert lab.chosen_port(None, {}) == 8888
    assert lab.chosen_port(None, {"CARNETS_PORT": "9000"}) == 9000
    assert lab.chosen_port("8890", {"CARNETS_PORT": "9000"}) == 8890
    with pytest.raises(CarnetsError, match="port invalide"):
        lab.chosen_port("huit", {})


def test_port_is_free_sees_a_taken_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        assert not lab.port_is_free(s.getsockname()[1])


# --- the shim and the Python check ---------------------------------------------------------------------


def fake_exe(folder: Path, name: str, script: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / name
    exe.write_text("#!/bin/sh\n" + script)
    exe.chmod(exe.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return exe


def shim_copy(tmp_path) -> Path:
    """The shim in a checkout without .venv, whose python/ is this repository's."""
    repo = tmp_path / "repo"
    repo.mkdir()
    shutil.copy(SHIM, repo / "carnets")
    os.symlink(ROOT / "python", repo / "python")
    return repo / "carnets"


@POSIX_ONLY
def test_shim_refuses_a_python_older_than_3_9(tmp_path):
    bin_dir = tmp_path / "bin"
    fake_exe(bin_dir, "python3", "exit 1\n")  # answers the version check as Python 3.8 would
    fake_exe(bin_dir, "python", "exit 1\n")
    env = {"PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin", "HOME": str(tmp_path)}
    r = carnets("--help", env=env, shim=shim_copy(tmp_path))
    assert r.returncode == 1
    assert "Python 3.9 ou plus récent est introuvable" in r.stderr and "CARNETS_PYTHON" in r.stderr


@POSIX_ONLY
def test_shim_uses_carnets_python_before_venv_exists(tmp_path):
    env = {"PATH": f"{tmp_path}{os.pathsep}/usr/bin{os.pathsep}/bin", "HOME": str(tmp_path),
           "CARNETS_PYTHON": sys.executable}
    r = carnets("--help", env=env, shim=shim_copy(tmp_path))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("Usage : ./carnets")


def test_creating_a_venv_needs_python_3_9(monkeypatch, tmp_path):
    monkeypatch.setattr(requirements, "MIN_PYTHON", (99, 0))
    with pytest.raises(CarnetsError, match="Python 99.0 ou plus récent"):
        requirements.create_venv(tmp_path / "venv", "du test")
    assert not (tmp_path / "venv").exists()


# --- requirements stamp: install once -------------------------------------------------------------------


def fake_venv(tmp_path) -> Path:
    venv = tmp_path / "venv"
    from carnets_tools.project import venv_python

    venv_python(venv).parent.mkdir(parents=True)
    venv_python(venv).write_text("")
    (venv / "pyvenv.cfg").write_text("version = 3.11.7\n")
    return venv


def test_requirements_install_only_when_they_change(tmp_path, monkeypatch):
    venv = fake_venv(tmp_path)
    req = tmp_path / "requirements.txt"
    req.write_text("pkg==1.0\n")
    stamp = venv / ".stamp"
    calls = []
    monkeypatch.setattr(requirements, "pip_install", lambda v, args: calls.append(list(args)) or True)
    assert requirements.ensure(venv, stamp, [req], ["-r", str(req)], "du test") is True
    assert requirements.ensure(venv, stamp, [req], ["-r", str(req)], "du test") is False
    assert len(calls) == 1
    req.write_text("pkg==2.0\n")  # a new pin
    assert requirements.ensure(venv, stamp, [req], ["-r", str(req)], "du test") is True
    (venv / "pyvenv.cfg").write_text("version = 3.12.1\n")  # .venv rebuilt with another Python
    assert not requirements.up_to_date(venv, stamp, [req])


def test_a_failed_install_leaves_no_stamp(tmp_path, monkeypatch):
    venv = fake_venv(tmp_path)
    req = tmp_path / "requirements.txt"
    req.write_text("pkg==1.0\n")
    monkeypatch.setattr(requirements, "pip_install", lambda v, args: False)
    with pytest.raises(CarnetsError, match="installation des paquets Python a échoué"):
        requirements.ensure(venv, venv / ".stamp", [req], ["-r", str(req)], "du test")
    assert not (venv / ".stamp").exists()


def test_kernelspec_runs_the_launcher_with_the_venv_python(tmp_path):
    venv = fake_venv(tmp_path)
    assert not kernelspec.is_current(venv)
    kernelspec.install(venv)
    spec = kernelspec.installed(venv)
    assert spec["argv"][1:] == ["-m", "carnets_tools.launcher", "{connection_file}"]
    assert Path(spec["argv"][0]).parent.parent == venv
    assert spec["interrupt_mode"] == "message" and kernelspec.is_current(venv)


@POSIX_ONLY
def test_second_setup_redoes_nothing():
    """On a set-up repository (./carnets test runs setup first): nothing is installed or built again."""
    r = carnets("setup")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "Paquets Python déjà installés" in r.stdout
    assert "Noyau Java déjà construit" in r.stdout
    assert "Installation des" not in r.stdout and "Construction" not in r.stdout


# --- doctor ------------------------------------------------------------------------------------------


def report():
    out = io.StringIO()
    return doctor.Report(out), out


def java_env(tmp_path, version_line, modules="java.base@17\njdk.jshell@17\n"):
    fake_exe(tmp_path / "jdk" / "bin", "java",
             f"if [ \"$1\" = --list-modules ]; then printf '{modules}'; exit 0; fi\necho '{version_line}' >&2\n")
    return {"JAVA_HOME": str(tmp_path / "jdk"), "PATH": str(tmp_path / "empty")}


@POSIX_ONLY
@pytest.mark.parametrize("line, modules, verdict", [
    ('openjdk version "17.0.15" 2025-04-15', "jdk.jshell@17\n", "OK           JDK 17"),
    ('openjdk version "11.0.2" 2019-01-15', "jdk.jshell@11\n", "Java 11 est trop ancien"),
    ('openjdk version "17.0.15" 2025-04-15', "java.base@17\n", "JRE sans JShell"),
    ("rien de lisible", "", "version de Java illisible"),
])
def test_doctor_java(tmp_path, line, modules, verdict):
    r, out = report()
    doctor.check_java(r, java_env(tmp_path, line, modules))
    assert verdict in out.getvalue()
    assert r.failures == (0 if verdict.startswith("OK") else 1)
    if r.failures:
        assert "→ " in out.getvalue()


def test_doctor_without_java(tmp_path):
    r, out = report()
    doctor.check_java(r, {"PATH": str(tmp_path)})
    assert "Java introuvable" in out.getvalue() and "openjdk-17-jdk" in out.getvalue() and r.failures == 1


def test_doctor_machine(tmp_path):
    r, out = report()
    env = {"CARNETS_CGROUP_ROOT": str(tmp_path), "OMP_NUM_THREADS": "3"}
    doctor.check_machine(r, env, mem_mib=4000, cores=4)
    text = out.getvalue()
    assert "ATTENTION    mémoire : 3.9 Go (8 Go conseillés" in text
    assert "4 cœur(s) ; threads natifs du noyau : 3" in text
    assert r.failures == 0  # advice, not a failure
    r, out = report()
    doctor.check_machine(r, {"CARNETS_CGROUP_ROOT": str(tmp_path)}, mem_mib=16000, cores=2)
    assert "OK           mémoire : 15.6 Go" in out.getvalue()


def test_doctor_without_venv(tmp_path):
    r, out = report()
    doctor.check_python(r, tmp_path / "no-venv")
    doctor.check_kernelspec(r, tmp_path / "no-venv")
    text = out.getvalue()
    assert "Python pour créer .venv" in text and "environnement Python .venv absent" in text
    assert "non installé (pas de .venv)" in text and r.failures == 2


def test_doctor_venv_missing_packages(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    r, out = report()
    doctor.check_python(r, venv)
    text = out.getvalue()
    assert "environnement Python .venv" in text
    assert "paquets Python manquants dans .venv : jupyterlab" in text and "carnets_tools" in text
    assert r.failures == 1


def test_doctor_port(tmp_path, monkeypatch):
    venv = fake_venv(tmp_path)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        port = s.getsockname()[1]
        r, out = report()
        doctor.check_port(r, {"CARNETS_PORT": str(port)}, venv)
        assert f"ATTENTION    port {port} déjà utilisé" in out.getvalue()
        assert f"./carnets lab --port {port + 1}" in out.getvalue() and r.failures == 0


@POSIX_ONLY
def test_doctor_on_this_repository():
    """The real diagnosis of a set-up repository: every point OK, exit status 0."""
    r = carnets("doctor")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "À CORRIGER" not in r.stdout and "Tout est prêt : ./carnets lab" in r.stdout
