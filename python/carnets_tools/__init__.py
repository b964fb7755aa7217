"""Carnets' Python side: the `./carnets` commands (carnets_tools.commands), the kernel launcher
(carnets_tools.launcher) and the notebook and site tools they use."""
