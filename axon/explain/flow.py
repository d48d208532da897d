"""``gradient_flow``: how much gradient reaches each layer (vanishing gradients, made visible)."""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.tape import GradientTape
from axon.explain import losses as explain_losses
from axon.ops import add_n


def gradient_flow(model, x, y, loss=None, training: bool = True) -> dict[str, float]:
    """The mean absolute gradient of the loss with respect to each layer's kernel.

    Computed on one batch at the model's current weights; nothing is updated.
    With saturating activations (sigmoid, tanh) the values shrink layer after
    layer going back to the input: the vanishing gradient problem. Layers
    without a kernel (pooling, Flatten, Dropout ...) are left out; a layer with
    weights but no ``kernel`` reports its first trainable weight.

    Args:
        model: any model with one output (built, or built by this call).
        x, y: a batch.
        loss: as in ``trace_step`` (``None``: the compiled loss, else ``'half_sse'``).
        training: run Dropout / BatchNormalization in training mode.

    Returns:
        ``{layer name: mean |dL/dW|}`` in the order of the layers, input side first.

    Example:
        >>> flow = axon.explain.gradient_flow(model, x_train[:256], y_train[:256])
        >>> axon.plot.gradient_flow(flow)
    """
    loss_fn, _ = explain_losses.resolve(loss, model)
    x = B.xp.asarray(getattr(x, "data", x), dtype=model.dtype)
    y = B.xp.asarray(getattr(y, "data", y))
    with GradientTape() as tape:
        total = loss_fn(y, model(x, training=training))
        if model.losses:
            total = total + add_n(model.losses)
    watched = [(layer.name, _watched_weight(layer)) for layer in _leaf_layers(model)]
    watched = [(name, w) for name, w in watched if w is not None]
    grads = tape.gradient(total, [w for _, w in watched])
    return {name: (0.0 if g is None else float(np.mean(np.abs(B.to_numpy(g.data)))))
            for (name, _), g in zip(watched, grads)}


def _watched_weight(layer):
    kernel = getattr(layer, "kernel", None)
    if kernel is not None and kernel.trainable and layer.trainable:
        return kernel
    weights = layer.trainable_weights
    return weights[0] if weights else None


def _leaf_layers(model) -> list:
    """The model's layers, with nested models opened up into their own layers."""
    out = []
    for layer in model.layers:
        if hasattr(layer, "layers") and layer is not model:
            out.extend(_leaf_layers(layer))
        else:
            out.append(layer)
    return out
