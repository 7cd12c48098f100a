"""Dimensional analysis of the model: numbers that carry units, and the ops that check them.

A check (tests/core/test_model_units.py) runs every block's own code on ``Quantity`` values
instead of floats, with ``UNIT_OPS`` as the op namespace, so each equation is checked as
written: adding, comparing, min/max/where/clip of different units fails, and so does exp of
anything but a pure number. Nothing here runs on the model's normal path.

A unit is a vector of exponents over the base dimensions plus a scale, so kW and GW, USD and
$B, months and years, GWh and TWh are different units: an equation mixes them only through a
named conversion constant that carries its unit (``K.kw_per_gw`` in "kW/GW"). Three kinds of
unit go beyond plain ones:

- a growth factor per period ("x/yr"): raised to a time in that period it is a pure number,
  ln of it is a rate (1/yr), and the ratio or product of two is again a growth factor;
- a fractional growth per period ("growth/yr", the 0.09 of 9% a year compounded): one plus it
  is a growth factor;
- the logarithm of a unit ("ln(H100e/yr)", a stock integrated as a logarithm): exp of it is a
  quantity in that unit, the difference of two is a pure number, and a pure number may be
  added to it (the Euler step).

A plain zero (``0.0`` in ``xp.maximum(x, 0.0)``) is the zero of every unit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from types import SimpleNamespace

BASES = ("W", "yr", "H100e", "USD", "chip", "unit", "state")

# Unit words: (base exponents, scale in the base units).
_WORDS: dict[str, tuple[dict[str, int], Fraction]] = {
    "1": ({}, Fraction(1)),
    "M": ({}, Fraction(10**6)),  # a million of what follows
    "kW": ({"W": 1}, Fraction(10**3)),
    "GW": ({"W": 1}, Fraction(10**9)),
    "h": ({"yr": 1}, Fraction(1, 8766)),
    "GWh": ({"W": 1, "yr": 1}, Fraction(10**9, 8766)),
    "TWh": ({"W": 1, "yr": 1}, Fraction(10**12, 8766)),
    "yr": ({"yr": 1}, Fraction(1)),
    "years": ({"yr": 1}, Fraction(1)),
    "month": ({"yr": 1}, Fraction(1, 12)),
    "months": ({"yr": 1}, Fraction(1, 12)),
    "H100e": ({"H100e": 1}, Fraction(1)),
    "USD": ({"USD": 1}, Fraction(1)),
    "$B": ({"USD": 1}, Fraction(10**9)),
    "chip": ({"chip": 1}, Fraction(1)),
    "chips": ({"chip": 1}, Fraction(1)),
    "unit": ({"unit": 1}, Fraction(1)),
    "state": ({"state": 1}, Fraction(1)),
    "states": ({"state": 1}, Fraction(1)),
}

# Whole unit strings that name a pure number (shares, multiples, indices, switches).
_PURE = {"1", "x", "share", "index", "on/off", "x of 2025"}


class UnitError(TypeError):
    """An equation combines quantities whose units do not fit."""


@dataclass(frozen=True)
class Unit:
    dims: tuple[int, ...]
    scale: Fraction
    kind: str = "plain"  # "plain", "growth" (x per period), "fgrowth" (growth/period), "log"
    of: Unit | None = None  # growth: the period; log: the unit under the logarithm

    @property
    def is_pure(self) -> bool:
        return self.kind == "plain" and not any(self.dims) and self.scale == 1

    def __mul__(self, other: Unit) -> Unit:
        return Unit(tuple(a + b for a, b in zip(self.dims, other.dims, strict=True)),
                    self.scale * other.scale)

    def __truediv__(self, other: Unit) -> Unit:
        return self * other ** -1

    def __pow__(self, power: int) -> Unit:
        return Unit(tuple(a * power for a in self.dims), self.scale ** power)

    def __str__(self) -> str:
        return unit_name(self)


PURE = Unit((0,) * len(BASES), Fraction(1))
YEAR = Unit(tuple(int(b == "yr") for b in BASES), Fraction(1))


def _word(word: str) -> Unit:
    try:
        exponents, scale = _WORDS[word]
    except KeyError:
        raise ValueError(f"unknown unit word {word!r}") from None
    return Unit(tuple(exponents.get(b, 0) for b in BASES), scale)


def _product(text: str) -> Unit:
    result = PURE
    for word in text.split():
        result = result * _word(word)
    return result


_NAMES: dict[Unit, str] = {}


def parse_unit(text: str) -> Unit:
    """The unit of a unit string used in levers, constants, outputs and the structure."""
    text = text.strip()
    if text in _PURE or text.startswith("share of ") and " per " not in text:
        unit = PURE
    elif text == "effective H100e":  # H100e at 2025 algorithmic efficiency
        unit = _word("H100e")
    elif match := re.fullmatch(r"(x|growth)/(\w+)", text):
        kind = "growth" if match[1] == "x" else "fgrowth"
        unit = Unit(PURE.dims, PURE.scale, kind, _word(match[2]))
    elif match := re.fullmatch(r"ln\((.+)\)", text):
        inner = parse_unit(match[1])
        unit = PURE if inner.is_pure else Unit(PURE.dims, PURE.scale, "log", inner)
    elif match := re.fullmatch(r"share of .+ per (\w+)", text):
        unit = PURE / _word(match[1])
    elif text.count("/") == 1:
        top, bottom = text.split("/")
        unit = _product(top) / _product(bottom)
    else:
        unit = _product(text)
    _NAMES.setdefault(unit, text)
    return unit


def unit_name(unit: Unit) -> str:
    """A readable name: the first unit string parsed to it, else the base units."""
    if unit in _NAMES:
        return _NAMES[unit]
    if unit.kind == "log":
        return f"ln({unit_name(unit.of)})"
    if unit.kind in ("growth", "fgrowth"):
        return f"{'x' if unit.kind == 'growth' else 'growth'}/{unit_name(unit.of)}"
    top = [b if e == 1 else f"{b}^{e}" for b, e in zip(BASES, unit.dims, strict=True) if e > 0]
    bottom = [b if e == -1 else f"{b}^{-e}" for b, e in zip(BASES, unit.dims, strict=True)
              if e < 0]
    text = "*".join(top) or "1"
    if bottom:
        text += "/" + "*".join(bottom)
    if text == "1":
        text = "pure number"
    return text if unit.scale == 1 else f"{text} x {float(unit.scale):g}"


def _pure_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


class Quantity:
    """A float with a unit. Operations check units and compute the value as floats do."""

    __slots__ = ("value", "unit")

    def __init__(self, value: float, unit: Unit | str):
        self.value = value
        self.unit = parse_unit(unit) if isinstance(unit, str) else unit

    def __repr__(self) -> str:
        return f"Quantity({self.value!r}, {unit_name(self.unit)!r})"

    # ---- adding and comparing: one unit ---------------------------------------------------
    def _same(self, other, what: str) -> tuple[float, Unit]:
        """Other's value in this unit, or an error naming both units."""
        if isinstance(other, Quantity):
            if other.unit == self.unit:
                return other.value, self.unit
            raise UnitError(f"cannot {what} {unit_name(self.unit)} and "
                            f"{unit_name(other.unit)}")
        if _pure_number(other):
            if other == 0 or self.unit.is_pure:
                return other, self.unit
            raise UnitError(f"cannot {what} {unit_name(self.unit)} and a pure number "
                            f"({other!r})")
        return NotImplemented, self.unit

    def _add(self, other, sign: int, reflected: bool):
        what = "subtract" if sign < 0 else "add"
        if self.unit.kind == "fgrowth" and _pure_number(other) and other == 1 and sign > 0:
            return Quantity(other + self.value, Unit(PURE.dims, PURE.scale, "growth",
                                                     self.unit.of))
        if self.unit.kind == "log":
            return self._add_log(other, sign, reflected, what)
        if isinstance(other, Quantity) and other.unit.kind == "log":
            return other._add_log(self, sign, not reflected, what)
        if self.unit.kind != "plain" and not (_pure_number(other) and other == 0):
            raise UnitError(f"cannot {what} {unit_name(self.unit)} and "
                            f"{_name_of(other)}")
        value, unit = self._same(other, what)
        if value is NotImplemented:
            return NotImplemented
        if reflected:
            return Quantity(value + sign * self.value, unit)
        return Quantity(self.value + sign * value, unit)

    def _add_log(self, other, sign, reflected, what):
        """ln(U) +- pure number -> ln(U); ln(U) - ln(U) -> pure number."""
        if isinstance(other, Quantity) and other.unit == self.unit:
            if sign < 0:
                return Quantity(other.value - self.value if reflected
                                else self.value - other.value, PURE)
        elif (isinstance(other, Quantity) and other.unit.is_pure) or _pure_number(other):
            value = other.value if isinstance(other, Quantity) else other
            if not reflected:
                return Quantity(self.value + sign * value, self.unit)
            if sign > 0:
                return Quantity(value + self.value, self.unit)
        raise UnitError(f"cannot {what} {_name_of(other) if reflected else unit_name(self.unit)}"
                        f" and {unit_name(self.unit) if reflected else _name_of(other)}")

    def __add__(self, other):
        return self._add(other, 1, False)

    def __radd__(self, other):
        return self._add(other, 1, True)

    def __sub__(self, other):
        return self._add(other, -1, False)

    def __rsub__(self, other):
        return self._add(other, -1, True)

    def _compare(self, other, what: str) -> float:
        if isinstance(other, Quantity) and other.unit.kind == "log" or self.unit.kind == "log":
            if not (isinstance(other, Quantity) and other.unit == self.unit):
                raise UnitError(f"cannot {what} {unit_name(self.unit)} and {_name_of(other)}")
            return other.value
        value, _ = self._same(other, what)
        if value is NotImplemented:
            raise UnitError(f"cannot {what} {unit_name(self.unit)} and {other!r}")
        return value

    def __lt__(self, other):
        return self.value < self._compare(other, "compare")

    def __le__(self, other):
        return self.value <= self._compare(other, "compare")

    def __gt__(self, other):
        return self.value > self._compare(other, "compare")

    def __ge__(self, other):
        return self.value >= self._compare(other, "compare")

    def __eq__(self, other):
        return self.value == self._compare(other, "compare")

    def __ne__(self, other):
        return self.value != self._compare(other, "compare")

    __hash__ = None

    def __bool__(self) -> bool:
        return bool(self.value)

    def __neg__(self):
        if self.unit.kind not in ("plain", "fgrowth"):
            raise UnitError(f"cannot negate {unit_name(self.unit)}")
        return Quantity(-self.value, self.unit)

    def __pos__(self):
        return self

    # ---- multiplying: units combine -------------------------------------------------------
    def _times(self, other, divide: bool, reflected: bool):
        if _pure_number(other):
            other_unit, other_value = PURE, other
        elif isinstance(other, Quantity):
            other_unit, other_value = other.unit, other.value
        else:
            return NotImplemented
        left, right = (other_unit, self.unit) if reflected else (self.unit, other_unit)
        a, b = (other_value, self.value) if reflected else (self.value, other_value)
        value = a / b if divide else a * b
        return Quantity(value, _combine(left, right, divide))

    def __mul__(self, other):
        return self._times(other, False, False)

    def __rmul__(self, other):
        return self._times(other, False, True)

    def __truediv__(self, other):
        return self._times(other, True, False)

    def __rtruediv__(self, other):
        return self._times(other, True, True)

    def __pow__(self, exponent):
        exponent_unit = exponent.unit if isinstance(exponent, Quantity) else PURE
        e = exponent.value if isinstance(exponent, Quantity) else exponent
        if self.unit.kind == "growth":
            # x per period to the power of a time in that period
            if isinstance(exponent, Quantity) and exponent_unit == self.unit.of or e == 0:
                return Quantity(self.value ** e, PURE)
            raise UnitError(f"a growth factor in {unit_name(self.unit)} is raised to a time in "
                            f"{unit_name(self.unit.of)}, not to {unit_name(exponent_unit)}")
        if not exponent_unit.is_pure:
            raise UnitError(f"exponent in {unit_name(exponent_unit)} is not a pure number")
        if self.unit.is_pure:
            return Quantity(self.value ** e, PURE)
        if self.unit.kind == "plain" and float(e).is_integer():
            return Quantity(self.value ** e, self.unit ** int(e))
        raise UnitError(f"cannot raise {unit_name(self.unit)} to the power {e!r}")

    def __rpow__(self, base):
        if not self.unit.is_pure:
            raise UnitError(f"exponent in {unit_name(self.unit)} is not a pure number")
        return Quantity(base ** self.value, PURE)


def _name_of(x) -> str:
    return unit_name(x.unit) if isinstance(x, Quantity) else f"a pure number ({x!r})"


def _combine(left: Unit, right: Unit, divide: bool) -> Unit:
    """The unit of left * right (or left / right): a growth factor only with one of the same
    period (a ratio of growth factors is one), a logarithm with nothing."""
    op = "/" if divide else "*"
    if left.kind == "plain" and right.kind == "plain":
        return left / right if divide else left * right
    if left.kind == right.kind == "growth" and left.of == right.of:
        return left
    raise UnitError(f"cannot compute {unit_name(left)} {op} {unit_name(right)}")


# ---- the op namespace ------------------------------------------------------------------------

def _as_quantity(x, like: Quantity) -> Quantity:
    return x if isinstance(x, Quantity) else Quantity(x, like.unit)


def _common(*values, what: str) -> list[Quantity]:
    """The values as quantities of one unit (a plain zero takes the others' unit)."""
    first = next((v for v in values if isinstance(v, Quantity)), None)
    if first is None:
        return [Quantity(v, PURE) for v in values]
    for v in values:
        if v is not first:
            first._compare(v, what)
    return [_as_quantity(v, first) for v in values]


def _minimum(a, b):
    a, b = _common(a, b, what="take the minimum of")
    return a if a.value < b.value else b


def _maximum(a, b):
    a, b = _common(a, b, what="take the maximum of")
    return a if a.value > b.value else b


def _where(condition, if_true, if_false):
    if isinstance(condition, Quantity):
        raise UnitError(f"a condition in {unit_name(condition.unit)} is not true or false")
    a, b = _common(if_true, if_false, what="choose between")
    return a if condition else b


def _clip(value, low, high):
    value, low, high = _common(value, low, high, what="clip")
    return low if value.value < low.value else high if value.value > high.value else value


def _exp(x):
    if not isinstance(x, Quantity) or x.unit.is_pure:
        return Quantity(math.exp(x.value if isinstance(x, Quantity) else x), PURE)
    if x.unit.kind == "log":
        return Quantity(math.exp(x.value), x.unit.of)
    if x.value == 0:  # a plain zero times a rate (a growth compounded over no time, as ** 0)
        return Quantity(1.0, PURE)
    raise UnitError(f"exp of {unit_name(x.unit)}: only a pure number has an exponential")


def _log(x):
    if not isinstance(x, Quantity) or x.unit.is_pure:
        return Quantity(math.log(x.value if isinstance(x, Quantity) else x), PURE)
    if x.unit.kind == "growth":  # ln of a factor per period is a rate per period
        return Quantity(math.log(x.value), PURE / x.unit.of)
    if x.unit.kind == "plain":
        return Quantity(math.log(x.value), Unit(PURE.dims, PURE.scale, "log", x.unit))
    raise UnitError(f"log of {unit_name(x.unit)}")


UNIT_OPS = SimpleNamespace(
    minimum=_minimum, maximum=_maximum, exp=_exp, log=_log, where=_where, clip=_clip,
    is_array=False)


# Names shown in messages for units reached by arithmetic (the first string parsed wins).
for _text in ("1", "GW", "GW/yr", "kW", "kW/H100e", "H100e", "H100e/yr", "USD", "$B", "$B/yr",
              "USD/H100e", "yr", "months", "1/yr", "1/month", "TWh/yr", "h/yr", "chips/yr",
              "states", "months/yr", "kW/GW", "USD/$B", "kW/yr"):
    parse_unit(_text)
