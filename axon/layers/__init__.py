"""``axon.layers``: Keras layers, one family a file."""

from axon.layers.activation_layers import ELU, LeakyReLU, PReLU, ReLU, Softmax
from axon.layers.base import InputSpec, Layer
from axon.layers.core import Activation, Dropout, Flatten, Lambda, Reshape
from axon.layers.dense import Dense
from axon.layers.input_layer import Input, InputLayer, KerasTensor
from axon.layers.merge import (
    Add,
    Average,
    Concatenate,
    Maximum,
    Minimum,
    Multiply,
    Subtract,
    add,
    average,
    concatenate,
    maximum,
    minimum,
    multiply,
    subtract,
)
from axon.layers.normalization import BatchNormalization

__all__ = [
    "Activation", "Add", "Average", "BatchNormalization", "Concatenate", "Dense", "Dropout", "ELU", "Flatten",
    "Input", "InputLayer", "InputSpec", "KerasTensor", "Lambda", "Layer", "LeakyReLU", "Maximum", "Minimum",
    "Multiply", "PReLU", "ReLU", "Reshape", "Softmax", "Subtract", "add", "average", "concatenate", "maximum",
    "minimum", "multiply", "subtract",
]
