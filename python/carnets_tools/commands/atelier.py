"""`./carnets atelier`: a workshop server, JupyterHub on this machine (carnets_tools.atelier)."""

from __future__ import annotations

import os
from pathlib import Path

from .. import launcher, machine
from ..atelier import accounts, budget, cgroups, hub, install
from ..project import die, say, warn
from . import lab, setup

NAME = "atelier"
HELP = "serveur d'atelier : JupyterHub pour une salle, sur cette machine (root)"
DEFAULT_FOLDER = Path("/srv/carnets-atelier")
DEFAULT_PORT = 8000
PASSWORDS = "mots-de-passe.csv"
DESCRIPTION = f"""\
Installe et démarre un serveur d'atelier sur cette machine : JupyterHub (paquets
Debian jupyterhub 3.0, python3-notebook 6.4 et node-configurable-http-proxy,
installés avec apt-get s'ils manquent), avec le noyau « Java (Carnets) » pour
tous les apprenants. À lancer en root (sudo) : il crée des comptes.

Chaque apprenant a son compte sur cette machine, son dossier personnel (que
les autres ne peuvent pas lire) et sa propre copie des carnets, ~/mes-carnets
(faite à sa première connexion ; son travail y reste d'un démarrage à l'autre).
Les jeux de données sont partagés, en lecture seule. La mémoire du noyau de
chaque apprenant est bornée (--memoire) : un apprenant ne peut pas prendre
celle de toute la salle. La commande dit combien d'apprenants la machine
peut accueillir.

Comptes (au premier lancement ; ensuite, les mêmes sont repris) :
  --places 20           crée apprenant01 … apprenant20 ;
  --noms FICHIER        crée les comptes nommés dans FICHIER (un par ligne) ;
  --comptes-existants   utilise les comptes de la machine, avec leurs mots de
                        passe (ceux de --noms, sinon tous les comptes UID ≥ 1000).
Les mots de passe générés sont écrits dans DOSSIER/{PASSWORDS}, lisible par
vous seul (mode 0600). Un compte déjà créé garde son mot de passe.

Le serveur n'écoute que sur cette machine (127.0.0.1) sauf --adresse, par
exemple --adresse 0.0.0.0 pour la salle ; avec --certificat et --cle, il sert
en HTTPS avec votre certificat.

Arrêt : sudo ./carnets atelier --arreter (les serveurs et les noyaux des
apprenants s'arrêtent ; leurs fichiers restent). Redémarrage : relancez
sudo ./carnets atelier, sans option : les réglages précédents sont repris.
Journal du serveur : DOSSIER/hub/jupyterhub.log."""


def configure(parser):
    parser.usage = ("./carnets atelier [--places N | --noms FICHIER] [--comptes-existants] [--memoire TAILLE]\n"
                    "       [--adresse IP] [--port PORT] [--certificat FICHIER --cle FICHIER] [--dossier DOSSIER]\n"
                    "       ./carnets atelier --arreter | --etat")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--places", type=int, metavar="N", help="crée N comptes apprenant01, apprenant02…")
    who.add_argument("--noms", type=Path, metavar="FICHIER", help="crée les comptes nommés dans FICHIER, un par ligne")
    parser.add_argument("--comptes-existants", action="store_true",
                        help="utilise les comptes de la machine (ceux de --noms, sinon tous) au lieu d'en créer")
    parser.add_argument("--memoire", metavar="TAILLE",
                        help="mémoire du noyau de chaque apprenant, par exemple 2g ou 1536m (défaut : la mémoire "
                             "de la machine partagée entre les places, de 2 à 4 Gio)")
    parser.add_argument("--adresse", metavar="IP", help="adresse d'écoute (défaut : 127.0.0.1, cette machine seule)")
    parser.add_argument("--port", type=int, metavar="PORT", help=f"port d'écoute (défaut : {DEFAULT_PORT})")
    parser.add_argument("--certificat", type=Path, metavar="FICHIER", help="certificat TLS (PEM) : sert en HTTPS")
    parser.add_argument("--cle", type=Path, metavar="FICHIER", help="clé privée du certificat (PEM)")
    parser.add_argument("--sans-certificat", action="store_true",
                        help="revient en HTTP après un démarrage avec --certificat")
    parser.add_argument("--dossier", type=Path, metavar="DOSSIER", default=DEFAULT_FOLDER,
                        help=f"dossier de l'atelier : noyau, cours, données, état du serveur (défaut : {DEFAULT_FOLDER})")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--arreter", action="store_true", help="arrête le serveur d'atelier")
    action.add_argument("--etat", action="store_true", help="dit si le serveur d'atelier tourne, et où")


def require_root() -> None:
    if not (hasattr(os, "geteuid") and os.geteuid() == 0):
        die("./carnets atelier demande les droits root (il crée des comptes et lance le serveur pour chacun) : "
            "sudo ./carnets atelier …")


def run(args) -> int:
    require_root()
    folder = Path(os.path.abspath(args.dossier))
    if args.etat:
        return status(folder)
    if args.arreter:
        return stop(folder)
    settings = chosen_settings(args, folder)
    pid = hub.running(folder)
    if pid:
        url = (hub.load_settings(folder) or settings).url()
        die(f"l'atelier tourne déjà (processus {pid}) : {url} . Pour changer ses réglages : "
            "sudo ./carnets atelier --arreter, puis relancez avec les nouveaux.")
    if hub.leftovers(folder):  # a hub that was killed left servers or kernels behind
        warn(f"des processus d'un atelier précédent tournaient encore : arrêtés ({hub.stop(folder)}).")
    if not lab.port_is_free(0, settings.address):
        die(f"l'adresse {settings.address} n'est pas une adresse de cette machine (ip address les liste) ; "
            "0.0.0.0 les prend toutes.")
    if not lab.port_is_free(settings.port, settings.address):
        die(f"le port {settings.port} est déjà utilisé sur {settings.address} (un autre serveur ?) : arrêtez-le, "
            f"ou choisissez un autre port : --port {settings.port + 1}")
    found = hub.ensure_installed()
    setup.ensure()
    java = setup.require_java()
    java_home = Path(os.path.realpath(java.path)).parent.parent
    blocked = install.unreachable(Path(java.path), execute=True)
    if blocked:
        die(f"Java ({java.path}) n'est pas utilisable par les autres comptes ({blocked}) : installez un JDK du "
            "système (apt-get install openjdk-17-jdk-headless) et faites pointer JAVA_HOME dessus.")
    say(f"Noyau, cours et jeux de données pour tous les apprenants : {folder}")
    install.install(folder, java_home, settings.budget_mib)
    make_accounts(settings, folder)
    tell_memory(settings, java)
    limit = settings.budget_mib + budget.SERVER_MIB
    cgroup_dir = cgroups.prepare(folder, settings.accounts, limit)
    if cgroup_dir:
        say(f"Limite du système (cgroup {cgroup_dir.name}) : {budget.french_size(limit)} par apprenant, serveur "
            "et noyaux compris ; au-delà, le noyau de l'apprenant est arrêté, pas celui des autres.")
    else:
        warn("les cgroups de cette machine ne sont pas modifiables (conteneur ?) : la mémoire n'est bornée que par "
             "le lanceur du noyau (tas Java, et allocations natives vérifiées à chaque allocation).")
    hub.start(folder, settings, cgroup_dir)
    say(f"Atelier démarré : {settings.url()} (JupyterHub {found.get('jupyterhub', '?')}, "
        f"Notebook {found.get('python3-notebook', '?')}). Chaque apprenant s'y connecte avec son compte.")
    if settings.address in ("127.0.0.1", "::1"):
        say("Il n'écoute que sur cette machine : pour la salle, relancez avec --adresse 0.0.0.0 "
            "(ou l'adresse de la machine sur le réseau de la salle).")
    say(f"Arrêt : sudo ./carnets atelier --arreter (le travail des apprenants reste dans leur ~/mes-carnets). "
        f"Journal : {hub.hub_dir(folder) / 'jupyterhub.log'}")
    return 0


def chosen_settings(args, folder: Path) -> hub.Settings:
    """The options given, else those of the last start, else the defaults."""
    saved = hub.load_settings(folder)
    if args.places is not None and args.places < 1:
        die("--places demande un nombre au moins égal à 1.")
    if args.places is not None and args.comptes_existants:
        die("--places crée des comptes, --comptes-existants n'en crée aucun : choisissez l'un des deux.")
    if args.places is not None:
        names, existing = accounts.numbered(args.places), False
    elif args.noms is not None:
        names, existing = accounts.read_names(args.noms), args.comptes_existants
    elif args.comptes_existants:
        names, existing = accounts.existing(), True
    elif saved:
        names, existing = saved.accounts, saved.existing
    else:
        die("indiquez les apprenants : --places 20 (crée apprenant01 … apprenant20), --noms FICHIER "
            "(un nom de compte par ligne) ou --comptes-existants (les comptes de cette machine).")
    if existing:
        names = accounts.existing(names)
    if args.memoire is not None:
        budget_mib = machine.parse_mib(args.memoire)
        if budget_mib is None:
            die(f"--memoire : « {args.memoire} » n'est pas une taille (exemples : 2g, 1536m).")
        if budget_mib < budget.MIN_BUDGET_MIB:
            die(f"--memoire : {budget.french_size(budget_mib)} est trop peu pour le noyau (tas de 512 Mio et 1 Gio "
                f"hors tas au moins) : donnez au moins {budget.french_size(budget.MIN_BUDGET_MIB)}.")
    elif saved and saved.accounts == names:
        budget_mib = saved.budget_mib
    else:
        budget_mib = budget.default_budget(machine.memory_mib() or 8192, len(names))
    address = hub.check_address(args.adresse or (saved.address if saved else "127.0.0.1"))
    port = args.port or (saved.port if saved else DEFAULT_PORT)
    if not 1 <= port <= 65535:
        die(f"port invalide : {port} (de 1 à 65535).")
    certificate, key = args.certificat, args.cle
    if (certificate is None) != (key is None):
        die("HTTPS demande le certificat et sa clé : --certificat FICHIER --cle FICHIER.")
    if args.sans_certificat:
        if certificate is not None:
            die("--sans-certificat et --certificat se contredisent : choisissez l'un des deux.")
    elif certificate is None and saved:
        certificate, key = saved.certificate, saved.key
    for option, path in (("--certificat", certificate), ("--cle", key)):
        if path is not None and not Path(path).is_file():
            die(f"{option} : fichier introuvable : {path}")
    return hub.Settings(names, existing, budget_mib, address, port,
                        str(Path(certificate).resolve()) if certificate else None,
                        str(Path(key).resolve()) if key else None)


def make_accounts(settings: hub.Settings, folder: Path) -> None:
    if settings.existing:
        say(f"{len(settings.accounts)} compte(s) de la machine, avec leurs mots de passe : "
            f"{', '.join(settings.accounts)}")
        for home in accounts.open_homes(settings.accounts):
            warn(f"{home} est lisible par les autres comptes : chmod 700 {home} pour que les autres apprenants "
                 "ne puissent pas y lire.")
        return
    created, _ = accounts.create(settings.accounts, folder / PASSWORDS)
    accounts.private_homes(settings.accounts)
    kept = len(settings.accounts) - len(created)
    say(f"{len(created)} compte(s) créé(s), {kept} déjà là : identifiants et mots de passe dans "
        f"{folder / PASSWORDS} (lisible par vous seul).")


def tell_memory(settings: hub.Settings, java) -> None:
    """The learner's limits as the launcher computes them, and how many learners fit."""
    plan = launcher.plan({"CARNETS_MEMORY": f"{settings.budget_mib}m"}, java=java)
    total = machine.memory_mib() or 0
    fits = budget.capacity(total, settings.budget_mib)
    size = budget.french_size
    say(f"Mémoire de chaque apprenant : son noyau Java est limité à {size(settings.budget_mib)} (tas "
        f"{size(machine.parse_mib(plan.xmx))}, tableaux ND4J {size(machine.parse_mib(plan.maxbytes))}), plus "
        f"environ {budget.SERVER_MIB} Mio pour son serveur Jupyter.")
    say(f"Cette machine ({size(total)}, dont {size(budget.RESERVE_MIB)} gardés pour le système) peut accueillir "
        f"{fits} apprenant(s) travaillant en même temps, à {size(settings.budget_mib)} chacun.")
    if fits < len(settings.accounts):
        warn(f"{len(settings.accounts)} comptes pour {fits} place(s) en mémoire : si tous entraînent un réseau en "
             "même temps, des noyaux s'arrêteront faute de mémoire. Baissez --memoire (1536m au moins) ou "
             "prenez une machine plus grande.")


def stop(folder: Path) -> int:
    if not hub.running(folder) and not hub.leftovers(folder):
        say(f"L'atelier ({folder}) ne tourne pas.")
        return 0
    ended = hub.stop(folder)
    say("Atelier arrêté" + (f" ({ended} processus restants arrêtés après le serveur)" if ended else "")
        + ". Le travail des apprenants reste dans leur ~/mes-carnets ; pour redémarrer : sudo ./carnets atelier")
    return 0


def status(folder: Path) -> int:
    settings = hub.load_settings(folder)
    pid = hub.running(folder)
    if pid and settings:
        say(f"L'atelier tourne (processus {pid}) : {settings.url()} ; {len(settings.accounts)} compte(s), "
            f"{budget.french_size(settings.budget_mib)} par noyau.")
        return 0
    say(f"L'atelier ({folder}) ne tourne pas." + (" Pour le démarrer : sudo ./carnets atelier" if settings else ""))
    return 3
