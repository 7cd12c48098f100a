"""Months as 'YYYY-MM' strings and their integer index on the model's monthly grid.

The model integrates from its calibration month (2025-01), where the seed's initial stocks
are known, or from HISTORY_START (2022-01) with documented historical inputs when a run asks
for months before 2025 (the backcast). A scenario's start and end choose the window that is
reported.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import numpy as np

MODEL_START = "2025-01"
HISTORY_START = "2022-01"
DEFAULT_END = "2035-12"
LATEST_END = "2050-12"
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str) -> int:
    """'YYYY-MM' to a count of months since year 0 (raises ValueError with the text)."""
    match = _MONTH.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a month; write it as YYYY-MM, e.g. 2026-03")
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def format_month(ordinal: int) -> str:
    return f"{ordinal // 12:04d}-{ordinal % 12 + 1:02d}"


@functools.lru_cache(maxsize=64)
def month_range(start: str, end: str) -> tuple[str, ...]:
    """Every month from start to end inclusive."""
    first, last = parse_month(start), parse_month(end)
    if last < first:
        raise ValueError(f"end {end} is before start {start}")
    return tuple(format_month(m) for m in range(first, last + 1))


def months_between(start: str, month: str) -> int:
    """How many monthly steps lie from start to month (negative if month is earlier)."""
    return parse_month(month) - parse_month(start)


def month_to_year(month: str) -> float:
    """A month as a decimal year for time axes: '2025-01' is 2025.0, '2025-07' 2025.5."""
    return 2025.0 + (parse_month(month) - parse_month(MODEL_START)) / 12.0


def decimal_years(months: Sequence[str]):
    """Consecutive months as decimal years (a numpy array), for a plot's x axis."""
    return month_to_year(months[0]) + np.arange(len(months)) / 12.0
