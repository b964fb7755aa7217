"""The learners' accounts of a workshop server: Unix accounts of this machine, which JupyterHub's
PAM authenticator checks, each with its own home (mode 0700: no learner reads another's files).

Accounts are made from `--places N` (apprenant01...) or a file of names, each with a generated
password written for the instructor only (a file of mode 0600); or the machine's existing accounts
are used as they are, with their own passwords. An account made by a previous run (named in the
passwords file) keeps its password and its files; an existing account that this tool did not make
is never changed.
"""

from __future__ import annotations

import os
import pwd
import re
import secrets
import subprocess
from pathlib import Path

from ..project import die

NAME = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
PREFIX = "apprenant"
#: Letters and digits that cannot be mistaken for one another when read aloud or copied from paper.
ALPHABET = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY346789"
PASSWORD_LENGTH = 10
FIRST_UID = 1000
LAST_UID = 59999
NO_LOGIN = ("nologin", "false")


def numbered(places: int) -> list:
    """apprenant01 ... apprenant20."""
    width = max(2, len(str(places)))
    return [f"{PREFIX}{i:0{width}d}" for i in range(1, places + 1)]


def read_names(path: Path) -> list:
    """One account name a line; blank lines and lines starting with # are skipped."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        die(f"fichier de noms illisible : {path} ({e}).")
    names = []
    for number, line in enumerate(text.splitlines(), 1):
        name = line.strip()
        if not name or name.startswith("#"):
            continue
        if not NAME.match(name):
            die(f"{path}, ligne {number} : « {name} » n'est pas un nom de compte valide (minuscules sans accent, "
                "chiffres, - et _, 32 caractères au plus, commençant par une lettre). Exemple : alice-martin")
        if name in names:
            die(f"{path}, ligne {number} : « {name} » est déjà plus haut dans la liste.")
        names.append(name)
    if not names:
        die(f"{path} ne contient aucun nom de compte (un nom par ligne).")
    return names


def is_person(entry: pwd.struct_passwd) -> bool:
    return FIRST_UID <= entry.pw_uid <= LAST_UID and not entry.pw_shell.endswith(NO_LOGIN)


def existing(names: list | None = None) -> list:
    """The machine's accounts to use as they are: `names` (each must be a person's account), else
    every person's account (UID 1000 to 59999 with a login shell)."""
    if names is None:
        found = sorted(e.pw_name for e in pwd.getpwall() if is_person(e))
        if not found:
            die("cette machine n'a aucun compte d'utilisateur (UID 1000 ou plus) : créez-en avec "
                "--places N ou --noms FICHIER.")
        return found
    for name in names:
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            die(f"le compte « {name} » n'existe pas sur cette machine (--comptes-existants n'en crée aucun ; "
                "sans cette option, ./carnets atelier le crée).")
        if not is_person(entry):
            die(f"« {name} » est un compte système (UID {entry.pw_uid}) : il ne peut pas servir d'apprenant.")
    return list(names)


def new_password() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(PASSWORD_LENGTH))


def read_passwords(path: Path) -> dict:
    """{account: password} of the accounts made by earlier runs."""
    if not path.is_file():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        name, _, password = line.partition(";")
        if name and password:
            out[name] = password
    return out


def write_passwords(path: Path, passwords: dict) -> None:
    """identifiant;mot de passe, one account a line; mode 0600 from its creation (and the
    instructor's own file when run through sudo)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write("identifiant;mot de passe\n")
        for name in sorted(passwords):
            f.write(f"{name};{passwords[name]}\n")
    os.chmod(tmp, 0o600)
    owner = os.environ.get("SUDO_UID")
    if owner and owner.isdigit():
        os.chown(tmp, int(owner), -1)
    os.replace(tmp, path)


def create(names: list, passwords_file: Path) -> tuple:
    """Makes the accounts that are missing; returns (new accounts, every account's password)."""
    known = read_passwords(passwords_file)
    created = []
    for name in names:
        try:
            pwd.getpwnam(name)
        except KeyError:
            password = new_password()
            run(["useradd", "--create-home", "--shell", "/bin/bash", "--comment", "Apprenant Carnets", name],
                f"la création du compte {name} a échoué")
            run(["chpasswd"], f"le mot de passe de {name} n'a pas pu être fixé", f"{name}:{password}\n")
            known[name] = password
            created.append(name)
            continue
        if name not in known:
            die(f"le compte « {name} » existe déjà sur cette machine et n'a pas été créé par ./carnets atelier : "
                "il n'est pas modifié. Utilisez --comptes-existants pour les comptes de la machine (avec leurs "
                "mots de passe), ou choisissez un autre nom.")
    write_passwords(passwords_file, {n: p for n, p in known.items() if n in names or _exists(n)})
    return created, {n: known[n] for n in names}


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


def private_homes(names: list) -> None:
    """The homes of the accounts made here readable by their learner only (useradd makes them 0755
    unless HOME_MODE says otherwise)."""
    for home in open_homes(names):
        home.chmod(0o700)


def open_homes(names: list) -> list:
    """The homes that other accounts can enter or read."""
    out = []
    for name in names:
        home = Path(pwd.getpwnam(name).pw_dir)
        if home.is_dir() and home.stat().st_mode & 0o077:
            out.append(home)
    return out


def run(cmd: list, failure: str, stdin: str | None = None) -> None:
    r = subprocess.run(cmd, input=stdin, text=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if r.returncode != 0:
        die(f"{failure} ({' '.join(cmd[:1])} : {r.stdout.strip()[-400:]}).")
