"""The stages behind ``Dataset``: each one a source or a transformation.

A stage yields its data in one of two equivalent forms and converts only where
it must:

- ``elements()``: one element at a time (what ``map``, ``filter`` and the
  per-element shuffle need, and what a batched dataset's elements are);
- ``blocks(hint)``: ``(block, n)`` pairs, a block holding ``n`` consecutive
  elements along a leading axis, ideally ``hint`` of them. Slices, take, skip,
  repeat, a shuffle of sliced data and batch work on blocks, so the common
  pipeline ``from_tensor_slices -> shuffle -> batch`` is one permutation and one
  gather per batch, with no Python loop over samples.

A stage with random access to its data (``source()`` returns the arrays and
their length) lets ``shuffle`` gather by index instead of buffering elements.
"""

from __future__ import annotations

import itertools

from axon.data import structure as S

INFINITE = -1
UNKNOWN = -2
_DEFAULT_BLOCK = 1024


class Stage:
    """Base class: each subclass implements ``elements`` or ``blocks`` (or both)."""

    def elements(self):
        for block, n in self.blocks(None):
            for i in range(n):
                yield S.row(block, i)

    def blocks(self, hint):
        size = hint or _DEFAULT_BLOCK
        group = []
        for element in self.elements():
            group.append(element)
            if len(group) == size:
                yield S.stack_elements(group), size
                group = []
        if group:
            yield S.stack_elements(group), len(group)

    def source(self):
        """``(arrays, n)`` when the data can be read by index, else None."""
        return None

    def cardinality(self) -> int:
        return UNKNOWN


def _slices(arrays, n: int, hint):
    if hint is None or hint >= n:
        if n:
            yield arrays, n
        return
    for start in range(0, n, hint):
        stop = min(start + hint, n)
        yield S.slice_rows(arrays, start, stop), stop - start


class Slices(Stage):
    """The rows of arrays sharing a leading axis (``from_tensor_slices``)."""

    def __init__(self, arrays, n: int):
        self.arrays, self.n = arrays, n

    def blocks(self, hint):
        return _slices(self.arrays, self.n, hint)

    def source(self):
        return self.arrays, self.n

    def cardinality(self) -> int:
        return self.n


class Take(Stage):
    """The first ``count`` elements (all of them for ``count=-1``)."""

    def __init__(self, up: Stage, count: int):
        self.up, self.count = up, count

    def elements(self):
        return itertools.islice(self.up.elements(), self.count)

    def blocks(self, hint):
        left = self.count
        if left <= 0:
            return
        for block, n in self.up.blocks(hint):
            if n >= left:
                yield (block, n) if n == left else (S.slice_rows(block, 0, left), left)
                return
            left -= n
            yield block, n

    def source(self):
        src = self.up.source()
        if src is None:
            return None
        arrays, n = src
        return (arrays, n) if n <= self.count else (S.slice_rows(arrays, 0, self.count), self.count)

    def cardinality(self) -> int:
        n = self.up.cardinality()
        return self.count if n == INFINITE else (UNKNOWN if n == UNKNOWN else min(n, self.count))


class Skip(Stage):
    """Everything after the first ``count`` elements."""

    def __init__(self, up: Stage, count: int):
        self.up, self.count = up, count

    def elements(self):
        return itertools.islice(self.up.elements(), self.count, None)

    def blocks(self, hint):
        left = self.count
        for block, n in self.up.blocks(hint):
            if left >= n:
                left -= n
                continue
            if left:
                block, n, left = S.slice_rows(block, left, n), n - left, 0
            yield block, n

    def source(self):
        src = self.up.source()
        if src is None:
            return None
        arrays, n = src
        start = min(self.count, n)
        return S.slice_rows(arrays, start, n), n - start

    def cardinality(self) -> int:
        n = self.up.cardinality()
        return n if n < 0 else max(n - self.count, 0)


class Repeat(Stage):
    """The data ``count`` times over (forever for ``count=-1``); stops at once if a pass is empty."""

    def __init__(self, up: Stage, count: int):
        self.up, self.count = up, count

    def _passes(self, make):
        done = 0
        while self.count < 0 or done < self.count:
            empty = True
            for item in make():
                empty = False
                yield item
            if empty:
                return
            done += 1

    def elements(self):
        return self._passes(self.up.elements)

    def blocks(self, hint):
        return self._passes(lambda: self.up.blocks(hint))

    def cardinality(self) -> int:
        n = self.up.cardinality()
        if n == 0 or self.count == 0:
            return 0
        if self.count < 0:
            return INFINITE if n != UNKNOWN else UNKNOWN
        return n * self.count if n >= 0 else n


class Batch(Stage):
    """Consecutive elements stacked into batches of ``batch_size``.

    Blocks from upstream are re-cut at batch boundaries: a block that is exactly
    one batch passes through untouched; others are sliced and joined.
    """

    def __init__(self, up: Stage, batch_size: int, drop_remainder: bool):
        self.up, self.batch_size, self.drop_remainder = up, batch_size, drop_remainder

    def elements(self):
        size, pending, count = self.batch_size, [], 0
        for block, n in self.up.blocks(size):
            if not pending and n == size:
                yield block
                continue
            start = 0
            while start < n:
                part = min(size - count, n - start)
                pending.append(S.slice_rows(block, start, start + part))
                count, start = count + part, start + part
                if count == size:
                    yield S.concat_blocks(pending)
                    pending, count = [], 0
        if pending and not self.drop_remainder:
            yield S.concat_blocks(pending)

    def cardinality(self) -> int:
        n = self.up.cardinality()
        if n < 0:
            return n
        return n // self.batch_size if self.drop_remainder else -(-n // self.batch_size)


class Unbatch(Stage):
    """The rows of each element: the inverse of ``Batch``."""

    def __init__(self, up: Stage):
        self.up = up

    def blocks(self, hint):
        for batch in self.up.elements():
            n = S.flatten_with_paths(batch)[0][1].shape[0]
            if n:
                yield batch, n


def _call(fn, element):
    """Call ``fn`` as tf.data does: a tuple element is unpacked into arguments."""
    return fn(*element) if isinstance(element, tuple) else fn(element)


class Map(Stage):
    """``fn`` applied to every element (to every batch after ``batch``)."""

    def __init__(self, up: Stage, fn):
        self.up, self.fn = up, fn

    def elements(self):
        for element in self.up.elements():
            out = _call(self.fn, element)
            yield S.normalize_structure(tuple(out) if isinstance(out, list) else out)

    def cardinality(self) -> int:
        return self.up.cardinality()


class Filter(Stage):
    """The elements for which ``predicate`` is true."""

    def __init__(self, up: Stage, predicate):
        self.up, self.predicate = up, predicate

    def elements(self):
        for element in self.up.elements():
            if bool(_call(self.predicate, element)):
                yield element

    def cardinality(self) -> int:
        return UNKNOWN


class Cache(Stage):
    """The upstream data, kept after the first complete pass (later passes read memory).

    Once complete, the cache can be read by index, so a ``shuffle`` after
    ``cache`` gathers batches without a per-element loop.
    """

    def __init__(self, up: Stage):
        self.up = up
        self._elements: list | None = None
        self._block = None

    def elements(self):
        if self._block is not None:
            yield from Stage.elements(self)
            return
        if self._elements is not None:
            yield from self._elements
            return
        kept = []
        for element in self.up.elements():
            kept.append(element)
            yield element
        self._elements = kept

    def blocks(self, hint):
        if self._block is None and self._elements is not None:
            self.source()
        if self._block is not None:
            yield from _slices(*self._block, hint)
            return
        if self._elements is not None:
            yield from Stage.blocks(self, hint)
            return
        kept = []
        for block, n in self.up.blocks(hint):
            kept.append((block, n))
            yield block, n
        self._block = (S.concat_blocks([b for b, _ in kept]), sum(n for _, n in kept)) if kept else None
        if not kept:
            self._elements = []

    def source(self):
        if self._block is None and self._elements:
            try:
                self._block = (S.stack_elements(self._elements), len(self._elements))
            except ValueError:  # elements of different shapes (e.g. a ragged last batch)
                return None
            self._elements = None
        return self._block

    def cardinality(self) -> int:
        return self.up.cardinality()
