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

ARRAYS = Namespace(dict(
    minimum=np.minimum, maximum=np.maximum, exp=np.exp, log=np.log, where=np.where,
    clip=np.clip, is_array=True))
