"""``keras.ops.image.resize``: bilinear and nearest resizing (half-pixel centres,
as TensorFlow 2 and Keras 3), with Keras's cropping or padding to the target's
aspect ratio and either data format. The interpolation itself is the separable
``Resize`` op of ``axon/ops/resize.py`` (two small matrices, two GEMMs)."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor
from axon.ops.manipulation import pad
from axon.ops.resize import Resize, bilinear_matrix
from axon.ops.shape import getitem, reshape, transpose

INTERPOLATIONS = ("bilinear", "nearest")


def interpolation_matrix(size_in: int, size_out: int, method: str, dtype):
    """The ``(size_out, size_in)`` matrix mapping an axis of ``size_in`` samples to ``size_out``."""
    if method == "bilinear":
        return bilinear_matrix(size_in, size_out, dtype)
    # nearest, half-pixel centres: the source of output i is floor((i + 0.5) * in / out)
    rows = np.arange(size_out)
    src = np.minimum(np.floor((rows + 0.5) * (size_in / size_out)).astype(np.int64), size_in - 1)
    matrix = np.zeros((size_out, size_in), dtype=dtype)
    matrix[rows, src] = 1.0
    return B.xp.asarray(matrix)


def _crop_box(height: int, width: int, th: int, tw: int):
    crop_h = max(min(height, int(float(width * th) / tw)), 1)
    crop_w = max(min(width, int(float(height * tw) / th)), 1)
    top, left = int(float(height - crop_h) / 2), int(float(width - crop_w) / 2)
    return slice(top, top + crop_h), slice(left, left + crop_w)


def resize(images, size, interpolation: str = "bilinear", antialias: bool = False,
           crop_to_aspect_ratio: bool = False, pad_to_aspect_ratio: bool = False, fill_mode: str = "constant",
           fill_value: float = 0.0, data_format: str | None = None) -> Tensor:
    """Resize images to ``size = (height, width)`` (``keras.ops.image.resize``).

    ``images`` is ``(height, width, channels)`` or ``(batch, height, width,
    channels)`` (channels first with ``data_format="channels_first"``).
    ``crop_to_aspect_ratio`` crops the centre to the target's aspect ratio
    first; ``pad_to_aspect_ratio`` pads with ``fill_value`` instead. With
    ``antialias=True`` only enlarging is supported (where it changes nothing).
    Differentiable with respect to the images.
    """
    t = as_tensor(images)
    if interpolation not in INTERPOLATIONS:
        raise ValueError(f"resize: interpolation must be one of {INTERPOLATIONS} in axon. "
                         f"Received interpolation={interpolation!r}.")
    data_format = data_format or "channels_last"
    if data_format not in ("channels_last", "channels_first"):
        raise ValueError(f"resize: data_format must be 'channels_last' or 'channels_first'. Received {data_format!r}.")
    if t.ndim not in (3, 4):
        raise ValueError(f"resize: images must have rank 3 (H, W, C) or 4 (N, H, W, C). Received shape {t.shape}.")
    if len(tuple(size)) != 2 or min(int(s) for s in size) < 1:
        raise ValueError(f"resize: size must be (height, width) of positive ints. Received size={size!r}.")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("resize: crop_to_aspect_ratio and pad_to_aspect_ratio cannot both be True.")
    if fill_mode != "constant":
        raise ValueError(f"resize: fill_mode must be 'constant'. Received fill_mode={fill_mode!r}.")
    th, tw = (int(s) for s in size)
    batched = t.ndim == 4
    x = t if batched else reshape(t, (1,) + t.shape)
    if data_format == "channels_first":
        x = transpose(x, (0, 2, 3, 1))
    if x.dtype.kind != "f":
        from axon.ops.shape import cast

        x = cast(x, B.floatx())
    height, width = x.shape[1], x.shape[2]
    if crop_to_aspect_ratio:
        rows, cols = _crop_box(height, width, th, tw)
        x = getitem(x, (slice(None), rows, cols))
    elif pad_to_aspect_ratio:
        ph = max(height, int(float(width * th) / tw))
        pw = max(width, int(float(height * tw) / th))
        # As Keras: the same border on both sides, so an odd difference leaves one row unpadded.
        top, left = int(float(ph - height) / 2), int(float(pw - width) / 2)
        x = pad(x, [(0, 0), (top, top), (left, left), (0, 0)], constant_values=fill_value)
    height, width = x.shape[1], x.shape[2]
    if antialias and (th < height or tw < width):
        raise ValueError("resize: antialias=True when shrinking is not implemented in axon; use antialias=False "
                         "(plain interpolation) or average pooling before resizing.")
    if (height, width) != (th, tw):
        x = Resize.apply(x, ah=interpolation_matrix(height, th, interpolation, x.dtype),
                         aw=interpolation_matrix(width, tw, interpolation, x.dtype))
    if data_format == "channels_first":
        x = transpose(x, (0, 3, 1, 2))
    return x if batched else reshape(x, x.shape[1:])


__all__ = ["resize"]
