"""The one place numbers are formatted for people: units, magnitudes, signs."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

HUGE = 1e15  # from here on a value is written in powers of ten ('3e+20 GW')
NOISE = 5e-4  # below this (in the unit shown) a figure is rounding noise and reads as zero


def _digits(magnitude: float) -> int:
    """Decimals for three significant figures: 429, 19.2, 7.30, 0.0153 (never fewer
    than the whole number: 1,234); 99.96 counts as the 100.0 it rounds to."""
    magnitude = float(f"{magnitude:.3g}")
    if magnitude >= 100:
        return 0
    if magnitude >= 10:
        return 1
    if magnitude >= 1:
        return 2
    return min(6, 2 - math.floor(math.log10(magnitude)))


def _count(value: float, sign: str, unit: str) -> str:
    """A count in thousands, millions, ... ('15.0 M H100e', '3.92 M/yr'), to three figures;
    below a thousand whole ('950/yr'); ``unit`` follows the number as given."""
    magnitude = abs(value)
    for scale, suffix in ((1e12, " T"), (1e9, " B"), (1e6, " M"), (1e3, " k")):
        if magnitude >= scale:
            scaled = value / scale
            return f"{sign}{scaled:.{_digits(abs(scaled))}f}{suffix}{unit}"
    return f"0{unit}" if round(value) == 0 else f"{sign}{value:.0f}{unit}"


def format_value(value: float, unit: str, signed: bool = False) -> str:
    """'19.3 GW', '7.30 GW/yr', '15.0 M H100e', '3.92 M/yr' (a count of units), '$31.2M/yr',
    '31%', '+2.40 months': three significant figures, so a change is never rounded away; one
    scale per figure; NaN shows as an en dash. For display only: files and the API keep
    every digit."""
    if value is None or not math.isfinite(value):
        return "–"
    sign = "+" if signed and value > 0 else ""
    if abs(value) >= HUGE / (100 if unit == "share" else 1):
        # a size no model figure reaches (a typed target, say): powers of ten, not 300 digits
        return (f"{sign}{value * 100:.3g}{' pts' if signed else '%'}" if unit == "share"
                else f"{sign}{value:.3g} {unit}".rstrip())
    zero = f"0 {unit}".rstrip()  # a zero is written one way: no "-0.0", "0.00" or "+0"
    if unit == "share":  # a level in whole percent, a change in points to 3 figures
        points = value * 100
        if not signed:
            return "0%" if round(points) == 0 else f"{points:.0f}%"
        if abs(points) < NOISE:
            return "0 pts"
        return f"{sign}{points:.{_digits(abs(points))}f} pts"
    magnitude = abs(value)
    if unit.startswith("H100e") or unit == "effective H100e":
        return _count(value, sign, f" {unit}")
    if unit == "unit" or unit.startswith("unit/"):  # a count of things: '3.92 M/yr', '950/yr'
        return _count(value, sign, unit[len("unit"):])
    if unit.startswith("$B"):
        rest = unit[2:]
        if magnitude < NOISE * 1e-3:
            return f"$0B{rest}"
        sign = "-" if value < 0 else sign  # "-$1.25B", not "$-1.25B"
        if magnitude < 1:  # millions, not "$0.0312B"
            millions = magnitude * 1e3
            return f"{sign}${millions:,.{_digits(millions)}f}M{rest}"
        return f"{sign}${magnitude:,.{_digits(magnitude)}f}B{rest}"
    if magnitude < NOISE:
        return zero
    return f"{sign}{value:,.{_digits(magnitude)}f} {unit}".rstrip()


def format_gap(value: float, unit: str) -> str:
    """Wanted minus connected said as people say it: '19.2 GW short' above zero (a
    shortfall), '3.1 GW surplus' below (never '-3.1 GW' of unmet demand); zero is '0 GW'.
    Short enough for a key-figure card at the smallest window."""
    text = format_value(abs(value), unit)
    if text == format_value(0.0, unit) or not math.isfinite(value):
        return text
    return f"{text} {'surplus' if value < 0 else 'short'}"


SUPERSCRIPTS = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def compact_number(value: float) -> str:
    """Axis ticks and table cells: 1.5k, 20M, 3B instead of 1.5e+03; never "-0"."""
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 1e15:  # past T a power of ten reads better than "1000T"
        exponent = math.floor(math.log10(magnitude))
        mantissa = value / 10 ** exponent
        power = "10" + str(exponent).translate(SUPERSCRIPTS)
        return power if round(mantissa, 6) == 1 else f"{mantissa:g}×{power}"
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if magnitude >= scale:
            return f"{value / scale:g}{suffix}"
    if magnitude < 0.01:
        return f"{value:.0e}"
    return f"{value:g}"


def value_span(low: float, high: float, log_scale: bool = False,
               is_share: bool = False) -> tuple[float, float]:
    """The y-range rule every plot follows, before padding: log plots in decades, shares
    from 0 to at least 5 %, non-negative series from 0, and never an empty span."""
    if log_scale:
        low, high = math.log10(low), math.log10(high)
    elif is_share:
        low, high = min(low, 0.0), max(high, 0.05)
    elif low >= 0:
        low = 0.0
    if high - low < 1e-9:
        high = low + (1.0 if low == 0 else abs(low) * 0.1)
    return low, high


def padded_span(low: float, high: float, pad_share: float,
                log_scale: bool = False) -> tuple[float, float]:
    """``value_span``'s result with room above and below (none below a zero floor)."""
    pad = pad_share * (high - low)
    return (low - (0 if low == 0 and not log_scale else pad), high + pad)


def format_table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """Left-aligned plain-text columns under a header and a rule."""
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
             .rstrip() for row in [header, ["-" * w for w in widths], *rows]]
    return "\n".join(lines)


def printable(text: object) -> str:
    """Text safe to print to a terminal: control, format and line-separator characters
    (escape sequences, bidi overrides, newlines) shown as escapes like ``\\x1b``."""
    return "".join(
        char if unicodedata.category(char) not in _UNPRINTABLE else
        (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
        for char in str(text))


_UNPRINTABLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


# an absolute path (POSIX, home-relative or Windows) in free text: a reader of a briefing or
# share code has no use for it and it may say who wrote the scenario where; the name stays
_PATH = re.compile(r"(?<![\w:/.\\])(?:~|[A-Za-z]:)?[/\\](?:[^\s/\\:;,()<>'\"]+[/\\])+"
                   r"([^\s/\\:;,()<>'\"]+)")


def without_paths(text: str) -> str:
    """Free text with every absolute file path cut to its file name ('/home/a/x.pdf' to
    'x.pdf'); URLs and unit fractions such as 'H100e/yr' stay as they are."""
    return _PATH.sub(lambda match: match.group(1), text)
