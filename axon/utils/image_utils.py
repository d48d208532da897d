"""``array_to_img``, ``img_to_array``, ``load_img`` and ``save_img``: Keras's image
helpers, on Pillow (imported only when one of them is called: ``pip install pillow``
or ``axon[images]``).

Arrays are ``(height, width, channels)`` (channels_last; ``data_format='channels_first'``
takes ``(channels, height, width)``). Pillow refuses images above its
``Image.MAX_IMAGE_PIXELS`` (decompression bombs), so a file cannot exhaust memory.
"""

from __future__ import annotations

import io
import pathlib
import warnings

import numpy as np

from axon import backend as B

_FORMATS = ("channels_last", "channels_first")


def _pil():
    try:
        from PIL import Image
    except ImportError:
        raise ImportError("axon's image utilities need Pillow: pip install pillow (or pip install axon[images]).") \
            from None
    return Image


def _data_format(data_format) -> str:
    data_format = data_format or "channels_last"
    if data_format not in _FORMATS:
        raise ValueError(f"`data_format` must be 'channels_last' or 'channels_first'. Received: "
                         f"data_format={data_format!r}")
    return data_format


def _filters(Image) -> dict:
    return {"nearest": Image.NEAREST, "bilinear": Image.BILINEAR, "bicubic": Image.BICUBIC,
            "hamming": Image.HAMMING, "box": Image.BOX, "lanczos": Image.LANCZOS}


def array_to_img(x, data_format=None, scale: bool = True, dtype=None):
    """A 3-D array as a Pillow image (RGB, RGBA or grayscale by the channel count).

    Args:
        x: ``(height, width, channels)`` with 1, 3 or 4 channels.
        data_format: ``'channels_last'`` (default) or ``'channels_first'``.
        scale: rescale the values to [0, 255] (min to 0, max to 255) first.
        dtype: the float type used for the rescaling (``floatx()`` by default).

    Example:
        >>> img = axon.utils.array_to_img(np.random.random((28, 28, 3)))
        >>> img.size
        (28, 28)
    """
    Image = _pil()
    x = np.asarray(B.to_numpy(getattr(x, "data", x)), dtype=dtype or B.floatx())
    if x.ndim != 3:
        raise ValueError(f"array_to_img expects a single image of rank 3 (height, width, channels). Received an "
                         f"array of shape {x.shape}.")
    if _data_format(data_format) == "channels_first":
        x = x.transpose(1, 2, 0)
    if scale:
        x = x - np.min(x)
        top = np.max(x)
        if top != 0:
            x /= top
        x *= 255
    channels = x.shape[2]
    if channels == 4:
        return Image.fromarray(x.astype("uint8"), "RGBA")
    if channels == 3:
        return Image.fromarray(x.astype("uint8"), "RGB")
    if channels == 1:
        if np.max(x) > 255:  # 32-bit integer grayscale (Pillow mode "I")
            return Image.fromarray(x[:, :, 0].astype("int32"), "I")
        return Image.fromarray(x[:, :, 0].astype("uint8"), "L")
    raise ValueError(f"array_to_img supports 1 (grayscale), 3 (RGB) or 4 (RGBA) channels. Received an image of "
                     f"shape {x.shape} with {channels} channels.")


def img_to_array(img, data_format=None, dtype=None) -> np.ndarray:
    """A Pillow image as a float array ``(height, width, channels)`` (grayscale gets one channel).

    Example:
        >>> axon.utils.img_to_array(img).shape
        (28, 28, 3)
    """
    x = np.asarray(img, dtype=dtype or B.floatx())
    channels_first = _data_format(data_format) == "channels_first"
    if x.ndim == 3:
        return x.transpose(2, 0, 1) if channels_first else x
    if x.ndim == 2:
        return x[None] if channels_first else x[:, :, None]
    raise ValueError(f"img_to_array expects an image of rank 2 or 3. Received shape {x.shape}.")


def save_img(path, x, data_format=None, file_format=None, scale: bool = True, **kwargs) -> None:
    """Write an image array to ``path`` (the format from the extension unless ``file_format`` says).

    ``kwargs`` go to Pillow's ``Image.save`` (e.g. ``quality=90`` for JPEG). An RGBA
    image saved as JPEG is converted to RGB with a warning, as in Keras.

    Example:
        >>> axon.utils.save_img("digit.png", x_train[0])
    """
    if file_format is None and isinstance(path, (str, pathlib.Path)):
        file_format = pathlib.Path(path).suffix[1:].lower() or None
    if file_format and file_format.lower() == "jpg":
        file_format = "jpeg"
    img = array_to_img(x, data_format=data_format, scale=scale)
    if img.mode == "RGBA" and file_format == "jpeg":
        warnings.warn("The JPEG format does not support RGBA images, converting to RGB.", stacklevel=2)
        img = img.convert("RGB")
    img.save(path, format=file_format, **kwargs)


def load_img(path, color_mode: str = "rgb", target_size=None, interpolation: str = "nearest",
             keep_aspect_ratio: bool = False):
    """Read an image file (or an ``io.BytesIO``) into a Pillow image.

    Args:
        path: a path (str, bytes or ``pathlib.Path``) or an ``io.BytesIO``.
        color_mode: ``'rgb'``, ``'rgba'`` or ``'grayscale'``.
        target_size: ``(height, width)`` to resize to, or None to keep the size.
        interpolation: ``'nearest'``, ``'bilinear'``, ``'bicubic'``, ``'hamming'``, ``'box'`` or ``'lanczos'``.
        keep_aspect_ratio: crop the centre to the target's aspect ratio before resizing.

    Example:
        >>> img = axon.utils.load_img("cat.jpg", target_size=(224, 224))
        >>> x = axon.utils.img_to_array(img)[None]       # a batch of one
    """
    Image = _pil()
    if color_mode not in ("rgb", "rgba", "grayscale"):
        raise ValueError(f"`color_mode` must be 'grayscale', 'rgb' or 'rgba'. Received: color_mode={color_mode!r}")
    if isinstance(path, io.BytesIO):
        img = Image.open(path)
    elif isinstance(path, (str, bytes, pathlib.Path)):
        with open(path, "rb") as f:
            img = Image.open(io.BytesIO(f.read()))
    else:
        raise TypeError(f"load_img: `path` must be a path (str, bytes, pathlib.Path) or an io.BytesIO. Received "
                        f"{type(path).__name__}.")
    if color_mode == "grayscale":
        if img.mode not in ("L", "I;16", "I"):
            img = img.convert("L")
    elif color_mode == "rgba":
        if img.mode != "RGBA":
            img = img.convert("RGBA")
    elif img.mode != "RGB":
        img = img.convert("RGB")
    if target_size is None:
        return img
    filters = _filters(Image)
    if interpolation not in filters:
        raise ValueError(f"`interpolation` must be one of {', '.join(filters)}. Received: "
                         f"interpolation={interpolation!r}")
    size = (int(target_size[1]), int(target_size[0]))
    if img.size == size:
        return img
    if not keep_aspect_ratio:
        return img.resize(size, filters[interpolation])
    width, height = img.size
    crop_height = min(height, (width * size[1]) // size[0])
    crop_width = min(width, (height * size[0]) // size[1])
    left, top = (width - crop_width) // 2, (height - crop_height) // 2
    return img.resize(size, filters[interpolation], box=[left, top, left + crop_width, top + crop_height])
