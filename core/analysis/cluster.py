"""Where sampled blocks run: in-process threads, a local Dask cluster, or a running one.

``scheduler`` None runs in threads of this process (numpy releases the GIL in the model's
array operations). "local" starts a Dask LocalCluster (one single-threaded worker process
per core) for the run and stops it after. "tcp://host:port" (or "host:port") connects to a
running ``dask scheduler``; its workers must have this app installed (same version, so the
same model). Dask is an optional extra (``pip install 'ai-race-planner[dask]'``), imported
only here and only when asked for.

Results come back in task order with a bounded number in flight, so memory stays bounded
whatever the number of blocks, and the output does not depend on where a block ran.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from core.analysis.uncertainty import Cancelled

IN_FLIGHT_PER_WORKER = 2


# how long a running scheduler's address is tried before it is reported unreachable
CONNECT_TIMEOUT = "10s"


class SchedulerError(ValueError):
    """A --scheduler that cannot be used; the message says why."""


def _dask_client_module():
    try:
        from dask import distributed
    except ImportError:
        raise SchedulerError("--scheduler needs Dask: pip install 'ai-race-planner[dask]' "
                             "(dask[distributed])") from None
    return distributed


@contextmanager
def _client(scheduler: str, workers: int):
    distributed = _dask_client_module()
    if scheduler == "local":
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                           processes=True, dashboard_address=None)
        client = distributed.Client(cluster)
        try:
            yield client
        finally:
            client.close()
            cluster.close()
        return
    address = scheduler if "://" in scheduler else f"tcp://{scheduler}"
    try:
        client = distributed.Client(address, timeout=CONNECT_TIMEOUT)
    except OSError as error:
        raise SchedulerError(f"cannot reach the Dask scheduler at {address}: {error}") from None
    try:
        yield client
    finally:
        client.close()


def cluster_size(client) -> int:
    """Threads across the cluster's workers (at least 1)."""
    info = client.scheduler_info()
    return max(1, sum(worker.get("nthreads", 1) for worker in info.get("workers", {}).values()))


def ordered_map(function: Callable, tasks: Sequence[tuple], scheduler: str | None = None,
                workers: int | None = None,
                cancelled: Callable[[], bool] | None = None) -> Iterator:
    """``function(*task)`` for every task, yielded in task order."""
    with block_runner(scheduler, workers) as run:
        yield from run(function, tasks, cancelled)


@contextmanager
def block_runner(scheduler: str | None = None, workers: int | None = None):
    """``run(function, tasks, cancelled=None)``, an ordered map like ``ordered_map`` that
    stays connected across calls: a search that maps many rounds starts (or reaches) its
    cluster once."""
    workers = workers or min(2, os.cpu_count() or 1)
    if scheduler is None:
        def run_here(function, tasks, cancelled=None) -> Iterator:
            with ThreadPoolExecutor(workers) as pool:
                yield from _stream(lambda task: pool.submit(function, *task), tasks,
                                   workers * IN_FLIGHT_PER_WORKER, cancelled,
                                   lambda: pool.shutdown(wait=True, cancel_futures=True))
        yield run_here
        return
    with _client(scheduler, workers) as client:
        limit = cluster_size(client) * IN_FLIGHT_PER_WORKER

        def run_there(function, tasks, cancelled=None) -> Iterator:
            yield from _stream(lambda task: client.submit(function, *task, pure=False),
                               tasks, limit, cancelled, lambda: None)
        yield run_there


def _stream(submit, tasks, limit, cancelled, stop) -> Iterator:
    pending: deque = deque()
    queue = iter(tasks)

    def submit_next() -> None:
        task = next(queue, None)
        if task is None:
            return
        if cancelled is not None and cancelled():
            for future in pending:
                future.cancel()
            stop()
            raise Cancelled("cancelled")
        pending.append(submit(task))

    for _ in range(limit):
        submit_next()
    while pending:
        future = pending.popleft()
        result = future.result()
        submit_next()
        yield result
