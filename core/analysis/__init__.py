"""Analysis over many runs: Monte Carlo bands, sensitivity, goal seek and comparisons.

Everything here calls the vectorised model once per batch of samples; nothing loops over
samples in Python and nothing imports Qt (the GUI runs these off its thread).
"""
