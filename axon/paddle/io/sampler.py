"""``paddle.io`` samplers: the order in which a ``DataLoader`` reads samples, and the batches."""

from __future__ import annotations

import numpy as np

from axon import backend as B


class Sampler:
    """Base class: ``__iter__`` yields sample indices."""

    def __init__(self, data_source=None):
        self.data_source = data_source

    def __iter__(self):
        raise NotImplementedError

    def __len__(self) -> int:
        return len(self.data_source)


class SequenceSampler(Sampler):
    """``0, 1, ..., n - 1``."""

    def __iter__(self):
        return iter(range(len(self.data_source)))


class RandomSampler(Sampler):
    """A random permutation (or ``num_samples`` draws with ``replacement``), new at each pass."""

    def __init__(self, data_source, replacement: bool = False, num_samples=None, generator=None):
        super().__init__(data_source)
        self.replacement, self._num_samples, self.generator = replacement, num_samples, generator
        if not replacement and num_samples is not None:
            raise ValueError("RandomSampler: num_samples is only allowed with replacement=True.")

    @property
    def num_samples(self) -> int:
        return len(self.data_source) if self._num_samples is None else int(self._num_samples)

    def __iter__(self):
        n = len(self.data_source)
        if self.replacement:
            return iter(B.rng().integers(0, n, self.num_samples).tolist())
        return iter(B.rng().permutation(n).tolist())

    def __len__(self) -> int:
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given indices in random order."""

    def __init__(self, indices):
        super().__init__(None)
        self.indices = list(indices)

    def __iter__(self):
        return iter(np.asarray(self.indices)[B.rng().permutation(len(self.indices))].tolist())

    def __len__(self) -> int:
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """``num_samples`` indices drawn with probability proportional to ``weights``."""

    def __init__(self, weights, num_samples: int, replacement: bool = True):
        super().__init__(None)
        self.weights = np.asarray(weights, dtype=np.float64)
        self.num_samples, self.replacement = int(num_samples), replacement

    def __iter__(self):
        p = self.weights / self.weights.sum()
        return iter(B.rng().choice(len(p), self.num_samples, self.replacement, p).tolist())

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler):
    """Lists of ``batch_size`` indices from ``sampler`` (or from the dataset, shuffled if asked).

    Example:
        >>> bs = paddle.io.BatchSampler(dataset, shuffle=True, batch_size=32, drop_last=True)
        >>> loader = paddle.io.DataLoader(dataset, batch_sampler=bs)
    """

    def __init__(self, dataset=None, sampler=None, shuffle: bool = False, batch_size: int = 1,
                 drop_last: bool = False):
        if (dataset is None) == (sampler is None):
            raise ValueError("BatchSampler: give exactly one of `dataset` and `sampler`.")
        if not isinstance(batch_size, int) or batch_size <= 0:
            raise ValueError(f"BatchSampler: `batch_size` must be a positive int. Received: {batch_size!r}")
        if sampler is None:
            sampler = RandomSampler(dataset) if shuffle else SequenceSampler(dataset)
        elif shuffle:
            raise ValueError("BatchSampler: `shuffle` applies only when building from a dataset; shuffle in the "
                             "sampler instead.")
        self.sampler, self.batch_size, self.drop_last = sampler, batch_size, drop_last

    def __iter__(self):
        batch = []
        for idx in self.sampler:
            batch.append(idx)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self) -> int:
        n = len(self.sampler)
        return n // self.batch_size if self.drop_last else -(-n // self.batch_size)


class DistributedBatchSampler(BatchSampler):
    """The batches of one of ``num_replicas`` processes (rank ``rank``); axon.paddle runs one
    process, so by default it is every batch.

    Each replica takes every ``num_replicas``-th sample (after padding the dataset to
    a multiple of ``num_replicas`` by repeating its start); ``set_epoch`` reseeds the shuffle.
    """

    def __init__(self, dataset, batch_size: int, num_replicas=None, rank=None, shuffle: bool = False,
                 drop_last: bool = False):
        self.dataset, self.shuffle, self.epoch = dataset, shuffle, 0
        self.nranks = 1 if num_replicas is None else int(num_replicas)
        self.local_rank = 0 if rank is None else int(rank)
        if not 0 <= self.local_rank < self.nranks:
            raise ValueError(f"DistributedBatchSampler: rank {rank} is outside [0, {self.nranks}).")
        self.num_samples = -(-len(dataset) // self.nranks)
        self.total_size = self.num_samples * self.nranks
        super().__init__(sampler=_Indices(self), batch_size=batch_size, drop_last=drop_last)

    def set_epoch(self, epoch: int) -> None:
        """Use ``epoch`` as the shuffle's seed (each epoch a new order, the same on every replica)."""
        self.epoch = int(epoch)


class _Indices(Sampler):
    def __init__(self, owner):
        super().__init__(None)
        self.owner = owner

    def __iter__(self):
        o = self.owner
        indices = np.arange(len(o.dataset))
        if o.shuffle:
            indices = np.random.default_rng(o.epoch).permutation(indices)
        indices = np.concatenate([indices, indices[:o.total_size - len(indices)]])
        return iter(indices[o.local_rank:o.total_size:o.nranks].tolist())

    def __len__(self) -> int:
        return self.owner.num_samples
