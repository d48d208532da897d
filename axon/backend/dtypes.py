"""The dtypes axon names at top level and the one function that resolves them."""

from __future__ import annotations

import numpy as np

float16 = np.dtype("float16")
float32 = np.dtype("float32")
float64 = np.dtype("float64")
int8 = np.dtype("int8")
int32 = np.dtype("int32")
int64 = np.dtype("int64")
uint8 = np.dtype("uint8")
bool_ = np.dtype("bool")

_NAMES = {
    "float16": float16, "half": float16,
    "float32": float32, "float": float32,
    "float64": float64, "double": float64,
    "int8": int8, "int32": int32, "int64": int64, "uint8": uint8,
    "bool": bool_,
}


def as_dtype(dtype) -> np.dtype:
    """Resolve a dtype given as a name (``'float32'``), a NumPy dtype or a type.

    Raises:
        TypeError: for a name axon does not know, listing the valid ones.
    """
    if isinstance(dtype, str):
        try:
            return _NAMES[dtype]
        except KeyError:
            valid = ", ".join(sorted(_NAMES))
            raise TypeError(f"Unknown dtype {dtype!r}. Valid dtype names: {valid}.") from None
    if dtype is bool:
        return bool_
    try:
        return np.dtype(dtype)
    except TypeError:
        valid = ", ".join(sorted(_NAMES))
        raise TypeError(f"Cannot interpret {dtype!r} as a dtype. Valid dtype names: {valid}.") from None
