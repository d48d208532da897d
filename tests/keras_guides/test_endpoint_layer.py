"""keras.io example "Endpoint layer pattern" (examples/keras_recipes/endpoint_layer_pattern),
imports changed only, with one change: tf.keras's ``self.add_metric(metric(...))``
(gone from Keras 3) becomes the Keras 3 way, ``metric.update_state(...)`` on a
metric the layer holds, which the model reports in its logs."""

from __future__ import annotations

import numpy as np
import pytest

import axon as tf
from axon import keras


class LogisticEndpoint(keras.layers.Layer):
    def __init__(self, name=None):
        super().__init__(name=name)
        self.loss_fn = keras.losses.BinaryCrossentropy(from_logits=True)
        self.accuracy_fn = keras.metrics.BinaryAccuracy(name="accuracy")

    def call(self, logits, targets=None, sample_weight=None):
        if targets is not None:
            # Compute the training-time loss value and add it to the layer using `self.add_loss()`.
            loss = self.loss_fn(targets, logits, sample_weight)
            self.add_loss(loss)
            # Log the accuracy as a metric (we could log arbitrary metrics,
            # including different metrics for training and inference.
            self.accuracy_fn.update_state(targets, logits, sample_weight)
        # Return the inference-time prediction tensor (for `.predict()`).
        return tf.nn.softmax(logits)


def _data(n=256):
    rng = np.random.default_rng(0)
    x = rng.random((n, 764))
    targets = (x[:, :1] > 0.5).astype("float64")  # learnable: the first feature decides
    return {"inputs": x, "targets": targets, "sample_weight": rng.random((n, 1))}


def test_usage_of_endpoint_layers_in_the_functional_api():
    keras.utils.set_random_seed(0)  # the initial weights decide how fast two epochs go down
    inputs = keras.Input((764,), name="inputs")
    logits = keras.layers.Dense(1)(inputs)
    targets = keras.Input((1,), name="targets")
    sample_weight = keras.Input((1,), name="sample_weight")
    preds = LogisticEndpoint()(logits, targets, sample_weight)
    model = keras.Model([inputs, targets, sample_weight], preds)

    data = _data()
    model.compile(keras.optimizers.Adam(1e-3))
    history = model.fit(data, epochs=3, verbose=0).history
    assert set(history) == {"loss", "accuracy"}
    assert history["loss"][2] < history["loss"][0]
    assert 0.0 <= history["accuracy"][2] <= 1.0

    # Exporting an inference-only model: simply don't include `targets` in the model.
    inputs = keras.Input((764,), name="inputs")
    logits = keras.layers.Dense(1)(inputs)
    preds = LogisticEndpoint()(logits, targets=None, sample_weight=None)
    inference_model = keras.Model(inputs, preds)
    inference_model.set_weights(model.get_weights())
    preds = inference_model.predict(np.random.random((1000, 764)), verbose=0)
    assert preds.shape == (1000, 1)
    np.testing.assert_allclose(preds, 1.0)  # softmax over one logit


class LogReg(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(1)
        self.logistic_endpoint = LogisticEndpoint()

    def call(self, inputs):
        # Note that all inputs should be in the first argument
        # since we want to be able to call `model.fit(inputs)`.
        logits = self.dense(inputs["inputs"])
        preds = self.logistic_endpoint(
            logits=logits,
            targets=inputs["targets"],
            sample_weight=inputs["sample_weight"],
        )
        return preds


def test_usage_of_loss_endpoint_layers_in_subclassed_models():
    keras.utils.set_random_seed(0)  # the initial weights decide how fast two epochs go down
    model = LogReg()
    data = _data()
    model.compile(keras.optimizers.Adam(1e-3))
    history = model.fit(data, epochs=3, verbose=0).history
    assert history["loss"][2] < history["loss"][0]
    x = data["inputs"].astype("float32")
    logits = x @ model.dense.kernel.numpy() + model.dense.bias.numpy()
    z, t, w = logits, data["targets"], data["sample_weight"]
    bce = np.maximum(z, 0) - z * t + np.log1p(np.exp(-np.abs(z)))
    model(data)
    assert float(model.losses[0]) == pytest.approx(float(np.mean(bce * w)), rel=1e-4)
