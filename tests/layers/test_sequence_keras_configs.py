"""The configs of the sequence layers are Keras's: real Keras 3 rebuilds each layer
from axon's ``get_config()`` and, built on the same input shape, gets the same output
shape and parameter count (one reference call for the module)."""

import json

import numpy as np
import pytest

import axon
from axon.models.serialization import serialize_layer
from tests.reference import run_reference

L = axon.layers
CASES = [
    (lambda: L.SimpleRNN(4, activation="relu", return_sequences=True, dropout=0.1), (2, 5, 3)),
    (lambda: L.LSTM(4, unit_forget_bias=False, recurrent_dropout=0.2, go_backwards=True), (2, 5, 3)),
    (lambda: L.GRU(4, reset_after=False, return_sequences=True, stateful=False), (2, 5, 3)),
    (lambda: L.GRU(4), (2, 5, 3)),
    (lambda: L.RNN(L.LSTMCell(3), return_sequences=True), (2, 5, 3)),
    (lambda: L.RNN(L.StackedRNNCells([L.GRUCell(3), L.SimpleRNNCell(2)])), (2, 5, 3)),
    (lambda: L.Bidirectional(L.LSTM(3, return_sequences=True), merge_mode="sum"), (2, 5, 3)),
    (lambda: L.Bidirectional(L.GRU(3)), (2, 5, 3)),
    (lambda: L.Embedding(20, 4, mask_zero=True), (2, 5)),
    (lambda: L.Masking(0.5), (2, 5, 3)),
    (lambda: L.CategoryEncoding(6, output_mode="count"), (2, 3)),
]


def _build(make, shape):
    layer = make()
    layer(np.zeros(shape, np.float32))
    return layer


@pytest.fixture(scope="module")
def keras_results():
    configs = [serialize_layer(_build(make, shape)) for make, shape in CASES]
    script = f"""
import json, keras

def with_modules(obj):
    # Keras 3's saved configs name each object's module; axon's get_config leaves that to the file writer
    if isinstance(obj, dict):
        obj = {{key: with_modules(value) for key, value in obj.items()}}
        if "class_name" in obj and "config" in obj:
            for module in ("layers", "constraints", "initializers", "regularizers"):
                if hasattr(getattr(keras, module), obj["class_name"]):
                    obj.update(module="keras." + module, registered_name=None)
                    break
        return obj
    return [with_modules(v) for v in obj] if isinstance(obj, list) else obj

for k, (item, shape) in enumerate(zip(json.loads({json.dumps(json.dumps(configs))}), {[c[1] for c in CASES]!r})):
    layer = keras.layers.deserialize(with_modules(item))
    y = layer(np.zeros(shape, "float32"))
    outputs[f"shape{{k}}"] = np.array(y.shape)
    outputs[f"params{{k}}"] = np.array(layer.count_params())
"""
    return run_reference("keras", script)


@pytest.mark.parametrize("k", range(len(CASES)))
def test_keras_rebuilds_the_layer_from_axon_config(keras_results, k):
    make, shape = CASES[k]
    layer = _build(make, shape)
    assert tuple(keras_results[f"shape{k}"]) == tuple(layer(np.zeros(shape, np.float32)).shape)
    assert int(keras_results[f"params{k}"]) == layer.count_params()
