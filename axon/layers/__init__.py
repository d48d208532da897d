"""``axon.layers``: Keras layers, one family a file."""

from axon.layers.base import InputSpec, Layer
from axon.layers.dense import Dense
from axon.layers.input_layer import Input, InputLayer, KerasTensor

__all__ = ["Dense", "Input", "InputLayer", "InputSpec", "KerasTensor", "Layer"]
