"""Customising fit as Keras 3 and tf.keras teach it: train_step / test_step /
predict_step overrides, compute_loss, self.metrics, compiled_loss /
compiled_metrics, Metric subclasses with variables, and the loop's small contracts."""

from __future__ import annotations

import numpy as np
import pytest

import axon
from axon import layers, metrics
from axon.keras import Input, Model, Sequential
from tests.models.helpers import blobs


def _regression(n=64, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 4)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5], [3.0]], np.float32) + 0.1).astype(np.float32)
    return x, y


def _functional(cls=Model, units=1):
    axon.random.set_seed(0)
    inputs = Input(shape=(4,))
    return cls(inputs, layers.Dense(units)(inputs))


class Keras3Model(Model):
    """The Keras 3 guide's first example: compute_loss, then every metric by hand."""

    def train_step(self, data):
        x, y = data
        with axon.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred)
        gradients = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_variables))
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


class TfKerasModel(Model):
    """tf.keras's idiom: compiled_loss and compiled_metrics."""

    def train_step(self, data):
        x, y = data
        with axon.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compiled_loss(y, y_pred, regularization_losses=self.losses)
        gradients = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(gradients, self.trainable_variables))
        self.compiled_metrics.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics}


@pytest.mark.parametrize("cls", [Keras3Model, TfKerasModel])
def test_custom_train_step_matches_the_built_in_one(cls):
    x, y = _regression()
    reference, custom = _functional(), _functional(cls)
    for model in (reference, custom):
        model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    expected = reference.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0).history
    got = custom.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0).history
    assert set(got) == {"loss", "mae"}
    np.testing.assert_allclose(got["loss"], expected["loss"], rtol=1e-5)
    np.testing.assert_allclose(got["mae"], expected["mae"], rtol=1e-5)
    assert got["loss"][-1] < got["loss"][0]
    assert all(isinstance(v, float) for v in got["loss"])


def test_metrics_lists_the_loss_tracker_first_then_the_compiled_metrics():
    model = _functional()
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    assert [m.name for m in model.metrics] == ["loss", "compile_metrics"]
    x, y = _regression(8)
    model.fit(x, y, verbose=0)
    assert model.get_metrics_result().keys() == {"loss", "mae"}


class OwnTrackers(Model):
    """The guide's second example: metrics made in __init__, listed by a `metrics` property."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.loss_tracker = metrics.Mean(name="loss")
        self.mae_metric = metrics.MeanAbsoluteError(name="mae")

    def train_step(self, data):
        x, y = data
        with axon.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = axon.reduce_mean(axon.square(y_pred - y))
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        self.loss_tracker.update_state(loss)
        self.mae_metric.update_state(y, y_pred)
        return {"loss": self.loss_tracker.result(), "mae": self.mae_metric.result()}

    @property
    def metrics(self):
        return [self.loss_tracker, self.mae_metric]


def test_metrics_of_a_metrics_property_are_reset_every_epoch():
    x, y = _regression()
    axon.random.set_seed(0)
    inputs = Input(shape=(4,))
    model = OwnTrackers(inputs, layers.Dense(1)(inputs))
    model.compile(optimizer="sgd")  # no loss: the step computes its own
    history = model.fit(x, y, batch_size=64, epochs=2, shuffle=False, verbose=0).history
    # one batch an epoch: were the trackers not reset, epoch 2 would average both epochs
    w_loss = float(model.loss_tracker.result())
    assert history["loss"][1] == pytest.approx(w_loss, rel=1e-6)
    assert history["loss"][1] < history["loss"][0]


def test_metric_attributes_are_tracked_in_metrics():
    model = OwnTrackers(*[Input(shape=(4,))] * 2)
    model.compile(optimizer="sgd")
    assert OwnTrackers.metrics.fget(model) == [model.loss_tracker, model.mae_metric]
    assert [m.name for m in Model.metrics.fget(model)] == ["loss", "compile_metrics", "loss", "mae"]


class WeightedStep(Model):
    def train_step(self, data):
        x, y, sample_weight = axon.keras.utils.unpack_x_y_sample_weight(data)
        with axon.GradientTape() as tape:
            y_pred = self(x, training=True)
            loss = self.compute_loss(y=y, y_pred=y_pred, sample_weight=sample_weight)
        grads = tape.gradient(loss, self.trainable_variables)
        self.optimizer.apply_gradients(zip(grads, self.trainable_variables))
        for metric in self.metrics:
            if metric.name == "loss":
                metric.update_state(loss)
            else:
                metric.update_state(y, y_pred, sample_weight=sample_weight)
        return {m.name: m.result() for m in self.metrics}


def test_sample_weight_reaches_a_custom_step():
    x, y = _regression(32)
    w = np.linspace(0.0, 2.0, 32).astype(np.float32)
    reference, custom = _functional(), _functional(WeightedStep)
    for model in (reference, custom):
        model.compile(optimizer="sgd", loss="mse")
    expected = reference.fit(x, y, sample_weight=w, batch_size=32, epochs=2, verbose=0).history["loss"]
    got = custom.fit(x, y, sample_weight=w, batch_size=32, epochs=2, verbose=0).history["loss"]
    np.testing.assert_allclose(got, expected, rtol=1e-5)


class CustomEval(Model):
    def test_step(self, data):
        x, y = data
        y_pred = self(x, training=False)
        self.compute_loss(y=y, y_pred=y_pred)
        for metric in self.metrics:
            if metric.name != "loss":
                metric.update_state(y, y_pred)
        return {m.name: m.result() for m in self.metrics if m.name != "loss"}

    def predict_step(self, data):
        return {"doubled": 2.0 * self(data, training=False)}


def test_custom_test_step_and_predict_step():
    x, y = _regression(16)
    model = _functional(CustomEval)
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    logs = model.evaluate(x, y, batch_size=4, verbose=0, return_dict=True)
    by_hand = np.mean(np.abs(model(x).numpy() - y))
    assert logs == {"mae": pytest.approx(by_hand, rel=1e-5)}
    out = model.predict(x, batch_size=5, verbose=0)
    assert set(out) == {"doubled"}
    np.testing.assert_allclose(out["doubled"], 2.0 * model(x).numpy(), rtol=1e-6)


class TwoArgs(Model):
    def train_step(self, x, y):
        return {}


def test_train_step_with_the_wrong_arguments_is_a_clear_error():
    model = _functional(TwoArgs)
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(TypeError, match=r"(?s)train_step\(self, x, y\).*def train_step\(self, data\).*"
                                        r"unpack_x_y_sample_weight"):
        model.fit(*_regression(8), verbose=0)


def test_a_step_returning_something_else_than_a_dict_is_a_clear_error():
    class ReturnsLoss(Model):
        def train_step(self, data):
            return 1.0

    model = _functional(ReturnsLoss)
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(TypeError, match="must return a dict"):
        model.fit(*_regression(8), verbose=0)


# ----------------------------------------------------------- Metric subclasses
class CategoricalTruePositives(metrics.Metric):
    """The guide's custom metric, state in a variable."""

    def __init__(self, name="categorical_true_positives", **kwargs):
        super().__init__(name=name, **kwargs)
        self.true_positives = self.add_variable(shape=(), name="ctp", initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        y_pred = axon.reshape(axon.argmax(y_pred, axis=1), (-1, 1))
        values = axon.cast(axon.cast(y_true, "int32") == axon.cast(y_pred, "int32"), "float32")
        if sample_weight is not None:
            values = values * axon.reshape(axon.cast(sample_weight, "float32"), (-1, 1))
        self.true_positives.assign_add(axon.reduce_sum(values))

    def result(self):
        return self.true_positives


class LegacyCounter(metrics.Metric):
    """tf.keras's spelling: add_weight(name, ...) and a reset_state of its own."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.count = self.add_weight("count", initializer="zeros")

    def update_state(self, y_true, y_pred, sample_weight=None):
        self.count.assign_add(float(len(y_true)))

    def result(self):
        return self.count.value()

    def reset_state(self):
        self.count.assign(0.0)


def test_metric_subclasses_in_a_hand_written_loop():
    m = CategoricalTruePositives()
    m.update_state(np.array([[0], [1], [2]]), np.eye(3, dtype=np.float32)[[0, 2, 2]])
    assert float(m.result()) == 2.0 and m.variables == [m.true_positives]
    m.update_state(np.array([[1]]), np.eye(3, dtype=np.float32)[[1]], sample_weight=np.array([0.5]))
    assert float(m.result()) == 2.5
    m.reset_state()
    assert float(m.result()) == 0.0
    legacy = LegacyCounter(name="count")
    legacy.update_state(np.zeros(4), np.zeros(4))
    assert float(legacy.result()) == 4.0 and legacy.count.name == "count"


def test_metric_subclasses_inside_fit_are_reset_each_epoch():
    x, ids = blobs(30)
    axon.random.set_seed(0)
    model = Sequential([Input(shape=(4,)), layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy",
                  metrics=[CategoricalTruePositives(), LegacyCounter(name="seen")])
    history = model.fit(x, ids[:, None], batch_size=8, epochs=2, verbose=0).history
    assert history["seen"] == [30.0, 30.0]
    correct = float(np.sum(model.predict(x, verbose=0).argmax(-1) == ids))
    assert model.evaluate(x, ids[:, None], verbose=0, return_dict=True)["categorical_true_positives"] == correct


def test_metric_add_variable_rejects_an_unknown_aggregation():
    with pytest.raises(ValueError, match="aggregation"):
        metrics.Mean().add_variable(shape=(), aggregation="max")


# ------------------------------------------------------------ loop contracts
def test_a_model_with_only_added_losses_fits_without_targets():
    class ActivityPenalty(layers.Layer):
        def call(self, inputs):
            self.add_loss(axon.reduce_mean(axon.square(inputs - 1.0)))
            return inputs

    axon.random.set_seed(0)
    inputs = Input(shape=(4,))
    model = Model(inputs, ActivityPenalty()(layers.Dense(4)(inputs)))
    model.compile(optimizer="adam")
    x = np.random.default_rng(0).normal(size=(64, 4)).astype(np.float32)
    history = model.fit(x, batch_size=16, epochs=3, verbose=0).history
    assert history["loss"][-1] < history["loss"][0]
    assert model.evaluate(x, verbose=0) == pytest.approx(
        float(np.mean((model.predict(x, verbose=0) - 1.0) ** 2)), rel=1e-4)


def test_a_model_without_any_loss_says_so():
    model = _functional()
    model.compile(optimizer="sgd")
    with pytest.raises(ValueError, match="No loss to compute.*add_loss"):
        model.fit(*_regression(8), verbose=0)


def test_callbacks_receive_a_dict_never_none():
    received = []

    class Spy(axon.callbacks.Callback):
        def __getattribute__(self, name):
            if name.startswith("on_"):
                return lambda *args: received.append((name, args[-1]))
            return super().__getattribute__(name)

    model = _functional()
    model.compile(optimizer="sgd", loss="mse")
    x, y = _regression(8)
    model.fit(x, y, batch_size=4, validation_data=(x, y), callbacks=[Spy()], verbose=0)
    model.evaluate(x, y, callbacks=[Spy()], verbose=0)
    model.predict(x, callbacks=[Spy()], verbose=0)
    hooks = {name for name, _ in received}
    assert {"on_train_begin", "on_epoch_begin", "on_train_batch_begin", "on_test_begin", "on_predict_end",
            "on_train_end"} <= hooks
    assert all(isinstance(logs, dict) for _, logs in received)


def test_fit_with_every_layer_frozen_runs_and_changes_nothing():
    model = _functional()
    model.trainable = False
    model.compile(optimizer="sgd", loss="mse")
    before = model.get_weights()
    x, y = _regression(16)
    with pytest.warns(UserWarning, match="no trainable weights"):
        history = model.fit(x, y, epochs=2, verbose=0).history
    assert len(history["loss"]) == 2 and history["loss"][0] == pytest.approx(history["loss"][1])
    for a, b in zip(before, model.get_weights()):
        np.testing.assert_array_equal(a, b)


def test_fit_on_a_model_without_weights_runs():
    inputs = Input(shape=(4,))
    model = Model(inputs, layers.Activation("relu")(inputs))
    model.compile(optimizer="sgd", loss="mse")
    x, y = _regression(8)
    with pytest.warns(UserWarning, match="no trainable weights"):
        loss = model.fit(x, np.maximum(x, 0.0), verbose=0).history["loss"]
    assert loss == [0.0]
