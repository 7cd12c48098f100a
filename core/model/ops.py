"""The few non-arithmetic operations a model step needs, for Python floats or numpy arrays.

One step function serves both paths: a single run steps on plain Python floats (about 15x
faster than numpy on one-element arrays), N samples step on numpy arrays of shape (N,).
Arithmetic operators work on both; these functions are chosen per call.
"""

from __future__ import annotations

import math

import numpy as np

from core.catalogue.constants import Namespace


def _where(condition, if_true, if_false):
    return if_true if condition else if_false


def _clip(value, low, high):
    return low if value < low else high if value > high else value


def _minimum(a, b):
    return a if a < b else b


def _maximum(a, b):
    return a if a > b else b


def compounded(factor, periods, xp):
    """``factor ** periods`` as exp(ln factor * periods): the logarithm of a factor that is
    constant over a run is taken once, before the written-out month loops (core.engine.flat),
    and on numpy rows exp is a third of the time of a power with a month's exponent."""
    return xp.exp(xp.log(factor) * periods)


# Plain-class namespaces, not SimpleNamespace: a block reads ``xp.maximum`` dozens of times
# a month, and CPython specialises attribute reads on plain instances (with the plain-class
# clock in core.engine.simulation: 2.55 instead of 2.63 ms for the blocks of one 132-month run).
FLOATS = Namespace(dict(
    minimum=_minimum, maximum=_maximum, exp=math.exp, log=math.log, where=_where, clip=_clip,
    is_array=False))

# On rows, an operation whose operands are all plain Python numbers (the clock, a constant
# Monte Carlo does not draw) answers a Python float, as on floats: numpy would answer with a
# float64 scalar, which widens every float32 row it then meets to double.
PLAIN = frozenset({float, int, bool})


def row_minimum(a, b):
    return _minimum(a, b) if type(a) in PLAIN and type(b) in PLAIN else np.minimum(a, b)


def row_maximum(a, b):
    return _maximum(a, b) if type(a) in PLAIN and type(b) in PLAIN else np.maximum(a, b)


def row_exp(x):  # numpy's exp, as a row's would be (math.exp may round the other way)
    return float(np.exp(x)) if type(x) in PLAIN else np.exp(x)


def row_log(x):
    return float(np.log(x)) if type(x) in PLAIN else np.log(x)


def row_where(condition, if_true, if_false):
    if type(condition) in PLAIN and type(if_true) in PLAIN and type(if_false) in PLAIN:
        return if_true if condition else if_false
    return np.where(condition, if_true, if_false)


def row_clip(value, low, high):
    if type(value) in PLAIN and type(low) in PLAIN and type(high) in PLAIN:
        return _clip(value, low, high)
    # np.clip's own loop and wrapper take ~14 us on 10,000 samples, these two ~5 (a value
    # equal to a bound may keep its zero's sign, which no later operation of the model sees)
    return np.minimum(np.maximum(value, low), high)


ARRAYS = Namespace(dict(
    minimum=row_minimum, maximum=row_maximum, exp=row_exp, log=row_log, where=row_where,
    clip=row_clip, is_array=True))
