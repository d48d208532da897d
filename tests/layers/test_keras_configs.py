"""The configs of the layers added for Keras breadth and the sequence layers are Keras's: real Keras 3 rebuilds
each layer from axon's ``get_config()`` and, built on the same input shape, gets the
same output shape and parameter count (one reference call for the module)."""

import json

import numpy as np
import pytest

import axon
from axon.models.serialization import serialize_layer
from tests.reference import run_reference

L = axon.layers
CASES = [
    (lambda: L.Conv2DTranspose(4, 3, strides=2, padding="same", kernel_constraint=axon.constraints.MaxNorm(2.0)),
     (2, 5, 5, 3)),
    (lambda: L.Conv1DTranspose(4, 3, strides=2, output_padding=1, activation="gelu"), (2, 6, 3)),
    (lambda: L.DepthwiseConv2D(3, padding="same", depth_multiplier=2, depthwise_constraint="non_neg"), (2, 5, 5, 3)),
    (lambda: L.SeparableConv2D(5, 3, dilation_rate=1, pointwise_constraint="unit_norm"), (2, 6, 6, 3)),
    (lambda: L.SeparableConv1D(5, 3, depth_multiplier=2), (2, 7, 3)),
    (lambda: L.LayerNormalization(axis=[1, 2], epsilon=1e-5), (2, 4, 3)),
    (lambda: L.UpSampling2D((2, 3), interpolation="bilinear"), (2, 3, 4, 2)),
    (lambda: L.UpSampling1D(3), (2, 3, 4)),
    (lambda: L.ZeroPadding2D(((1, 0), (2, 1))), (2, 3, 4, 2)),
    (lambda: L.ZeroPadding1D((1, 2)), (2, 3, 4)),
    (lambda: L.Cropping2D(((1, 0), (0, 1))), (2, 4, 4, 2)),
    (lambda: L.Cropping1D((1, 1)), (2, 4, 2)),
    (lambda: L.Permute((2, 1)), (2, 3, 4)),
    (lambda: L.RepeatVector(3), (2, 4)),
    (lambda: L.Identity(), (2, 4)),
    (lambda: L.SpatialDropout1D(0.2), (2, 3, 4)),
    (lambda: L.SpatialDropout2D(0.2), (2, 3, 3, 4)),
    (lambda: L.GaussianNoise(0.1, seed=3), (2, 4)),
    (lambda: L.GaussianDropout(0.3), (2, 4)),
    (lambda: L.ActivityRegularization(l1=0.01, l2=0.02), (2, 4)),
    (lambda: L.TimeDistributed(L.Dense(3, activation="swish")), (2, 5, 4)),
    (lambda: L.Dense(3, activation="hard_sigmoid", kernel_constraint="min_max_norm", bias_constraint="non_neg"),
     (2, 4)),
    (lambda: L.Activation("selu"), (2, 4)),
    # sequence layers
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
