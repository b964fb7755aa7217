"""argparse in French: the help of every command is generated from its parser, in the course's
language. argparse's own words ("usage:", "options", its error messages) go through gettext; they
are translated here, and errors are printed the way `./carnets` always printed them."""

from __future__ import annotations

import argparse
import sys

FRENCH = {
    "usage: ": "Usage : ",
    "positional arguments": "Arguments",
    "options": "Options",
    "optional arguments": "Options",
    "show this help message and exit": "affiche cette aide et s'arrête",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "expected %s argument": "%s valeur attendue",
    "expected %s arguments": "%s valeurs attendues",
    "invalid choice: %(value)r (choose from %(choices)s)": "choix invalide : %(value)r (choix possibles : %(choices)s)",
    "invalid %(type)s value: %(value)r": "valeur invalide : %(value)r",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s : %(message)s",
    "not allowed with argument %s": "incompatible avec %s",
    "ambiguous option: %(option)s could match %(matches)s": "option ambiguë : %(option)s peut être %(matches)s",
    "one of the arguments %s is required": "il faut l'un de ces arguments : %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "commande inconnue %(parser_name)r (commandes : %(choices)s)",
}


def _french(message: str) -> str:
    return FRENCH.get(message, message)


def _french_n(singular: str, plural: str, n: int) -> str:
    return _french(singular if n == 1 else plural)


# argparse looks these two up at call time (module globals), so help and errors come out in French.
argparse._ = _french  # type: ignore[attr-defined]
argparse.ngettext = _french_n  # type: ignore[attr-defined]


class Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the line breaks of descriptions; lists subcommands without argparse's {a,b,c} line."""

    def _format_action(self, action):
        if isinstance(action, argparse._SubParsersAction):
            return "".join(self._format_action(a) for a in action._get_subactions())
        return super()._format_action(action)


class Parser(argparse.ArgumentParser):
    """A parser whose errors read `carnets : erreur : MESSAGE (voir PROG --help)` and exit with
    `error_code` (1 for most commands, as their bash versions did; 2 where they returned 2)."""

    def __init__(self, *args, error_code: int = 2, **kwargs):
        kwargs.setdefault("formatter_class", Formatter)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.error_code = error_code
        # argparse appends ":" to a title; French puts a space before it.
        self._optionals.title = "Options "
        self._positionals.title = "Arguments "
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="affiche cette aide et s'arrête")

    def error(self, message):  # noqa: D401 - argparse's API
        self.exit(self.error_code, f"carnets : erreur : {message} (voir {self.prog} --help)\n")

    def exit(self, status=0, message=None):
        if message:
            sys.stderr.write(message)
        raise SystemExit(status)
