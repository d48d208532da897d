"""``feature_maps``: what a convolution layer sees in one image, one panel per channel."""

from __future__ import annotations

import numpy as np

from axon.plot._figure import finish, grid_shape, pyplot


def feature_maps(model, layer, image, path=None, max_channels: int = 64, cmap: str = "viridis"):
    """The activations of one layer of ``model`` for one image, a panel per channel.

    The model is run layer by layer up to ``layer`` in inference mode (see
    ``axon.explain.layer_output``), so it works for Sequential and functional
    models alike.

    Args:
        model: a Sequential or functional model.
        layer: the layer, its name, or its index in ``model.layers``.
        image: one image ``(H, W, C)`` (or ``(H, W)``, or a batch of one).
        path: write the figure there as well.
        max_channels: draw at most this many channels.

    Returns:
        The matplotlib Figure.

    Example:
        >>> axon.plot.feature_maps(model, "conv2d", x_test[0])
    """
    from axon.explain.walk import layer_output, resolve_layer

    target = resolve_layer(model, layer)
    batch = _as_batch(np.asarray(image), model)
    maps = layer_output(model, target, batch)[0]
    if maps.ndim == 1:
        maps = maps[None, :, None]  # a vector output: one row of units
    elif maps.ndim == 2:
        maps = maps[..., None]
    channels = min(maps.shape[-1], int(max_channels))
    rows, cols = grid_shape(channels)
    plt = pyplot()
    fig, axes = plt.subplots(rows, cols, figsize=(1.4 * cols, 1.4 * rows + 0.5), squeeze=False)
    for c, ax in enumerate(axes.flat):
        ax.axis("off")
        if c < channels:
            ax.imshow(maps[..., c], cmap=cmap)
            ax.set_title(str(c), fontsize=8)
    fig.suptitle(f"{target.name} ({type(target).__name__}): {channels} of {maps.shape[-1]} channels")
    return finish(fig, path)


def _as_batch(image: np.ndarray, model) -> np.ndarray:
    """A batch of one image shaped for the model's input."""
    expected = None
    try:
        expected = model.input_shape
    except (AttributeError, ValueError):
        pass
    rank = len(expected) if isinstance(expected, tuple) else None
    if rank is not None and image.ndim == rank - 1:
        return image[None]
    if rank is not None and image.ndim == rank - 2:
        return image[None, ..., None]
    if rank is None and image.ndim in (2, 3) and (image.ndim == 2 or image.shape[-1] in (1, 3)):
        return (image[..., None] if image.ndim == 2 else image)[None]
    return image
