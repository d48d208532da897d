"""fit's arguments (API.md) end to end: validation, shuffling, weights, initial_epoch, datasets, History."""

import numpy as np
import pytest

import axon
from axon import losses, optimizers, regularizers
from axon.callbacks import LambdaCallback
from axon.data import Dataset
from axon.layers.base import Layer
from axon.layers.dense import Dense
from axon.layers.input_layer import Input
from axon.models import Sequential
from tests.models.helpers import binary, blobs, classifier


class Recorder(Layer):
    """Identity that remembers the first feature of every training batch it sees."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = []

    def call(self, inputs, training=None):
        if training:
            self.seen.append(inputs.numpy()[:, 0].copy())
        return inputs


def recording_model():
    axon.random.set_seed(0)
    recorder = Recorder()
    model = Sequential([Input(shape=(2,)), recorder, Dense(1)])
    model.compile(optimizer=optimizers.SGD(0.0), loss="mse")
    return model, recorder


def test_validation_split_holds_out_the_last_fraction_before_shuffling():
    x, y = blobs(50)
    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=2, batch_size=8, validation_split=0.2, shuffle=True, verbose=0)
    tail_loss, tail_accuracy = model.evaluate(x[40:], y[40:], verbose=0)
    assert abs(history.history["val_loss"][-1] - tail_loss) < 1e-6
    assert abs(history.history["val_accuracy"][-1] - tail_accuracy) < 1e-6
    head_loss = model.evaluate(x[:10], y[:10], verbose=0)[0]
    assert abs(history.history["val_loss"][-1] - head_loss) > 1e-4


def test_validation_split_never_trains_on_the_held_out_samples():
    model, recorder = recording_model()
    x = np.arange(20, dtype=np.float32).repeat(2).reshape(20, 2)
    model.fit(x, np.zeros(20), epochs=2, batch_size=4, validation_split=0.25, verbose=0)
    seen = np.concatenate(recorder.seen)
    assert sorted(seen.tolist()) == sorted(list(range(15)) * 2)


def test_shuffle_reshuffles_every_epoch_and_shuffle_false_keeps_the_order():
    model, recorder = recording_model()
    x = np.arange(32, dtype=np.float32).repeat(2).reshape(32, 2)
    model.fit(x, np.zeros(32), epochs=3, batch_size=8, shuffle=True, verbose=0)
    epochs = [np.concatenate(recorder.seen[i * 4:(i + 1) * 4]) for i in range(3)]
    assert all(sorted(e.tolist()) == list(range(32)) for e in epochs)
    assert not np.array_equal(epochs[0], epochs[1]) and not np.array_equal(epochs[1], epochs[2])
    assert not np.array_equal(epochs[0], np.arange(32))
    recorder.seen.clear()
    model.fit(x, np.zeros(32), epochs=2, batch_size=8, shuffle=False, verbose=0)
    np.testing.assert_array_equal(np.concatenate(recorder.seen), np.tile(np.arange(32), 2))


def test_validation_data_and_validation_freq():
    x, y = blobs(40)
    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    ran = []
    history = model.fit(x[:30], y[:30], epochs=4, validation_data=(x[30:], y[30:]), validation_freq=2,
                        callbacks=[LambdaCallback(on_epoch_end=lambda epoch, logs: ran.append("val_loss" in logs))],
                        verbose=0)
    assert ran == [False, True, False, True]
    assert len(history.history["loss"]) == 4 and len(history.history["val_loss"]) == 2
    assert abs(history.history["val_loss"][-1] - model.evaluate(x[30:], y[30:], verbose=0)[0]) < 1e-6
    listed = model.fit(x[:30], y[:30], epochs=3, validation_data=(x[30:], y[30:]), validation_freq=[1, 3],
                       verbose=0)
    assert len(listed.history["val_accuracy"]) == 2


def test_validation_data_with_sample_weights():
    x, y = blobs(20)
    model = classifier()
    model.compile(optimizer=optimizers.SGD(0.0), loss="sparse_categorical_crossentropy")
    weights = np.r_[np.ones(5), np.zeros(5)].astype(np.float32)
    history = model.fit(x[:10], y[:10], validation_data=(x[10:], y[10:], weights), verbose=0)
    per_sample = losses.sparse_categorical_crossentropy(y[10:], model.predict(x[10:], verbose=0)).numpy()
    assert abs(history.history["val_loss"][0] - (per_sample * weights).sum() / 10) < 1e-5


def test_the_epoch_loss_is_the_sample_weighted_mean_over_batches():
    x, y = blobs(10)  # batches of 4, 4 and 2 samples
    model = classifier()
    model.compile(optimizer=optimizers.SGD(0.0), loss="sparse_categorical_crossentropy")
    batch_losses = []
    history = model.fit(x, y, batch_size=4, shuffle=False, verbose=0, callbacks=[
        LambdaCallback(on_train_batch_end=lambda batch, logs: batch_losses.append(logs["loss"]))])
    per_sample = losses.sparse_categorical_crossentropy(y, model.predict(x, verbose=0)).numpy()
    assert abs(history.history["loss"][0] - per_sample.mean()) < 1e-6
    assert abs(history.history["loss"][0] - np.mean([per_sample[:4].mean(), per_sample[4:8].mean(),
                                                     per_sample[8:].mean()])) > 1e-4
    assert batch_losses[-1] == history.history["loss"][0]  # the running value the progress bar shows


def test_the_epoch_loss_is_measured_in_training_mode():
    x, y = blobs(64)
    model = classifier(hidden=32, dropout=0.5)
    model.compile(optimizer=optimizers.SGD(0.0), loss="sparse_categorical_crossentropy")
    history = model.fit(x, y, batch_size=64, verbose=0)
    assert abs(history.history["loss"][0] - model.evaluate(x, y, verbose=0)) > 1e-3


def test_sample_weight_and_class_weight_weigh_the_loss():
    x, ids = blobs(12)
    y = (ids == 0).astype(np.float32)[:, None]
    axon.random.set_seed(0)
    model = Sequential([Input(shape=(4,)), Dense(1, activation="sigmoid")])
    model.compile(optimizer=optimizers.SGD(0.0), loss="binary_crossentropy")
    per_sample = losses.binary_crossentropy(y, model.predict(x, verbose=0)).numpy()
    weights = np.linspace(0.0, 2.0, 12).astype(np.float32)
    history = model.fit(x, y, batch_size=12, sample_weight=weights, verbose=0)
    np.testing.assert_allclose(history.history["loss"][0], (per_sample * weights).sum() / 12, rtol=1e-4)
    history = model.fit(x, y, batch_size=12, class_weight={0: 1.0, 1: 4.0}, verbose=0)
    class_weights = np.where(y[:, 0] == 1, 4.0, 1.0)
    np.testing.assert_allclose(history.history["loss"][0], (per_sample * class_weights).sum() / 12, rtol=1e-4)


def test_class_weight_changes_what_is_learned():
    # Labels that the inputs cannot predict: the best constant output is the
    # (class-)weighted share of positives, 1/3 unweighted and 20/22 with weight 20.
    rng = np.random.default_rng(0)
    x = rng.normal(size=(60, 4)).astype(np.float32)
    y = (np.arange(60) % 3 == 0).astype(np.float32)[:, None]
    results = []
    for class_weight in (None, {0: 1.0, 1: 20.0}):
        axon.random.set_seed(0)
        model = Sequential([Input(shape=(4,)), Dense(1, activation="sigmoid")])
        model.compile(optimizer=optimizers.SGD(0.05), loss="binary_crossentropy")
        model.fit(x, y, epochs=20, class_weight=class_weight, shuffle=False, verbose=0)
        results.append(model.predict(x, verbose=0).mean())
    assert results[0] < 0.5 < results[1]  # the up-weighted positives pull the predictions up


def test_initial_epoch_resumes_the_epoch_count():
    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    seen = []
    history = model.fit(*blobs(10), epochs=5, initial_epoch=2, verbose=0,
                        callbacks=[LambdaCallback(on_epoch_begin=lambda epoch, logs: seen.append(epoch))])
    assert seen == [2, 3, 4] and history.epoch == [2, 3, 4] and len(history.history["loss"]) == 3


def test_a_dataset_trains_like_the_same_arrays():
    x, y = blobs(30)
    results = []
    for use_dataset in (False, True):
        model = classifier()
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
        if use_dataset:
            train = Dataset.from_tensor_slices((x[:20], y[:20])).batch(8)
            val = Dataset.from_tensor_slices((x[20:], y[20:])).batch(8)
            history = model.fit(train, epochs=3, validation_data=val, verbose=0)
            results.append((history.history, model.evaluate(val, verbose=0),
                            model.predict(Dataset.from_tensor_slices(x).batch(7), verbose=0)))
        else:
            history = model.fit(x[:20], y[:20], batch_size=8, epochs=3, shuffle=False,
                                validation_data=(x[20:], y[20:]), verbose=0)
            results.append((history.history, model.evaluate(x[20:], y[20:], verbose=0), model.predict(x, verbose=0)))
    (h1, e1, p1), (h2, e2, p2) = results
    assert set(h1) == set(h2) == {"loss", "accuracy", "val_loss", "val_accuracy"}
    for key in h1:
        np.testing.assert_allclose(h1[key], h2[key], rtol=1e-5)
    np.testing.assert_allclose(e1, e2, rtol=1e-5)
    np.testing.assert_allclose(p1, p2, rtol=1e-5)


def test_a_dataset_with_y_or_validation_split_is_refused():
    x, y = blobs(10)
    model = classifier()
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    dataset = Dataset.from_tensor_slices((x, y)).batch(4)
    with pytest.raises(ValueError, match="y must be None"):
        model.evaluate(dataset, y, verbose=0)
    with pytest.raises(ValueError, match="validation_split is not supported"):
        model.fit(dataset, validation_split=0.2, verbose=0)


def test_history_holds_every_metric_and_its_val_form():
    x, y = binary(40)
    axon.random.set_seed(0)
    model = Sequential([Input(shape=(4,)), Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy", "mse", metrics_auc()])
    history = model.fit(x, y, epochs=3, validation_split=0.25, verbose=0)
    expected = {"loss", "accuracy", "mse", "auc"}
    assert set(history.history) == expected | {f"val_{k}" for k in expected}
    assert all(len(v) == 3 for v in history.history.values())
    assert history is model.history and history.epoch == [0, 1, 2]


def metrics_auc():
    from axon.metrics import AUC
    return AUC()


def test_regularization_penalties_are_in_the_training_and_evaluation_loss():
    x, y = blobs(16)
    plain = classifier()
    regularized = classifier(kernel_regularizer=regularizers.L2(0.1))
    for model in (plain, regularized):
        model.compile(optimizer=optimizers.SGD(0.0), loss="sparse_categorical_crossentropy")
    kernel = regularized.layers[0].get_weights()[0]
    penalty = 0.1 * float((kernel.astype(np.float64) ** 2).sum())
    data_loss = plain.evaluate(x, y, verbose=0)
    assert abs(regularized.evaluate(x, y, verbose=0) - (data_loss + penalty)) < 1e-5
    history = regularized.fit(x, y, batch_size=16, verbose=0)
    assert abs(history.history["loss"][0] - (data_loss + penalty)) < 1e-5


def test_regularization_shrinks_the_weights():
    x, y = blobs(40)
    norms = []
    for reg in (None, regularizers.L2(0.05)):
        model = classifier(kernel_regularizer=reg)
        model.compile(optimizer=optimizers.Adam(0.02), loss="sparse_categorical_crossentropy")
        model.fit(x, y, epochs=20, verbose=0)
        norms.append(float(np.linalg.norm(model.layers[0].get_weights()[0])))
    assert norms[1] < 0.8 * norms[0]


def test_fit_learns_a_separable_problem():
    x, y = blobs(90)
    model = classifier(hidden=16)
    model.compile(optimizer=optimizers.Adam(0.05), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=20, batch_size=16, verbose=0)
    assert history.history["accuracy"][-1] > 0.95
    assert history.history["loss"][-1] < 0.3 * history.history["loss"][0]


def test_positional_arguments_follow_keras_order():
    # fit(x, y, batch_size, epochs): the s01 course program passes them positionally.
    model = classifier()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    batches = []
    history = model.fit(*blobs(20), 5, 2, 0, [LambdaCallback(on_train_batch_end=lambda b, logs: batches.append(b))])
    assert len(history.history["loss"]) == 2 and len(batches) == 8


def test_steps_per_epoch_carries_a_dataset_on_across_epochs():
    model, recorder = recording_model()
    x = np.arange(10, dtype=np.float32).repeat(2).reshape(10, 2)
    dataset = Dataset.from_tensor_slices((x, np.zeros(10))).batch(2)  # five batches
    history = model.fit(dataset, epochs=3, steps_per_epoch=2, verbose=0)
    firsts = [int(batch[0]) for batch in recorder.seen]
    assert firsts == [0, 2, 4, 6, 8, 0] and len(history.history["loss"]) == 3
    recorder.seen.clear()
    model.fit(dataset.repeat(), epochs=2, steps_per_epoch=3, verbose=0)
    assert [int(batch[0]) for batch in recorder.seen] == [0, 2, 4, 6, 8, 0]


def test_class_weight_weighs_a_dataset_like_arrays():
    x, ids = blobs(12)
    y = (ids == 0).astype(np.float32)[:, None]
    results = []
    for as_dataset in (False, True):
        axon.random.set_seed(0)
        model = Sequential([Input(shape=(4,)), Dense(1, activation="sigmoid")])
        model.compile(optimizer=optimizers.SGD(0.1), loss="binary_crossentropy")
        data = (Dataset.from_tensor_slices((x, y)).batch(4),) if as_dataset else (x, y)
        kwargs = {} if as_dataset else {"batch_size": 4, "shuffle": False}
        results.append(model.fit(*data, epochs=2, class_weight={0: 1.0, 1: 5.0}, verbose=0, **kwargs).history["loss"])
    np.testing.assert_allclose(results[0], results[1], rtol=1e-6)
    with pytest.raises(ValueError, match="y and sample_weight must be None"):
        model.fit(Dataset.from_tensor_slices((x, y)).batch(4), sample_weight=np.ones(12), verbose=0)
