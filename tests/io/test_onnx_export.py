"""ONNX export, checked by ``onnx.checker`` here and by ONNX Runtime (the onnx
reference venv): every exportable layer, at batch sizes 1 and 7, within 1e-5
of axon's own predictions. One reference run serves the module."""

from __future__ import annotations

import numpy as np
import pytest

import axon
from axon import layers
from axon.applications import LeNet5, SimpleCNN
from axon.models import Model, Sequential
from tests.reference import run_reference

onnx = pytest.importorskip("onnx")

ACTIVATIONS = ["relu", "sigmoid", "tanh", "elu", "selu", "softplus", "softsign", "exponential", "softmax",
               "log_softmax", "leaky_relu", "relu6", "hard_sigmoid", "hard_silu", "hard_tanh", "log_sigmoid",
               "silu", "gelu", "mish", "celu", "linear"]


def _mlp():
    return Sequential([layers.Input((12,)), layers.Dense(16, activation="relu"), layers.Dropout(0.5),
                       layers.Dense(5, activation="softmax")])


def _conv2d():
    return Sequential([
        layers.Input((9, 11, 3)),
        layers.Conv2D(4, 3, strides=2, padding="same", activation="relu"),
        layers.BatchNormalization(),
        layers.PReLU(),
        layers.Conv2D(6, (2, 3), dilation_rate=2, padding="same"),
        layers.LeakyReLU(0.1),
        layers.AveragePooling2D(3, strides=2, padding="same"),
        layers.ELU(0.7),
        layers.MaxPooling2D(2, padding="same"),
        layers.ReLU(max_value=2.0),
        layers.GlobalMaxPooling2D(),
        layers.Dense(3),
    ])


def _conv1d():
    return Sequential([
        layers.Input((20, 4)),
        layers.Conv1D(6, 3, padding="causal", dilation_rate=2, activation="tanh"),
        layers.MaxPooling1D(2),
        layers.Conv1D(4, 5, strides=2, padding="same"),
        layers.AveragePooling1D(2, padding="same"),
        layers.LayerNormalization(),
        layers.GlobalAveragePooling1D(),
        layers.Dense(2, activation="sigmoid"),
    ])


def _merges():
    a, b = axon.keras.Input((4, 6), name="a"), axon.keras.Input((4, 6), name="b")
    outs = [layers.Add()([a, b]), layers.Subtract()([a, b]), layers.Multiply()([a, b, a]),
            layers.Maximum()([a, b]), layers.Minimum()([a, b]), layers.Average()([a, b])]
    x = layers.Concatenate(axis=-1)(outs)
    x = layers.Reshape((-1, 8))(x)
    x = layers.Concatenate(axis=-1)([x, layers.Dot(axes=(2, 2))([x, x]), layers.Dot(axes=2, normalize=True)([x, x])])
    x = layers.LayerNormalization(axis=[1, 2])(x)
    x = layers.Softmax(axis=1)(x)
    x = layers.Rescaling(2.0, offset=-1.0)(x)
    return Model([a, b], [layers.Flatten()(x), layers.GlobalAveragePooling1D(keepdims=True)(x)])


def _activations():
    inputs = axon.keras.Input((5,))
    branches = [layers.Activation(name)(inputs) for name in ACTIVATIONS]
    return Model(inputs, layers.Concatenate()(branches))


def _nested():
    inner = Sequential([layers.Input((6,)), layers.Dense(4, activation="relu"), layers.Dense(3)])
    inputs = axon.keras.Input((6,))
    return Model(inputs, layers.Dense(2)(inner(inputs)))


def _embedding():
    return Sequential([layers.Input((7,), dtype="int32"), layers.Embedding(20, 5), layers.GlobalAveragePooling1D(),
                       layers.Dense(3)])


def _recurrent():
    return Sequential([
        layers.Input((5, 3)),
        layers.Bidirectional(layers.LSTM(4, return_sequences=True)),
        layers.GRU(3, return_sequences=True),
        layers.GRU(3, reset_after=False, return_sequences=True),
        layers.Bidirectional(layers.GRU(2)),
        layers.RepeatVector(2) if hasattr(layers, "RepeatVector") else layers.Reshape((2, 2)),
        layers.SimpleRNN(4, activation="relu", return_sequences=True),
        layers.LSTM(2),
    ])


def _attention():
    query, value = axon.keras.Input((5, 8)), axon.keras.Input((3, 6))
    self_attended = layers.MultiHeadAttention(2, 4)(query, query)
    cross = layers.MultiHeadAttention(3, 2, value_dim=5, output_shape=7)(self_attended, value)
    return Model([query, value], cross)


def _spatial():
    return Sequential([
        layers.Input((6, 7, 3)),
        layers.ZeroPadding2D(((1, 2), (0, 1))),
        layers.Conv2DTranspose(4, 3, strides=2, padding="same", activation="relu"),
        layers.Cropping2D(((1, 0), (2, 1))),
        layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same"),
        layers.SeparableConv2D(5, 3, strides=2, activation="tanh"),
        layers.UpSampling2D((2, 3)),
        layers.Conv2DTranspose(2, (2, 3), strides=(1, 2), padding="valid", output_padding=(0, 1)),
        layers.UpSampling2D(2, interpolation="bilinear"),
        layers.Permute((3, 1, 2)),
        layers.GlobalAveragePooling2D(),
        layers.RepeatVector(4),
        layers.TimeDistributed(layers.Dense(3)),
    ])


def _sequence_spatial():
    return Sequential([
        layers.Input((8, 3)),
        layers.ZeroPadding1D((2, 1)),
        layers.Conv1DTranspose(4, 3, strides=2),
        layers.Cropping1D((1, 2)),
        layers.DepthwiseConv1D(3, padding="causal", depth_multiplier=2),
        layers.SeparableConv1D(5, 2, padding="same"),
        layers.UpSampling1D(2),
        layers.Flatten(),
    ])


ZOO = {
    "mlp": (_mlp, [(12,)]),
    "cnn": (lambda: SimpleCNN((28, 28, 1)), [(28, 28, 1)]),
    "lenet": (lambda: LeNet5((28, 28, 1)), [(28, 28, 1)]),
    "conv2d": (_conv2d, [(9, 11, 3)]),
    "conv1d": (_conv1d, [(20, 4)]),
    "merges": (_merges, [(4, 6), (4, 6)]),
    "activations": (_activations, [(5,)]),
    "nested": (_nested, [(6,)]),
    "embedding": (_embedding, [(7,)]),
    "recurrent": (_recurrent, [(5, 3)]),
    "attention": (_attention, [(5, 8), (3, 6)]),
    "spatial": (_spatial, [(6, 7, 3)]),
    "sequence_spatial": (_sequence_spatial, [(8, 3)]),
}

SCRIPT = r"""
import onnxruntime as ort
for key in sorted(k for k in inputs if k.endswith(".onnx")):
    name = key[:-5]
    session = ort.InferenceSession(str(inputs[key]), providers=["CPUExecutionProvider"])
    feeds = [i.name for i in session.get_inputs()]
    for batch in (1, 7):
        results = session.run(None, {feed: inputs[f"{name}/{batch}/{i}"] for i, feed in enumerate(feeds)})
        for j, value in enumerate(results):
            outputs[f"{name}/{batch}/{j}"] = value
"""


def _randomize(model, rng):
    model.set_weights([w + rng.normal(0, 0.1, w.shape).astype(w.dtype) for w in model.get_weights()])


def _batch(name, shapes, batch, rng):
    if name == "embedding":
        return [rng.integers(0, 20, size=(batch, *shapes[0])).astype("int32")]
    return [rng.normal(size=(batch, *s)).astype("float32") for s in shapes]


@pytest.fixture(scope="module")
def runtime(tmp_path_factory):
    folder = tmp_path_factory.mktemp("onnx")
    rng = np.random.default_rng(7)
    arrays, expected = {}, {}
    for name, (builder, shapes) in ZOO.items():
        model = builder()
        _randomize(model, rng)
        path = folder / f"{name}.onnx"
        model.export(path, format="onnx")
        arrays[f"{name}.onnx"] = np.array(str(path))
        for batch in (1, 7):
            x = _batch(name, shapes, batch, rng)
            arrays.update({f"{name}/{batch}/{i}": v for i, v in enumerate(x)})
            y = model.predict(x if len(x) > 1 else x[0], verbose=0)
            expected[(name, batch)] = y if isinstance(y, list) else [y]
    return expected, run_reference("onnx", SCRIPT, **arrays)


@pytest.mark.parametrize("batch", [1, 7])
@pytest.mark.parametrize("name", list(ZOO))
def test_onnx_runtime_predicts_what_axon_predicts(runtime, name, batch):
    expected, out = runtime
    for j, y in enumerate(expected[(name, batch)]):
        np.testing.assert_allclose(out[f"{name}/{batch}/{j}"], y, rtol=1e-5, atol=1e-5)


def test_the_graph_passes_the_checker_with_a_dynamic_batch_axis(tmp_path):
    model = SimpleCNN((28, 28, 1))
    axon.onnx.export(model, tmp_path / "cnn.onnx", opset=13)
    proto = onnx.load(str(tmp_path / "cnn.onnx"))
    onnx.checker.check_model(proto, full_check=True)
    assert proto.opset_import[0].version == 13
    dims = proto.graph.input[0].type.tensor_type.shape.dim
    assert dims[0].dim_param == "batch" and [d.dim_value for d in dims[1:]] == [28, 28, 1]
    fixed = axon.onnx.to_onnx(model, batch_size=4)
    assert fixed.graph.input[0].type.tensor_type.shape.dim[0].dim_value == 4


def test_a_layer_without_onnx_form_is_named():
    model = Sequential([layers.Input((4,)), layers.Normalization(mean=0.0, variance=1.0), layers.Dense(2)])
    with pytest.raises(ValueError, match=r"Layer 'normalization.*' \(Normalization\) has no ONNX export"):
        axon.onnx.to_onnx(model)


def test_a_subclassed_model_and_bad_arguments_are_refused(tmp_path):
    class Net(Model):
        def __init__(self):
            super().__init__()
            self.dense = layers.Dense(2)

        def call(self, x):
            return self.dense(x)

    net = Net()
    net.build((None, 3))
    with pytest.raises(ValueError, match="subclassed model"):
        axon.onnx.to_onnx(net)
    with pytest.raises(ValueError, match="opset"):
        axon.onnx.to_onnx(_mlp(), opset=7)
    with pytest.raises(ValueError, match="format='onnx' only"):
        _mlp().export(tmp_path / "m.tflite", format="tflite")
