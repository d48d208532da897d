"""``Shuffle``: tf.data's buffered shuffle, vectorised when the data can be read by index.

tf.data fills a buffer with the first ``buffer_size`` elements, then repeatedly
emits a uniformly chosen buffered element and puts the next input element in
its place; at the end of the input the buffer empties in random order. A buffer
at least as large as the data is therefore a uniform permutation.

On sliced (or cached) data the same process runs on indices without a loop:
while the input lasts, the buffer always has ``b`` slots; if slot ``k`` is
picked at step ``t``, what it holds is the element written there the last time
``k`` was picked (element ``b + s`` for that step ``s``), or element ``k`` if
never. One stable sort by (slot, step) finds every "last time" at once. The
batches are then gathered by index, one fancy-index per batch.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.data import structure as S
from axon.data.pipeline import _DEFAULT_BLOCK, Stage


def uniforms(gen, size: int) -> np.ndarray:
    """``size`` floats in [0, 1) from ``gen`` (a NumPy or CuPy generator), as NumPy."""
    return np.asarray(B.to_numpy(gen.random(size)), dtype=np.float64)


def permutation(gen, n: int) -> np.ndarray:
    """A uniform random permutation of ``range(n)`` (NumPy int64)."""
    if isinstance(gen, np.random.Generator):
        return gen.permutation(n)
    return np.argsort(uniforms(gen, n), kind="stable")


def buffer_order(n: int, buffer_size: int, gen) -> np.ndarray:
    """The order in which a shuffle buffer of ``buffer_size`` emits ``n`` elements."""
    b = buffer_size
    if b >= n:
        return permutation(gen, n)
    steps = n - b
    slot = (uniforms(gen, steps) * b).astype(np.int64)
    by_slot = np.lexsort((np.arange(steps), slot))
    same = np.zeros(steps, dtype=bool)
    same[1:] = slot[by_slot[1:]] == slot[by_slot[:-1]]
    previous = np.full(steps, -1, dtype=np.int64)
    previous[by_slot[1:][same[1:]]] = by_slot[:-1][same[1:]]
    emitted = np.where(previous >= 0, b + previous, slot)
    # What stays in each slot when the input ends: its last write, or its first element.
    final = np.arange(b, dtype=np.int64)
    last = np.ones(steps, dtype=bool)
    last[:-1] = slot[by_slot[:-1]] != slot[by_slot[1:]]
    final[slot[by_slot[last]]] = b + by_slot[last]
    return np.concatenate([emitted, final[permutation(gen, b)]])


class Shuffle(Stage):
    """Elements in random order through a buffer of ``buffer_size`` (see module docstring).

    ``seed`` fixes the sequence of orders; without it the orders come from
    ``axon.backend.rng()``. ``reshuffle_each_iteration=False`` repeats the first
    order on every pass.
    """

    def __init__(self, up: Stage, buffer_size: int, seed: int | None, reshuffle_each_iteration: bool):
        self.up, self.buffer_size = up, buffer_size
        self.reshuffle = reshuffle_each_iteration
        self._seeded = None if seed is None else np.random.default_rng(seed)
        self._fixed_seed = None

    def _generator(self):
        gen = self._seeded if self._seeded is not None else B.rng()
        if self.reshuffle:
            return gen
        if self._fixed_seed is None:
            self._fixed_seed = int(uniforms(gen, 1)[0] * 2**62)
        return np.random.default_rng(self._fixed_seed)

    def blocks(self, hint):
        src = self.up.source()
        if src is None:
            yield from Stage.blocks(self, hint)
            return
        arrays, n = src
        order = buffer_order(n, self.buffer_size, self._generator())
        size = hint or _DEFAULT_BLOCK
        for start in range(0, n, size):
            index = order[start:start + size]
            yield S.take_rows(arrays, index), len(index)

    def elements(self):
        if self.up.source() is not None:
            yield from Stage.elements(self)
            return
        gen = self._generator()
        buffer, draws, used = [], np.empty(0), 0
        for element in self.up.elements():
            if len(buffer) < self.buffer_size:
                buffer.append(element)
                continue
            if used == len(draws):
                draws, used = uniforms(gen, _DEFAULT_BLOCK), 0
            k = int(draws[used] * len(buffer))
            used += 1
            yield buffer[k]
            buffer[k] = element
        for k in permutation(gen, len(buffer)):
            yield buffer[k]

    def cardinality(self) -> int:
        return self.up.cardinality()
