"""The benchmark's four models, built side by side for axon and for PyTorch.

Each entry of ``SPECS`` names a model and the training recipe shared by both
frameworks (batch size, optimizer, data). ``build_axon(name)`` returns a
compiled-ready ``Sequential``; ``build_torch(name)`` returns the same
architecture as a ``torch.nn.Sequential`` in PyTorch's own NCHW layout, with
Glorot-uniform weights and zero biases set explicitly (PyTorch's default
initialisation differs), so that both start at the same scale. Both builders
give logits: the loss is softmax cross-entropy from logits in both.

For the models whose test accuracy is compared, both frameworks also start
from the very same weights (``initial_weights``, loaded into PyTorch by
``set_torch_weights``) and see the batches in the same order
(``epoch_orders``): one seed of this recipe moves the test accuracy by up to
1.5 points either way, so only a shared start makes a 0.5-point comparison
say something about the arithmetic.

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


# ------------------------------------------------------------ a shared start
def initial_weights(name: str, seed: int) -> dict:
    """The starting weights of model ``name``, drawn once by axon: ``{"weights": [...], "flatten_input": shape}``.

    The weights are in axon's layout and order (``model.get_weights()``);
    ``flatten_input`` is the ``(h, w, c)`` shape the Flatten layer receives,
    which ``set_torch_weights`` needs to reorder the first Dense kernel.
    """
    import axon
    from axon.layers.core import Flatten

    axon.random.set_seed(seed)
    model = build_axon(name)
    flatten = next(layer for layer in model.layers if isinstance(layer, Flatten))
    return {"weights": model.get_weights(), "flatten_input": tuple(flatten.input_shape[1:])}


def torch_layout(weights: list, flatten_input: tuple) -> list:
    """axon-layout weights as PyTorch wants them: OIHW kernels, ``(out, in)`` matrices.

    axon flattens an NHWC feature map in ``(h, w, c)`` order and PyTorch an NCHW
    one in ``(c, h, w)`` order, so the rows of the first Dense kernel are
    permuted from one order to the other.
    """
    import numpy as np

    out, first_dense = [], True
    for w in weights:
        if w.ndim == 4:  # (kh, kw, in, out) -> (out, in, kh, kw)
            w = w.transpose(3, 2, 0, 1)
        elif w.ndim == 2:
            if first_dense:
                h, wd, c = flatten_input
                w = w.reshape(h, wd, c, -1).transpose(2, 0, 1, 3).reshape(h * wd * c, -1)
                first_dense = False
            w = w.T
        out.append(np.ascontiguousarray(w))
    return out


def set_torch_weights(model, weights: list, flatten_input: tuple) -> None:
    """Copy axon-layout ``weights`` into the PyTorch ``model`` built by ``build_torch``."""
    import torch

    parameters = list(model.parameters())
    converted = torch_layout(weights, flatten_input)
    if len(parameters) != len(converted):
        raise ValueError(f"{len(converted)} weight arrays for a PyTorch model with {len(parameters)} parameters.")
    with torch.no_grad():
        for parameter, value in zip(parameters, converted):
            if tuple(parameter.shape) != value.shape:
                raise ValueError(f"weight of shape {value.shape} for a PyTorch parameter of shape "
                                 f"{tuple(parameter.shape)}")
            parameter.copy_(torch.from_numpy(value))


def epoch_orders(seed: int, n: int):
    """The sample order of each epoch that axon's ``fit`` uses after ``axon.random.set_seed(seed)``.

    ``fit`` draws one permutation per epoch from axon's generator (a NumPy
    Philox generator); yielding the same permutations lets a PyTorch loop see
    the same batches. A model whose layers draw from that generator as well
    (Dropout) moves it on, so from the second epoch on its orders differ.
    """
    import numpy as np

    rng = np.random.Generator(np.random.Philox(seed))
    while True:
        yield rng.permutation(n)
