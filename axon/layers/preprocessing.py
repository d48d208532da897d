"""Preprocessing layers: image augmentation (``RandomFlip``, ``RandomRotation``,
``RandomTranslation``, ``RandomZoom``) and value scaling (``Rescaling``,
``Normalization``), with Keras 3's arguments.

The random layers change images only when called with ``training=True`` (as
``fit`` does) and are the identity otherwise, so ``predict`` and ``evaluate``
see the images unchanged. (Keras 3 also augments on a bare direct call
``layer(images)``; in axon pass ``training=True`` to see augmented images.)
They work on a batch ``(N, H, W, C)`` or a single image ``(H, W, C)``, drawing
one transform per image, and are not differentiated (augmentation sits before
any weight).

The geometric ones share one sampler: each image gets a 2x3 affine matrix
mapping an output pixel ``(col, row)`` to the input point it shows; the input is
then read at all those points for the whole batch with one fancy-index gather
(4 neighbours at once for bilinear interpolation). Points that fall outside the
image are filled by ``fill_mode``:

- ``'reflect'``: ``d c b a | a b c d | d c b a`` (the edge pixel repeats);
- ``'wrap'``: ``a b c d | a b c d | a b c d``;
- ``'nearest'``: ``a a a a | a b c d | d d d d``;
- ``'constant'``: ``k k k k | a b c d | k k k k`` with ``k = fill_value``.
"""

from __future__ import annotations

import math

import numpy as np

from axon import backend as B
from axon.autograd.tensor import Tensor
from axon.layers.base import Layer

FILL_MODES = ("reflect", "wrap", "constant", "nearest")
INTERPOLATIONS = ("bilinear", "nearest")


def _fill_index(i, n: int, fill_mode: str):
    """Integer coordinates mapped into ``[0, n)`` by ``fill_mode`` (``'constant'``
    is handled by padding, then clipping like ``'nearest'``)."""
    xp = B.xp
    if fill_mode in ("nearest", "constant"):
        return xp.clip(i, 0, n - 1)
    if fill_mode == "wrap":
        return i % n
    # reflect: -1 - i left of the image, 2n - 1 - i right of it, for i in [-n, 2n)
    # (integer modulo, slow, only beyond). v ^ (v >> bits) is v for v >= 0 and
    # -1 - v for v < 0: the left mirror without a branch; the right one is the
    # left mirror seen from the far edge.
    if int(i.min()) < -n or int(i.max()) >= 2 * n:
        i = i % (2 * n)
    bits = i.dtype.itemsize * 8 - 1
    i = i ^ (i >> bits)
    i = (n - 1) - i
    return (n - 1) - (i ^ (i >> bits))


def affine_sample(images, m, interpolation: str = "bilinear", fill_mode: str = "reflect", fill_value: float = 0.0):
    """Resample a batch of images through per-image affine maps.

    ``out[k, row, col] = images[k]`` read at ``(x, y) = m[k] @ (col, row, 1)``
    (``x`` the column, ``y`` the row), with ``interpolation`` between pixels and
    ``fill_mode`` outside the image. Bilinear reads the four neighbours
    ``(x0 + {0, 1}, y0 + {0, 1})`` with weights from the fractional parts.

    Args:
        images: ``(N, H, W, C)`` float array.
        m: ``(N, 2, 3)`` matrices from output to input coordinates.

    Returns:
        an array like ``images``.
    """
    xp = B.xp
    n, h, w, c = images.shape
    dt = images.dtype
    m = xp.asarray(m, dtype=dt)
    cols = xp.arange(w, dtype=dt)[None, None, :]
    rows = xp.arange(h, dtype=dt)[None, :, None]
    coef = [m[:, i, j, None, None] for i in range(2) for j in range(3)]
    x = coef[0] * cols + coef[1] * rows + coef[2]
    y = coef[3] * cols + coef[4] * rows + coef[5]
    if fill_mode == "constant":
        # A one-pixel frame of fill_value: every outside point clips onto it, and
        # bilinear blends the image edge into the fill as each neighbour dictates.
        images = xp.pad(images, ((0, 0), (1, 1), (1, 1), (0, 0)), constant_values=fill_value)
        x, y, h, w = x + 1, y + 1, h + 2, w + 2
    flat = images.reshape(n * h * w, c)
    index_type = np.int32 if n * h * w < 2**31 else np.int64  # int32 halves the index traffic
    base = (xp.arange(n, dtype=index_type) * (h * w))[:, None, None]
    if interpolation == "nearest":
        xi = _fill_index(xp.floor(x + 0.5).astype(index_type), w, fill_mode)
        yi = _fill_index(xp.floor(y + 0.5).astype(index_type), h, fill_mode)
        return xp.take(flat, base + yi * w + xi, axis=0)
    x0, y0 = xp.floor(x), xp.floor(y)
    wx, wy = (x - x0)[..., None], (y - y0)[..., None]
    x0, y0 = x0.astype(index_type), y0.astype(index_type)
    xa, xb = _fill_index(x0, w, fill_mode), _fill_index(x0 + 1, w, fill_mode)
    ra, rb = base + _fill_index(y0, h, fill_mode) * w, base + _fill_index(y0 + 1, h, fill_mode) * w
    # One gather for the four neighbours: (4, N, H, W, C).
    corners = xp.take(flat, xp.stack([ra + xa, ra + xb, rb + xa, rb + xb]), axis=0)
    top = corners[0] + wx * (corners[1] - corners[0])
    bottom = corners[2] + wx * (corners[3] - corners[2])
    return top + wy * (bottom - top)


def _factor_range(name: str, factor, bound: float | None = None) -> tuple[float, float]:
    """``factor`` as ``(lower, upper)``: a number ``f`` means ``(-f, f)``."""
    if isinstance(factor, (tuple, list)):
        if len(factor) != 2:
            raise ValueError(f"`{name}` must be a number or a tuple (lower, upper). Received: {name}={factor!r}")
        lower, upper = float(factor[0]), float(factor[1])
    elif isinstance(factor, (int, float)) and not isinstance(factor, bool):
        lower, upper = -float(factor), float(factor)
    else:
        raise ValueError(f"`{name}` must be a number or a tuple (lower, upper). Received: {name}={factor!r}")
    if lower > upper:
        raise ValueError(f"`{name}` must have lower <= upper (a single number must be >= 0). Received: "
                         f"{name}={factor!r}")
    if bound is not None and max(abs(lower), abs(upper)) > bound:
        raise ValueError(f"`{name}` must have values in [-{bound:g}, {bound:g}]. Received: {name}={factor!r}")
    return lower, upper


class _RandomImageLayer(Layer):
    """Shared by the random layers: the seed, the training switch, single images."""

    def __init__(self, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, (int, np.integer))):
            raise ValueError(f"`seed` must be an int or None. Received: seed={seed!r}")
        self.seed = None if seed is None else int(seed)
        self._rng = None

    def _generator(self):
        if self.seed is None:
            return B.rng()
        if self._rng is None or not isinstance(self._rng, B.xp.random.Generator):
            self._rng = B.generator(self.seed)
        return self._rng

    def _uniform(self, lower: float, upper: float, n: int):
        return lower + (upper - lower) * self._generator().random(n)

    def call(self, inputs, training=None):
        if not training:
            return inputs
        images = inputs.data
        if images.ndim not in (3, 4):
            raise ValueError(f"Layer '{self.name}' ({type(self).__name__}) expects images (batch, height, width, "
                             f"channels) or one image (height, width, channels). Received shape {images.shape}.")
        single = images.ndim == 3
        out = self._augment(images[None] if single else images)
        return Tensor._wrap(out[0] if single else out)

    def _augment(self, images):
        raise NotImplementedError

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "seed": self.seed}


class RandomFlip(_RandomImageLayer):
    """Flip each image left-right and/or upside down, each with probability 1/2.

    Args:
        mode: ``'horizontal'`` (left-right), ``'vertical'`` (upside down) or
            ``'horizontal_and_vertical'`` (each independently).
        seed: makes the flips reproducible.

    Example:
        >>> flip = axon.layers.RandomFlip("horizontal", seed=0)
        >>> flip(images, training=True).shape == images.shape
        True
    """

    def __init__(self, mode: str = "horizontal_and_vertical", seed: int | None = None, **kwargs):
        super().__init__(seed=seed, **kwargs)
        modes = ("horizontal", "vertical", "horizontal_and_vertical")
        if mode not in modes:
            raise ValueError(f"RandomFlip `mode` must be one of {modes}. Received: mode={mode!r}")
        self.mode = mode

    def _augment(self, images):
        xp = B.xp
        n = len(images)
        if self.mode != "vertical":
            flip = (self._generator().random(n) < 0.5)[:, None, None, None]
            images = xp.where(flip, images[:, :, ::-1], images)
        if self.mode != "horizontal":
            flip = (self._generator().random(n) < 0.5)[:, None, None, None]
            images = xp.where(flip, images[:, ::-1], images)
        return images

    def get_config(self) -> dict:
        return {**super().get_config(), "mode": self.mode}


class _AffineLayer(_RandomImageLayer):
    """A random layer that resamples images through an affine map per image."""

    def __init__(self, fill_mode: str = "reflect", interpolation: str = "bilinear", seed: int | None = None,
                 fill_value: float = 0.0, **kwargs):
        super().__init__(seed=seed, **kwargs)
        if fill_mode not in FILL_MODES:
            raise ValueError(f"`fill_mode` must be one of {FILL_MODES}. Received: fill_mode={fill_mode!r}")
        if interpolation not in INTERPOLATIONS:
            raise ValueError(f"`interpolation` must be one of {INTERPOLATIONS}. "
                             f"Received: interpolation={interpolation!r}")
        self.fill_mode, self.interpolation, self.fill_value = fill_mode, interpolation, float(fill_value)

    def _matrices(self, n: int, h: int, w: int):
        raise NotImplementedError

    def _augment(self, images):
        n, h, w, _ = images.shape
        return affine_sample(images, self._matrices(n, h, w), self.interpolation, self.fill_mode, self.fill_value)

    def get_config(self) -> dict:
        return {**super().get_config(), "fill_mode": self.fill_mode, "interpolation": self.interpolation,
                "fill_value": self.fill_value}


def _stack_matrix(a, b, c, d, e, f):
    xp = B.xp
    return xp.stack([xp.stack([a, b, c], axis=-1), xp.stack([d, e, f], axis=-1)], axis=1)


class RandomRotation(_AffineLayer):
    """Rotate each image about its centre by a random angle.

    Args:
        factor: a fraction of a full turn: ``0.1`` draws angles in
            ``[-0.1 * 2pi, 0.1 * 2pi]``, a tuple ``(lower, upper)`` in
            ``[lower * 2pi, upper * 2pi]``. Positive angles turn counter-clockwise.
        fill_mode: how to fill points outside the image (see the module docstring).
        interpolation: ``'bilinear'`` or ``'nearest'``.
        seed: makes the rotations reproducible.
        fill_value: the value for ``fill_mode='constant'``.

    Example:
        >>> rotate = axon.layers.RandomRotation(0.1)   # up to +-36 degrees
    """

    def __init__(self, factor, fill_mode: str = "reflect", interpolation: str = "bilinear", seed: int | None = None,
                 fill_value: float = 0.0, **kwargs):
        super().__init__(fill_mode, interpolation, seed, fill_value, **kwargs)
        self.factor = factor
        self._lower, self._upper = _factor_range("factor", factor)

    def _matrices(self, n: int, h: int, w: int):
        xp = B.xp
        angle = self._uniform(self._lower, self._upper, n) * (2 * math.pi)
        cos, sin = xp.cos(angle), xp.sin(angle)
        cx, cy = (w - 1) / 2, (h - 1) / 2
        # Output -> input is the rotation by -angle about the centre (rows grow downwards).
        return _stack_matrix(cos, -sin, cx - cos * cx + sin * cy, sin, cos, cy - sin * cx - cos * cy)

    def get_config(self) -> dict:
        factor = list(self.factor) if isinstance(self.factor, (tuple, list)) else self.factor
        return {**super().get_config(), "factor": factor}


class RandomTranslation(_AffineLayer):
    """Shift each image by a random fraction of its height and width.

    Args:
        height_factor: ``0.2`` shifts by up to 20% of the height up or down; a
            tuple ``(lower, upper)`` gives the range (negative moves up). In [-1, 1].
        width_factor: the same for left (negative) and right.
        fill_mode, interpolation, seed, fill_value: as in ``RandomRotation``.

    Example:
        >>> shift = axon.layers.RandomTranslation(0.1, 0.1, fill_mode="constant")
    """

    def __init__(self, height_factor, width_factor, fill_mode: str = "reflect", interpolation: str = "bilinear",
                 seed: int | None = None, fill_value: float = 0.0, **kwargs):
        super().__init__(fill_mode, interpolation, seed, fill_value, **kwargs)
        self.height_factor, self.width_factor = height_factor, width_factor
        self._height = _factor_range("height_factor", height_factor, bound=1.0)
        self._width = _factor_range("width_factor", width_factor, bound=1.0)

    def _matrices(self, n: int, h: int, w: int):
        xp = B.xp
        dy = self._uniform(*self._height, n) * h
        dx = self._uniform(*self._width, n) * w
        one, zero = xp.ones(n), xp.zeros(n)
        return _stack_matrix(one, zero, -dx, zero, one, -dy)

    def get_config(self) -> dict:
        def plain(f):
            return list(f) if isinstance(f, (tuple, list)) else f
        return {**super().get_config(), "height_factor": plain(self.height_factor),
                "width_factor": plain(self.width_factor)}


class RandomZoom(_AffineLayer):
    """Zoom each image in or out about its centre by a random amount.

    Args:
        height_factor: ``0.2`` zooms by a factor in ``[1 - 0.2, 1 + 0.2]`` of the
            field of view; a tuple ``(lower, upper)`` gives the range. Positive
            values zoom out (the image looks smaller), negative zoom in. In [-1, 1].
        width_factor: the same horizontally; None keeps the aspect ratio (the
            same zoom both ways).
        fill_mode, interpolation, seed, fill_value: as in ``RandomRotation``.

    Example:
        >>> zoom = axon.layers.RandomZoom(0.1)
    """

    def __init__(self, height_factor, width_factor=None, fill_mode: str = "reflect", interpolation: str = "bilinear",
                 seed: int | None = None, fill_value: float = 0.0, **kwargs):
        super().__init__(fill_mode, interpolation, seed, fill_value, **kwargs)
        self.height_factor, self.width_factor = height_factor, width_factor
        self._height = _factor_range("height_factor", height_factor, bound=1.0)
        self._width = None if width_factor is None else _factor_range("width_factor", width_factor, bound=1.0)

    def _matrices(self, n: int, h: int, w: int):
        xp = B.xp
        zy = 1.0 + self._uniform(*self._height, n)
        zx = zy if self._width is None else 1.0 + self._uniform(*self._width, n)
        cx, cy = (w - 1) / 2, (h - 1) / 2
        zero = xp.zeros(n)
        return _stack_matrix(zx, zero, cx * (1 - zx), zero, zy, cy * (1 - zy))

    def get_config(self) -> dict:
        def plain(f):
            return list(f) if isinstance(f, (tuple, list)) else f
        return {**super().get_config(), "height_factor": plain(self.height_factor),
                "width_factor": plain(self.width_factor)}


def _plain(value):
    """A JSON-able copy of a number or array argument."""
    return value if isinstance(value, (int, float)) or value is None else np.asarray(B.to_numpy(value)).tolist()


class Rescaling(Layer):
    """Multiply the inputs by ``scale`` and add ``offset``: ``x * scale + offset``.

    Applied in training and inference alike (it is part of the model's input
    handling). ``scale`` and ``offset`` may be numbers or per-channel arrays.

    Example:
        >>> model.add(axon.layers.Rescaling(1.0 / 255))           # [0, 255] -> [0, 1]
        >>> axon.layers.Rescaling(1.0 / 127.5, offset=-1.0)       # [0, 255] -> [-1, 1]
    """

    def __init__(self, scale, offset=0.0, **kwargs):
        super().__init__(**kwargs)
        self.scale, self.offset = scale, offset

    def call(self, inputs, training=None):
        dt = inputs.dtype if inputs.dtype.kind == "f" else B.as_dtype(self.dtype)
        scale = B.xp.asarray(self.scale, dtype=dt)
        offset = B.xp.asarray(self.offset, dtype=dt)
        return inputs * Tensor._wrap(scale) + Tensor._wrap(offset)

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        return {**super().get_config(), "scale": _plain(self.scale), "offset": _plain(self.offset)}


class Normalization(Layer):
    """Standardise features: ``(x - mean) / sqrt(variance)``, per index of ``axis``.

    Give ``mean`` and ``variance``, or call ``adapt(data)`` once to compute them
    from training data (they are then non-trainable weights, saved with the
    model). ``invert=True`` maps standardised values back: ``x * sqrt(var) + mean``.

    Args:
        axis: the axis (or axes) with their own statistics, e.g. -1 for one
            mean per feature or channel; None for one scalar mean and variance.
        mean, variance: known statistics (numbers or arrays broadcastable to
            the kept axes), instead of ``adapt``.
        invert: apply the inverse transform.

    Example:
        >>> norm = axon.layers.Normalization()
        >>> norm.adapt(x_train)             # one mean / variance per feature
        >>> model = Sequential([norm, Dense(1)])
    """

    def __init__(self, axis=-1, mean=None, variance=None, invert: bool = False, **kwargs):
        super().__init__(**kwargs)
        if axis is None:
            self.axis = ()
        elif isinstance(axis, int) and not isinstance(axis, bool):
            self.axis = (axis,)
        elif isinstance(axis, (tuple, list)) and all(isinstance(a, int) for a in axis):
            self.axis = tuple(axis)
        else:
            raise ValueError(f"`axis` must be an int, a tuple of ints or None. Received: axis={axis!r}")
        if (mean is None) != (variance is None):
            raise ValueError("Normalization needs both `mean` and `variance`, or neither (then call `adapt`). "
                             f"Received: mean={mean!r}, variance={variance!r}")
        self.input_mean, self.input_variance, self.invert = mean, variance, bool(invert)
        self._kept_shape = None

    def _kept(self, input_shape) -> tuple[int, ...]:
        ndim = len(input_shape)
        kept = tuple(sorted(a % ndim for a in self.axis))
        if any(not -ndim <= a < ndim for a in self.axis):
            raise ValueError(f"Layer '{self.name}': axis {self.axis} is out of range for inputs of shape "
                             f"{tuple(input_shape)}.")
        if any(input_shape[a] is None for a in kept):
            raise ValueError(f"Layer '{self.name}': the normalised axes {kept} must have known sizes. Received "
                             f"input shape {tuple(input_shape)}.")
        return kept

    def build(self, input_shape) -> None:
        kept = self._kept(input_shape)
        self._kept_shape = [input_shape[a] if a in kept else 1 for a in range(len(input_shape))]
        shape = tuple(input_shape[a] for a in kept)
        if self.input_mean is None:
            self.mean = self.add_weight("mean", shape, "zeros", trainable=False)
            self.variance = self.add_weight("variance", shape, "ones", trainable=False)
        self.built = True

    def adapt(self, data) -> None:
        """Compute the mean and variance of ``data`` (an array, or an iterable of
        batches such as a ``Dataset`` of features) and store them."""
        from axon.data.dataset import Dataset

        batches = [data] if not isinstance(data, Dataset) and hasattr(data, "shape") else data
        count, mean, m2 = 0, None, None
        for batch in batches:
            if isinstance(batch, (tuple, dict)):
                raise ValueError("Normalization.adapt needs the features only; received (features, labels) "
                                 "elements. Use `dataset.map(lambda x, y: x)`.")
            x = np.asarray(B.to_numpy(batch.data if isinstance(batch, Tensor) else batch), dtype=np.float64)
            if not self.built:
                self._build_from(tuple(x.shape))
            if self.input_mean is not None:
                raise ValueError(f"Layer '{self.name}' was given `mean` and `variance`; it cannot `adapt`.")
            reduce = tuple(a for a in range(x.ndim) if a not in self._kept(x.shape))
            n = int(np.prod([x.shape[a] for a in reduce]))
            batch_mean = x.mean(axis=reduce)
            batch_m2 = ((x - x.mean(axis=reduce, keepdims=True)) ** 2).sum(axis=reduce)
            if mean is None:
                count, mean, m2 = n, batch_mean, batch_m2
                continue
            # Chan et al.'s pairwise merge: exact, stable statistics over batches.
            delta = batch_mean - mean
            total = count + n
            mean = mean + delta * (n / total)
            m2 = m2 + batch_m2 + delta ** 2 * (count * n / total)
            count = total
        if mean is None:
            raise ValueError(f"Layer '{self.name}': `adapt` received no data.")
        self.mean.assign(mean.reshape(self.mean.shape))
        self.variance.assign((m2 / count).reshape(self.variance.shape))

    def call(self, inputs, training=None):
        dt = inputs.dtype if inputs.dtype.kind == "f" else B.as_dtype(self.dtype)
        if self.input_mean is None:
            mean, variance = self.mean.data, self.variance.data
        else:
            mean, variance = self.input_mean, self.input_variance
        mean = B.xp.asarray(mean, dtype=dt).reshape(self._kept_shape) if np.size(mean) > 1 else \
            B.xp.asarray(mean, dtype=dt).reshape(())
        std = B.xp.sqrt(B.xp.asarray(variance, dtype=dt))
        std = std.reshape(self._kept_shape) if std.size > 1 else std.reshape(())
        if self.invert:
            return inputs * Tensor._wrap(std) + Tensor._wrap(mean)
        return (inputs - Tensor._wrap(mean)) / Tensor._wrap(B.xp.maximum(std, B.xp.asarray(1e-7, dtype=dt)))

    def compute_output_shape(self, input_shape):
        return tuple(input_shape)

    def get_config(self) -> dict:
        axis = None if not self.axis else (self.axis[0] if len(self.axis) == 1 else list(self.axis))
        return {**super().get_config(), "axis": axis, "mean": _plain(self.input_mean),
                "variance": _plain(self.input_variance), "invert": self.invert}
