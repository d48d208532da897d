"""``paddle.io`` datasets: ``Dataset``, ``IterableDataset``, ``TensorDataset``, ``Subset``,
``ComposeDataset``, ``ChainDataset`` and ``random_split``.

A map-style dataset may also offer ``_getitems(indices)``, returning the batch's
fields already stacked (one array per field); ``DataLoader`` then reads a whole
batch with one fancy index instead of one ``__getitem__`` per sample. It is an
optimisation only: the arrays are those the samples would stack to.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B


class Dataset:
    """A map-style dataset: define ``__getitem__(idx)`` (one sample) and ``__len__``.

    Example:
        >>> class Squares(paddle.io.Dataset):
        ...     def __getitem__(self, i):
        ...         return np.float32([i]), np.float32([i * i])
        ...     def __len__(self):
        ...         return 100
    """

    def __getitem__(self, idx):
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__(self, idx).")

    def __len__(self) -> int:
        raise NotImplementedError(f"{type(self).__name__} must define __len__(self).")


class IterableDataset(Dataset):
    """A stream of samples: define ``__iter__``."""

    def __iter__(self):
        raise NotImplementedError(f"{type(self).__name__} must define __iter__(self).")

    def __getitem__(self, idx):
        raise RuntimeError("An IterableDataset has no __getitem__: iterate over it (DataLoader does).")

    def __len__(self) -> int:
        raise RuntimeError("An IterableDataset has no length.")


def _field(t):
    from axon.paddle.tensor import Tensor

    return B.to_numpy(t.value.data) if isinstance(t, Tensor) else np.asarray(t)


class TensorDataset(Dataset):
    """Samples are the rows of the given tensors (all with the same first dimension)."""

    def __init__(self, tensors):
        self.tensors = [_field(t) for t in tensors]
        lengths = {len(t) for t in self.tensors}
        if len(lengths) > 1:
            raise ValueError(f"TensorDataset: all tensors must have the same first dimension. Received lengths "
                             f"{[len(t) for t in self.tensors]}.")

    def __getitem__(self, idx):
        return tuple(t[idx] for t in self.tensors)

    def _getitems(self, indices):
        return [t[indices] for t in self.tensors]

    def __len__(self) -> int:
        return len(self.tensors[0])


class Subset(Dataset):
    """The samples of ``dataset`` at ``indices``."""

    def __init__(self, dataset, indices):
        self.dataset = dataset
        self.indices = np.asarray(list(indices), dtype=np.int64)

    def __getitem__(self, idx):
        return self.dataset[int(self.indices[idx])]

    def __len__(self) -> int:
        return len(self.indices)

    def __getattr__(self, name):
        # A Subset of a dataset that reads whole batches reads them too.
        if name == "_getitems" and hasattr(self.__dict__.get("dataset"), "_getitems"):
            return lambda indices: self.dataset._getitems(self.indices[indices])
        raise AttributeError(name)


class ComposeDataset(Dataset):
    """Samples whose fields are those of several same-length datasets side by side."""

    def __init__(self, datasets):
        self.datasets = list(datasets)
        if len({len(d) for d in self.datasets}) > 1:
            raise ValueError("ComposeDataset: all datasets must have the same length.")

    def __getitem__(self, idx):
        out = []
        for d in self.datasets:
            sample = d[idx]
            out.extend(sample if isinstance(sample, (list, tuple)) else [sample])
        return tuple(out)

    def __len__(self) -> int:
        return len(self.datasets[0])


class ChainDataset(IterableDataset):
    """Several iterable datasets, one after the other."""

    def __init__(self, datasets):
        self.datasets = list(datasets)

    def __iter__(self):
        for d in self.datasets:
            yield from d


def random_split(dataset, lengths, generator=None) -> list:
    """Split ``dataset`` into non-overlapping random ``Subset`` s of the given lengths (or fractions)."""
    n = len(dataset)
    lengths = list(lengths)
    if all(0 < f < 1 for f in lengths) and abs(sum(lengths) - 1) < 1e-6:
        counts = [int(np.floor(n * f)) for f in lengths]
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        lengths = counts
    if sum(lengths) != n:
        raise ValueError(f"random_split: the lengths {lengths} must sum to the dataset's length ({n}).")
    order = B.rng().permutation(n)
    bounds = np.cumsum([0] + lengths)
    return [Subset(dataset, order[a:b].tolist()) for a, b in zip(bounds[:-1], bounds[1:])]
