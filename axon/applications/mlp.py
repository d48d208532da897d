"""``MLP``: a multilayer perceptron builder."""

from __future__ import annotations

from axon import layers
from axon.models import Sequential


def MLP(input_shape=(784,), hidden=(512,), classes: int = 10, activation: str = "relu",  # noqa: N802
        output_activation: str | None = "softmax", dropout: float = 0.0, name: str = "mlp") -> Sequential:
    """A multilayer perceptron: Flatten, one Dense per entry of ``hidden``, a Dense head.

    Args:
        input_shape: the shape of one sample (flattened first if it has several axes).
        hidden: the number of units of each hidden layer.
        classes: the number of outputs.
        activation: the hidden layers' activation.
        output_activation: the head's activation (``None`` for logits).
        dropout: a Dropout rate after each hidden layer (0 for none).

    Example:
        >>> model = axon.applications.MLP((28, 28), hidden=(128, 64))
    """
    from axon.layers.core import Dropout, Flatten

    model = Sequential(name=name)
    model.add(layers.Input(shape=tuple(input_shape)))
    if len(input_shape) > 1:
        model.add(Flatten())
    for units in hidden:
        model.add(layers.Dense(units, activation=activation))
        if dropout:
            model.add(Dropout(dropout))
    model.add(layers.Dense(classes, activation=output_activation))
    return model
