"""The few non-arithmetic operations a model step needs, for Python floats or numpy arrays.

One step function serves both paths: a single run steps on plain Python floats (about 15x
faster than numpy on one-element arrays), N samples step on numpy arrays of shape (N,).
Arithmetic operators work on both; these functions are chosen per call.
"""

from __future__ import annotations

import math
from types import SimpleNamespace

import numpy as np


def _where(condition, if_true, if_false):
    return if_true if condition else if_false


def _clip(value, low, high):
    return low if value < low else high if value > high else value


def _minimum(a, b):
    return a if a < b else b


def _maximum(a, b):
    return a if a > b else b


FLOATS = SimpleNamespace(
    minimum=_minimum, maximum=_maximum, exp=math.exp, log=math.log, where=_where, clip=_clip,
    is_array=False)

ARRAYS = SimpleNamespace(
    minimum=np.minimum, maximum=np.maximum, exp=np.exp, log=np.log, where=np.where,
    clip=np.clip, is_array=True)
