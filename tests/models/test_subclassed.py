"""Subclassed models (layers tracked from __init__, build, call, training flag) and freezing layers."""

import numpy as np
import pytest

import axon
from axon.layers.core import Dropout
from axon.layers.dense import Dense
from axon.layers.input_layer import Input
from axon.models import Model, Sequential
from tests.models.helpers import binary, blobs, classifier, quiet


class Net(Model):
    def __init__(self):
        super().__init__()
        self.body = Sequential([Dense(8, activation="relu"), Dense(4, activation="relu")])
        self.drop = Dropout(0.5)
        self.head = Dense(1, activation="sigmoid")

    def call(self, inputs, training=False):
        return self.head(self.drop(self.body(inputs), training=training))


class Towers(Model):
    """Layers held in a list attribute."""

    def __init__(self):
        super().__init__()
        self.towers = [Dense(2), Dense(2)]
        self.out = Dense(1)

    def call(self, inputs):
        return self.out(self.towers[0](inputs) + self.towers[1](inputs))


def test_layers_assigned_in_init_are_tracked_and_build_creates_the_weights():
    axon.random.set_seed(0)
    net = Net()
    assert not net.built
    net.build((None, 3))
    assert net.built
    assert [type(layer).__name__ for layer in net.layers] == ["Sequential", "Dropout", "Dense"]
    assert len(net.trainable_weights) == 6 and net.trainable_variables == net.trainable_weights
    assert net.count_params() == (3 * 8 + 8) + (8 * 4 + 4) + 5
    _, text = quiet(net.summary)
    assert "Total params: 73" in text and "sequential" in text


def test_call_runs_the_layers_and_passes_the_training_flag():
    axon.random.set_seed(0)
    net = Net()
    x = np.random.default_rng(0).normal(size=(64, 3)).astype(np.float32)
    inference = net(x, training=False).numpy()
    np.testing.assert_array_equal(inference, net(x, training=False).numpy())
    np.testing.assert_allclose(net.predict(x, verbose=0), inference, rtol=1e-6)
    assert not np.allclose(net(x, training=True).numpy(), inference)  # dropout is on in training


def test_a_subclassed_model_fits_and_evaluates():
    axon.random.set_seed(0)
    net = Net()
    x, y = binary(64, features=3)
    net.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    history = net.fit(x, y, epochs=5, batch_size=16, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]
    loss, accuracy = net.evaluate(x, y, verbose=0)
    assert 0 <= accuracy <= 1 and loss > 0


def test_layers_in_a_list_attribute_are_tracked():
    model = Towers()
    out = model(np.ones((2, 3), np.float32))
    assert out.shape == (2, 1)
    assert len(model.layers) == 3 and model.count_params() == 8 + 8 + 3


def test_a_model_without_call_says_how_to_define_one():
    with pytest.raises(NotImplementedError, match="define call"):
        Model()(np.ones((1, 2)))


def test_get_layer_on_a_subclassed_model():
    net = Net()
    assert net.get_layer(index=2) is net.head
    assert net.get_layer(net.drop.name) is net.drop


@pytest.mark.parametrize("kind", ["sequential", "functional"])
def test_a_frozen_layer_is_not_changed_by_fit_and_counts_as_non_trainable(kind):
    if kind == "sequential":
        model = classifier(hidden=8)
        frozen = model.layers[0]
    else:
        axon.random.set_seed(0)
        inputs = Input(shape=(4,))
        frozen = Dense(8, activation="relu")
        model = Model(inputs, Dense(3, activation="softmax")(frozen(inputs)))
    frozen.trainable = False
    x, y = blobs(30)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    before, head_before = frozen.get_weights(), model.layers[-1].get_weights()
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)
    for a, b in zip(before, frozen.get_weights()):
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(head_before[0], model.layers[-1].get_weights()[0])
    assert len(model.trainable_weights) == 2 and len(model.non_trainable_weights) == 2
    _, text = quiet(model.summary)
    assert "Trainable params: 27" in text and "Non-trainable params: 40" in text


def test_unfreezing_trains_the_layer_again():
    model = classifier()
    model.layers[0].trainable = False
    x, y = blobs(30)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=1, verbose=0)
    model.layers[0].trainable = True
    before = model.layers[0].get_weights()[0]
    model.fit(x, y, epochs=1, verbose=0)
    assert not np.array_equal(before, model.layers[0].get_weights()[0])


def test_freezing_a_whole_model_freezes_its_layers():
    model = classifier()
    model.trainable = False
    assert model.trainable_weights == [] and all(not layer.trainable for layer in model.layers)


class TwoHeads(Model):
    def __init__(self):
        super().__init__()
        self.value = Dense(1)
        self.kind = Dense(3, activation="softmax")

    def call(self, inputs):
        return self.value(inputs), self.kind(inputs)


@pytest.mark.parametrize("loss", [["mse", "sparse_categorical_crossentropy"], "mse"])
def test_a_subclassed_model_with_two_outputs(loss):
    axon.random.set_seed(0)
    model = TwoHeads()
    model.compile(optimizer="adam", loss=loss)
    x, ids = blobs(12)
    kind = ids if isinstance(loss, list) else np.eye(3)[ids]
    history = model.fit(x, [x[:, :1], kind], epochs=2, verbose=0)
    assert set(history.history) == {"loss", "output_1_loss", "output_2_loss"}
    first = history.history
    assert first["loss"][0] == pytest.approx(first["output_1_loss"][0] + first["output_2_loss"][0], rel=1e-5)
    value, probabilities = model.predict(x, verbose=0)
    assert value.shape == (12, 1) and probabilities.shape == (12, 3)


def test_a_layer_unfrozen_after_fit_gets_gradients_in_a_tape_loop():
    model = classifier()
    model.layers[0].trainable = False
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    x, y = blobs(8)
    model.fit(x, y, verbose=0)
    model.train_on_batch(x, y)
    model.layers[0].trainable = True
    with axon.GradientTape() as tape:
        loss = axon.losses.SparseCategoricalCrossentropy()(y, model(x, training=True))
    gradients = tape.gradient(loss, model.trainable_weights)
    assert len(gradients) == 4 and all(g is not None and np.abs(g.numpy()).sum() > 0 for g in gradients)
