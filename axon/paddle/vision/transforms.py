"""``paddle.vision.transforms``: image preprocessing on NumPy arrays (HWC or HW) and PIL images.

Each transform is a callable on one image. Those that are plain arithmetic
(``Normalize``, ``ToTensor``, ``Transpose``) also have ``_batch(images)``, the
same operation on a stack of images, which ``DataLoader`` uses to prepare a
whole batch at once. Random transforms draw from the generator ``paddle.seed`` seeds.
"""

from __future__ import annotations

import numbers

import numpy as np

from axon import backend as B


def _is_pil(img) -> bool:
    try:
        from PIL import Image
    except ImportError:  # pragma: no cover - Pillow absent
        return False
    return isinstance(img, Image.Image)


def _to_array(img) -> np.ndarray:
    from axon.paddle.tensor import Tensor

    if isinstance(img, Tensor):
        return img.numpy()
    return np.asarray(img)


def _like(result: np.ndarray, original):
    """``result`` in the type of ``original`` (PIL image, Tensor or array)."""
    from axon.paddle.tensor import Tensor

    if _is_pil(original):
        from PIL import Image

        return Image.fromarray(np.clip(result, 0, 255).astype(np.uint8) if result.dtype != np.uint8 else result)
    if isinstance(original, Tensor):
        return Tensor(result)
    return result


def _size_pair(size) -> tuple:
    return (int(size), int(size)) if isinstance(size, numbers.Number) else (int(size[0]), int(size[1]))


class BaseTransform:
    """Base class: ``__call__(img)`` returns the transformed image."""

    def __init__(self, keys=None):
        self.keys = keys

    def __call__(self, img):
        return self._apply_image(img)

    def _apply_image(self, img):  # pragma: no cover - abstract
        raise NotImplementedError


class Compose:
    """Apply transforms in order.

    Example:
        >>> transform = T.Compose([T.Normalize(mean=[127.5], std=[127.5], data_format='CHW')])
    """

    def __init__(self, transforms):
        self.transforms = list(transforms)

    def __call__(self, data):
        for t in self.transforms:
            data = t(data)
        return data

    def __getattr__(self, name):
        if name == "_batch" and all(hasattr(t, "_batch") for t in self.__dict__.get("transforms", [None])):
            def batch(images):
                for t in self.transforms:
                    images = t._batch(images)
                return images
            return batch
        raise AttributeError(name)

    def __repr__(self) -> str:
        return "Compose(" + ", ".join(repr(t) for t in self.transforms) + ")"


class Normalize(BaseTransform):
    """``(img - mean) / std`` per channel, in float32; ``data_format`` says where the channels are.

    A 2-D (HW) image gets a channel axis (``(1, H, W)`` for ``'CHW'``), as in Paddle.
    ``to_rgb`` reverses the channel order first (BGR -> RGB).
    """

    def __init__(self, mean=0.0, std=1.0, data_format: str = "CHW", to_rgb: bool = False, keys=None):
        super().__init__(keys)
        if data_format not in ("CHW", "HWC"):
            raise ValueError(f"Normalize: `data_format` must be 'CHW' or 'HWC'. Received: {data_format!r}")
        self.mean = np.float32(mean if isinstance(mean, (list, tuple)) else [mean])
        self.std = np.float32(std if isinstance(std, (list, tuple)) else [std])
        if np.any(self.std == 0):
            raise ValueError(f"Normalize: `std` must not contain 0. Received: std={std!r}")
        self.data_format, self.to_rgb = data_format, to_rgb

    def _apply_image(self, img):
        a = _to_array(img).astype(np.float32)
        out = self._normalize(a, a.ndim == 2, 0)
        from axon.paddle.tensor import Tensor

        return Tensor(out) if isinstance(img, Tensor) else out

    def _normalize(self, a, grey: bool, lead: int):
        chw = self.data_format == "CHW"
        if grey:
            a = np.expand_dims(a, lead if chw else a.ndim)
        if self.to_rgb:
            a = a[(slice(None),) * lead + (slice(None, None, -1),)] if chw else a[..., ::-1]
        shape = (1,) * lead + ((-1, 1, 1) if chw else (1, 1, -1))
        return (a - self.mean.reshape(shape)) / self.std.reshape(shape)

    def _batch(self, images):
        a = np.asarray(images, dtype=np.float32)
        return self._normalize(a, a.ndim == 3, 1)

    def __repr__(self) -> str:
        return f"Normalize(mean={self.mean.tolist()}, std={self.std.tolist()}, data_format={self.data_format!r})"


class ToTensor(BaseTransform):
    """An HWC / HW image (uint8 scaled to [0, 1]) as a float32 ``CHW`` (or ``HWC``) Tensor."""

    def __init__(self, data_format: str = "CHW", keys=None):
        super().__init__(keys)
        if data_format not in ("CHW", "HWC"):
            raise ValueError(f"ToTensor: `data_format` must be 'CHW' or 'HWC'. Received: {data_format!r}")
        self.data_format = data_format

    def _convert(self, a, lead: int):
        if a.ndim == 2 + lead:
            a = a[..., None]
        if self.data_format == "CHW":
            a = np.moveaxis(a, -1, lead)
        return a.astype(np.float32) / np.float32(255) if a.dtype == np.uint8 else a.astype(np.float32)

    def _apply_image(self, img):
        from axon.paddle.tensor import Tensor

        return Tensor(np.ascontiguousarray(self._convert(_to_array(img), 0)))

    def _batch(self, images):
        return np.ascontiguousarray(self._convert(np.asarray(images), 1))


class Transpose(BaseTransform):
    """Permute the axes of an HWC image (``(2, 0, 1)``: to CHW); a 2-D image gets a channel axis first."""

    def __init__(self, order=(2, 0, 1), keys=None):
        super().__init__(keys)
        self.order = tuple(order)

    def _apply_image(self, img):
        a = _to_array(img)
        if a.ndim == 2:
            a = a[..., None]
        return a.transpose(self.order)

    def _batch(self, images):
        a = np.asarray(images)
        if a.ndim == 3:
            a = a[..., None]
        return a.transpose((0,) + tuple(o + 1 for o in self.order))


def _resize(a: np.ndarray, size: tuple, interpolation: str) -> np.ndarray:
    """``a`` (HW or HWC) resized to ``size`` (h, w): nearest or bilinear (half-pixel centres)."""
    h, w = a.shape[:2]
    oh, ow = size
    if interpolation == "nearest":
        rows = np.minimum((np.arange(oh) * h / oh).astype(int), h - 1)
        cols = np.minimum((np.arange(ow) * w / ow).astype(int), w - 1)
        return a[rows][:, cols]
    ys = np.clip((np.arange(oh) + 0.5) * h / oh - 0.5, 0, h - 1)
    xs = np.clip((np.arange(ow) + 0.5) * w / ow - 0.5, 0, w - 1)
    y0, x0 = np.floor(ys).astype(int), np.floor(xs).astype(int)
    y1, x1 = np.minimum(y0 + 1, h - 1), np.minimum(x0 + 1, w - 1)
    wy, wx = (ys - y0), (xs - x0)
    f = a.astype(np.float32)
    if f.ndim == 3:
        wy, wx = wy[:, None, None], wx[None, :, None]
    else:
        wy, wx = wy[:, None], wx[None, :]
    top = f[y0][:, x0] * (1 - wx) + f[y0][:, x1] * wx
    bottom = f[y1][:, x0] * (1 - wx) + f[y1][:, x1] * wx
    out = top * (1 - wy) + bottom * wy
    return np.round(out).astype(a.dtype) if a.dtype == np.uint8 else out.astype(a.dtype)


class Resize(BaseTransform):
    """Resize to ``size`` (``(h, w)``, or an int for the shorter side keeping the aspect ratio)."""

    def __init__(self, size, interpolation: str = "bilinear", keys=None):
        super().__init__(keys)
        if interpolation not in ("nearest", "bilinear"):
            raise ValueError(f"Resize: `interpolation` must be 'nearest' or 'bilinear'. Received: {interpolation!r}")
        self.size, self.interpolation = size, interpolation

    def _apply_image(self, img):
        a = _to_array(img)
        h, w = a.shape[:2]
        if isinstance(self.size, numbers.Number):
            s = int(self.size)
            size = (s, int(s * w / h)) if h <= w else (int(s * h / w), s)
        else:
            size = _size_pair(self.size)
        return _like(_resize(a, size, self.interpolation), img)


def _pad(a: np.ndarray, padding, fill=0, mode: str = "constant") -> np.ndarray:
    if isinstance(padding, numbers.Number):
        left = top = right = bottom = int(padding)
    elif len(padding) == 2:
        left, top = padding
        right, bottom = padding
    else:
        left, top, right, bottom = padding
    pads = [(top, bottom), (left, right)] + [(0, 0)] * (a.ndim - 2)
    modes = {"constant": "constant", "edge": "edge", "reflect": "reflect", "symmetric": "symmetric"}
    if mode not in modes:
        raise ValueError(f"`padding_mode` must be one of {sorted(modes)}. Received: {mode!r}")
    if mode == "constant":
        return np.pad(a, pads, mode="constant", constant_values=fill)
    return np.pad(a, pads, mode=modes[mode])


class Pad(BaseTransform):
    """Pad the borders: an int, ``(left/right, top/bottom)`` or ``(left, top, right, bottom)``."""

    def __init__(self, padding, fill=0, padding_mode: str = "constant", keys=None):
        super().__init__(keys)
        self.padding, self.fill, self.padding_mode = padding, fill, padding_mode

    def _apply_image(self, img):
        return _like(_pad(_to_array(img), self.padding, self.fill, self.padding_mode), img)


class CenterCrop(BaseTransform):
    """The central ``size`` crop."""

    def __init__(self, size, keys=None):
        super().__init__(keys)
        self.size = _size_pair(size)

    def _apply_image(self, img):
        a = _to_array(img)
        h, w = a.shape[:2]
        th, tw = self.size
        if th > h or tw > w:
            raise ValueError(f"CenterCrop: crop {self.size} is larger than the image ({h}, {w}).")
        top, left = int(round((h - th) / 2.0)), int(round((w - tw) / 2.0))
        return _like(a[top:top + th, left:left + tw], img)


class RandomCrop(BaseTransform):
    """A random ``size`` crop, after optional ``padding`` (and padding up to ``size`` with ``pad_if_needed``)."""

    def __init__(self, size, padding=None, pad_if_needed: bool = False, fill=0, padding_mode: str = "constant",
                 keys=None):
        super().__init__(keys)
        self.size, self.padding, self.pad_if_needed = _size_pair(size), padding, pad_if_needed
        self.fill, self.padding_mode = fill, padding_mode

    def _apply_image(self, img):
        a = _to_array(img)
        if self.padding is not None:
            a = _pad(a, self.padding, self.fill, self.padding_mode)
        th, tw = self.size
        if self.pad_if_needed:
            a = _pad(a, (max(tw - a.shape[1], 0), max(th - a.shape[0], 0)), self.fill, self.padding_mode)
        h, w = a.shape[:2]
        if th > h or tw > w:
            raise ValueError(f"RandomCrop: crop {self.size} is larger than the image ({h}, {w}); use padding= or "
                             "pad_if_needed=True.")
        top = int(B.rng().integers(0, h - th + 1))
        left = int(B.rng().integers(0, w - tw + 1))
        return _like(a[top:top + th, left:left + tw], img)


class RandomHorizontalFlip(BaseTransform):
    """Mirror left-right with probability ``prob``."""

    def __init__(self, prob: float = 0.5, keys=None):
        super().__init__(keys)
        self.prob = float(prob)

    def _apply_image(self, img):
        if B.rng().random() < self.prob:
            return _like(_to_array(img)[:, ::-1].copy(), img)
        return img


class RandomVerticalFlip(BaseTransform):
    """Mirror top-bottom with probability ``prob``."""

    def __init__(self, prob: float = 0.5, keys=None):
        super().__init__(keys)
        self.prob = float(prob)

    def _apply_image(self, img):
        if B.rng().random() < self.prob:
            return _like(_to_array(img)[::-1].copy(), img)
        return img


class RandomResizedCrop(BaseTransform):
    """A random crop of random area and aspect ratio, resized to ``size``."""

    def __init__(self, size, scale=(0.08, 1.0), ratio=(3.0 / 4, 4.0 / 3), interpolation: str = "bilinear",
                 keys=None):
        super().__init__(keys)
        self.size, self.scale, self.ratio, self.interpolation = _size_pair(size), scale, ratio, interpolation

    def _apply_image(self, img):
        a = _to_array(img)
        h, w = a.shape[:2]
        for _ in range(10):
            area = h * w * B.rng().uniform(*self.scale)
            aspect = np.exp(B.rng().uniform(np.log(self.ratio[0]), np.log(self.ratio[1])))
            cw, ch = int(round(np.sqrt(area * aspect))), int(round(np.sqrt(area / aspect)))
            if 0 < cw <= w and 0 < ch <= h:
                top, left = int(B.rng().integers(0, h - ch + 1)), int(B.rng().integers(0, w - cw + 1))
                break
        else:
            ch, cw, top, left = h, w, 0, 0
        return _like(_resize(a[top:top + ch, left:left + cw], self.size, self.interpolation), img)


class RandomRotation(BaseTransform):
    """Rotate by a random angle in ``degrees`` (or ``[-degrees, degrees]``) about the centre, nearest-neighbour,
    filling with ``fill`` (the image keeps its size unless ``expand``)."""

    def __init__(self, degrees, interpolation: str = "nearest", expand: bool = False, center=None, fill=0,
                 keys=None):
        super().__init__(keys)
        self.degrees = (-float(degrees), float(degrees)) if isinstance(degrees, numbers.Number) else \
            (float(degrees[0]), float(degrees[1]))
        if interpolation != "nearest":
            raise NotImplementedError("RandomRotation: only interpolation='nearest' is supported by axon.paddle.")
        if expand:
            raise NotImplementedError("RandomRotation(expand=True) is not supported by axon.paddle.")
        self.center, self.fill = center, fill

    def _apply_image(self, img):
        a = _to_array(img)
        angle = np.deg2rad(B.rng().uniform(*self.degrees))
        h, w = a.shape[:2]
        cx, cy = ((w - 1) / 2.0, (h - 1) / 2.0) if self.center is None else self.center
        ys, xs = np.mgrid[0:h, 0:w]
        cos, sin = np.cos(angle), np.sin(angle)
        # Each output pixel takes the input pixel that the inverse rotation maps it to.
        src_x = np.rint(cos * (xs - cx) - sin * (ys - cy) + cx).astype(int)
        src_y = np.rint(sin * (xs - cx) + cos * (ys - cy) + cy).astype(int)
        inside = (src_x >= 0) & (src_x < w) & (src_y >= 0) & (src_y < h)
        out = np.full_like(a, self.fill)
        out[inside] = a[src_y[inside], src_x[inside]]
        return _like(out, img)


def _grey(a: np.ndarray) -> np.ndarray:
    """ITU-R 601-2 luma of an RGB image (as PIL's ``convert('L')``)."""
    return a[..., 0] * 0.299 + a[..., 1] * 0.587 + a[..., 2] * 0.114


def _cast_back(out: np.ndarray, like: np.ndarray) -> np.ndarray:
    return np.clip(np.round(out), 0, 255).astype(np.uint8) if like.dtype == np.uint8 else out.astype(like.dtype)


class Grayscale(BaseTransform):
    """An RGB image as grey, with 1 or 3 (equal) channels."""

    def __init__(self, num_output_channels: int = 1, keys=None):
        super().__init__(keys)
        if num_output_channels not in (1, 3):
            raise ValueError(f"Grayscale: num_output_channels must be 1 or 3. Received {num_output_channels!r}")
        self.num_output_channels = num_output_channels

    def _apply_image(self, img):
        a = _to_array(img)
        grey = _grey(a.astype(np.float32)) if a.ndim == 3 else a.astype(np.float32)
        out = np.repeat(grey[..., None], self.num_output_channels, axis=-1)
        if _is_pil(img) and self.num_output_channels == 1:
            out = out[..., 0]
        return _like(_cast_back(out, a), img)


class BrightnessTransform(BaseTransform):
    """Scale brightness by a random factor in ``[1 - value, 1 + value]``."""

    def __init__(self, value: float, keys=None):
        super().__init__(keys)
        self.value = float(value)

    def _apply_image(self, img):
        if not self.value:
            return img
        a = _to_array(img)
        factor = B.rng().uniform(max(0.0, 1 - self.value), 1 + self.value)
        return _like(_cast_back(a.astype(np.float32) * factor, a), img)


class ContrastTransform(BaseTransform):
    """Blend with the mean grey level by a random factor in ``[1 - value, 1 + value]``."""

    def __init__(self, value: float, keys=None):
        super().__init__(keys)
        self.value = float(value)

    def _apply_image(self, img):
        if not self.value:
            return img
        a = _to_array(img)
        f = a.astype(np.float32)
        mean = (_grey(f) if f.ndim == 3 else f).mean()
        factor = B.rng().uniform(max(0.0, 1 - self.value), 1 + self.value)
        return _like(_cast_back(mean + (f - mean) * factor, a), img)


class SaturationTransform(BaseTransform):
    """Blend with the grey image by a random factor in ``[1 - value, 1 + value]``."""

    def __init__(self, value: float, keys=None):
        super().__init__(keys)
        self.value = float(value)

    def _apply_image(self, img):
        a = _to_array(img)
        if not self.value or a.ndim != 3:
            return img
        f = a.astype(np.float32)
        grey = _grey(f)[..., None]
        factor = B.rng().uniform(max(0.0, 1 - self.value), 1 + self.value)
        return _like(_cast_back(grey + (f - grey) * factor, a), img)


class HueTransform(BaseTransform):
    """Shift the hue by a random amount in ``[-value, value]`` (a fraction of the colour circle)."""

    def __init__(self, value: float, keys=None):
        super().__init__(keys)
        if not 0 <= value <= 0.5:
            raise ValueError(f"HueTransform: `value` must be in [0, 0.5]. Received {value!r}")
        self.value = float(value)

    def _apply_image(self, img):
        a = _to_array(img)
        if not self.value or a.ndim != 3:
            return img
        import colorsys

        shift = B.rng().uniform(-self.value, self.value)
        f = a.astype(np.float32) / (255.0 if a.dtype == np.uint8 else 1.0)
        hsv = np.vectorize(colorsys.rgb_to_hsv)(f[..., 0], f[..., 1], f[..., 2])
        rgb = np.vectorize(colorsys.hsv_to_rgb)((hsv[0] + shift) % 1.0, hsv[1], hsv[2])
        out = np.stack(rgb, axis=-1) * (255.0 if a.dtype == np.uint8 else 1.0)
        return _like(_cast_back(out, a), img)


class ColorJitter(BaseTransform):
    """Random brightness, contrast, saturation and hue changes, in a random order."""

    def __init__(self, brightness=0, contrast=0, saturation=0, hue=0, keys=None):
        super().__init__(keys)
        self.transforms = [BrightnessTransform(brightness), ContrastTransform(contrast),
                           SaturationTransform(saturation), HueTransform(hue)]

    def _apply_image(self, img):
        for i in B.rng().permutation(len(self.transforms)):
            img = self.transforms[int(i)](img)
        return img
