"""``Dataset``: an input pipeline with tf.data's API (``tf.data.Dataset``).

A ``Dataset`` is an immutable recipe: each method returns a new dataset, and
every ``for`` loop over it runs the recipe again (so a shuffled dataset is
reshuffled on each pass, i.e. each epoch). The work is done by the stages in
``pipeline.py``; this class is the public face, with the checks and messages.
"""

from __future__ import annotations

import numpy as np

from axon.data import pipeline as P
from axon.data import structure as S
from axon.data.combine import Concatenate, Zip
from axon.data.shuffle import Shuffle

AUTOTUNE = -1
INFINITE_CARDINALITY = P.INFINITE
UNKNOWN_CARDINALITY = P.UNKNOWN


class Cardinality(int):
    """An ``int`` with tf's ``.numpy()``, so ``ds.cardinality().numpy()`` works."""

    def numpy(self) -> np.int64:
        """The value as a NumPy integer."""
        return np.int64(self)


def _count(name: str, value, allow_minus_one: bool = True) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < (-1 if allow_minus_one else 0):
        allowed = "an int >= 0, or -1 for all" if allow_minus_one else "an int >= 0"
        raise ValueError(f"`{name}` must be {allowed}. Received: {name}={value!r}")
    return int(value)


class Dataset:
    """A sequence of elements (arrays, or tuples / dicts of arrays) built step by step.

    Iterating yields arrays of the active backend (tuples for ``(x, y)``);
    ``as_numpy_iterator()`` yields NumPy arrays.

    Example:
        >>> ds = axon.data.Dataset.from_tensor_slices((x_train, y_train))
        >>> ds = ds.shuffle(10_000, seed=0).batch(128).prefetch(axon.data.AUTOTUNE)
        >>> for x, y in ds:          # x: (128, 28, 28), y: (128,)
        ...     ...
    """

    def __init__(self, stage: P.Stage):
        self._stage = stage

    # ------------------------------------------------------------ sources
    @staticmethod
    def from_tensor_slices(tensors, name: str | None = None) -> Dataset:
        """A dataset whose elements are the slices of ``tensors`` along their first axis.

        Args:
            tensors: an array, or a tuple / dict of arrays (nested to any depth)
                sharing the length of their first axis, e.g. ``(x, y)``.

        Raises:
            ValueError: for no arrays, a scalar, or arrays of different lengths.

        Example:
            >>> ds = Dataset.from_tensor_slices((np.zeros((3, 2)), np.array([0, 1, 2])))
            >>> [int(y) for _, y in ds]
            [0, 1, 2]
        """
        try:
            arrays = S.normalize_structure(tensors)
        except ValueError as err:
            if isinstance(tensors, list):
                raise ValueError("`from_tensor_slices` converts a list to one array, and these values do not form "
                                 "one (different shapes?). For several arrays such as features and labels, pass a "
                                 "tuple: from_tensor_slices((x, y)).") from err
            raise
        leaves = S.flatten_with_paths(arrays)
        if not leaves:
            raise ValueError("`from_tensor_slices` needs at least one array. Received an empty structure: "
                             f"{tensors!r}.")
        for path, leaf in leaves:
            if leaf.ndim == 0:
                raise ValueError(f"`from_tensor_slices` slices along the first axis, so it needs arrays of rank >= 1. "
                                 f"Received a scalar{' at ' + path if path else ''}: {leaf!r}. Use `[value]`.")
        lengths = [leaf.shape[0] for _, leaf in leaves]
        if len(set(lengths)) > 1:
            parts = ", ".join(f"{path or 'tensors'}: {n}" for (path, _), n in zip(leaves, lengths))
            raise ValueError(f"`from_tensor_slices` needs arrays of the same length along the first axis; "
                             f"received lengths {parts}. Give every sample its label (len(x) == len(y)).")
        return Dataset(P.Slices(arrays, lengths[0]))

    @staticmethod
    def range(*args, dtype="int64") -> Dataset:
        """The integers of Python's ``range(*args)``, as 0-d arrays.

        Example:
            >>> [int(i) for i in Dataset.range(3)]
            [0, 1, 2]
        """
        values = np.arange(*args, dtype=dtype)
        return Dataset(P.Slices(S.to_array(values), len(values)))

    @staticmethod
    def zip(*datasets, name: str | None = None) -> Dataset:
        """Elements of several datasets side by side: ``zip((ds_x, ds_y))``, ``zip(ds_x, ds_y)`` or a dict.

        The result is as long as the shortest dataset.
        """
        if len(datasets) == 1 and isinstance(datasets[0], (tuple, list, dict)):
            datasets = datasets[0]
        keys = list(datasets) if isinstance(datasets, dict) else None
        items = list(datasets.values()) if keys is not None else list(datasets)
        if not items or not all(isinstance(d, Dataset) for d in items):
            raise TypeError(f"`Dataset.zip` takes datasets (as arguments, a tuple or a dict). Received: {datasets!r}")
        return Dataset(Zip([d._stage for d in items], keys))

    # ---------------------------------------------------- transformations
    def shuffle(self, buffer_size: int, seed: int | None = None, reshuffle_each_iteration: bool | None = None,
                name: str | None = None) -> Dataset:
        """Randomly shuffle the elements through a buffer of ``buffer_size`` elements.

        A buffer at least as large as the dataset gives a uniform shuffle; a
        smaller one only mixes nearby elements (as in tf.data).

        Args:
            buffer_size: how many elements the buffer holds (>= 1).
            seed: fixes the sequence of orders; without it they come from
                ``axon.random.set_seed``'s generator.
            reshuffle_each_iteration: a new order on every pass (default True).
        """
        if isinstance(buffer_size, bool) or not isinstance(buffer_size, (int, np.integer)) or buffer_size < 1:
            raise ValueError(f"`buffer_size` must be a positive int. Received: buffer_size={buffer_size!r}")
        reshuffle = True if reshuffle_each_iteration is None else bool(reshuffle_each_iteration)
        return Dataset(Shuffle(self._stage, int(buffer_size), seed, reshuffle))

    def batch(self, batch_size: int, drop_remainder: bool = False, num_parallel_calls=None, deterministic=None,
              name: str | None = None) -> Dataset:
        """Stack consecutive elements into batches (a new leading axis of ``batch_size``).

        Args:
            batch_size: elements per batch, a positive int.
            drop_remainder: drop a last batch smaller than ``batch_size``.
        """
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size <= 0:
            raise ValueError(f"`batch_size` must be a positive int. Received: batch_size={batch_size!r}")
        return Dataset(P.Batch(self._stage, int(batch_size), bool(drop_remainder)))

    def unbatch(self, name: str | None = None) -> Dataset:
        """Split each element (a batch) back into its rows."""
        return Dataset(P.Unbatch(self._stage))

    def map(self, map_func, num_parallel_calls=None, deterministic=None, name: str | None = None) -> Dataset:
        """Apply ``map_func`` to each element: ``map_func(x, y)`` for tuple elements.

        Before ``batch`` the function sees single elements; after it, whole
        batches (faster: one call per batch). It receives arrays and may return
        arrays, numbers or axon Tensors.

        Example:
            >>> ds = ds.batch(128).map(lambda x, y: (x / 255.0, y))
        """
        if not callable(map_func):
            raise TypeError(f"`map_func` must be callable. Received: {map_func!r}")
        return Dataset(P.Map(self._stage, map_func))

    def filter(self, predicate, name: str | None = None) -> Dataset:
        """Keep the elements for which ``predicate(element)`` is true."""
        if not callable(predicate):
            raise TypeError(f"`predicate` must be callable. Received: {predicate!r}")
        return Dataset(P.Filter(self._stage, predicate))

    def prefetch(self, buffer_size: int, name: str | None = None) -> Dataset:
        """Accepted for tf.data compatibility; elements are produced on demand.

        ``buffer_size`` may be ``AUTOTUNE``. NumPy work runs in the caller's
        thread, so there is nothing to overlap: the dataset is returned as is.
        """
        _count("buffer_size", buffer_size)
        return Dataset(self._stage)

    def cache(self, filename: str = "", name: str | None = None) -> Dataset:
        """Keep the elements in memory after the first full pass (``filename`` is not supported)."""
        if filename:
            raise ValueError(f"`cache` keeps data in memory only; received filename={filename!r}. Use cache().")
        return Dataset(P.Cache(self._stage))

    def take(self, count: int, name: str | None = None) -> Dataset:
        """The first ``count`` elements (all of them for ``count=-1``)."""
        count = _count("count", count)
        return self if count == -1 else Dataset(P.Take(self._stage, count))

    def skip(self, count: int, name: str | None = None) -> Dataset:
        """All but the first ``count`` elements (none for ``count=-1``)."""
        count = _count("count", count)
        return Dataset(P.Take(self._stage, 0)) if count == -1 else Dataset(P.Skip(self._stage, count))

    def repeat(self, count: int | None = None, name: str | None = None) -> Dataset:
        """The dataset ``count`` times over; forever for ``None`` or -1."""
        count = -1 if count is None else _count("count", count)
        return Dataset(P.Repeat(self._stage, count))

    def concatenate(self, dataset: Dataset, name: str | None = None) -> Dataset:
        """This dataset's elements followed by ``dataset``'s."""
        if not isinstance(dataset, Dataset):
            raise TypeError(f"`concatenate` takes a Dataset. Received: {dataset!r}")
        return Dataset(Concatenate(self._stage, dataset._stage))

    # ------------------------------------------------------------- reading
    def cardinality(self) -> Cardinality:
        """The number of elements; ``INFINITE_CARDINALITY`` (-1) or ``UNKNOWN_CARDINALITY`` (-2)."""
        return Cardinality(self._stage.cardinality())

    def __len__(self) -> int:
        n = self._stage.cardinality()
        if n == P.INFINITE:
            raise TypeError("The dataset is infinite (it repeats forever); it has no length.")
        if n == P.UNKNOWN:
            raise TypeError("The dataset length is unknown (e.g. after `filter`); count it by iterating.")
        return n

    def __bool__(self) -> bool:
        return True

    def __iter__(self):
        return iter(self._stage.elements())

    def as_numpy_iterator(self):
        """An iterator over the elements as NumPy arrays (tuples / dicts kept)."""
        return (S.to_numpy(element) for element in self._stage.elements())

    def __repr__(self) -> str:
        n = self._stage.cardinality()
        size = {P.INFINITE: "infinite", P.UNKNOWN: "unknown"}.get(n, str(n))
        return f"<Dataset {type(self._stage).__name__.lower()}, cardinality={size}>"
