"""The desktop application: a thin Qt layer over ``core``.

Importing this package imports no Qt, so ``airace`` subcommands that never open a window
(``desktop.entry``) start fast and work without a display.
"""
