"""tf.keras 2 HDF5 files (written here with h5py in tf.keras 2's layout),
``by_name`` / ``skip_mismatch``, and safetensors weights checked against the
reference ``safetensors`` package."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest
from axon.keras.models import load_model

from axon import layers
from axon.models import Model, Sequential

h5py = pytest.importorskip("h5py")

RNG = np.random.default_rng(3)
W1, B1 = RNG.normal(size=(4, 3)).astype("float32"), RNG.normal(size=3).astype("float32")
W2, B2 = RNG.normal(size=(3, 2)).astype("float32"), RNG.normal(size=2).astype("float32")


def dense(name, units, activation):
    return {"class_name": "Dense", "config": {
        "name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
        "use_bias": True, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}},
        "bias_initializer": {"class_name": "Zeros", "config": {}}, "kernel_regularizer": None,
        "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None, "bias_constraint": None}}


def write_tf2_file(path, config, weights_only=False):
    """A file laid out as tf.keras 2.x writes it (fixed-length byte names, ':0' suffixes)."""
    with h5py.File(path, "w") as f:
        if not weights_only:
            f.attrs["keras_version"] = b"2.11.0"
            f.attrs["backend"] = b"tensorflow"
            f.attrs["model_config"] = json.dumps(config).encode()
            f.attrs["training_config"] = json.dumps({
                "loss": "mean_squared_error", "metrics": None, "loss_weights": None,
                "optimizer_config": {"class_name": "SGD", "config": {"name": "SGD", "learning_rate": 0.05,
                                                                     "momentum": 0.0, "nesterov": False}}}).encode()
        group = f if weights_only else f.create_group("model_weights")
        group.attrs["layer_names"] = np.array([b"input_1", b"hidden", b"head"])
        group.create_group("input_1").attrs["weight_names"] = np.array([], dtype="S1")
        for name, arrays in (("hidden", (W1, B1)), ("head", (W2, B2))):
            sub = group.create_group(name)
            sub.attrs["weight_names"] = np.array([f"{name}/kernel:0".encode(), f"{name}/bias:0".encode()])
            sub.create_dataset(f"{name}/kernel:0", data=arrays[0])
            sub.create_dataset(f"{name}/bias:0", data=arrays[1])


def expected(x):
    return np.maximum(x @ W1 + B1, 0) @ W2 + B2


SEQUENTIAL = {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 4], "dtype": "float32", "sparse": False,
                                            "ragged": False, "name": "input_1"}},
    dense("hidden", 3, "relu"), dense("head", 2, "linear")]}}

FUNCTIONAL = {"class_name": "Functional", "config": {
    "name": "model", "layers": [
        {"class_name": "InputLayer", "name": "input_1", "inbound_nodes": [],
         "config": {"batch_input_shape": [None, 4], "dtype": "float32", "sparse": False, "ragged": False,
                    "name": "input_1"}},
        {**dense("hidden", 3, "relu"), "name": "hidden", "inbound_nodes": [[["input_1", 0, 0, {}]]]},
        {**dense("head", 2, "linear"), "name": "head", "inbound_nodes": [[["hidden", 0, 0, {}]]]}],
    "input_layers": [["input_1", 0, 0]], "output_layers": [["head", 0, 0]]}}


@pytest.mark.parametrize("config", [SEQUENTIAL, FUNCTIONAL], ids=["sequential", "functional"])
def test_a_tf_keras_2_model_file_loads_compiled_and_predicts(tmp_path, config):
    write_tf2_file(tmp_path / "m.h5", config)
    model = load_model(tmp_path / "m.h5")
    x = RNG.normal(size=(6, 4)).astype("float32")
    np.testing.assert_allclose(model.predict(x, verbose=0), expected(x), rtol=1e-5, atol=1e-6)
    assert type(model.optimizer).__name__ == "SGD" and model.optimizer.learning_rate == pytest.approx(0.05)


def test_tf_keras_2_weights_by_order_by_name_and_skip_mismatch(tmp_path):
    write_tf2_file(tmp_path / "w.h5", None, weights_only=True)
    x = RNG.normal(size=(6, 4)).astype("float32")
    model = Sequential([layers.Input((4,)), layers.Dense(3, activation="relu"), layers.Dense(2)])
    model.load_weights(tmp_path / "w.h5")
    np.testing.assert_allclose(model.predict(x, verbose=0), expected(x), rtol=1e-5, atol=1e-6)

    named = Sequential([layers.Input((4,)), layers.Dense(3, activation="relu", name="hidden"),
                        layers.Dense(7, name="other")])
    kernel = named.layers[1].get_weights()[0]
    named.load_weights(tmp_path / "w.h5", by_name=True)
    np.testing.assert_array_equal(named.layers[0].get_weights()[0], W1)
    np.testing.assert_array_equal(named.layers[1].get_weights()[0], kernel)

    wrong = Sequential([layers.Input((4,)), layers.Dense(3, name="hidden"), layers.Dense(7, name="head")])
    with pytest.raises(ValueError, match=r"Layer 'head'.*\[\(3, 7\), \(7,\)\].*\[\(3, 2\), \(2,\)\]"):
        wrong.load_weights(tmp_path / "w.h5", by_name=True)
    wrong.load_weights(tmp_path / "w.h5", by_name=True, skip_mismatch=True)
    np.testing.assert_array_equal(wrong.layers[0].get_weights()[0], W1)


def test_by_name_is_refused_for_formats_matched_by_layer_already(tmp_path):
    model = Sequential([layers.Input((4,)), layers.Dense(3)])
    model.save_weights(tmp_path / "w.weights.h5")
    with pytest.raises(ValueError, match="legacy '.h5' files only"):
        model.load_weights(tmp_path / "w.weights.h5", by_name=True)


def test_a_layer_count_mismatch_suggests_by_name(tmp_path):
    write_tf2_file(tmp_path / "w.h5", None, weights_only=True)
    model = Sequential([layers.Input((4,)), layers.Dense(3)])
    with pytest.raises(ValueError, match="by_name=True"):
        model.load_weights(tmp_path / "w.h5")


# ------------------------------------------------------------ safetensors
def conv_model():
    inputs = layers.Input((8, 8, 2))
    x = layers.Conv2D(3, 3, activation="relu")(inputs)
    x = layers.BatchNormalization()(x)
    return Model(inputs, layers.Dense(2)(layers.Flatten()(x)))


def test_safetensors_round_trip_and_the_reference_reader_agree(tmp_path):
    st = pytest.importorskip("safetensors.numpy")
    model = conv_model()
    model.save_weights(tmp_path / "w.safetensors")
    tensors = st.load_file(str(tmp_path / "w.safetensors"))
    names = {f"{layer.name}/{w.name}": w for layer in model.layers for w in layer.weights}
    assert set(tensors) == set(names)
    for name, w in names.items():
        np.testing.assert_array_equal(tensors[name], w.numpy())
    # and a file written by the reference writer (as from PyTorch) loads into axon
    changed = {k: (v + 1).astype(v.dtype) for k, v in tensors.items()}
    st.save_file(changed, str(tmp_path / "ref.safetensors"))
    model.load_weights(tmp_path / "ref.safetensors")
    for name, w in names.items():
        np.testing.assert_array_equal(w.numpy(), changed[name])


def test_safetensors_errors_name_the_weight_and_refuse_bad_headers(tmp_path):
    model = conv_model()
    model.save_weights(tmp_path / "w.safetensors")
    inputs = layers.Input((8, 8, 2))
    x = layers.BatchNormalization()(layers.Conv2D(3, 3, activation="relu")(inputs))
    other = Model(inputs, layers.Dense(5)(layers.Flatten()(x)))
    with pytest.raises(ValueError, match="has no tensors named"):
        other.load_weights(tmp_path / "w.safetensors")
    same = conv_model()  # other layer names, same architecture: matched by position
    same.load_weights(tmp_path / "w.safetensors")
    for a, b in zip(same.get_weights(), model.get_weights()):
        np.testing.assert_array_equal(a, b)
    data = (tmp_path / "w.safetensors").read_bytes()
    (tmp_path / "cut.safetensors").write_bytes(data[: len(data) - 10])
    with pytest.raises(ValueError, match="truncated"):
        model.load_weights(tmp_path / "cut.safetensors")
    (tmp_path / "lie.safetensors").write_bytes(struct.pack("<Q", 10 ** 12) + b"{}")
    with pytest.raises(ValueError, match="header claims"):
        model.load_weights(tmp_path / "lie.safetensors")
