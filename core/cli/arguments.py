"""Command-line argument types shared by every command: one-line errors, seeds and sample
counts checked against their limits (core.common.limits)."""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable

from core.common.formatting import printable
from core.common.limits import SWEEP_HINT, SampleLimitError, check_sample_count

MAX_SEED = 2**32 - 1
SCENARIO_HELP = ("a scenario file, an HTML briefing, a share code (airace:...) or the name of "
                 "a bundled scenario")


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports a bad argument as one line (not usage plus error) and exits 2."""

    def error(self, message: str):
        usage = " ".join(self.format_usage().split())  # one line, however long
        self.exit(2, f"{self.prog}: {printable(message)} ({usage})\n")


def seed_argument(text: str) -> int:
    """--seed: a whole number from 0 to 2**32 - 1 (what numpy's generators take)."""
    try:
        seed = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 0 <= seed <= MAX_SEED:
        raise argparse.ArgumentTypeError(f"{seed} is outside 0 to {MAX_SEED}")
    return seed


def count_argument(limit: int, what: str, minimum: int = 1, hint: str = SWEEP_HINT
                   ) -> Callable[[str], int]:
    """An argparse type: a whole number of samples from ``minimum`` to ``limit``."""
    def parse(text: str) -> int:
        try:
            count = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        try:
            return check_sample_count(count, limit, what, minimum, hint)
        except SampleLimitError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    parse.__name__ = "sample count"
    return parse


def finite_number(text: str) -> float:
    """A threshold: any finite number (nan and inf mean nothing as a threshold)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a finite number")
    return value


def share_argument(low_open: bool) -> Callable[[str], float]:
    """A share from 0 to 1 (above 0 if ``low_open``): a probability or a density."""
    def parse(text: str) -> float:
        value = finite_number(text)
        lowest_ok = value > 0 if low_open else value >= 0
        if not lowest_ok or value > 1:
            raise argparse.ArgumentTypeError(
                f"{text} is outside {'(0, 1]' if low_open else '0 to 1'}")
        return value

    parse.__name__ = "share"
    return parse
