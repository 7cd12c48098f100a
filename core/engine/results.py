"""Simulation results: a monthly series per output for every sample, and CSV export."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import numpy as np

from core.catalogue.outputs import OUTPUTS
from core.common.timegrid import parse_month
from core.common.version import MODEL_VERSION


@dataclass
class Results:
    """Monthly series, each of shape (months, samples)."""

    months: list[str]
    series: dict[str, np.ndarray]
    n_samples: int = field(init=False)
    model_version: int = field(init=False, default=MODEL_VERSION)

    def __post_init__(self):
        self.n_samples = next(iter(self.series.values())).shape[1]

    def __getitem__(self, output_id: str) -> np.ndarray:
        return self.series[output_id]

    def central(self, output_id: str) -> np.ndarray:
        """The first sample's series, shape (months,): the deterministic run when N = 1."""
        return self.series[output_id][:, 0]

    def index_of(self, month: str) -> int:
        """Row of a month; raises ValueError naming the reported window if it is outside."""
        row = parse_month(month) - parse_month(self.months[0])
        if not 0 <= row < len(self.months):
            raise ValueError(f"{month} is outside the run ({self.months[0]} to {self.months[-1]})")
        return row

    def at(self, output_id: str, month: str) -> np.ndarray:
        """Values in one month for every sample, shape (samples,)."""
        return self.series[output_id][self.index_of(month)]

    def mean_over(self, output_id: str, first: str, last: str) -> np.ndarray:
        """Mean over an inclusive range of months, per sample."""
        return self.series[output_id][self.index_of(first):self.index_of(last) + 1].mean(axis=0)

    def to_frame(self, sample: int | None = None):
        """A pandas DataFrame (needs the ``data`` extra; pandas is imported only here).

        One sample (or a single run): indexed by month, one column per output id. Several
        samples with ``sample=None``: long form, indexed by (month, sample).
        """
        try:
            import pandas as pd
        except ImportError:
            raise ImportError("Results.to_frame needs pandas: "
                              "pip install 'ai-race-planner[data]'") from None
        ids = list(OUTPUTS)
        if sample is not None or self.n_samples == 1:
            column = 0 if sample is None else sample
            frame = pd.DataFrame({i: self.series[i][:, column] for i in ids},
                                 index=pd.Index(self.months, name="month"))
        else:
            index = pd.MultiIndex.from_product([self.months, range(self.n_samples)],
                                               names=["month", "sample"])
            frame = pd.DataFrame({i: self.series[i].reshape(-1) for i in ids}, index=index)
        frame.attrs["model_version"] = self.model_version
        return frame

    def to_csv(self, sample: int = 0) -> str:
        """One sample as CSV: a `month` column, one column per output id, and the version
        of the model that produced the figures (the last column)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        ids = list(OUTPUTS)
        writer.writerow(["month", *ids, "model_version"])
        table = np.column_stack([self.series[i][:, sample] for i in ids])
        for month, row in zip(self.months, table, strict=True):
            writer.writerow([month, *(format(float(v), ".6g") for v in row), MODEL_VERSION])
        return buffer.getvalue()
