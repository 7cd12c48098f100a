"""The limits table: file sizes, and the largest runs a command or dialog accepts before it
starts.

Runs up to these sizes stream in fixed-size chunks and stay within bounded memory; above
them the caller is refused up front with a message that gives the limit.
"""

from __future__ import annotations

# Sizes, in bytes as written: every writer checks them, so what the app writes it reads back.
MAX_FILE_BYTES = 1_000_000  # a scenario file (a few kB is typical)
MAX_BRIEFING_BYTES = 50_000_000  # an HTML or PDF briefing carries its plots as images
MAX_PROFILE_BYTES = 1_000_000  # the settings file and each autosave record

MAX_MONTE_CARLO_SAMPLES = 1_000_000
MAX_SOBOL_BASE_SAMPLES = 100_000
MAX_SWEEP_SAMPLES = 100_000_000  # streams to disk: about 30 GB of CSV at this size
SWEEP_HINT = "For larger runs use `airace sweep`, which streams samples to a file"


class SampleLimitError(ValueError):
    """A sample count outside what a command accepts; the message says the limit."""


def check_sample_count(count: int, limit: int, what: str, minimum: int = 1,
                       hint: str = SWEEP_HINT) -> int:
    """Return ``count`` if minimum <= count <= limit, else raise SampleLimitError; above the
    limit the message ends with ``hint`` (where to go for larger runs)."""
    if isinstance(count, bool) or not isinstance(count, int):
        raise SampleLimitError(f"{what} must be a whole number, not {count!r}")
    if count < minimum:
        raise SampleLimitError(f"{what} must be at least {minimum:,}, not {count:,}")
    if count > limit:
        raise SampleLimitError(f"{what} is {count:,}; the limit is {limit:,}. {hint}")
    return count
