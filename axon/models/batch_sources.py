"""Batches from Python code: ``keras.utils.PyDataset`` (alias ``Sequence``) and
generators, as ``fit`` / ``evaluate`` / ``predict`` take them.

A ``PyDataset`` knows its length and serves batch ``i`` on request; a generator
only yields, once. ``PyDatasetSource`` and ``GeneratorSource`` give both the
interface of an ``axon.data.Dataset`` (``len`` where known, one pass per
``iter``) so the training loop has one way to read batches.
"""

from __future__ import annotations

import collections
import numbers
from concurrent.futures import ThreadPoolExecutor


class PyDataset:
    """Base class of a dataset written in Python, as ``keras.utils.PyDataset``.

    Subclasses define ``__len__`` (the number of batches) and ``__getitem__(index)``
    (batch ``index`` as ``x``, ``(x, y)`` or ``(x, y, sample_weight)``), and may
    define ``on_epoch_end`` (called after each pass, e.g. to reshuffle).

    Args:
        workers: how many threads prepare batches ahead (1: in the training thread).
        use_multiprocessing: must be False (batches are prepared in threads).
        max_queue_size: how many batches at most are prepared ahead with ``workers > 1``.

    Example:
        >>> class Batches(keras.utils.PyDataset):
        ...     def __init__(self, x, y, batch_size, **kwargs):
        ...         super().__init__(**kwargs)
        ...         self.x, self.y, self.batch_size = x, y, batch_size
        ...     def __len__(self):
        ...         return math.ceil(len(self.x) / self.batch_size)
        ...     def __getitem__(self, i):
        ...         part = slice(i * self.batch_size, (i + 1) * self.batch_size)
        ...         return self.x[part], self.y[part]
        >>> model.fit(Batches(x, y, 32), epochs=3)
    """

    def __init__(self, workers: int = 1, use_multiprocessing: bool = False, max_queue_size: int = 10):
        for name, value in (("workers", workers), ("max_queue_size", max_queue_size)):
            if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
                raise ValueError(f"`{name}` must be a positive int. Received: {name}={value!r}")
        if use_multiprocessing:
            raise ValueError("use_multiprocessing=True is not supported by axon: batches are prepared in "
                             "threads. Use workers=N (N threads) with use_multiprocessing=False.")
        self._workers = int(workers)
        self._use_multiprocessing = False
        self._max_queue_size = int(max_queue_size)

    @property
    def workers(self) -> int:
        return getattr(self, "_workers", 1)

    @property
    def use_multiprocessing(self) -> bool:
        return False

    @property
    def max_queue_size(self) -> int:
        return getattr(self, "_max_queue_size", 10)

    def __len__(self) -> int:  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} must define __len__ (its number of batches).")

    def __getitem__(self, index):  # pragma: no cover - abstract
        raise NotImplementedError(f"{type(self).__name__} must define __getitem__(index) (one batch).")

    def on_epoch_end(self) -> None:
        """Called after each pass over the batches (override to reshuffle)."""

    @property
    def num_batches(self) -> int | None:
        """The number of batches (``len(self)``)."""
        return len(self)


Sequence = PyDataset


class PyDatasetSource:
    """A ``PyDataset`` read as batches: one pass per ``iter``, ``on_epoch_end`` after each."""

    def __init__(self, dataset: PyDataset):
        self.dataset = dataset
        try:
            n = len(dataset)
        except TypeError:
            raise TypeError(f"{type(dataset).__name__} must define __len__ (its number of batches).") from None
        if not isinstance(n, numbers.Integral) or n < 0:
            raise ValueError(f"len() of {type(dataset).__name__} must be a non-negative int. Received: {n!r}")
        self._len = int(n)

    def __len__(self) -> int:
        return self._len

    def __iter__(self):
        n, workers = self._len, self.dataset.workers
        if workers <= 1:
            for i in range(n):
                yield self.dataset[i]
        else:
            # Batches in order, at most max_queue_size prepared ahead by `workers` threads.
            with ThreadPoolExecutor(workers, thread_name_prefix="axon-pydataset") as pool:
                pending = collections.deque()
                for i in range(n):
                    pending.append(pool.submit(self.dataset.__getitem__, i))
                    if len(pending) >= self.dataset.max_queue_size:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
        self.dataset.on_epoch_end()


class GeneratorSource:
    """A Python generator (any iterator) read as batches. It can be read once: each
    ``iter`` continues where the last stopped; once it has run out, reading again
    is an error that says how to train for several epochs."""

    def __init__(self, iterator):
        self.iterator = iterator
        self.exhausted = False
        self.taken = 0

    def __iter__(self):
        if self.exhausted:
            raise ValueError(
                f"The generator ran out of data after {self.taken} batches. A Python generator can be read once: "
                "for several epochs give one that loops forever (`while True:`) together with steps_per_epoch= "
                "(and validation_steps= / steps= for validation and evaluation), or use a keras.utils.PyDataset, "
                "which can be read again each epoch.")
        for element in self.iterator:
            self.taken += 1
            yield element
        self.exhausted = True
