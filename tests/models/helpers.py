"""Small data sets and models shared by the model tests (each trains in milliseconds)."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import numpy as np

import axon
from axon.layers.core import Dropout
from axon.layers.dense import Dense
from axon.layers.input_layer import Input
from axon.models import Sequential


def blobs(n: int = 60, features: int = 4, classes: int = 3, seed: int = 0):
    """Separable float32 clusters and integer labels."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n)
    centers = rng.normal(scale=3.0, size=(classes, features))
    x = (centers[y] + rng.normal(size=(n, features))).astype(np.float32)
    return x, y


def binary(n: int = 40, features: int = 4, seed: int = 0):
    """Float32 inputs and (n, 1) float labels of a linearly separable problem."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, features)).astype(np.float32)
    y = (x[:, :1] + 0.5 * x[:, 1:2] > 0).astype(np.float32)
    return x, y


def classifier(features: int = 4, classes: int = 3, hidden: int = 8, dropout: float = 0.0, seed: int = 0,
               **layer_kwargs) -> Sequential:
    """A seeded Dense-ReLU-(Dropout)-Dense-softmax classifier."""
    axon.random.set_seed(seed)
    stack = [Input(shape=(features,)), Dense(hidden, activation="relu", **layer_kwargs)]
    if dropout:
        stack.append(Dropout(dropout))
    stack.append(Dense(classes, activation="softmax"))
    return Sequential(stack)


def quiet(fn, *args, **kwargs):
    """Run ``fn`` with stdout captured; returns (result, text printed)."""
    buffer = io.StringIO()
    with redirect_stdout(buffer):
        result = fn(*args, **kwargs)
    return result, buffer.getvalue()


def weights_equal(a, b) -> bool:
    return len(a) == len(b) and all(np.array_equal(u, v) for u, v in zip(a, b))
