"""What a step receives and returns: Keras's ``data`` packing and the logs.

``fit`` hands ``train_step(data)`` one batch packed as Keras 3 packs it:
``x`` alone when there are no targets, else ``(x, y)`` or ``(x, y, sample_weight)``,
with ``x`` and ``y`` in the structure the user gave (one tensor, a list, a dict).
A step returns a dict of metric values, which become the logs as Python floats.
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.tensor import Tensor


def pack_x_y_sample_weight(x, y=None, sample_weight=None):
    """Pack ``x``, ``y`` and ``sample_weight`` the way ``fit`` passes a batch to ``train_step``.

    ``x`` alone (or ``(x,)`` when ``x`` is a tuple or list) without targets,
    else ``(x, y)`` or ``(x, y, sample_weight)``.

    Example:
        >>> data = pack_x_y_sample_weight(x, y)
        >>> x, y, sample_weight = unpack_x_y_sample_weight(data)
    """
    if y is None:
        return (x,) if isinstance(x, (tuple, list)) else x
    if sample_weight is None:
        return (x, y)
    return (x, y, sample_weight)


def unpack_x_y_sample_weight(data):
    """Split a batch into ``(x, y, sample_weight)``, missing parts as ``None``.

    A tuple of one, two or three items is ``(x,)``, ``(x, y)`` or
    ``(x, y, sample_weight)``; a list is one ``x`` (several inputs); anything
    else is ``x`` alone.

    Example:
        >>> def train_step(self, data):
        ...     x, y, sample_weight = keras.utils.unpack_x_y_sample_weight(data)
    """
    if isinstance(data, list):
        data = tuple(data)
    if not isinstance(data, tuple):
        return data, None, None
    if len(data) == 1:
        return data[0], None, None
    if len(data) == 2:
        return data[0], data[1], None
    if len(data) == 3:
        return data[0], data[1], data[2]
    raise ValueError("Data is expected to be in format `x`, `(x,)`, `(x, y)`, or `(x, y, sample_weight)`, "
                     f"found a tuple of {len(data)} items.")


def restructure(values: list | None, template, names: list[str]):
    """Put flat arrays back in the user's structure, as Tensors: a dict keyed by
    ``names`` (for a dict), a tuple (several arrays, as Keras passes a list) or one tensor."""
    if values is None:
        return None
    tensors = [None if v is None else Tensor._wrap(v) for v in values]
    if isinstance(template, dict):
        return {n: t for n, t in zip(names, tensors) if t is not None}
    return tuple(tensors) if len(tensors) > 1 else tensors[0]


def batch_size_of(x) -> int:
    """The number of samples in a batch's ``x`` (its first array)."""
    first = next(iter(x.values())) if isinstance(x, dict) else x[0] if isinstance(x, (list, tuple)) else x
    return int(first.shape[0]) if getattr(first, "ndim", 0) else 1


def pythonify_logs(logs) -> dict:
    """A step's returned values as logs: scalars become Python floats, nested
    dicts (``compile_metrics``) are merged in, other results become lists."""
    if logs is None:
        return {}
    if not isinstance(logs, dict):
        raise TypeError(
            f"train_step/test_step must return a dict of metric values, e.g. "
            f"{{m.name: m.result() for m in self.metrics}}; it returned a {type(logs).__name__}."
        )
    out: dict = {}
    for key, value in logs.items():
        if isinstance(value, dict):
            out.update(pythonify_logs(value))
            continue
        out[key] = python_value(value)
    return out


def python_value(value):
    """One metric result as a Python float (a list for a vector result)."""
    if isinstance(value, (int, float, str, bool)) or value is None:
        return float(value) if isinstance(value, (int, bool)) else value
    if isinstance(value, Tensor):
        value = value.data
    array = np.asarray(B.to_numpy(value))
    if array.size == 1:
        return float(array.reshape(()))
    return array.tolist()


def to_numpy_structure(value):
    """A step's output (Tensor, array, list/tuple or dict of them) as NumPy arrays."""
    if isinstance(value, dict):
        return {k: to_numpy_structure(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_numpy_structure(v) for v in value]
    if isinstance(value, Tensor):
        value = value.data
    return np.asarray(B.to_numpy(value))


def concatenate_structures(chunks: list):
    """Join per-batch outputs of the same structure along the batch axis."""
    first = chunks[0]
    if isinstance(first, dict):
        return {k: concatenate_structures([c[k] for c in chunks]) for k in first}
    if isinstance(first, list):
        return [concatenate_structures([c[i] for c in chunks]) for i in range(len(first))]
    return np.concatenate(chunks) if first.ndim else np.stack(chunks)
