"""Core fixtures: one Dask cluster for the whole session, and a scheduler address that is
refused at once (tests using either are marked ``cluster`` by tests/conftest.py)."""

from __future__ import annotations

import os

import pytest

from core.analysis import cluster


@pytest.fixture(scope="session")
def dask_scheduler():
    """The address of a running Dask scheduler with two single-threaded worker processes:
    AIRACE_DASK_SCHEDULER if set (.ci/run starts a real one), else a LocalCluster started once
    for every test that needs one (each start costs seconds)."""
    distributed = pytest.importorskip("dask.distributed")
    if os.environ.get("AIRACE_DASK_SCHEDULER"):
        yield os.environ["AIRACE_DASK_SCHEDULER"]
        return
    # its dashboard on a free port: under pytest -n each process may start a cluster
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local:
        yield local.scheduler_address


@pytest.fixture
def unreachable_scheduler(monkeypatch):
    """An address nothing listens on, tried for half a second instead of ten."""
    pytest.importorskip("dask.distributed")
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "0.5s")
    return "tcp://127.0.0.1:9"
