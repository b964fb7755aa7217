"""One module per `./carnets` command, in the order of `./carnets --help`."""

from . import atelier, bench, corriger, datasets, doctor, lab, paquet, reset, run, setup, site, test

COMMANDS = [lab, reset, test, setup, run, datasets, doctor, bench, site, corriger, paquet, atelier]
