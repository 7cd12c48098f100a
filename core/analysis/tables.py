"""Sampled columns out: Parquet files (streamed, one row group per block) and pandas frames.

pyarrow and pandas are the optional ``data`` extra (``pip install 'ai-race-planner[data]'``),
imported only when one of these is called.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import numpy as np

from core.common.files import replacing
from core.common.version import APP_VERSION, MODEL_VERSION


def _need(module: str):
    try:
        return __import__(module, fromlist=["_"])
    except ImportError:
        raise ImportError(f"this needs {module.split('.')[0]}: "
                          "pip install 'ai-race-planner[data]'") from None


def write_parquet(path: str | os.PathLike, blocks: Iterable[dict[str, np.ndarray]],
                  metadata: dict[str, str] | None = None) -> int:
    """Write streamed blocks of columns to a Parquet file, one row group per block, and
    return the number of rows. The file appears whole or not at all (written beside the
    target, then renamed); only one block is held at a time."""
    pa = _need("pyarrow")
    pq = _need("pyarrow.parquet")
    rows = 0
    writer = None
    info = {"app_version": APP_VERSION, "model_version": str(MODEL_VERSION),
            **(metadata or {})}
    with replacing(path) as temp_name:
        try:
            for columns in blocks:
                table = pa.table({name: pa.array(values) for name, values in columns.items()})
                if writer is None:
                    schema = table.schema.with_metadata(
                        {f"airace.{key}": str(value) for key, value in info.items()})
                    # no dictionary pages: sampled floats hardly repeat, and building the
                    # dictionaries took three quarters of the write time
                    writer = pq.ParquetWriter(temp_name, schema, compression="zstd",
                                              use_dictionary=False)
                writer.write_table(table.replace_schema_metadata(writer.schema.metadata))
                rows += table.num_rows
        finally:
            if writer is not None:
                writer.close()
    return rows


def to_frame(columns: dict[str, np.ndarray], index: str | None = None):
    """A pandas DataFrame of whole columns (``index`` names the column to index by)."""
    pd = _need("pandas")
    frame = pd.DataFrame(columns)
    return frame.set_index(index) if index else frame
