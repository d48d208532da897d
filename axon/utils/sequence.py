"""``pad_sequences``: lists of variable-length sequences to one 2-D array (Keras's rules)."""

from __future__ import annotations

import numpy as np


def pad_sequences(sequences, maxlen: int | None = None, dtype="int32", padding: str = "pre",
                  truncating: str = "pre", value=0.0) -> np.ndarray:
    """Pad (or cut) every sequence to one length, as ``keras.utils.pad_sequences``.

    Args:
        sequences: a list of sequences (lists or arrays of numbers or strings; items may be vectors).
        maxlen: the length of the output (default: the longest sequence).
        dtype: the output dtype (``'int32'`` by default; ``object`` or a string dtype for text).
        padding: ``'pre'`` (default) or ``'post'``: where the padding goes.
        truncating: ``'pre'`` (default) or ``'post'``: which end of a long sequence is cut.
        value: the padding value.

    Returns:
        An array ``(len(sequences), maxlen, *item_shape)``.

    Example:
        >>> pad_sequences([[1, 2, 3], [4]], maxlen=2, padding="post")
        array([[2, 3],
               [4, 0]], dtype=int32)
    """
    if padding not in ("pre", "post"):
        raise ValueError(f'`padding` must be "pre" or "post". Received: padding={padding!r}')
    if truncating not in ("pre", "post"):
        raise ValueError(f'`truncating` must be "pre" or "post". Received: truncating={truncating!r}')
    if not hasattr(sequences, "__len__"):
        raise ValueError("`sequences` must be iterable (a list of sequences).")
    lengths, sample_shape, seqs = [], (), []
    for i, s in enumerate(sequences):
        if not hasattr(s, "__len__"):
            raise ValueError(f"`sequences` must be a list of iterables. Found non-iterable: {s!r} at index {i}.")
        arr = np.asarray(s)
        lengths.append(len(s))
        if len(s) and not sample_shape:
            sample_shape = arr.shape[1:]
        seqs.append(arr)
    if maxlen is None:
        maxlen = max(lengths, default=0)
    if not isinstance(maxlen, (int, np.integer)) or maxlen < 0:
        raise ValueError(f"`maxlen` must be a non-negative int or None. Received: maxlen={maxlen!r}")
    is_text = np.issubdtype(np.dtype(dtype), np.str_) or np.dtype(dtype) == object
    if isinstance(value, str) and not is_text:
        raise ValueError(f"`dtype` {dtype} is not compatible with `value`'s type {type(value)}. Pass dtype=object "
                         "for variable-length strings.")
    out = np.full((len(seqs), maxlen) + tuple(sample_shape), value, dtype=dtype)
    for i, arr in enumerate(seqs):
        if not len(arr):
            continue
        trunc = arr[-maxlen:] if truncating == "pre" else arr[:maxlen]
        if maxlen == 0:
            continue
        if trunc.shape[1:] != tuple(sample_shape):
            raise ValueError(f"Shape of sample {trunc.shape[1:]} of sequence at position {i} is different from "
                             f"expected shape {tuple(sample_shape)}.")
        if padding == "post":
            out[i, :len(trunc)] = trunc
        else:
            out[i, maxlen - len(trunc):] = trunc
    return out
