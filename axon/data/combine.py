"""Stages joining datasets: ``Zip`` (side by side) and ``Concatenate`` (one after the other)."""

from __future__ import annotations

import itertools

from axon.data import structure as S
from axon.data.pipeline import INFINITE, UNKNOWN, Stage, _slices


class Zip(Stage):
    """Elements of several stages side by side, as a tuple or dict; stops at the shortest."""

    def __init__(self, stages, keys=None):
        self.stages, self.keys = list(stages), keys

    def _pack(self, parts):
        return dict(zip(self.keys, parts)) if self.keys is not None else tuple(parts)

    def elements(self):
        for parts in zip(*(stage.elements() for stage in self.stages)):
            yield self._pack(parts)

    def blocks(self, hint):
        src = self.source()
        if src is None:
            return Stage.blocks(self, hint)
        return _slices(*src, hint)

    def source(self):
        sources = [stage.source() for stage in self.stages]
        if any(src is None for src in sources):
            return None
        n = min(n for _, n in sources)
        return self._pack([S.slice_rows(arrays, 0, n) for arrays, _ in sources]), n

    def cardinality(self) -> int:
        counts = [stage.cardinality() for stage in self.stages]
        finite = [n for n in counts if n >= 0]
        if finite:
            return min(finite)
        return UNKNOWN if UNKNOWN in counts else INFINITE


class Concatenate(Stage):
    """The elements of ``first`` followed by those of ``second``."""

    def __init__(self, first: Stage, second: Stage):
        self.first, self.second = first, second

    def elements(self):
        return itertools.chain(self.first.elements(), self.second.elements())

    def blocks(self, hint):
        return itertools.chain(self.first.blocks(hint), self.second.blocks(hint))

    def cardinality(self) -> int:
        a, b = self.first.cardinality(), self.second.cardinality()
        if INFINITE in (a, b):
            return INFINITE
        return UNKNOWN if UNKNOWN in (a, b) else a + b
