"""The benchmark's four models, built side by side for axon and for PyTorch.

Each entry of ``SPECS`` names a model and the training recipe shared by both
frameworks (batch size, optimizer, data). ``build_axon(name)`` returns a
compiled-ready ``Sequential``; ``build_torch(name)`` returns the same
architecture as a ``torch.nn.Sequential`` in PyTorch's own NCHW layout, with
Glorot-uniform weights and zero biases set explicitly (PyTorch's default
initialisation differs), so that both start at the same scale. Both builders
give logits: the loss is softmax cross-entropy from logits in both.

Example:
    >>> model = build_axon("lenet")
    >>> model.count_params()
    61610
"""

from __future__ import annotations

from dataclasses import dataclass

MODELS = ("mlp", "cnn", "lenet", "alexnet")
ADAM_EPSILON = 1e-7  # Keras's default, given to PyTorch too (its own default is 1e-8)


@dataclass(frozen=True)
class Spec:
    """The recipe of one benchmark model.

    Attributes:
        title: the name shown in the table.
        batch_size: the training batch size.
        optimizer: ``"sgd"`` or ``"adam"``.
        learning_rate: the optimizer's learning rate.
        data: ``"fashion_mnist"`` (28x28x1 images from disk) or ``"synthetic32"``
            (random 32x32x3 images, for a model timed per step).
        per_step: whether the headline figure is the time of one train step
            rather than of one epoch.
    """

    title: str
    batch_size: int
    optimizer: str
    learning_rate: float
    data: str = "fashion_mnist"
    per_step: bool = False


SPECS = {
    "mlp": Spec("MLP 784-512-10", 128, "sgd", 0.1),
    "cnn": Spec("course CNN", 128, "adam", 1e-3),
    "lenet": Spec("LeNet-5", 64, "adam", 1e-3),
    "alexnet": Spec("small AlexNet", 64, "adam", 1e-3, data="synthetic32", per_step=True),
}

INPUT_SHAPES = {"fashion_mnist": (28, 28, 1), "synthetic32": (32, 32, 3)}
ALEXNET_FILTERS = (16, 32, 64, 128, 256)
ALEXNET_POOL_AFTER = (0, 1, 4)  # max pool after the 1st, 2nd and 5th convolution
ALEXNET_DENSE = (4096, 2048, 1024)


def check_name(name: str) -> Spec:
    """The ``Spec`` of ``name``; a ValueError naming the valid models otherwise."""
    if name not in SPECS:
        raise ValueError(f"Unknown benchmark model {name!r}. Choose from: {', '.join(MODELS)}.")
    return SPECS[name]


def build_axon(name: str):
    """The axon ``Sequential`` for benchmark model ``name`` (logits out)."""
    from axon.layers.conv import Conv2D
    from axon.layers.core import Dropout, Flatten
    from axon.layers.dense import Dense
    from axon.layers.input_layer import Input
    from axon.layers.pooling import MaxPooling2D
    from axon.models import Sequential

    spec = check_name(name)
    stack = [Input(shape=INPUT_SHAPES[spec.data])]
    if name == "mlp":
        stack += [Flatten(), Dense(512, activation="relu"), Dense(10)]
    elif name == "cnn":
        stack += [Conv2D(8, 5, padding="same", activation="relu"), MaxPooling2D(2),
                  Conv2D(16, 5, padding="same", activation="relu"), MaxPooling2D(2),
                  Flatten(), Dense(100, activation="relu"), Dropout(0.25), Dense(10)]
    elif name == "lenet":
        stack += [Conv2D(6, 3, padding="same", activation="relu"), MaxPooling2D(2),
                  Conv2D(16, 5, activation="relu"), MaxPooling2D(2),
                  Flatten(), Dense(120), Dense(84), Dense(10)]
    else:
        for i, filters in enumerate(ALEXNET_FILTERS):
            stack.append(Conv2D(filters, 3, padding="same", activation="relu"))
            if i in ALEXNET_POOL_AFTER:
                stack.append(MaxPooling2D(2))
        stack.append(Flatten())
        for units in ALEXNET_DENSE:
            stack += [Dense(units, activation="relu"), Dropout(0.4)]
        stack.append(Dense(10))
    return Sequential(stack, name=f"bench_{name}")


def build_torch(name: str):
    """The PyTorch ``nn.Sequential`` for benchmark model ``name`` (NCHW inputs, logits out)."""
    from torch import nn

    spec = check_name(name)
    if name == "mlp":
        layers = [nn.Flatten(), nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 10)]
    elif name == "cnn":
        layers = [nn.Conv2d(1, 8, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                  nn.Conv2d(8, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                  nn.Flatten(), nn.Linear(7 * 7 * 16, 100), nn.ReLU(), nn.Dropout(0.25), nn.Linear(100, 10)]
    elif name == "lenet":
        layers = [nn.Conv2d(1, 6, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
                  nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
                  nn.Flatten(), nn.Linear(5 * 5 * 16, 120), nn.Linear(120, 84), nn.Linear(84, 10)]
    else:
        layers, channels, size = [], INPUT_SHAPES[spec.data][2], INPUT_SHAPES[spec.data][0]
        for i, filters in enumerate(ALEXNET_FILTERS):
            layers += [nn.Conv2d(channels, filters, 3, padding=1), nn.ReLU()]
            channels = filters
            if i in ALEXNET_POOL_AFTER:
                layers.append(nn.MaxPool2d(2))
                size //= 2
        layers.append(nn.Flatten())
        features = channels * size * size
        for units in ALEXNET_DENSE:
            layers += [nn.Linear(features, units), nn.ReLU(), nn.Dropout(0.4)]
            features = units
        layers.append(nn.Linear(features, 10))
    model = nn.Sequential(*layers)
    for module in model.modules():
        if isinstance(module, (nn.Linear, nn.Conv2d)):
            nn.init.xavier_uniform_(module.weight)  # fans as Keras counts them, kernel size included
            nn.init.zeros_(module.bias)
    return model


def axon_optimizer(name: str):
    """A fresh axon optimizer for model ``name``'s recipe."""
    from axon import optimizers

    spec = check_name(name)
    if spec.optimizer == "sgd":
        return optimizers.SGD(learning_rate=spec.learning_rate)
    return optimizers.Adam(learning_rate=spec.learning_rate, epsilon=ADAM_EPSILON)


def torch_optimizer(name: str, parameters):
    """A fresh PyTorch optimizer over ``parameters`` for model ``name``'s recipe."""
    import torch

    spec = check_name(name)
    if spec.optimizer == "sgd":
        return torch.optim.SGD(parameters, lr=spec.learning_rate)
    return torch.optim.Adam(parameters, lr=spec.learning_rate, eps=ADAM_EPSILON)
