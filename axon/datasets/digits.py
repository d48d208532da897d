"""Digits (axon): the 1,797 8x8 handwritten digits that ship with scikit-learn.

Small enough to train on in seconds and needing no download: the dataset for
a first experiment, a test, or a machine without network.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B


def load_data(test_split: float = 0.2, seed: int | None = 113):
    """Load the 8x8 digits split into ``(x_train, y_train), (x_test, y_test)``.

    ``x`` is uint8 ``(n, 8, 8)`` with values **0-16** (ink counts, not 0-255:
    scale with ``x / 16.0``); ``y`` is uint8 with labels 0-9. The split is
    stratified: each digit keeps its proportion in both parts (1,438 training
    and 359 test images for ``test_split=0.2``), and both parts are
    shuffled. The same ``seed`` gives the same split; ``seed=None`` draws it
    from ``axon.random.set_seed``'s generator.

    Args:
        test_split: fraction of each class held out for testing, in [0, 1).
        seed: seed of the split.

    Raises:
        ImportError: when scikit-learn is not installed.

    Example:
        >>> (x_train, y_train), (x_test, y_test) = axon.datasets.digits.load_data()
        >>> x_train.shape, x_train.max()
        ((1438, 8, 8), 16)
    """
    if isinstance(test_split, bool) or not isinstance(test_split, (int, float)) or not 0 <= test_split < 1:
        raise ValueError(f"`test_split` must be a number in [0, 1). Received: test_split={test_split!r}")
    try:
        from sklearn.datasets import load_digits
    except ImportError as err:
        raise ImportError("axon.datasets.digits needs scikit-learn: `pip install scikit-learn`.") from err
    bunch = load_digits()
    x = bunch.images.astype(np.uint8)
    y = bunch.target.astype(np.uint8)
    gen = np.random.default_rng(seed) if seed is not None else np.random.default_rng(
        int(B.to_numpy(B.rng().integers(0, 2**62))))
    # Shuffle, then sort stably by class: each class is a random run; its first
    # round(test_split * count) members go to the test set.
    order = gen.permutation(len(y))
    order = order[np.argsort(y[order], kind="stable")]
    counts = np.bincount(y, minlength=10)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rank = np.arange(len(y)) - np.repeat(starts, counts)
    is_test = rank < np.repeat(np.round(test_split * counts).astype(np.int64), counts)
    test, train = gen.permutation(order[is_test]), gen.permutation(order[~is_test])
    return (x[train], y[train]), (x[test], y[test])
