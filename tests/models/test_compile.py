"""compile: objects and strings, unknown names, what 'accuracy' means, and the two classic silent mistakes."""

import warnings

import numpy as np
import pytest

import axon
from axon import losses, metrics, optimizers
from axon.layers.dense import Dense
from axon.layers.input_layer import Input
from axon.models import Sequential
from tests.models.helpers import blobs, classifier


def head(activation, units=3):
    axon.random.set_seed(0)
    return Sequential([Input(shape=(4,)), Dense(units, activation=activation)])


def test_strings_and_objects_give_the_same_training():
    x, y = blobs(30)
    by_name, by_object = classifier(), classifier()
    by_name.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["sparse_categorical_accuracy"])
    by_object.compile(optimizer=optimizers.Adam(), loss=losses.SparseCategoricalCrossentropy(),
                      metrics=[metrics.SparseCategoricalAccuracy()])
    axon.random.set_seed(1)
    first = by_name.fit(x, y, epochs=3, verbose=0).history
    axon.random.set_seed(1)
    second = by_object.fit(x, y, epochs=3, verbose=0).history
    np.testing.assert_allclose(first["loss"], second["loss"], rtol=1e-6)
    np.testing.assert_allclose(first["sparse_categorical_accuracy"], second["sparse_categorical_accuracy"])


def test_a_loss_class_and_a_loss_function_are_accepted():
    x, y = blobs(12)
    model = classifier()
    model.compile(loss=losses.SparseCategoricalCrossentropy)  # a class is instantiated
    assert isinstance(model.optimizer, optimizers.RMSprop)  # Keras's default optimizer
    first = model.evaluate(x, y, verbose=0)
    model.compile(loss=losses.sparse_categorical_crossentropy)
    assert abs(model.evaluate(x, y, verbose=0) - first) < 1e-6


@pytest.mark.parametrize("argument, value, valid", [
    ("optimizer", "rmaprop", "rmsprop"),
    ("loss", "categorical_crosentropy", "categorical_crossentropy"),
    ("metrics", ["acuracy"], "accuracy"),
])
def test_an_unknown_name_lists_the_valid_ones(argument, value, valid):
    model = classifier()
    kwargs = {"optimizer": "sgd", "loss": "mse"}
    kwargs[argument] = value
    with pytest.raises(ValueError, match=f"(?s){value[0] if isinstance(value, list) else value}.*{valid}"):
        model.compile(**kwargs)
        model.fit(*blobs(4), verbose=0)  # metrics are resolved on the first batch


def test_compile_rejects_unknown_keywords():
    with pytest.raises(TypeError, match="optimiser"):
        classifier().compile(optimiser="adam", loss="mse")


@pytest.mark.parametrize("loss, labels, activation, units, expected", [
    ("binary_crossentropy", "binary", "sigmoid", 1, metrics.BinaryAccuracy),
    ("binary_crossentropy", "multilabel", "sigmoid", 3, metrics.BinaryAccuracy),
    ("categorical_crossentropy", "onehot", "softmax", 3, metrics.CategoricalAccuracy),
    ("sparse_categorical_crossentropy", "ids", "softmax", 3, metrics.SparseCategoricalAccuracy),
    ("mse", "onehot", "softmax", 3, metrics.CategoricalAccuracy),
    ("mse", "binary", "sigmoid", 1, metrics.BinaryAccuracy),
])
def test_accuracy_resolves_from_the_loss_and_the_label_shapes(loss, labels, activation, units, expected):
    x, ids = blobs(20)
    y = {"binary": (ids == 1).astype(np.float32)[:, None], "multilabel": np.eye(3)[ids],
         "onehot": np.eye(3)[ids], "ids": ids}[labels]
    model = head(activation, units)
    model.compile(optimizer="sgd", loss=loss, metrics=["accuracy"])
    history = model.fit(x, y, epochs=1, verbose=0)
    assert set(history.history) == {"loss", "accuracy"}
    metric = model.compiled_metrics.metrics[0]
    assert type(metric) is expected and metric.name == "accuracy"
    predictions = model.predict(x, verbose=0)
    if expected is metrics.BinaryAccuracy:
        by_hand = np.mean((predictions > 0.5) == (y > 0.5))
    else:
        by_hand = np.mean(predictions.argmax(-1) == ids)
    assert abs(model.evaluate(x, y, verbose=0)[1] - by_hand) < 1e-6


def test_acc_keeps_its_name_in_the_logs():
    model = classifier()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["acc"])
    history = model.fit(*blobs(10), validation_split=0.2, epochs=1, verbose=0)
    assert set(history.history) == {"loss", "acc", "val_loss", "val_acc"}


def test_softmax_output_with_from_logits_true_warns_with_the_fix():
    model = head("softmax")
    model.compile(optimizer="sgd", loss=losses.SparseCategoricalCrossentropy(from_logits=True))
    with pytest.warns(UserWarning, match="(?s)from_logits=True.*softmax.*from_logits=False"):
        model.fit(*blobs(10), verbose=0)


def test_sigmoid_output_with_from_logits_true_warns_with_the_fix():
    model = head("sigmoid", 1)
    model.compile(optimizer="sgd", loss=losses.BinaryCrossentropy(from_logits=True))
    x, ids = blobs(10)
    with pytest.warns(UserWarning, match="(?s)from_logits=True.*sigmoid"):
        model.fit(x, (ids == 1).astype(np.float32), verbose=0)


@pytest.mark.parametrize("loss, fix", [
    ("sparse_categorical_crossentropy", r"SparseCategoricalCrossentropy\(from_logits=True\)"),
    (losses.CategoricalCrossentropy(), r"CategoricalCrossentropy\(from_logits=True\)"),
])
def test_logits_without_from_logits_warn_with_the_fix(loss, fix):
    model = head(None)
    model.compile(optimizer="sgd", loss=loss)
    x, ids = blobs(10)
    y = ids if isinstance(loss, str) else np.eye(3)[ids]
    with pytest.warns(UserWarning, match=f"(?s)looks like logits.*softmax/sigmoid activation.*{fix}"):
        model.fit(x * 10, y, verbose=0)


def test_logits_with_from_logits_true_raise_no_warning():
    model = head(None)
    model.compile(optimizer="sgd", loss=losses.SparseCategoricalCrossentropy(from_logits=True))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.fit(*blobs(10), verbose=0)


def test_integer_labels_to_categorical_crossentropy_are_an_error_with_the_fix():
    model = head("softmax")
    model.compile(optimizer="sgd", loss="categorical_crossentropy")
    with pytest.raises(ValueError, match="(?s)one-hot labels.*integer labels.*sparse_categorical_crossentropy"
                                         ".*to_categorical"):
        model.fit(*blobs(10), verbose=0)


def test_one_hot_labels_to_sparse_crossentropy_are_an_error_with_the_fix():
    model = head("softmax")
    model.compile(optimizer="sgd", loss=losses.SparseCategoricalCrossentropy())
    x, ids = blobs(10)
    with pytest.raises(ValueError, match=r"(?s)integer class labels.*one-hot.*categorical_crossentropy.*argmax"):
        model.fit(x, np.eye(3)[ids], verbose=0)


def test_training_before_compile_says_to_compile():
    model = classifier()
    for call in (lambda: model.fit(*blobs(4), verbose=0), lambda: model.evaluate(*blobs(4), verbose=0),
                 lambda: model.train_on_batch(*blobs(4))):
        with pytest.raises(RuntimeError, match=r"compile\(\) before"):
            call()


def test_the_legacy_lr_keyword_sets_the_learning_rate():
    model = classifier()
    model.compile(optimizer=optimizers.SGD(lr=0.1), loss="mse")
    assert abs(float(model.optimizer.learning_rate) - 0.1) < 1e-7
