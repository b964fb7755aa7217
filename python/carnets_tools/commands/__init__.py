"""One module per `./carnets` command, in the order of `./carnets --help`."""

from . import bench, datasets, doctor, lab, reset, run, setup, site, test

COMMANDS = [lab, reset, test, setup, run, datasets, doctor, bench, site]
