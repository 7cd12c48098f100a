"""AI Race Planner core: the scenario model, scenario files, analysis and the headless CLI.

Nothing in this package imports Qt; the desktop application is a thin view over it.
"""
