"""`./carnets COMMAND`: one argparse subcommand per module of carnets_tools.commands.

A command module provides NAME, HELP (one line for the list of commands), DESCRIPTION (its
--help text), `configure(parser)` and `run(args) -> exit status`; optionally ERROR_CODE (exit
status of a bad command line, 1 unless said), PASSTHROUGH (what follows `--` is handed to another
tool, in args.passthrough) and UNKNOWN_OPTIONS (options it does not know are handed on as well).
Every command is idempotent and reads nothing from stdin, so that it runs the same on a learner's
laptop and in CI (CI=true, no terminal).
"""

from __future__ import annotations

import os
import sys

from . import parsing
from .commands import COMMANDS
from .project import CarnetsError

PROG = "./carnets"
DESCRIPTION = "Carnets : noyau Java pour Jupyter, extension Deeplearning4j et cours en français."
EPILOG = f"Aide d'une commande : {PROG} COMMANDE --help\n\nPour commencer : {PROG} lab"


def build_parser():
    parser = parsing.Parser(prog=PROG, usage=f"{PROG} COMMANDE [OPTIONS]", description=DESCRIPTION,
                            epilog=EPILOG, error_code=2)
    sub = parser.add_subparsers(title="Commandes ", dest="command", metavar="COMMANDE")
    parsers = {}
    for module in COMMANDS:
        p = sub.add_parser(module.NAME, help=module.HELP, description=module.DESCRIPTION,
                           prog=f"{PROG} {module.NAME}", error_code=getattr(module, "ERROR_CODE", 1))
        module.configure(p)
        p.set_defaults(module=module)
        parsers[module.NAME] = p
    return parser, parsers


def main(argv: list | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # A relative CARNETS_DATA would change meaning when a command changes directory (lab runs in
    # notebooks/, the kernel in the notebook's folder): made absolute once, here.
    if os.environ.get("CARNETS_DATA") and not os.path.isabs(os.environ["CARNETS_DATA"]):
        os.environ["CARNETS_DATA"] = os.path.abspath(os.environ["CARNETS_DATA"])
    parser, parsers = build_parser()
    if not argv or argv[0] in ("-h", "--help", "help", "aide"):
        parser.print_help()
        return 0
    if argv[0] not in parsers:
        print(f"carnets : commande inconnue : {argv[0]}\n", file=sys.stderr)
        parser.print_help(sys.stderr)
        return 2
    module = parsers[argv[0]].get_default("module")
    head, passthrough = argv, []
    if getattr(module, "PASSTHROUGH", False) and "--" in argv:
        cut = argv.index("--")
        head, passthrough = argv[:cut], argv[cut + 1:]
    try:
        args, unknown = parser.parse_known_args(head)
        if unknown and not getattr(module, "UNKNOWN_OPTIONS", False):
            parsers[module.NAME].error(f"option inconnue pour {module.NAME} : {unknown[0]}")
        args.passthrough = passthrough
        args.raw = argv[1:]
        return module.run(args) or 0
    except CarnetsError as e:
        print(f"carnets : erreur : {e}", file=sys.stderr)
        return e.code
    except KeyboardInterrupt:
        print("carnets : interrompu.", file=sys.stderr)
        return 130
