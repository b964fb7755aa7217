"""`python -m carnets_tools COMMAND` (what `./carnets` and `carnets.cmd` run).

The shims run this file by its path, which also works before carnets_tools is installed into
.venv (a fresh clone: the machine's Python runs `setup`, which installs it)."""

import sys

if __package__ in (None, ""):
    from pathlib import Path

    # Run as a file: its folder (carnets_tools/) must not shadow other modules; python/ is what holds the package.
    sys.path[0] = str(Path(__file__).resolve().parent.parent)
    from carnets_tools.cli import main
else:
    from .cli import main

sys.exit(main())
