"""``paddle.io.DataLoader``: batches of a dataset as lists of Tensors.

Samples are read in the order of a ``BatchSampler`` (``batch_size``,
``shuffle``, ``drop_last``) and stacked field by field by ``collate_fn``
(``default_collate_fn``: arrays, numbers and Tensors are stacked into one
Tensor per field, dicts field by field). ``num_workers > 0`` is accepted and
reads in the main process: axon's data pipeline is NumPy slicing, already far
faster than a training step.
"""

from __future__ import annotations

import numbers

import numpy as np

from axon import backend as B
from axon.autograd.tensor import Tensor as _Core
from axon.paddle.io.dataset import IterableDataset
from axon.paddle.io.sampler import BatchSampler
from axon.paddle.tensor import Tensor


def _tensor(array) -> Tensor:
    array = np.asarray(array)
    return Tensor._wrap(_Core._wrap(B.xp.asarray(array)))


def default_collate_fn(batch):
    """Stack a list of samples field by field into Tensors (Paddle's default collation).

    A sample that is a tuple/list gives a list of fields; a dict gives a dict;
    a lone array or number gives one Tensor. Python ints become int64, floats float64 (as Paddle).
    """
    first = batch[0]
    if isinstance(first, Tensor):
        return _tensor(np.stack([B.to_numpy(s.value.data) for s in batch]))
    if isinstance(first, np.ndarray):
        return _tensor(np.stack(batch))
    if isinstance(first, (bool, np.bool_)):
        return _tensor(np.asarray(batch, dtype=bool))
    if isinstance(first, numbers.Integral):
        return _tensor(np.asarray(batch, dtype=np.int64))
    if isinstance(first, numbers.Real):
        return _tensor(np.asarray(batch, dtype=np.float64))  # as Paddle: np.array of Python floats
    if isinstance(first, np.generic):
        return _tensor(np.asarray(batch))
    if isinstance(first, (str, bytes)):
        return list(batch)
    if isinstance(first, dict):
        return {k: default_collate_fn([s[k] for s in batch]) for k in first}
    if isinstance(first, (list, tuple)):
        if any(len(s) != len(first) for s in batch):
            raise ValueError("default_collate_fn: the samples of a batch have different numbers of fields.")
        return [default_collate_fn(list(field)) for field in zip(*batch)]
    raise TypeError(f"default_collate_fn cannot batch samples of type {type(first).__name__}; give the "
                    "DataLoader a collate_fn.")


def default_convert_fn(batch):
    """Turn arrays into Tensors without stacking (for ``batch_size=None``)."""
    if isinstance(batch, np.ndarray):
        return _tensor(batch)
    if isinstance(batch, (list, tuple)):
        return [default_convert_fn(b) for b in batch]
    if isinstance(batch, dict):
        return {k: default_convert_fn(v) for k, v in batch.items()}
    return batch


class DataLoader:
    """Iterate over ``dataset`` in batches.

    Args:
        dataset: a ``paddle.io.Dataset`` (map-style) or ``IterableDataset``.
        batch_size: samples per batch (None: samples one by one, unstacked).
        shuffle: a new random order every epoch.
        drop_last: drop a last, smaller batch.
        batch_sampler: a ``BatchSampler`` (then leave batch_size/shuffle/drop_last at their defaults).
        collate_fn: turns a list of samples into a batch.
        num_workers: accepted; reading happens in the main process.
        return_list: must be True (dygraph).

    Example:
        >>> loader = paddle.io.DataLoader(train_dataset, batch_size=64, shuffle=True)
        >>> for images, labels in loader:
        ...     ...
    """

    def __init__(self, dataset, feed_list=None, places=None, return_list: bool = True, batch_sampler=None,
                 batch_size=1, shuffle: bool = False, drop_last: bool = False, collate_fn=None, num_workers: int = 0,
                 use_buffer_reader: bool = True, prefetch_factor: int = 2, use_shared_memory: bool = True,
                 timeout: int = 0, worker_init_fn=None, persistent_workers: bool = False):
        if not return_list:
            raise ValueError("DataLoader(return_list=False) belongs to the static-graph API; axon.paddle runs in "
                             "dygraph mode: leave return_list=True.")
        if not isinstance(num_workers, int) or num_workers < 0:
            raise ValueError(f"DataLoader: `num_workers` must be an int >= 0. Received: {num_workers!r}")
        self.dataset, self.collate_fn, self.return_list = dataset, collate_fn, return_list
        self.num_workers, self.worker_init_fn = num_workers, worker_init_fn
        self._iterable = isinstance(dataset, IterableDataset)
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or drop_last:
                raise ValueError("DataLoader: with a batch_sampler, leave batch_size, shuffle and drop_last at their "
                                 "defaults (the sampler decides them).")
            self.batch_sampler = batch_sampler
            self.batch_size = getattr(batch_sampler, "batch_size", None)
        elif batch_size is None:
            self.batch_sampler, self.batch_size = None, None
        else:
            if not isinstance(batch_size, int) or batch_size <= 0:
                raise ValueError(f"DataLoader: `batch_size` must be a positive int or None. Received: {batch_size!r}")
            if self._iterable and shuffle:
                raise ValueError("DataLoader: an IterableDataset cannot be shuffled; shuffle inside it.")
            self.batch_size, self.drop_last = batch_size, drop_last
            self.batch_sampler = None if self._iterable else BatchSampler(dataset, shuffle=shuffle,
                                                                          batch_size=batch_size, drop_last=drop_last)
        if worker_init_fn is not None and num_workers > 0:
            worker_init_fn(0)

    def __len__(self) -> int:
        if self._iterable:
            raise TypeError("A DataLoader over an IterableDataset has no length.")
        return len(self.batch_sampler) if self.batch_sampler is not None else len(self.dataset)

    def __iter__(self):
        collate = self.collate_fn
        if self._iterable:
            yield from self._iterate_stream(collate or default_collate_fn)
            return
        if self.batch_sampler is None:
            for i in range(len(self.dataset)):
                yield (collate or default_convert_fn)(self.dataset[i])
            return
        fast = collate is None and hasattr(self.dataset, "_getitems")
        for indices in self.batch_sampler:
            if fast:
                fields = self.dataset._getitems(np.asarray(indices, dtype=np.int64))
                yield [_tensor(f) for f in fields]
            else:
                yield (collate or default_collate_fn)([self.dataset[i] for i in indices])

    def _iterate_stream(self, collate):
        if self.batch_size is None:
            for sample in self.dataset:
                yield default_convert_fn(sample) if self.collate_fn is None else self.collate_fn(sample)
            return
        batch = []
        for sample in self.dataset:
            batch.append(sample)
            if len(batch) == self.batch_size:
                yield collate(batch)
                batch = []
        if batch and not self.drop_last:
            yield collate(batch)

    def __call__(self):
        return iter(self)


def get_worker_info():
    """None: samples are read in the main process."""
    return None
