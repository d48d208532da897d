"""evaluate, predict and the *_on_batch methods, and images missing their channel axis."""

import numpy as np
import pytest

import axon
from axon import losses, optimizers
from axon.autograd.tape import GradientTape
from axon.layers.conv import Conv2D
from axon.layers.core import Flatten
from axon.layers.dense import Dense
from axon.layers.input_layer import Input
from axon.models import Model, Sequential
from tests.models.helpers import blobs, classifier


def compiled(metrics=("accuracy",)):
    model = classifier()
    model.compile(optimizer=optimizers.SGD(0.1), loss="sparse_categorical_crossentropy", metrics=list(metrics))
    return model


def test_evaluate_returns_the_loss_or_the_list_or_a_dict():
    x, y = blobs(20)
    model = compiled()
    loss, accuracy = model.evaluate(x, y, batch_size=6, verbose=0)
    predictions = model.predict(x, verbose=0)
    per_sample = losses.sparse_categorical_crossentropy(y, predictions).numpy()
    np.testing.assert_allclose(loss, per_sample.mean(), rtol=1e-5)
    assert accuracy == pytest.approx(np.mean(predictions.argmax(-1) == y))
    assert model.evaluate(x, y, batch_size=6, verbose=0, return_dict=True) == {"loss": loss, "accuracy": accuracy}
    assert model.metrics_names == ["loss", "accuracy"]
    no_metrics = compiled(metrics=())
    assert np.ndim(no_metrics.evaluate(x, y, verbose=0)) == 0


def test_evaluate_does_not_change_the_weights():
    model = compiled()
    before = model.get_weights()
    model.evaluate(*blobs(20), verbose=0)
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))


def test_predict_in_batches_equals_one_call():
    x, _ = blobs(23)
    model = compiled()
    full = model(x, training=False).numpy()
    for batch_size in (1, 5, 32):
        np.testing.assert_allclose(model.predict(x, batch_size=batch_size, verbose=0), full, rtol=1e-6)
    assert model.predict(x, verbose=0).dtype == np.float32
    np.testing.assert_allclose(model.predict_on_batch(x[:4]), full[:4], rtol=1e-6)


def test_train_on_batch_takes_one_gradient_step():
    x, y = blobs(8)
    model = compiled(metrics=())
    before = [w.copy() for w in model.get_weights()]
    with GradientTape() as tape:
        loss = losses.SparseCategoricalCrossentropy()(y, model(x, training=True))
    grads = tape.gradient(loss, model.trainable_weights)
    reported = model.train_on_batch(x, y)
    assert reported == pytest.approx(float(loss.numpy()), rel=1e-6)  # the loss before the step
    for w0, g, w1 in zip(before, grads, model.get_weights()):
        np.testing.assert_allclose(w1, w0 - 0.1 * g.numpy(), rtol=1e-5, atol=1e-7)


def test_test_on_batch_measures_without_training():
    x, y = blobs(8)
    model = compiled()
    before = model.get_weights()
    loss, accuracy = model.test_on_batch(x, y)
    assert [loss, accuracy] == pytest.approx(model.evaluate(x, y, verbose=0))
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    logs = model.train_on_batch(x, y, return_dict=True)
    assert set(logs) == {"loss", "accuracy"}


def tiny_cnn():
    axon.random.set_seed(0)
    return Sequential([Input(shape=(8, 8, 1)), Conv2D(2, 3), Flatten(), Dense(3, activation="softmax")])


def test_images_without_their_channel_axis_are_expanded():
    rng = np.random.default_rng(0)
    images, labels = rng.random((10, 8, 8), dtype=np.float32), rng.integers(0, 3, 10)
    model = tiny_cnn()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    model.fit(images, labels, epochs=1, validation_data=(images, labels), verbose=0)
    expected = model.predict(images[..., None], verbose=0)
    np.testing.assert_allclose(model.predict(images, verbose=0), expected, rtol=1e-6)
    np.testing.assert_allclose(model(images).numpy(), expected, rtol=1e-6)
    assert model.evaluate(images, labels, verbose=0) == pytest.approx(model.evaluate(images[..., None], labels,
                                                                                      verbose=0))
    inputs = Input(shape=(8, 8, 1), name="image")
    functional = Model(inputs, model.layers[-1](model.layers[1](model.layers[0](inputs))))
    np.testing.assert_allclose(functional({"image": images}).numpy(), expected, rtol=1e-6)


@pytest.mark.parametrize("shape, received", [
    ((4, 8, 8, 3), r"\(None, 8, 8, 3\)"),
    ((4, 8, 7), r"\(None, 8, 7\)"),
    ((4, 64), r"\(None, 64\)"),
    ((4, 8, 8, 1, 1), r"\(None, 8, 8, 1, 1\)"),
])
def test_any_other_shape_mismatch_names_the_layer_and_both_shapes(shape, received):
    model = tiny_cnn()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    pattern = rf"conv2d.*expected shape \(None, 8, 8, 1\), received shape {received}"
    with pytest.raises(ValueError, match=pattern):
        model.fit(np.zeros(shape, np.float32), np.zeros(4), verbose=0)
    with pytest.raises(ValueError, match=pattern):
        model.predict(np.zeros(shape, np.float32), verbose=0)


def test_a_direct_call_with_the_wrong_rank_names_the_layer():
    model = tiny_cnn()
    with pytest.raises(ValueError, match=r"conv2d.*\(Conv2D\).*ndim=4.*received shape \(2, 8, 8, 3, 1\)"):
        model(np.zeros((2, 8, 8, 3, 1), np.float32))
