"""Saving: round trips, resuming training, custom layers, weight checks, and files that must be refused."""

import io
import json
import os
import pickle
import zipfile

import numpy as np
import pytest

import axon
from axon import optimizers
from axon.layers.base import Layer
from axon.layers.core import Dropout, Lambda
from axon.layers.dense import Dense
from axon.layers.input_layer import Input
from axon.layers.merge import Concatenate
from axon.layers.normalization import BatchNormalization
from axon.models import Model, Sequential, load_model, saving
from axon.models.saving import register_keras_serializable
from tests.models.helpers import blobs, classifier


@register_keras_serializable(package="tests")
class Scale(Layer):
    """Multiplies by a learned vector, starting at ``init``."""

    def __init__(self, init: float = 1.0, **kwargs):
        super().__init__(**kwargs)
        self.init = float(init)

    def build(self, input_shape):
        self.scale = self.add_weight(name="scale", shape=(input_shape[-1],), initializer="ones")
        self.scale.assign(np.full(input_shape[-1], self.init, np.float32))

    def call(self, inputs):
        return inputs * self.scale

    def get_config(self):
        return {**super().get_config(), "init": self.init}


def predictions_match(a, b, x):
    np.testing.assert_array_equal(a.predict(x, verbose=0), b.predict(x, verbose=0))


def test_sequential_round_trip_keeps_architecture_weights_and_compile(tmp_path):
    x, y = blobs(30)
    model = classifier(dropout=0.2)
    model.compile(optimizer=optimizers.Adam(0.01), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(x, y, epochs=2, verbose=0)
    path = tmp_path / "sub" / "model.axon"
    model.save(path)
    restored = load_model(path)
    assert [type(layer).__name__ for layer in restored.layers] == ["Dense", "Dropout", "Dense"]
    predictions_match(model, restored, x)
    assert restored.evaluate(x, y, verbose=0) == model.evaluate(x, y, verbose=0)
    assert isinstance(restored.optimizer, optimizers.Adam)
    assert float(restored.optimizer.learning_rate) == pytest.approx(0.01)
    assert int(restored.optimizer.iterations.numpy()) == int(model.optimizer.iterations.numpy()) == 2


def run_with_checkpoint(tmp_path, splits):
    """Train for sum(splits) epochs, saving and reloading the model between the parts."""
    axon.random.set_seed(7)
    x, y = blobs(50, seed=3)
    model = classifier(dropout=0.3, seed=7)
    model.compile(optimizer=optimizers.Adam(0.01), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    losses, done = [], 0
    for i, epochs in enumerate(splits):
        if i:
            model.save(tmp_path / "resume.axon")
            model = load_model(tmp_path / "resume.axon")
        history = model.fit(x, y, batch_size=8, epochs=done + epochs, initial_epoch=done, shuffle=True, verbose=0)
        losses += history.history["loss"]
        done += epochs
    return losses, model


def test_save_and_load_resumes_training_exactly(tmp_path):
    straight, model_a = run_with_checkpoint(tmp_path, [4])
    resumed, model_b = run_with_checkpoint(tmp_path, [2, 2])
    assert resumed == straight  # the same loss sequence, to the last bit: Adam's moments and step survive
    for a, b in zip(model_a.get_weights(), model_b.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_functional_model_round_trip_with_shared_layer_and_two_outputs(tmp_path):
    axon.random.set_seed(0)
    left, right = Input(shape=(3,), name="left"), Input(shape=(3,), name="right")
    shared = Dense(4, activation="relu", name="shared")
    merged = Concatenate()([shared(left), shared(right)])
    model = Model([left, right], [Dense(1, name="a")(merged), Dense(2, name="b")(merged)])
    model.compile(optimizer="adam", loss=["mse", "mse"], loss_weights=[1.0, 0.5])
    model.save(tmp_path / "f.axon")
    restored = load_model(tmp_path / "f.axon")
    assert [layer.name for layer in restored.layers] == [layer.name for layer in model.layers]
    assert restored.count_params() == model.count_params()
    x = [np.ones((4, 3), np.float32), np.arange(12, dtype=np.float32).reshape(4, 3)]
    for a, b in zip(model.predict(x, verbose=0), restored.predict(x, verbose=0)):
        np.testing.assert_array_equal(a, b)
    assert restored.compiled_loss.weights == [1.0, 0.5]


def test_dict_functional_model_round_trip(tmp_path):
    inputs = {"u": Input(shape=(2,), name="u_in"), "v": Input(shape=(2,), name="v_in")}
    merged = Concatenate()([inputs["u"], inputs["v"]])
    model = Model(inputs, {"out": Dense(1)(merged)})
    model.save(tmp_path / "d.axon")
    restored = load_model(tmp_path / "d.axon")
    x = {"u": np.ones((2, 2), np.float32), "v": np.zeros((2, 2), np.float32)}
    np.testing.assert_array_equal(model(x)["out"].numpy(), restored(x)["out"].numpy())


def test_nested_sequential_round_trip(tmp_path):
    axon.random.set_seed(0)
    inner = Sequential([Dense(5, activation="relu"), BatchNormalization(), Dense(3)], name="inner")
    model = Sequential([Input(shape=(4,)), inner, Dense(2)])
    x = np.random.default_rng(0).normal(size=(16, 4)).astype(np.float32)
    model.compile(optimizer="adam", loss="mse")
    model.fit(x, np.zeros((16, 2)), epochs=2, verbose=0)  # moves BatchNormalization's statistics
    model.save(tmp_path / "nested.axon")
    restored = load_model(tmp_path / "nested.axon")
    assert type(restored.layers[0]) is Sequential and len(restored.layers[0].layers) == 3
    predictions_match(model, restored, x)


def test_custom_layer_loads_by_its_registered_name(tmp_path):
    model = Sequential([Input(shape=(3,)), Scale(init=2.5), Dense(1)])
    model.save(tmp_path / "custom.axon")
    with zipfile.ZipFile(tmp_path / "custom.axon") as archive:
        meta = json.loads(archive.read("meta.json"))
    assert meta["model"]["config"]["layers"][0]["class_name"] == "tests>Scale"
    restored = load_model(tmp_path / "custom.axon")
    assert type(restored.layers[0]) is Scale and restored.layers[0].init == 2.5
    predictions_match(model, restored, np.ones((2, 3), np.float32))


def test_an_unknown_class_name_lists_the_registered_ones(tmp_path):
    class Unregistered(Scale):
        pass

    model = Sequential([Input(shape=(3,)), Unregistered(), Dense(1)])
    model.save(tmp_path / "unknown.axon")
    with pytest.raises(ValueError, match=r"(?s)Unknown layer class 'Unregistered'.*register_keras_serializable"
                                         r".*tests>Scale"):
        load_model(tmp_path / "unknown.axon")
    restored = load_model(tmp_path / "unknown.axon", custom_objects={"Unregistered": Unregistered})
    assert type(restored.layers[0]) is Unregistered


def test_save_weights_and_load_weights_by_layer_and_weight_name(tmp_path):
    x, _ = blobs(8)
    source = classifier(seed=1)
    path = tmp_path / "w" / "model.weights.npz"
    source.save_weights(path)
    target = classifier(seed=2)
    assert not np.array_equal(source.predict(x, verbose=0), target.predict(x, verbose=0))
    target.load_weights(path)
    predictions_match(source, target, x)


def test_load_weights_names_the_mismatched_weight(tmp_path):
    classifier(hidden=8).save_weights(tmp_path / "w.npz")
    wider = classifier(hidden=9)
    with pytest.raises(ValueError, match=r"layer '.*dense.*', weight 'kernel': the model expects \(4, 9\) but the "
                                         r"file has \(4, 8\)"):
        wider.load_weights(tmp_path / "w.npz")
    deeper = Sequential([Input(shape=(4,)), Dense(8), Dense(8), Dense(3)])
    with pytest.raises(ValueError, match="holds 4 weights but model .* has 6"):
        deeper.load_weights(tmp_path / "w.npz")


def test_load_weights_needs_a_built_model(tmp_path):
    classifier().save_weights(tmp_path / "w.npz")
    with pytest.raises(ValueError, match="not built"):
        Sequential([Dense(8), Dense(3)]).load_weights(tmp_path / "w.npz")


def test_a_weights_file_is_not_a_model_file(tmp_path):
    classifier().save_weights(tmp_path / "w.axon")
    with pytest.raises(ValueError, match="weights only"):
        load_model(tmp_path / "w.axon")


def test_a_lambda_layer_is_refused_by_save(tmp_path):
    model = Sequential([Input(shape=(3,)), Lambda(lambda t: t * 2.0), Dense(1)])
    with pytest.raises(ValueError, match=r"(?s)layer 'lambda.*' is a Lambda layer.*never hold code.*"
                                         r"register_keras_serializable.*save_weights"):
        model.save(tmp_path / "lambda.axon")
    assert not os.listdir(tmp_path)
    model.save_weights(tmp_path / "lambda.weights.npz")  # the weights alone are fine


def test_an_unregistered_subclassed_model_says_to_use_save_weights(tmp_path):
    from tests.models.test_subclassed import Net

    net = Net()
    net.build((None, 3))
    with pytest.raises(ValueError, match="subclassed model.*save_weights"):
        net.save(tmp_path / "net.axon")


# ----------------------------------------------------------------- hostile files
class Payload:
    """Unpickling this object would create the marker file: the proof that code ran."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (os.mkdir, (self.marker,))


def npy_with_pickle(marker) -> bytes:
    """An .npy entry holding an object array, i.e. a pickle."""
    buffer = io.BytesIO()
    np.save(buffer, np.array([Payload(marker)], dtype=object), allow_pickle=True)
    return buffer.getvalue()


def rewrite(path, replace: dict):
    """Copy a model archive, replacing the named entries."""
    with zipfile.ZipFile(path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries.update(replace)
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


def npz_bytes(**arrays) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in arrays.items():
            archive.writestr(f"{name}.npy", data)
    return buffer.getvalue()


@pytest.mark.parametrize("entry", ["weights.npz", "optimizer.npz"])
def test_a_pickled_array_in_a_model_file_is_refused_without_running(tmp_path, entry):
    marker = tmp_path / "pwned"
    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(*blobs(8), verbose=0)
    path = tmp_path / "evil.axon"
    model.save(path)
    rewrite(path, {entry: npz_bytes(w0=npy_with_pickle(marker))})
    with pytest.raises(ValueError, match="(?s)refuses to load.*pickled"):
        load_model(path)
    assert not marker.exists()
    if entry == "weights.npz":
        with pytest.raises(ValueError, match="refuses to load"):
            model.load_weights(path)
        assert not marker.exists()
    # The same payload unpickled directly would have run: the test's payload is real.
    pickle.loads(pickle.dumps(Payload(marker)))
    assert marker.exists()


def test_a_plain_pickle_file_is_refused_without_running(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "model.axon"
    path.write_bytes(pickle.dumps(Payload(marker)))
    with pytest.raises(ValueError, match="not an axon model/weights file"):
        load_model(path)
    with pytest.raises(ValueError, match="not an axon model/weights file"):
        classifier().load_weights(path)
    assert not marker.exists()


def test_a_pickle_as_the_weights_entry_is_refused_without_running(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "model.axon"
    classifier().save(path)
    rewrite(path, {"weights.npz": pickle.dumps(Payload(marker))})
    with pytest.raises(ValueError, match="refuses to load"):
        load_model(path)
    assert not marker.exists()


@pytest.mark.parametrize("keep", [0.0, 0.3, 0.6, 0.95])
def test_a_truncated_file_gets_a_clear_error(tmp_path, keep):
    path = tmp_path / "model.axon"
    classifier().save(path)
    data = path.read_bytes()
    path.write_bytes(data[:int(len(data) * keep)])
    with pytest.raises(ValueError, match="(?i)truncated|corrupted|not an axon"):
        load_model(path)


def test_a_corrupted_meta_json_gets_a_clear_error(tmp_path):
    path = tmp_path / "model.axon"
    classifier().save(path)
    rewrite(path, {"meta.json": b"{not json"})
    with pytest.raises(ValueError, match="meta.json' is corrupted"):
        load_model(path)


def test_a_missing_file_is_a_file_not_found_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="No file at"):
        load_model(tmp_path / "nothing.axon")


@pytest.mark.parametrize("method", ["save", "save_weights"])
def test_a_crash_mid_save_leaves_the_previous_file_intact(tmp_path, monkeypatch, method):
    x, _ = blobs(6)
    path = tmp_path / "checkpoint.axon"
    model = classifier(seed=1)
    getattr(model, method)(path)
    before = path.read_bytes()
    expected = model.predict(x, verbose=0)

    def crash(self, name, data, *args, **kwargs):
        raise OSError("disk full (simulated)")

    other = classifier(seed=2)
    monkeypatch.setattr(zipfile.ZipFile, "writestr", crash)
    with pytest.raises(OSError, match="simulated"):
        getattr(other, method)(path)
    monkeypatch.undo()
    assert path.read_bytes() == before and os.listdir(tmp_path) == ["checkpoint.axon"]  # no temporary left
    restored = load_model(path) if method == "save" else classifier(seed=3)
    if method == "save_weights":
        restored.load_weights(path)
    np.testing.assert_array_equal(restored.predict(x, verbose=0), expected)


def test_save_with_overwrite_false_keeps_the_file(tmp_path):
    path = tmp_path / "m.axon"
    classifier().save(path)
    with pytest.raises(FileExistsError):
        classifier().save(path, overwrite=False)


def test_custom_loss_needs_custom_objects_to_compile(tmp_path):
    def doubled_mse(y_true, y_pred):
        return 2.0 * axon.losses.mean_squared_error(y_true, y_pred)

    model = classifier()
    model.compile(optimizer="sgd", loss=doubled_mse)
    model.save(tmp_path / "m.axon")
    with pytest.raises(ValueError, match="(?s)doubled_mse.*custom_objects"):
        load_model(tmp_path / "m.axon")
    assert load_model(tmp_path / "m.axon", compile=False).optimizer is None
    restored = load_model(tmp_path / "m.axon", custom_objects={"doubled_mse": doubled_mse})
    x, y = blobs(6)
    assert restored.evaluate(x, np.eye(3)[y], verbose=0) == model.evaluate(x, np.eye(3)[y], verbose=0)


def test_a_file_never_holds_pickles(tmp_path):
    model = classifier(dropout=0.1)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(*blobs(8), verbose=0)
    model.save(tmp_path / "m.axon")
    with zipfile.ZipFile(tmp_path / "m.axon") as archive:
        assert sorted(archive.namelist()) == ["meta.json", "optimizer.npz", "weights.npz"]
        for name in ("weights.npz", "optimizer.npz"):
            with np.load(io.BytesIO(archive.read(name)), allow_pickle=False) as npz:
                assert all(npz[key].dtype != object for key in npz.files)
    assert saving.FORMAT == "axon.model"


def test_dropout_layer_config_round_trips():
    layer = Dropout(0.3, name="drop")
    clone = saving.deserialize_layer(saving.serialize_layer(layer))
    assert clone.rate == 0.3 and clone.name == "drop"


def test_load_weights_matches_by_name_not_by_position(tmp_path):
    def two_heads(first, seed):
        axon.random.set_seed(seed)
        inputs = Input(shape=(3,), name="x")
        heads = {"left": Dense(2, name="left")(inputs), "right": Dense(4, name="right")(inputs)}
        return Model(inputs, [heads[first], heads["right" if first == "left" else "left"]])

    source, target = two_heads("left", 1), two_heads("right", 2)
    assert [layer.name for layer in source.layers] != [layer.name for layer in target.layers]
    source.save_weights(tmp_path / "w.npz")
    target.load_weights(tmp_path / "w.npz")
    for name in ("left", "right"):
        for a, b in zip(source.get_layer(name).get_weights(), target.get_layer(name).get_weights()):
            np.testing.assert_array_equal(a, b)


def test_schedule_loss_and_metric_objects_survive_the_round_trip(tmp_path):
    from axon.losses import CategoricalCrossentropy
    from axon.metrics import AUC
    from axon.optimizers.schedules import ExponentialDecay

    x, ids = blobs(24)
    y = np.eye(3)[ids]
    model = classifier()
    model.compile(optimizer=optimizers.Adam(ExponentialDecay(0.05, decay_steps=2, decay_rate=0.5), clipnorm=1.0),
                  loss=CategoricalCrossentropy(label_smoothing=0.1), metrics=["accuracy", AUC()])
    model.fit(x, y, batch_size=8, epochs=2, verbose=0)
    model.save(tmp_path / "m.axon")
    restored = load_model(tmp_path / "m.axon")
    assert restored.optimizer.get_config() == model.optimizer.get_config()
    assert float(restored.optimizer.learning_rate) == pytest.approx(float(model.optimizer.learning_rate))
    assert restored.compiled_loss.losses[0].get_config() == model.compiled_loss.losses[0].get_config()
    assert restored.evaluate(x, y, verbose=0, return_dict=True) == model.evaluate(x, y, verbose=0, return_dict=True)
    for trained in (model, restored):  # the same next step: moments, step count and schedule were restored
        trained.fit(x, y, batch_size=8, epochs=1, shuffle=False, verbose=0)
    predictions_match(model, restored, x)
