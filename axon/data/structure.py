"""Nested elements of a ``Dataset``: tuples and dicts of arrays, as in tf.data.

An element is an array, or a tuple / dict whose leaves are arrays (nested to
any depth). A *block* is the same structure with a leading axis holding
several consecutive elements; the pipeline moves blocks so that slicing,
shuffling and batching are whole-array operations.
"""

from __future__ import annotations

from axon import backend as B


def map_structure(fn, *structures):
    """Apply ``fn`` leaf by leaf to structures of the same shape (tuples, dicts)."""
    first = structures[0]
    if isinstance(first, tuple):
        return tuple(map_structure(fn, *parts) for parts in zip(*structures))
    if isinstance(first, dict):
        return {key: map_structure(fn, *(s[key] for s in structures)) for key in first}
    return fn(*structures)


def flatten_with_paths(structure, path: str = "") -> list[tuple[str, object]]:
    """The leaves in order, each with its path (``[0]``, ``['image']``, ``[1][0]``)."""
    if isinstance(structure, tuple):
        return [item for i, part in enumerate(structure) for item in flatten_with_paths(part, f"{path}[{i}]")]
    if isinstance(structure, dict):
        return [item for key, part in structure.items() for item in flatten_with_paths(part, f"{path}[{key!r}]")]
    return [(path, structure)]


def to_array(value):
    """An array of the active backend: a Tensor's array, an array as is, a
    Python number or list converted (floats become ``floatx``)."""
    from axon.autograd.tensor import Tensor

    if isinstance(value, Tensor):
        return value.data
    if isinstance(value, B.xp.ndarray):
        return value
    return B.asarray(value)


def normalize_structure(value):
    """A structure of backend arrays: lists become arrays (tf's rule), lists
    returned from a map function become tuples."""
    if isinstance(value, tuple):
        return tuple(normalize_structure(v) for v in value)
    if isinstance(value, dict):
        return {k: normalize_structure(v) for k, v in value.items()}
    return to_array(value)


def row(block, i: int):
    """Element ``i`` of a block (views, 0-d arrays for scalars)."""
    return map_structure(lambda a: a[i, ...], block)


def slice_rows(block, start: int, stop: int):
    """Elements ``start:stop`` of a block (views)."""
    return map_structure(lambda a: a[start:stop], block)


def take_rows(block, index):
    """The elements at ``index`` (an integer array) of a block: one gather per leaf."""
    index = B.xp.asarray(index)
    return map_structure(lambda a: a[index], block)


def concat_blocks(blocks: list):
    """Join blocks along the leading axis (no copy for a single block)."""
    if len(blocks) == 1:
        return blocks[0]
    return map_structure(lambda *parts: B.xp.concatenate(parts), *blocks)


def stack_elements(elements: list):
    """Stack elements into a block, with a clear error when their shapes differ."""
    def stack(*parts):
        shapes = {tuple(p.shape) for p in parts}
        if len(shapes) > 1:
            raise ValueError(
                f"Cannot batch elements of different shapes: {sorted(shapes)}. Give every element the same "
                "shape (e.g. resize in `map`), or use `batch(..., drop_remainder=True)` before batching again."
            )
        return B.xp.stack(parts)

    return map_structure(stack, *elements)


def to_numpy(structure):
    """The structure with every leaf as a NumPy array."""
    return map_structure(B.to_numpy, structure)
