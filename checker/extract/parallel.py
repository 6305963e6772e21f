"""`checker extract --engine dask`: articles drafted in worker processes with dask.bag.

Each article is drafted on its own, so the articles are split into partitions; each worker
drafts a partition at a time (building the extractor once per partition) and the drafts come
back in the articles' order, so the main process writes them exactly as the local engine does.
"""

from __future__ import annotations

import os
from typing import Callable, Sequence

import dask.bag


def in_worker_processes(draft_partition: Callable[..., list], jobs: Sequence, *arguments) -> list:
    """draft_partition(part, *arguments) over partitions of `jobs`, concatenated in the jobs' order."""
    if not jobs:
        return []
    partitions = min(len(jobs), 4 * (os.cpu_count() or 1))  # several per worker, so one long article does not idle the rest
    bag = dask.bag.from_sequence(list(jobs), npartitions=partitions)
    return list(bag.map_partitions(draft_partition, *arguments).compute(scheduler="processes"))
