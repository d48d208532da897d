"""Splitting data: ``train_test_split``, ``holdout`` and the cross-validation
splitters ``KFold``, ``StratifiedKFold`` and ``LeaveOneOut``.

A splitter's ``split(x, y)`` yields ``(train_idx, val_idx)`` pairs of NumPy
index arrays, as scikit-learn's do, so axon's splitters and scikit-learn's can
be used interchangeably (``check_cv`` accepts both, or an int). Randomness comes
from ``random_state`` (scikit-learn's name; ``seed`` is an alias) when given,
else from the generator ``axon.random.set_seed`` seeds.
"""

from __future__ import annotations

import math
import numbers
import warnings
from collections.abc import Iterator

import numpy as np

from axon import backend as B


# ---------------------------------------------------------------- helpers
def generator(seed) -> np.random.Generator:
    """A NumPy generator: seeded by ``seed`` (an int, or a NumPy ``Generator`` /
    ``RandomState`` as scikit-learn accepts), or drawn from axon's seeded generator when ``None``."""
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, np.random.RandomState):
        return np.random.default_rng(seed.randint(0, 2**31 - 1))
    if seed is None:
        seed = int(B.to_numpy(B.rng().integers(0, 2**62)))
    return np.random.default_rng(seed)


def random_state_arg(random_state, seed, where: str):
    """``random_state`` (scikit-learn's name) or its alias ``seed``; both only when equal."""
    if seed is None:
        return random_state
    if random_state is not None and random_state != seed:
        raise ValueError(f"{where}: `seed` is an alias of `random_state`; give one of them. Received: "
                         f"random_state={random_state!r}, seed={seed!r}")
    return seed


def first_array(data):
    """The array itself, or the first of a list/tuple/dict of arrays (one per model input)."""
    if isinstance(data, dict):
        data = next(iter(data.values()))
    elif _is_array_list(data):
        data = data[0]
    return data if hasattr(data, "shape") else np.asarray(data)


def num_samples(data) -> int:
    """The number of samples in an array, a list/tuple of arrays (one per input) or a dict of arrays."""
    data = first_array(data)
    if len(data.shape) == 0:
        raise ValueError(f"Expected an array of samples, received a scalar: {data!r}.")
    return int(data.shape[0])


def take(data, index):
    """The samples ``index`` of ``data`` (an array, a list/tuple of arrays, a dict of arrays or ``None``)."""
    if data is None:
        return None
    if isinstance(data, dict):
        return {k: take(v, index) for k, v in data.items()}
    if _is_array_list(data):
        return type(data)(take(a, index) for a in data)
    if not hasattr(data, "shape"):
        data = np.asarray(data)
    return data[index]


def _is_array_list(data) -> bool:
    return isinstance(data, (list, tuple)) and len(data) > 0 and all(hasattr(a, "shape") for a in data)


def labels_of(y) -> np.ndarray:
    """Class labels as a 1-D array: one-hot (or probability) rows become their argmax."""
    y = np.asarray(B.to_numpy(y) if hasattr(y, "shape") else y)
    if y.ndim == 2 and y.shape[1] > 1:
        return y.argmax(axis=1)
    return y.reshape(len(y))


def _check_n_splits(n_splits) -> int:
    if isinstance(n_splits, bool) or not isinstance(n_splits, numbers.Integral) or n_splits < 2:
        raise ValueError(f"`n_splits` must be an int >= 2. Received: n_splits={n_splits!r}")
    return int(n_splits)


# ------------------------------------------------------------- splitters
class KFold:
    """K-fold cross-validation: ``n_splits`` consecutive folds, each the validation set once.

    The first ``n % n_splits`` folds hold one sample more than the others.

    Args:
        n_splits: the number of folds, at least 2.
        shuffle: shuffle the samples before cutting them into folds.
        random_state: the shuffle's seed (only with ``shuffle=True``), as in scikit-learn.
        seed: an alias of ``random_state``.

    Example:
        >>> for train_idx, val_idx in KFold(n_splits=5, shuffle=True, random_state=0).split(x):
        ...     model.fit(x[train_idx], y[train_idx])
    """

    def __init__(self, n_splits: int = 5, shuffle: bool = False, random_state=None, *, seed=None):
        self.n_splits = _check_n_splits(n_splits)
        random_state = random_state_arg(random_state, seed, type(self).__name__)
        if random_state is not None and not shuffle:
            raise ValueError(f"`random_state` (or `seed`) only matters with shuffle=True. Received: "
                             f"shuffle={shuffle}, random_state={random_state}")
        self.shuffle = bool(shuffle)
        self.random_state = random_state

    @property
    def seed(self):
        """The alias of ``random_state``."""
        return self.random_state

    def get_n_splits(self, x=None, y=None, groups=None) -> int:
        """The number of folds."""
        return self.n_splits

    def split(self, x, y=None, groups=None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train_idx, val_idx)`` for each fold."""
        n = num_samples(x)
        if self.n_splits > n:
            raise ValueError(f"Cannot make n_splits={self.n_splits} folds from {n} samples.")
        order = generator(self.random_state).permutation(n) if self.shuffle else np.arange(n)
        fold_of = np.empty(n, dtype=np.int64)
        fold_of[order] = np.repeat(np.arange(self.n_splits), _fold_sizes(n, self.n_splits))
        yield from _folds(fold_of, self.n_splits)

    def __repr__(self) -> str:
        return f"KFold(n_splits={self.n_splits}, shuffle={self.shuffle}, random_state={self.random_state})"


class StratifiedKFold(KFold):
    """K-fold cross-validation keeping each class's proportion in every fold.

    The samples are ordered by class (shuffled within each class when
    ``shuffle=True``) and dealt to the folds in turn, so each fold receives
    ``count // n_splits`` or one more of every class, and fold sizes differ by
    at most one. ``y`` holds class labels (ints or strings) or one-hot rows.

    Example:
        >>> folds = list(StratifiedKFold(n_splits=3, shuffle=True, random_state=0).split(x, y))
    """

    def split(self, x, y=None, groups=None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(train_idx, val_idx)`` for each fold; ``y`` is required."""
        if y is None:
            raise ValueError("StratifiedKFold.split needs the labels: call split(x, y).")
        labels = labels_of(y)
        n = len(labels)
        if self.n_splits > n:
            raise ValueError(f"Cannot make n_splits={self.n_splits} folds from {n} samples.")
        _, codes, counts = np.unique(labels, return_inverse=True, return_counts=True)
        if counts.min() < self.n_splits:
            warnings.warn(f"The smallest class has {counts.min()} members, fewer than n_splits={self.n_splits}: "
                          "some folds will miss that class.", stacklevel=2)
        order = generator(self.random_state).permutation(n) if self.shuffle else np.arange(n)
        order = order[np.argsort(codes.reshape(-1)[order], kind="stable")]
        fold_of = np.empty(n, dtype=np.int64)
        fold_of[order] = np.arange(n) % self.n_splits
        yield from _folds(fold_of, self.n_splits)

    def __repr__(self) -> str:
        return (f"StratifiedKFold(n_splits={self.n_splits}, shuffle={self.shuffle}, "
                f"random_state={self.random_state})")


class LeaveOneOut:
    """Leave-one-out cross-validation: ``n`` folds, each validating on one sample.

    The most thorough (and most expensive) estimate: as many models as samples.

    Example:
        >>> len(list(LeaveOneOut().split(np.zeros((10, 2)))))
        10
    """

    def get_n_splits(self, x=None, y=None, groups=None) -> int:
        """The number of folds, which is the number of samples in ``x``."""
        if x is None:
            raise ValueError("LeaveOneOut.get_n_splits needs the data: call get_n_splits(x).")
        return num_samples(x)

    def split(self, x, y=None, groups=None) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        """Yield ``(all indices but i, [i])`` for each sample ``i``."""
        n = num_samples(x)
        if n < 2:
            raise ValueError(f"LeaveOneOut needs at least 2 samples. Received {n}.")
        yield from _folds(np.arange(n), n)

    def __repr__(self) -> str:
        return "LeaveOneOut()"


def _fold_sizes(n: int, k: int) -> np.ndarray:
    sizes = np.full(k, n // k, dtype=np.int64)
    sizes[: n % k] += 1
    return sizes


def _folds(fold_of: np.ndarray, k: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    for fold in range(k):
        is_val = fold_of == fold
        yield np.flatnonzero(~is_val), np.flatnonzero(is_val)


def check_cv(cv=5, seed: int | None = None):
    """The splitter that ``cv`` stands for.

    An int ``k`` becomes ``KFold(k, shuffle=True, random_state=seed)``; anything with a
    ``split`` method (axon's or scikit-learn's splitters) is used as is, and so
    is an iterable of ``(train_idx, val_idx)`` pairs.

    Example:
        >>> check_cv(3)
        KFold(n_splits=3, shuffle=True, random_state=None)
    """
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
        return KFold(int(cv), shuffle=True, random_state=seed)
    if not isinstance(cv, (str, bytes, dict)):  # a str has .split and is iterable, but is no splitter
        if hasattr(cv, "split"):
            return cv
        if hasattr(cv, "__iter__"):
            return _PredefinedSplits(list(cv))
    raise ValueError("`cv` must be an int, a splitter with a split(x, y) method (axon's or scikit-learn's), "
                     f"or a list of (train_idx, val_idx) pairs. Received: cv={cv!r}")


class _PredefinedSplits:
    """A list of (train_idx, val_idx) pairs seen as a splitter."""

    def __init__(self, pairs: list):
        self.pairs = [(np.asarray(t), np.asarray(v)) for t, v in pairs]

    def get_n_splits(self, x=None, y=None, groups=None) -> int:
        return len(self.pairs)

    def split(self, x=None, y=None, groups=None):
        yield from self.pairs


# ------------------------------------------------------- one-shot splits
def train_test_split(*arrays, test_size: float | int | None = None, train_size: float | int | None = None,
                     shuffle: bool = True, stratify=None, random_state=None, seed=None) -> list:
    """Split arrays into random train and test parts, as scikit-learn's ``train_test_split``.

    Args:
        *arrays: arrays with the same first dimension (x, y, sample weights ...).
        test_size: a fraction in (0, 1) or a number of samples. ``None``: the
            complement of ``train_size``, or 0.25 when both are ``None``.
        train_size: a fraction or a number of samples; ``None``: the rest.
        shuffle: shuffle before splitting (else the test part is the last samples).
        stratify: class labels (or one-hot rows) whose proportions both parts
            keep; needs ``shuffle=True``.
        random_state: the shuffle's seed (scikit-learn's name).
        seed: an alias of ``random_state``.

    Returns:
        ``[a_train, a_test, b_train, b_test, ...]``, two entries per array.

    Example:
        >>> x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, stratify=y, seed=0)
    """
    seed = random_state_arg(random_state, seed, "train_test_split")
    if not arrays:
        raise ValueError("train_test_split needs at least one array.")
    n = num_samples(arrays[0])
    for a in arrays[1:]:
        if num_samples(a) != n:
            raise ValueError(f"All arrays must have the same number of samples. Received: "
                             f"{[num_samples(a) for a in arrays]}")
    n_train, n_test = _split_sizes(n, test_size, train_size)
    if not shuffle:
        if stratify is not None:
            raise ValueError("stratify needs shuffle=True.")
        train, test = np.arange(n_train), np.arange(n - n_test, n)
    else:
        gen = generator(seed)
        order = gen.permutation(n)
        if stratify is not None:
            codes = np.unique(labels_of(stratify), return_inverse=True)[1].reshape(-1)
            if len(codes) != n:
                raise ValueError(f"stratify has {len(codes)} labels for {n} samples.")
            order = order[np.argsort(codes[order], kind="stable")]
            # Evenly spaced picks along the class-sorted order give each class its share (within one sample).
            test_pos = _evenly_spaced(n, n_test)
            rest = np.delete(order, test_pos)
            test = gen.permutation(order[test_pos])
            train = gen.permutation(rest[_evenly_spaced(len(rest), n_train)])
        else:
            test, train = order[:n_test], order[n_test:n_test + n_train]
    return [part for a in arrays for part in (take(a, train), take(a, test))]


def holdout(x, y=None, validation_fraction: float = 0.2, shuffle: bool = True, stratify=None,
            seed=None, random_state=None) -> tuple[tuple, tuple]:
    """Hold out a validation set: ``(x_train, y_train), (x_val, y_val)``.

    The Keras-shaped form of ``train_test_split`` for the usual
    train/validation split; ``stratify=True`` keeps the class proportions of ``y``.

    Example:
        >>> (x_train, y_train), (x_val, y_val) = holdout(x, y, validation_fraction=0.2, seed=0)
    """
    seed = random_state_arg(random_state, seed, "holdout")
    if stratify is True:
        if y is None:
            raise ValueError("stratify=True needs the labels y.")
        stratify = y
    elif stratify is False:
        stratify = None
    arrays = (x,) if y is None else (x, y)
    parts = train_test_split(*arrays, test_size=validation_fraction, shuffle=shuffle, stratify=stratify, seed=seed)
    if y is None:
        return (parts[0], None), (parts[1], None)
    return (parts[0], parts[2]), (parts[1], parts[3])


def _split_sizes(n: int, test_size, train_size) -> tuple[int, int]:
    if test_size is None and train_size is None:
        test_size = 0.25
    n_test = None if test_size is None else _size(test_size, n, "test_size", math.ceil)
    n_train = None if train_size is None else _size(train_size, n, "train_size", math.floor)
    n_test = n - n_train if n_test is None else n_test
    n_train = n - n_test if n_train is None else n_train
    if n_train <= 0 or n_test <= 0 or n_train + n_test > n:
        raise ValueError(f"With {n} samples, test_size={test_size} and train_size={train_size} give {n_train} "
                         f"training and {n_test} test samples: both must be positive and sum to at most {n}.")
    return n_train, n_test


def _size(value, n: int, name: str, rounding) -> int:
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, numbers.Real) and 0.0 < value < 1.0:
        return int(rounding(value * n))
    raise ValueError(f"`{name}` must be a fraction in (0, 1) or a number of samples. Received: {name}={value!r}")


def _evenly_spaced(n: int, k: int) -> np.ndarray:
    """``k`` distinct positions spread evenly over ``range(n)``."""
    return np.floor((np.arange(k) + 0.5) * n / k).astype(np.int64)
